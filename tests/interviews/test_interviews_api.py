"""Consular interviews and charter acceptance through the API: each transition and its
refusals, who may do what on each side, the audit, and the counts for a corridor."""

from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.interviews import service as interviews
from readmit.interviews.schemas import CorridorCounts
from readmit.transfers import service as transfers
from tests.factories import World, flight, make_case

API = "/api/v1"
LATER = (date.today() + timedelta(days=10)).isoformat()
ASK = {"proposed_date": LATER, "proposed_place": "Houston processing centre", "note": "Mandarin"}


def _ask(client: TestClient, world: World, app_id: int, **body: str) -> dict:
    response = client.post(
        f"{API}/applications/{app_id}/interviews",
        headers=world.headers("USA", Role.case_officer),
        json=ASK | body,
    )
    assert response.status_code == 201, response.text
    return response.json()


def _decide(client: TestClient, world: World, app_id: int, interview_id: int, body: dict,
            state: str = "CHN", role: Role = Role.verifier) -> httpx.Response:  # fmt: skip
    return client.post(
        f"{API}/applications/{app_id}/interviews/{interview_id}/decision",
        headers=world.headers(state, role),
        json=body,
    )


def _actions(db: Session, app_id: int) -> list[str]:
    return list(
        db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.application_id == app_id, AuditEvent.action.like("interview.%"))
            .order_by(AuditEvent.id)
        )
    )


def test_request_hold_then_grant_seen_by_both(
    client: TestClient, db: Session, world: World
) -> None:
    app = make_case(db, world, status=Status.submitted, index=3)
    db.commit()
    asked = _ask(client, world, app.id)
    assert asked["status"] == "requested" and asked["requested_by"]
    again = client.post(f"{API}/applications/{app.id}/interviews",
                        headers=world.headers("USA", Role.supervisor), json=ASK)  # fmt: skip
    assert again.status_code == 409  # one waits at a time
    held = _decide(
        client, world, app.id, asked["id"], {"decision": "hold", "reason": "Consul away"}
    )
    assert held.status_code == 200, held.text
    assert held.json()["status"] == "held"
    rehold = _decide(client, world, app.id, asked["id"], {"decision": "hold", "reason": "Still"})
    assert rehold.status_code == 409
    assert rehold.json()  # names what is allowed
    grant = {"decision": "grant", "interview_date": LATER, "interview_place": "Consulate, Houston"}
    granted = _decide(client, world, app.id, asked["id"], grant, role=Role.supervisor)
    assert granted.status_code == 200, granted.text
    body = granted.json()
    assert body["status"] == "granted"
    assert [d["decision"] for d in body["decisions"]] == ["held", "granted"]
    assert body["decisions"][1]["interview_place"] == "Consulate, Houston"
    assert body["decisions"][0]["reason"] == "Consul away" and body["decisions"][0]["decided_at"]
    final = _decide(client, world, app.id, asked["id"], {"decision": "refuse", "reason": "No"})
    assert final.status_code == 409
    for state in ("USA", "CHN"):
        seen = client.get(f"{API}/applications/{app.id}/interviews",
                          headers=world.headers(state, Role.analyst))  # fmt: skip
        assert seen.status_code == 200 and seen.json()[0]["status"] == "granted"
        assert "protection" not in seen.text.lower()
    assert _actions(db, app.id) == ["interview.request", "interview.hold", "interview.grant"]
    # A new request is possible once the last one is answered.
    assert _ask(client, world, app.id)["status"] == "requested"


def test_refusal_and_bad_input(client: TestClient, db: Session, world: World) -> None:
    app = make_case(db, world, status=Status.submitted, index=4)
    db.commit()
    past = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(f"{API}/applications/{app.id}/interviews",
                           headers=world.headers("USA", Role.case_officer),
                           json=ASK | {"proposed_date": past})  # fmt: skip
    assert response.status_code == 422
    asked = _ask(client, world, app.id)
    for body in (
        {"decision": "refuse"},  # no reason
        {"decision": "grant", "interview_date": LATER},  # no place
        {"decision": "hold", "reason": "x", "interview_date": LATER},
        {"decision": "grant", "interview_date": past, "interview_place": "Houston"},
        {"decision": "cancel", "reason": "x"},
    ):
        assert _decide(client, world, app.id, asked["id"], body).status_code == 422, body
    refused = _decide(client, world, app.id, asked["id"], {"decision": "refuse", "reason": "No"})
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    assert _actions(db, app.id) == ["interview.request", "interview.refuse"]


@pytest.mark.parametrize(
    ("state", "role", "code"),
    [
        ("CHN", Role.verifier, 403),  # the requested state does not ask
        ("USA", Role.verifier, 403),
        ("USA", Role.analyst, 403),
        ("GTM", Role.case_officer, 404),  # an outsider does not learn the case exists
    ],
)
def test_who_may_request(
    client: TestClient, db: Session, world: World, state: str, role: Role, code: int
) -> None:
    app = make_case(db, world, status=Status.submitted, index=5)
    db.commit()
    response = client.post(f"{API}/applications/{app.id}/interviews",
                           headers=world.headers(state, role), json=ASK)  # fmt: skip
    assert response.status_code == code


@pytest.mark.parametrize(
    ("state", "role", "code"),
    [
        ("USA", Role.case_officer, 403),  # the requesting state does not decide
        ("USA", Role.supervisor, 403),
        ("CHN", Role.case_officer, 403),
        ("CHN", Role.analyst, 403),
        ("GTM", Role.verifier, 404),
    ],
)
def test_who_may_decide(
    client: TestClient, db: Session, world: World, state: str, role: Role, code: int
) -> None:
    app = make_case(db, world, status=Status.submitted, index=6)
    db.commit()
    asked = _ask(client, world, app.id)
    body = {"decision": "refuse", "reason": "No"}
    assert _decide(client, world, app.id, asked["id"], body, state, role).status_code == code


