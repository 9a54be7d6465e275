"""The pathway cases API per role and state: safe mobility officers and supervisors take
people in and take the steps (refusal: supervisors), auditors read; every other role 403;
another state's case 404 on every route; bad answers 422 naming the fact; huge or malformed
input refused cleanly."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.pathways.models import CaseDocument, CaseStatus
from tests.designations.cases import png
from tests.factories import World
from tests.pathways.core_cases import at_status, examples, frp_body, take_in, with_documents

API = "/api/v1/pathways/cases"
READERS = {Role.safe_mobility_officer, Role.supervisor, Role.auditor}
INTAKE = {Role.safe_mobility_officer, Role.supervisor}
SUPERVISORS = {Role.supervisor}
S = CaseStatus

# (method, path, body, files, roles allowed, the status the case needs)
ROUTES: list[tuple[str, str, Any, Any, set[Role], S]] = [
    ("GET", "{ref}", None, None, READERS, S.registered),
    ("PATCH", "{ref}", {"given_names": "María"}, None, INTAKE, S.registered),
    ("POST", "{ref}/screen", {"note": "Seen"}, None, INTAKE, S.registered),
    ("POST", "{ref}/refer", {}, None, INTAKE, S.screened),
    ("POST", "{ref}/interview", {}, None, INTAKE, S.referred),
    ("POST", "{ref}/book-travel", {}, None, INTAKE, S.approved),
    ("POST", "{ref}/arrive", {}, None, INTAKE, S.travel_booked),
    ("POST", "{ref}/refuse", {"note": "Fraud"}, None, SUPERVISORS, S.interviewed),
    ("POST", "{ref}/withdraw", {}, None, INTAKE, S.approved),
    ("POST", "{ref}/messages", {"body": "Call back"}, None, INTAKE, S.registered),
    (
        "POST",
        "{ref}/documents",
        None,
        {"file": ("p.png", png(), "image/png")},
        INTAKE,
        S.registered,
    ),
    ("GET", "{ref}/documents/{doc}", None, None, READERS, S.registered),
    ("GET", "{ref}/suggestions", None, None, READERS, S.registered),
    ("POST", "{ref}/refer-elsewhere", {"programme": "usa-h2b"}, None, INTAKE, S.registered),
]


def call(client: TestClient, world: World, route: tuple, state: str, role: Role, target: tuple):
    method, path, payload, files, _roles, _status = route
    reference, document = target
    return client.request(
        method,
        f"{API}/{path.format(ref=reference, doc=document)}",
        json=payload,
        files=files,
        data={"kind": "passport"} if files else None,
        headers=world.headers(state, role),
    )


def make(db: Session, world: World, status: S) -> tuple[str, int]:
    case = at_status(db, world, status)
    db.commit()
    document = db.scalar(select(CaseDocument.id).where(CaseDocument.case_id == case.id).limit(1))
    assert document is not None
    return case.reference, document


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_each_route_per_role_and_state(
    client: TestClient, db: Session, world: World, route: tuple
) -> None:
    allowed, status = route[4], route[5]
    target = make(db, world, status)
    for role in Role:
        if role not in allowed:
            assert call(client, world, route, "USA", role, target).status_code == 403, role
    for role in Role:  # another state's case is not found, whatever the role may do
        assert call(client, world, route, "MEX", role, target).status_code in (403, 404), role
    for role in allowed:
        assert call(client, world, route, "MEX", role, target).status_code == 404, role
    for role in allowed:
        response = call(client, world, route, "USA", role, make(db, world, status))
        assert response.is_success, (role, response.text)


def test_intake_screen_refer_interview(client: TestClient, db: Session, world: World) -> None:
    examples(db)
    db.commit()
    officer = world.headers("USA", Role.safe_mobility_officer)
    made = client.post(API, json=frp_body(), headers=officer)
    assert made.status_code == 201, made.text
    case = made.json()
    ref = case["reference"]
    assert case["status"] == "registered" and case["eligible"] is None
    assert case["missing_documents"] == ["i130_approval_notice", "passport"]
    assert {
        "rule": "petitioner",
        "text": "The petitioner is a US citizen or a lawful permanent resident",
        "outcome": "met",
        "because": "Petitioner's status: permanent resident — "
        "one of US citizen, permanent resident.",
    } in case["eligibility"]
    assert "screen" in case["steps"] and "approve" not in case["steps"]
    for kind in ("i130_approval_notice", "passport"):
        added = client.post(
            f"{API}/{ref}/documents",
            data={"kind": kind},
            files={"file": (f"{kind}.png", png(), "image/png")},
            headers=officer,
        )
        assert added.status_code == 201, added.text
    for step, status in (
        ("screen", "screened"),
        ("refer", "referred"),
        ("interview", "interviewed"),
    ):
        moved = client.post(f"{API}/{ref}/{step}", json={"note": step}, headers=officer)
        assert moved.status_code == 200, moved.text
        assert moved.json()["status"] == status
    shown = client.get(f"{API}/{ref}", headers=world.headers("USA", Role.auditor)).json()
    assert shown["eligible"] is True and shown["missing_documents"] == []
    assert [e["step"] for e in shown["events"]][-3:] == ["screen", "refer", "interview"]
    assert shown["steps"] == []  # an auditor reads only
    again = client.post(f"{API}/{ref}/interview", json={}, headers=officer)
    assert again.status_code == 409 and "allowed" in again.text
    listed = client.get(API, params={"status": "interviewed"}, headers=officer).json()
    assert ref in {item["reference"] for item in listed["items"]}
    assert client.get(API, headers=world.headers("MEX", Role.supervisor)).json()["total"] == 0
    assert client.get(f"{API}/overdue", headers=officer).status_code == 200


def test_refer_needs_every_rule_met(client: TestClient, db: Session, world: World) -> None:
    case = take_in(db, world)
    db.commit()
    officer = world.headers("USA", Role.safe_mobility_officer)
    assert client.post(f"{API}/{case.reference}/screen", json={}, headers=officer).is_success
    refused = client.post(f"{API}/{case.reference}/refer", json={}, headers=officer)
    assert refused.status_code == 409 and "unknown: approval_notice, passport" in refused.text


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"facts": {"petition_approved": "yes"}}, ["body", "facts", "petition_approved"]),
        ({"facts": {"no_such_fact": True}}, ["body", "facts", "no_such_fact"]),
        ({"facts": {"petitioner_status": 7}}, ["body", "facts", "petitioner_status"]),
        ({"nationality": "gtm"}, ["body", "nationality"]),
        ({"birth_date": "14/03/1991"}, ["body", "birth_date"]),
        ({"birth_date": "1991-02-30"}, ["body", "birth_date"]),
        ({"birth_date": "1991-13"}, ["body", "birth_date"]),
        ({"birth_date": "2990"}, ["body", "birth_date"]),
        ({"intake_place": "SMO-USA-DC"}, ["body", "intake_place"]),
        ({"surprise": 1}, ["body", "surprise"]),
        ({"facts": {f"f{i}": True for i in range(101)}}, ["body", "facts"]),
        ({"family_name": "x" * 201}, ["body", "family_name"]),
        ({"facts": {"petitioner_status": "x" * 201}}, ["body", "facts", "petitioner_status"]),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client: TestClient, db: Session, world: World, changes: dict[str, Any], loc: list[str]
) -> None:
    examples(db)
    db.commit()
    response = client.post(
        API, json=frp_body(**changes), headers=world.headers("USA", Role.supervisor)
    )
    assert response.status_code == 422, response.text
    assert any(problem["loc"][: len(loc)] == loc for problem in response.json()["detail"]), (
        response.text
    )


def test_malformed_and_huge_input_is_refused_cleanly(
    client: TestClient, db: Session, world: World
) -> None:
    examples(db)
    db.commit()
    headers = world.headers("USA", Role.supervisor) | {"Content-Type": "application/json"}
    assert client.post(API, content=b"{not json", headers=headers).status_code == 422
    assert client.post(API, content=b"[]", headers=headers).status_code == 422
    huge = client.post(
        API, content=b'{"facts": {"a": "' + b"x" * 40_000_000 + b'"}}', headers=headers
    )
    assert huge.status_code in (413, 422)
    assert client.get(f"{API}/PW-USA-2026-{'9' * 12}", headers=headers).status_code == 404
    assert client.get(f"{API}/not-a-reference", headers=headers).status_code == 422
    assert client.get(API, params={"limit": 10_000}, headers=headers).status_code == 422
    deep = client.post(
        API, content=b'{"facts": ' + b"[" * 5000 + b"]" * 5000 + b"}", headers=headers
    )
    assert deep.status_code in (400, 413, 422)


def test_documents_are_checked_and_re_evaluate(
    client: TestClient, db: Session, world: World
) -> None:
    case = take_in(db, world)
    db.commit()
    officer = world.headers("USA", Role.safe_mobility_officer)
    url = f"{API}/{case.reference}/documents"
    fake = client.post(
        url,
        data={"kind": "passport"},
        files={"file": ("p.png", b"MZ\x90\x00", "image/png")},
        headers=officer,
    )
    assert fake.status_code == 422
    wrong = client.post(
        url,
        data={"kind": "diploma"},
        files={"file": ("p.png", png(), "image/png")},
        headers=officer,
    )
    assert wrong.status_code == 422 and "not a document of this programme" in wrong.text
    done = client.post(
        url,
        data={"kind": "passport"},
        files={"file": ("p.png", png(), "image/png")},
        headers=officer,
    )
    assert done.status_code == 201
    shown = client.get(f"{API}/{case.reference}", headers=officer).json()
    assert {e["rule"]: e["outcome"] for e in shown["eligibility"]}["passport"] == "met"
    download = client.get(f"{url}/{done.json()['id']}", headers=officer)
    assert download.status_code == 200 and download.headers["content-type"] == "image/png"
    assert (
        client.get(
            f"{url}/{done.json()['id']}", headers=world.headers("MEX", Role.auditor)
        ).status_code
        == 404
    )


def test_refer_elsewhere_and_suggestions(client: TestClient, db: Session, world: World) -> None:
    case = with_documents(db, world, take_in(db, world, facts={"petitioner_status": "other"}))
    db.commit()
    officer = world.headers("USA", Role.safe_mobility_officer)
    suggested = client.get(f"{API}/{case.reference}/suggestions", headers=officer).json()
    assert [s["code"] for s in suggested] == ["usa-resettlement", "usa-h2b"]
    moved = client.post(
        f"{API}/{case.reference}/refer-elsewhere",
        json={"programme": "usa-resettlement"},
        headers=officer,
    )
    assert moved.status_code == 201, moved.text
    assert (
        moved.json()["referred_from"] == case.reference
        and moved.json()["programme"] == "usa-resettlement"
    )
    old = client.get(f"{API}/{case.reference}", headers=officer).json()
    assert old["status"] == "withdrawn"
