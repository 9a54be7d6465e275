"""The designations API per role and state: analysts and supervisors propose and edit,
another supervisor than the proposer decides, supervisors review and delist, auditors read;
every other role 403; another state's designation 404, as an unknown one."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.designations.models import DesignationStatus
from tests.designations.cases import COMPANY, PERSON, at_status, body, png, propose
from tests.factories import World

API = "/api/v1/designations"
READERS = {Role.analyst, Role.supervisor, Role.auditor}
PROPOSERS = {Role.analyst, Role.supervisor}
SUPERVISORS = {Role.supervisor}
S = DesignationStatus

# (method, path, body, roles allowed, the status the target needs, files)
ROUTES: list[tuple[str, str, Any, set[Role], S, Any]] = [
    ("GET", "{id}", None, READERS, S.proposed, None),
    ("PATCH", "{id}", {"reason": "More charters"}, PROPOSERS, S.proposed, None),
    ("POST", "{id}/approve", {"note": "Evidence holds"}, SUPERVISORS, S.proposed, None),
    ("POST", "{id}/reject", {"note": "Too thin"}, SUPERVISORS, S.proposed, None),
    ("POST", "{id}/review", {"note": "Still flying"}, SUPERVISORS, S.designated, None),
    ("POST", "{id}/delist", {"reason": "Company sold"}, SUPERVISORS, S.designated, None),
    (
        "POST",
        "{id}/evidence",
        None,
        PROPOSERS,
        S.proposed,
        {"file": ("manifest.png", png(), "image/png")},
    ),
]


def call(client: TestClient, world: World, route: tuple, state: str, role: Role, target: int):
    method, path, payload, _roles, _status, files = route
    return client.request(
        method,
        f"{API}/{path.format(id=target)}",
        json=payload,
        files=files,
        headers=world.headers(state, role),
    )


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_each_route_per_role_and_state(
    client: TestClient, db: Session, world: World, route: tuple
) -> None:
    allowed, status = route[3], route[4]
    target = at_status(db, world, status).id  # proposed by USA's analyst
    db.commit()
    for role in Role:
        if role in allowed:
            continue
        assert call(client, world, route, "USA", role, target).status_code == 403, role
    for role in allowed:  # another state's designation is not found, whatever the role
        assert call(client, world, route, "MEX", role, target).status_code == 404, role
    for role in allowed:
        fresh = at_status(db, world, status).id
        db.commit()
        response = call(client, world, route, "USA", role, fresh)
        assert response.is_success, (role, response.text)


def test_unknown_designation_is_not_found(client: TestClient, world: World) -> None:
    headers = world.headers("USA", Role.supervisor)
    assert client.get(f"{API}/999999", headers=headers).status_code == 404
    assert client.get(f"{API}/999999/evidence/1", headers=headers).status_code == 404
    assert client.post(f"{API}/999999/approve", json={}, headers=headers).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_lists_and_proposals_per_role(client: TestClient, world: World, role: Role) -> None:
    headers = world.headers("GTM", role)
    listing = client.get(API, headers=headers)
    due = client.get(f"{API}/due-for-review", headers=headers)
    found = client.get(f"{API}/entities", params={"q": "Istmo"}, headers=headers)
    exported = client.get(f"{API}/export", headers=headers)
    made = client.post(API, json=body(), headers=headers)
    for response in (listing, due, found):
        assert response.status_code == (200 if role in READERS else 403), response.text
    assert exported.status_code == (200 if role in PROPOSERS else 403)
    assert made.status_code == (201 if role in PROPOSERS else 403), made.text


def test_a_state_sees_only_its_own(client: TestClient, db: Session, world: World) -> None:
    mine = propose(db, world, state="GTM")
    db.commit()
    usa = client.get(API, headers=world.headers("USA", Role.analyst)).json()
    gtm = client.get(API, headers=world.headers("GTM", Role.auditor)).json()
    assert mine.id not in {item["id"] for item in usa["items"]}
    assert mine.id in {item["id"] for item in gtm["items"]}
    search = client.get(
        f"{API}/entities", params={"q": "Istmo"}, headers=world.headers("MEX", Role.analyst)
    )
    assert search.json() == []


def test_propose_a_director_of_a_company_and_see_the_link_both_ways(
    client: TestClient, world: World
) -> None:
    analyst, supervisor = world.headers("USA", Role.analyst), world.headers("USA", Role.supervisor)
    company = client.post(API, json=body(), headers=analyst).json()
    company_id = company["entity"]["id"]
    link = {
        "schema": "Directorship",
        "this_is": "director",
        "other_id": company_id,
        "properties": {"role": ["Chief executive"]},
    }
    made = client.post(API, json=body(PERSON, links=[link]), headers=analyst)
    assert made.status_code == 201, made.text
    shown = made.json()
    assert shown["status"] == "proposed" and shown["state"] == "USA"
    assert shown["entity"]["properties"]["name"] == ["王小明", "Wang Xiaoming"]
    assert shown["entity"]["properties"]["nationality"] == ["cn"]
    (directorship,) = shown["links"]
    assert directorship["schema"] == "Directorship"
    assert directorship["subject"]["id"] == shown["entity"]["id"]
    assert directorship["object"] == {
        **directorship["object"],
        "id": company_id,
        "status": "proposed",
    }
    assert directorship["properties"]["role"] == ["Chief executive"]
    other_side = client.get(f"{API}/{company['id']}", headers=supervisor).json()
    subjects = [link["subject"]["caption"] for link in other_side["links"]]
    assert subjects == [shown["entity"]["caption"]]
    assert other_side["steps"] == ["edit", "add_evidence", "approve", "reject"]
    # Searching by a name in another script finds the person.
    found = client.get(API, params={"q": "王小明"}, headers=analyst).json()
    assert [item["id"] for item in found["items"]] == [shown["id"]]
    people = client.get(API, params={"schema": "Person", "status": "proposed"}, headers=analyst)
    assert shown["id"] in {item["id"] for item in people.json()["items"]}


@pytest.mark.parametrize(
    ("change", "loc", "words"),
    [
        (
            {
                "entity": {
                    "schema": "Person",
                    "properties": {"name": ["A"], "birthDate": ["1975-13-01"]},
                }
            },
            ["body", "entity", "properties", "birthDate", 0],
            "not a date",
        ),
        (
            {"entity": {"schema": "Person", "properties": {"name": ["A"], "shoeSize": ["42"]}}},
            ["body", "entity", "properties", "shoeSize"],
            "not a property",
        ),
        (
            {"entity": {"schema": "Ownership", "properties": {}}},
            ["body", "entity", "schema"],
            "links",
        ),
        (
            {"links": [{"schema": "Employment", "this_is": "owner", "other_id": 1}]},
            ["body", "links", 0, "this_is"],
            "joins",
        ),
        (
            {"links": [{"schema": "Ownership", "this_is": "owner", "other_id": 2**31 - 2}]},
            ["body", "links", 0, "other_id"],
            "no person or organisation",
        ),
        ({"legal_basis": ""}, ["body", "legal_basis"], ""),
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01"}, ["body"], "before"),
    ],
)
def test_bad_proposals_are_422_naming_the_field(
    client: TestClient, world: World, change: dict, loc: list, words: str
) -> None:
    response = client.post(API, json=body() | change, headers=world.headers("USA", Role.analyst))
    assert response.status_code == 422, response.text
    details = response.json()["detail"]
    assert any(d["loc"][: len(loc)] == loc and words in d["msg"] for d in details), details


def test_a_company_cannot_be_the_employee(client: TestClient, world: World) -> None:
    analyst = world.headers("USA", Role.analyst)
    person = client.post(API, json=body(PERSON), headers=analyst).json()
    link = {"schema": "Employment", "this_is": "employee", "other_id": person["entity"]["id"]}
    response = client.post(API, json=body(COMPANY, links=[link]), headers=analyst)
    assert response.status_code == 422 and "must be a Person" in response.text


def test_four_eyes_through_the_api(client: TestClient, world: World) -> None:
    supervisor = world.headers("USA", Role.supervisor)
    made = client.post(API, json=body(), headers=supervisor).json()
    refused = client.post(f"{API}/{made['id']}/approve", json={}, headers=supervisor)
    assert refused.status_code == 403 and "Four eyes" in refused.text
    assert "approve" not in client.get(f"{API}/{made['id']}", headers=supervisor).json()["steps"]


def test_the_steps_through_the_api(client: TestClient, world: World) -> None:
    analyst, supervisor = world.headers("USA", Role.analyst), world.headers("USA", Role.supervisor)
    made = client.post(API, json=body(), headers=analyst).json()
    path = f"{API}/{made['id']}"
    new_names = {"name": ["Aerovías del Istmo"], "alias": ["AIS Charter"], "sector": ["airline"]}
    edited = client.patch(
        path, json={"properties": new_names, "ends_on": "2030-01-01"}, headers=analyst
    )
    assert edited.status_code == 200 and edited.json()["entity"]["caption"] == "Aerovías del Istmo"
    approved = client.post(f"{path}/approve", json={"note": "Agreed"}, headers=supervisor).json()
    assert approved["status"] == "designated" and approved["review_due"] is not None
    assert client.patch(path, json={"reason": "x"}, headers=analyst).status_code == 409
    conflict = client.post(f"{path}/approve", json={}, headers=supervisor)
    assert conflict.status_code == 409 and conflict.json()["allowed"] == [
        "add_evidence",
        "review",
        "delist",
    ]
    reviewed = client.post(
        f"{path}/review", json={"note": "ok", "next_review": "2099-01-01"}, headers=supervisor
    )
    assert reviewed.json()["review_due"] == "2099-01-01"
    due = client.get(f"{API}/due-for-review", params={"on": "2099-01-01"}, headers=analyst).json()
    assert made["id"] in {item["id"] for item in due["items"]}
    delisted = client.post(f"{path}/delist", json={"reason": "Sold"}, headers=supervisor).json()
    assert delisted["status"] == "delisted" and delisted["review_due"] is None
    actions = [h["action"] for h in delisted["history"]]
    assert actions == [
        "designation.propose",
        "designation.edit",
        "designation.approve",
        "designation.review",
        "designation.delist",
    ]


def test_an_entity_held_is_proposed_again_only_once_the_last_is_over(
    client: TestClient, world: World
) -> None:
    analyst, supervisor = world.headers("USA", Role.analyst), world.headers("USA", Role.supervisor)
    first = client.post(API, json=body(), headers=analyst).json()
    again = {"entity_id": first["entity"]["id"], "legal_basis": "INA 212(a)(3)(C)"}
    assert client.post(API, json=again, headers=analyst).status_code == 409
    client.post(f"{API}/{first['id']}/reject", json={}, headers=supervisor)
    second = client.post(API, json=again, headers=analyst)
    assert second.status_code == 201 and second.json()["entity"]["id"] == first["entity"]["id"]
    other_state = client.post(API, json=again, headers=world.headers("MEX", Role.analyst))
    assert other_state.status_code == 422 and "no person or organisation" in other_state.text
