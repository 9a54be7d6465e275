"""The screening API per role and state, its refusals of bad input, and the review flow:
screen, judge "not the same", screen again (settled, not queued), revise."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.screening import service
from tests.factories import World
from tests.screening.factories import Designated, charter_operator

API = "/api/v1"
DIRECTOR = {
    "kind": "person",
    "family_name": "ZHANG",
    "given_name": "Wei",
    "birth_date": "1975-03-14",
}


@pytest.fixture
def made(db: Session, world: World) -> Designated:
    designated = charter_operator(db, world)
    db.commit()
    return designated


def screen(
    client: TestClient, world: World, body: dict[str, Any] = DIRECTOR, state: str = "USA"
) -> dict:
    response = client.post(
        f"{API}/screenings", json=body, headers=world.headers(state, Role.case_officer)
    )
    assert response.status_code == 201, response.text
    return response.json()


def director_hit(result: dict, made: Designated) -> dict:
    return next(h for h in result["hits"] if h["entity"]["id"] == made.director_id)


# (method, path, body, roles allowed): {screening} and {hit} are USA's.
ROUTES = [
    ("POST", "/screenings", DIRECTOR, service.SCREENERS),
    ("GET", "/screenings", None, service.READERS),
    ("GET", "/screenings/{screening}", None, service.READERS),
    ("GET", "/screening/review", None, service.REVIEWERS),
    ("GET", "/screening/hits/{hit}", None, service.READERS),
    ("POST", "/screening/hits/{hit}/judgement", {"verdict": "not_same"}, service.REVIEWERS),
    ("POST", "/screening/hits/{hit}/revise", {"verdict": "same"}, service.REVIEWERS),
]  # fmt: skip


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p}" for m, p, _b, _r in ROUTES])
def test_each_route_per_role_and_state(
    client: TestClient, world: World, made: Designated, route: tuple
) -> None:
    method, path, body, allowed = route
    result = screen(client, world)
    hit = director_hit(result, made)
    if path.endswith("/revise"):
        judged = client.post(
            f"{API}/screening/hits/{hit['id']}/judgement",
            json={"verdict": "not_same"},
            headers=world.headers("USA", Role.analyst),
        )
        assert judged.status_code == 200, judged.text
    url = API + path.format(screening=result["id"], hit=hit["id"])
    for role in (r for r in Role if r not in allowed):
        response = client.request(method, url, json=body, headers=world.headers("USA", role))
        assert response.status_code == 403, (role, response.text)
    mine = [r for r in Role if r in allowed]
    first = client.request(method, url, json=body, headers=world.headers("USA", mine[0]))
    assert first.is_success, first.text
    if "{" in path:  # another state's screening or hit: 404, whatever the role
        for role in allowed:
            response = client.request(method, url, json=body, headers=world.headers("MEX", role))
            assert response.status_code == 404, (role, response.text)


def test_unknown_ids_are_not_found(client: TestClient, world: World) -> None:
    headers = world.headers("USA", Role.analyst)
    assert client.get(f"{API}/screenings/999999", headers=headers).status_code == 404
    assert client.get(f"{API}/screening/hits/999999", headers=headers).status_code == 404
    judged = client.post(
        f"{API}/screening/hits/999999/judgement", json={"verdict": "same"}, headers=headers
    )
    assert judged.status_code == 404


BAD = [
    ({"kind": "person", "name": ""}, ["name"]),
    ({"kind": "vessel", "name": "Sea Breeze"}, ["body", "kind"]),
    ({"name": "Zhang Wei"}, ["body", "kind"]),
    ({"kind": "person", "name": "Zhang Wei", "birth_date": "1975-02-30"}, ["birth_date"]),
    ({"kind": "person", "name": "Zhang Wei", "birth_date": "19750314000"}, ["body", "birth_date"]),
    ({"kind": "person", "name": "Zhang Wei", "aliases": ["x"] * 21}, ["body", "aliases"]),
    ({"kind": "person", "name": "Zhang Wei", "aliases": ["x" * 301]}, ["aliases", 0]),
    ({"kind": "person", "name": "x" * 301}, ["body", "name"]),
    ({"kind": "person", "name": "Zhang Wei", "colour": "blue"}, ["body", "colour"]),
    ({"kind": "company", "name": "Air Istmo", "nationality": "MEX"}, ["nationality"]),
    ({"kind": "company", "name": "Air Istmo", "jurisdiction": "ZZZ"}, ["jurisdiction"]),
]  # fmt: skip


@pytest.mark.parametrize(("body", "loc"), BAD)
def test_bad_input_is_422_naming_the_field(
    client: TestClient, world: World, body: dict, loc: list
) -> None:
    response = client.post(
        f"{API}/screenings", json=body, headers=world.headers("USA", Role.case_officer)
    )
    assert response.status_code == 422, response.text
    assert loc in [problem["loc"] for problem in response.json()["detail"]]


def test_bad_judgements_are_422(client: TestClient, world: World, made: Designated) -> None:
    hit = director_hit(screen(client, world), made)["id"]
    path, headers = f"{API}/screening/hits/{hit}/judgement", world.headers("USA", Role.analyst)
    for body in ({"verdict": "maybe"}, {}, {"verdict": "same", "note": "x" * 2001}):
        assert client.post(path, json=body, headers=headers).status_code == 422, body


def test_the_review_flow(client: TestClient, world: World, made: Designated) -> None:
    analyst, supervisor = world.headers("USA", Role.analyst), world.headers("USA", Role.supervisor)
    result = screen(client, world)
    hit = director_hit(result, made)
    assert hit["status"] == "open" and hit["through_link"]
    assert [step["ftm_schema"] for step in hit["path"]] == ["Person", "Company"]
    assert hit["path"][0]["link"] == "Directorship"
    assert {"name", "score", "explanation"} <= set(hit["features"][0])
    queue = client.get(f"{API}/screening/review", headers=analyst).json()
    assert [item["hit"]["id"] for item in queue["items"]] == [hit["id"]]
    assert queue["items"][0]["query"]["family_name"] == "ZHANG"

    judged = client.post(
        f"{API}/screening/hits/{hit['id']}/judgement",
        json={"verdict": "not_same", "note": "Another Zhang Wei: a student"},
        headers=analyst,
    )
    assert judged.status_code == 200, judged.text
    assert judged.json()["hit"]["status"] == "not_same"
    again = client.post(
        f"{API}/screening/hits/{hit['id']}/judgement", json={"verdict": "same"}, headers=supervisor
    )
    assert again.status_code == 409 and again.json()["allowed"] == ["revise"]

    later = director_hit(screen(client, world, {**DIRECTOR, "reference": "VISA-2"}), made)
    assert later["status"] == "remembered_not_same"
    assert client.get(f"{API}/screening/review", headers=analyst).json()["total"] == 0

    revised = client.post(
        f"{API}/screening/hits/{later['id']}/revise",
        json={"verdict": "same", "note": "Same passport after all"},
        headers=supervisor,
    )
    assert revised.status_code == 200, revised.text
    history = revised.json()["history"]
    assert [(j["verdict"], j["current"]) for j in history] == [("not_same", False), ("same", True)]
    assert history[0]["retired_by"] == "supervisor@us-ero.test"
    shown = client.get(
        f"{API}/screenings/{result['id']}", headers=world.headers("USA", Role.auditor)
    )
    assert director_hit(shown.json(), made)["status"] == "same"
