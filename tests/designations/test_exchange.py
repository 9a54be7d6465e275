"""Import and export as FollowTheMoney JSON lines: a state's export imported by another state
gives the same entities, its designations as proposals only; a bad line refuses the file
and nothing is imported."""

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.designations import exchange
from readmit.designations.models import Designation, Entity
from readmit.screening.models import ScreeningKey
from tests.designations.cases import PERSON, body
from tests.factories import World

API = "/api/v1/designations"


def e(ftm_id: str, schema: str, **properties: Any) -> dict[str, Any]:
    """An entity as FtM writes it (one value per property given as a string)."""
    values = {k: v if isinstance(v, list) else [v] for k, v in properties.items()}
    return {"id": ftm_id, "schema": schema, "properties": values}


def jsonl(*entities: Any) -> bytes:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities).encode()


def send(client: TestClient, world: World, data: bytes, state: str = "MEX", **form: str):
    return client.post(
        f"{API}/import",
        files={"file": ("list.jsonl", data, "application/x-ndjson")},
        data=form,
        headers=world.headers(state, Role.supervisor),
    )


def lines_of(response: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in response.text.splitlines()]


def held(db: Session, state: str) -> int:
    found = db.scalar(select(func.count()).select_from(Entity).where(Entity.state_code == state))
    return int(found or 0)


def usa_register(client: TestClient, world: World) -> dict[str, Any]:
    """A charter operator (designated), its director (proposed) and a rejected proposal."""
    analyst, supervisor = world.headers("USA", Role.analyst), world.headers("USA", Role.supervisor)
    company = client.post(API, json=body(), headers=analyst).json()
    link = {"schema": "Directorship", "this_is": "director", "other_id": company["entity"]["id"]}
    person = client.post(API, json=body(PERSON, links=[link]), headers=analyst).json()
    other = {"schema": "Company", "properties": {"name": ["Buses Frontera S.A."]}}
    rejected = client.post(API, json=body(other), headers=analyst).json()
    client.post(f"{API}/{company['id']}/approve", json={}, headers=supervisor)
    client.post(f"{API}/{rejected['id']}/reject", json={}, headers=supervisor)
    return {"company": company, "person": person, "rejected": rejected}


def test_export_then_import_into_another_state_gives_the_same_entities(
    client: TestClient, db: Session, world: World
) -> None:
    usa_register(client, world)
    exported = client.get(f"{API}/export", headers=world.headers("USA", Role.analyst))
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/x-ndjson")
    lines = lines_of(exported)
    entities = [line for line in lines if line["schema"] != "Sanction"]
    sanctions = [line for line in lines if line["schema"] == "Sanction"]
    assert sorted(e["schema"] for e in entities) == ["Company", "Company", "Directorship", "Person"]
    (sanction,) = sanctions  # only the designation in force: proposals and rejections stay home
    assert sanction["properties"]["program"] == ["INA 212(a)(3)(C)"]
    assert sanction["properties"]["authority"] == ["USA"]

    before = held(db, "MEX")
    imported = send(client, world, exported.content)
    assert imported.status_code == 200, imported.text
    assert imported.json() == {
        "lines": 5, "created": 4, "changed": 0, "unchanged": 0, "skipped": {}, "proposals": 1
    }  # fmt: skip
    assert held(db, "MEX") == before + 4
    again = client.get(f"{API}/export", headers=world.headers("MEX", Role.analyst))
    mex = [line for line in lines_of(again) if line["schema"] != "Sanction"]
    assert sorted(mex, key=lambda e: e["id"]) == sorted(entities, key=lambda e: e["id"])
    # The import proposed; it approved nothing, and MEX's proposer may not approve it.
    listing = client.get(API, headers=world.headers("MEX", Role.analyst)).json()
    (proposal,) = [
        i for i in listing["items"] if i["entity"]["ftm_id"] == sanction["properties"]["entity"][0]
    ]
    assert proposal["status"] == "proposed" and proposal["legal_basis"] == "INA 212(a)(3)(C)"
    shown = client.get(f"{API}/{proposal['id']}", headers=world.headers("MEX", Role.supervisor))
    assert "approve" not in shown.json()["steps"]  # four eyes: the importer proposed it
    assert [link["schema"] for link in shown.json()["links"]] == ["Directorship"]
    # Imported entities are keyed for screening at once.
    ids = [e.id for e in db.scalars(select(Entity).where(Entity.state_code == "MEX"))]
    assert db.scalar(
        select(func.count()).select_from(ScreeningKey).where(ScreeningKey.entity_id.in_(ids))
    )

    # The same file again changes nothing and proposes nothing twice.
    assert send(client, world, exported.content).json() | {"skipped": {}} == {
        "lines": 5, "created": 0, "changed": 0, "unchanged": 4, "skipped": {}, "proposals": 0
    }  # fmt: skip