def test_draft_and_other_case(client: TestClient, db: Session, world: World) -> None:
    draft = make_case(db, world, status=Status.draft, index=7)
    other = make_case(db, world, status=Status.submitted, index=8)
    db.commit()
    response = client.post(f"{API}/applications/{draft.id}/interviews",
                           headers=world.headers("USA", Role.case_officer), json=ASK)  # fmt: skip
    assert response.status_code == 409
    seen = client.get(f"{API}/applications/{draft.id}/interviews",
                      headers=world.headers("CHN", Role.verifier))  # fmt: skip
    assert seen.status_code == 404  # the requested state does not see drafts
    asked = _ask(client, world, other.id)
    # The interview of one case is not reachable through another.
    assert _decide(client, world, draft.id, asked["id"], {"decision": "refuse", "reason": "x"},
                   state="USA", role=Role.case_officer).status_code == 404  # fmt: skip


def _charter(db: Session, world: World, index: int) -> int:
    app = make_case(db, world, status=Status.travel_document_issued, index=index)
    officer = world.user(db, "USA", Role.case_officer)
    transfer = transfers.create(session=db, user=officer, payload=flight(app, kind="charter"))
    db.commit()
    return transfer.id


def test_charter_accepted_or_refused_once(client: TestClient, db: Session, world: World) -> None:
    first, second = _charter(db, world, 9), _charter(db, world, 10)
    verifier = world.headers("CHN", Role.verifier)
    path = f"{API}/transfers/{first}/acceptance"
    for state, role, code in (("USA", Role.case_officer, 403), ("USA", Role.supervisor, 403),
                              ("CHN", Role.analyst, 403), ("GTM", Role.verifier, 404)):  # fmt: skip
        response = client.post(path, headers=world.headers(state, role), json={"accepted": True})
        assert response.status_code == code, (state, role)
    assert client.post(path, headers=verifier, json={"accepted": False}).status_code == 422
    accepted = client.post(path, headers=verifier, json={"accepted": True})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["acceptance"]["accepted"] is True
    assert accepted.json()["acceptance"]["decided_at"]
    assert client.post(path, headers=verifier, json={"accepted": True}).status_code == 409
    refused = client.post(f"{API}/transfers/{second}/acceptance",
                          headers=world.headers("CHN", Role.supervisor),
                          json={"accepted": False, "reason": "Airport closed"})  # fmt: skip
    assert refused.status_code == 200
    seen = client.get(f"{API}/transfers/{second}", headers=world.headers("USA", Role.analyst))
    assert seen.json()["acceptance"]["reason"] == "Airport closed"
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.entity_id.in_(
        [str(first), str(second)]), AuditEvent.action.in_(["transfer.accept", "transfer.refuse"]))
    )  # fmt: skip
    assert sorted(events) == ["transfer.accept", "transfer.refuse"]


def test_commercial_flight_is_not_answered(client: TestClient, db: Session, world: World) -> None:
    app = make_case(db, world, status=Status.travel_document_issued, index=11)
    officer = world.user(db, "USA", Role.case_officer)
    transfer = transfers.create(session=db, user=officer, payload=flight(app))
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    path = f"{API}/transfers/{transfer.id}/acceptance"
    response = client.post(path, headers=verifier, json={"accepted": True})
    assert response.status_code == 409


def _counts(db: Session, world: World, state: str, start: date, days: int = 1) -> CorridorCounts:
    """USA→CHN from `start` for `days`, as `state`'s analyst sees it."""
    analyst = world.user(db, state, Role.analyst)
    end = start + timedelta(days=days)
    return interviews.counts(
        session=db, user=analyst, requesting="USA", requested="CHN", start=start, end=end
    )


def test_counts_for_a_corridor_and_period(client: TestClient, db: Session, world: World) -> None:
    today = utcnow().date()
    before = _counts(db, world, "USA", today)
    cases = [make_case(db, world, status=Status.submitted, index=i) for i in (12, 13, 14)]
    db.commit()
    asked = [_ask(client, world, a.id) for a in cases]
    _decide(client, world, cases[0].id, asked[0]["id"], {"decision": "hold", "reason": "Busy"})
    _decide(client, world, cases[0].id, asked[0]["id"], {"decision": "refuse", "reason": "No"})
    grant = {"decision": "grant", "interview_date": LATER, "interview_place": "Houston"}
    _decide(client, world, cases[1].id, asked[1]["id"], grant)
    charter = _charter(db, world, 15)
    client.post(f"{API}/transfers/{charter}/acceptance",
                headers=world.headers("CHN", Role.verifier), json={"accepted": True})  # fmt: skip
    after = _counts(db, world, "USA", today)
    delta = {k: v - getattr(before, k) for k, v in after.model_dump().items()}
    assert delta == {
        "interviews_requested": 3,
        "interviews_granted": 1,
        "interviews_held": 1,
        "interviews_refused": 1,
        "charters_accepted": 1,
        "charters_refused": 0,
    }
    # Another period, and a state that is no party, count none of it.
    tomorrow = _counts(db, world, "USA", today + timedelta(days=1))
    assert set(tomorrow.model_dump().values()) == {0}
    assert set(_counts(db, world, "GTM", today).model_dump().values()) == {0}
    assert _counts(db, world, "CHN", today) == after  # the requested state sees the same