def test_what_an_import_proposes(client: TestClient, db: Session, world: World) -> None:
    data = jsonl(
        e("t-1", "Company", name="Marked Air", topics="sanction", program="OFAC SDN"),
        e("t-2", "Company", name="Delisted Air"),
        e("s-2", "Sanction", entity="t-2", status="Delisted"),
        e("t-3", "Person", name="Linked Only", topics="sanction.linked"),
        e("a-1", "Address", full="1 Main St"),
        e("v-1", "Vessel", name="Sea"),
    )
    response = send(client, world, data, state="GTM")
    assert response.status_code == 200, response.text
    assert response.json()["skipped"] == {"Address": 1, "Vessel": 1}
    assert response.json()["proposals"] == 1
    (proposal,) = db.execute(
        select(Designation.legal_basis, Entity.ftm_id)
        .join(Entity, Entity.id == Designation.entity_id)
        .where(Designation.state_code == "GTM", Entity.ftm_id.like("t-%"))
    ).all()
    assert tuple(proposal) == ("OFAC SDN", "t-1")
    assert send(client, world, data, state="GTM", propose="false").json()["proposals"] == 0


GOOD = e("c-1", "Company", name="Good Air")
BAD_LINES = [
    (b"{not json\n", 2, "not JSON"),
    (jsonl([1, 2]), 2, "not a JSON object"),
    (jsonl(e("x", "Nonsense")), 2, "not a FollowTheMoney schema"),
    (jsonl(e("x", "Person", name="A", birthDate="1975-13-01")), 2, "birthDate"),
    (jsonl(GOOD), 2, "earlier line"),
    (jsonl(e("o-1", "Ownership", owner="c-1", asset="nowhere")), 2, "neither the file"),
    (jsonl(e("o-1", "Employment", employer="c-1", employee="c-1")), 2, "not a Person"),
    (jsonl(e("s-1", "Sanction", entity="nowhere")), 2, "nowhere"),
    (b"\xff\xfe\n", 2, "UTF-8"),
]


@pytest.mark.parametrize(("bad", "number", "words"), BAD_LINES, ids=[w for *_x, w in BAD_LINES])
def test_a_bad_line_refuses_the_file_with_its_number(
    client: TestClient, db: Session, world: World, bad: bytes, number: int, words: str
) -> None:
    before = held(db, "GTM")
    response = send(client, world, jsonl(GOOD) + bad, state="GTM")
    assert response.status_code == 422, response.text
    (detail,) = response.json()["detail"]
    assert detail["loc"] == ["file", number] and words in detail["msg"], detail
    db.rollback()
    assert held(db, "GTM") == before


@pytest.mark.parametrize("role", list(Role))
def test_only_supervisors_import_through_the_api(
    client: TestClient, world: World, role: Role
) -> None:
    response = client.post(
        f"{API}/import",
        files={"file": ("list.jsonl", jsonl(GOOD), "application/x-ndjson")},
        headers=world.headers("USA", role),
    )
    assert response.status_code == (200 if role is Role.supervisor else 403), response.text


def test_analysts_import_through_the_service(db: Session, world: World) -> None:
    analyst = world.user(db, "CHN", Role.analyst)
    lines = exchange.lines_of(jsonl(GOOD))
    counts = exchange.import_lines(session=db, user=analyst, lines=lines, source="x")
    assert counts.created == 1
    with pytest.raises(Exception, match="Only analysts and supervisors"):
        exchange.import_lines(
            session=db, user=world.user(db, "CHN", Role.auditor), lines=[], source="x"
        )
