"""Agreements are bilateral: one party proposes, the other accepts; only the two parties act;
every number is bounded; running cases keep their terms unless both agree; both parties'
auditors see every step."""

import base64
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.schemas import AgreementCreate
from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.errors import Conflict
from tests.factories import World, make_case

API = "/api/v1/agreements"


def _in_force(client: TestClient, world: World, pair: tuple[str, str]) -> dict[str, Any]:
    rows = client.get(API, headers=world.headers(pair[0], Role.analyst)).json()
    return next(a for a in rows if (a["requesting_state"], a["requested_state"]) == pair)


def _proposal(agreement: dict[str, Any], running: bool = False, **terms: Any) -> dict[str, Any]:
    body = {k: v for k, v in agreement.items() if k not in ("id", "version")}
    body["terms"] = body["terms"] | terms
    return {"agreement": body, "apply_to_running_cases": running, "note": "renegotiated"}


def _propose(client: TestClient, world: World, state: str, body: dict[str, Any]) -> Any:
    return client.post(f"{API}/proposals", headers=world.headers(state, Role.admin), json=body)


def _actions(client: TestClient, world: World, state: str) -> list[str]:
    events = client.get("/api/v1/audit/events", headers=world.headers(state, Role.auditor))
    return [e["action"] for e in events.json()]


@pytest.mark.parametrize(
    ("state", "role", "status"),
    [
        ("USA", Role.case_officer, 403),
        ("CHN", Role.supervisor, 403),
        ("MEX", Role.admin, 403),  # not a party to USA→CHN
    ],
)
def test_only_a_party_admin_proposes(
    client: TestClient, world: World, state: str, role: Role, status: int
) -> None:
    body = _proposal(_in_force(client, world, ("USA", "CHN")), silence_is_acceptance=True)
    answer = client.post(f"{API}/proposals", headers=world.headers(state, role), json=body)
    assert answer.status_code == status, answer.text


def test_a_proposal_changes_nothing_until_the_other_party_accepts(
    client: TestClient, world: World
) -> None:
    before = _in_force(client, world, ("USA", "CHN"))
    body = _proposal(before, reply={"days": 0, "unit": "calendar"}, silence_is_acceptance=True)
    proposed = _propose(client, world, "USA", body)
    assert proposed.status_code == 201, proposed.text
    proposal = proposed.json()
    assert proposal["status"] == "pending" and proposal["proposed_by_state"] == "USA"
    assert ["terms.reply.days", "30", "0"] in proposal["changes"]
    assert _in_force(client, world, ("USA", "CHN")) == before

    own = client.post(
        f"{API}/proposals/{proposal['id']}/accept", headers=world.headers("USA", Role.admin)
    )
    assert own.status_code == 403
    again = _propose(client, world, "CHN", _proposal(before, arrival_notice_hours=72))
    assert again.status_code == 409 and "awaits a decision" in again.text

    rejected = client.post(
        f"{API}/proposals/{proposal['id']}/reject",
        headers=world.headers("CHN", Role.admin),
        json={"reason": "silence is never acceptance for us"},
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert _in_force(client, world, ("USA", "CHN")) == before
    for state in ("USA", "CHN"):
        assert {"agreement.propose", "agreement.reject"} <= set(_actions(client, world, state))


def test_accepted_terms_apply_to_new_cases_and_running_ones_keep_theirs(
    client: TestClient, db: Session, world: World
) -> None:
    running = make_case(db, world, country="GTM", status=Status.submitted)
    db.commit()
    due_before = applications.deadlines(session=db, application=running)[0].due
    before = _in_force(client, world, ("USA", "GTM"))
    body = _proposal(before, reply={"days": 40, "unit": "working"}, reply_extension=None)
    proposal = _propose(client, world, "GTM", body).json()
    accepted = client.post(
        f"{API}/proposals/{proposal['id']}/accept", headers=world.headers("USA", Role.admin)
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["version"] == before["version"] + 1
    assert accepted.json()["terms"]["reply"]["days"] == 40

    db.expire_all()
    assert applications.deadlines(session=db, application=running)[0].due == due_before
    verifier = world.headers("GTM", Role.verifier)
    extended = client.post(f"/api/v1/applications/{running.id}/extend-reply", headers=verifier)
    assert extended.status_code == 200, "the running case keeps the extension it was given"
    fresh = make_case(db, world, country="GTM", index=1, status=Status.submitted)
    reply = applications.deadlines(session=db, application=fresh)[0]
    assert reply.due > due_before + timedelta(days=20)
    for state in ("USA", "GTM"):
        assert {"agreement.propose", "agreement.accept"} <= set(_actions(client, world, state))


def test_running_cases_move_only_when_the_proposal_says_so(
    client: TestClient, db: Session, world: World
) -> None:
    running = make_case(db, world, country="GTM", status=Status.submitted)
    db.commit()
    before = _in_force(client, world, ("USA", "GTM"))
    body = _proposal(before, running=True, reply={"days": 60, "unit": "calendar"})
    proposal = _propose(client, world, "USA", body).json()
    client.post(
        f"{API}/proposals/{proposal['id']}/accept", headers=world.headers("GTM", Role.admin)
    )
    db.expire_all()
    reply = applications.deadlines(session=db, application=running)[0]
    assert reply.due.date() == (running.submitted_at + timedelta(days=60)).date()


def test_one_party_cannot_open_the_other_s_gallery_by_itself(
    client: TestClient, world: World
) -> None:
    body = _proposal(_in_force(client, world, ("USA", "CHN")), biometrics_sharing=True)
    body["agreement"]["requested_state"] = "MEX"
    body["agreement"]["terms"]["holiday_states"] = ["USA", "MEX"]
    assert _propose(client, world, "USA", body).status_code == 201
    probe = np.random.default_rng(1).standard_normal(512).astype("<f4")
    search = client.post(
        "/api/v1/biometrics/partner-searches",
        headers=world.headers("USA", Role.case_officer),
        json={
            "answering_state": "MEX",
            "modality": "face",
            "template": base64.b64encode((probe / np.linalg.norm(probe)).tobytes()).decode(),
        },
    )
    assert search.status_code == 403 and "no agreement with MEX" in search.text
    listed = client.get(API, headers=world.headers("USA", Role.analyst)).json()
    assert "MEX" not in {a["requested_state"] for a in listed}


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"reply": {"days": 10_000_000, "unit": "calendar"}}, "reply.days"),
        ({"arrival_notice_hours": 10**9}, "arrival_notice_hours"),
        ({"travel_document_validity_days": 100_000}, "travel_document_validity_days"),
        ({"transfer": {"days": -1, "unit": "calendar"}}, "transfer.days"),
    ],
)
def test_every_number_is_bounded(
    client: TestClient, world: World, terms: dict[str, Any], field: str
) -> None:
    body = _proposal(_in_force(client, world, ("USA", "CHN")), **terms)
    answer = _propose(client, world, "USA", body)
    assert answer.status_code == 422
    assert any(field in ".".join(map(str, e["loc"])) for e in answer.json()["detail"])


def test_withdrawn_by_the_proposer_only(client: TestClient, world: World) -> None:
    body = _proposal(_in_force(client, world, ("USA", "CHN")), arrival_notice_hours=72)
    proposal = _propose(client, world, "CHN", body).json()
    other = client.post(
        f"{API}/proposals/{proposal['id']}/withdraw", headers=world.headers("USA", Role.admin)
    )
    assert other.status_code == 403
    outsider = client.post(
        f"{API}/proposals/{proposal['id']}/withdraw", headers=world.headers("MEX", Role.admin)
    )
    assert outsider.status_code == 404
    done = client.post(
        f"{API}/proposals/{proposal['id']}/withdraw", headers=world.headers("CHN", Role.admin)
    )
    assert done.json()["status"] == "withdrawn"
    late = client.post(
        f"{API}/proposals/{proposal['id']}/accept", headers=world.headers("USA", Role.admin)
    )
    assert late.status_code == 409


def test_the_operator_cannot_change_an_agreement_in_force(db: Session, world: World) -> None:
    agreement = agreements.find(session=db, requesting="USA", requested="CHN")
    assert agreement is not None
    in_force = agreements.to_public(agreement).model_dump(exclude={"id", "version"})
    payload = AgreementCreate.model_validate(in_force)
    changed = payload.model_copy(update={"title": "changed behind the other party's back"})
    with pytest.raises(Conflict, match="proposed by one party"):
        agreements.establish(session=db, payload=changed)
    same = agreements.establish(session=db, payload=payload)
    assert same.version == agreement.version


def test_deemed_acceptance_is_audited_for_both_parties(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, country="GTM", status=Status.submitted)
    db.commit()
    applications.enforce_deadlines(session=db, now=utcnow() + timedelta(days=60))
    db.commit()
    for state in ("USA", "GTM"):
        assert "application.deem_accepted" in _actions(client, world, state)
    assert "application.deem_accepted" not in _actions(client, world, "CHN")
    assert case.status == Status.confirmed


def test_moving_running_cases_keeps_an_extension_already_taken(
    client: TestClient, db: Session, world: World
) -> None:
    extended = make_case(db, world, country="GTM", status=Status.submitted)
    plain = make_case(db, world, country="GTM", index=1, status=Status.submitted)
    db.commit()
    verifier = world.headers("GTM", Role.verifier)
    assert client.post(
        f"/api/v1/applications/{extended.id}/extend-reply", headers=verifier
    ).is_success
    before = _in_force(client, world, ("USA", "GTM"))
    body = _proposal(before, running=True, reply_extension=None)
    proposal = _propose(client, world, "USA", body).json()
    client.post(
        f"{API}/proposals/{proposal['id']}/accept", headers=world.headers("GTM", Role.admin)
    )
    db.expire_all()
    assert (extended.agreement_version, plain.agreement_version) == (
        before["version"],
        before["version"] + 1,
    )
    for case in (extended, plain):
        answer = client.get(f"/api/v1/applications/{case.id}", headers=verifier)
        assert answer.status_code == 200 and answer.json()["deadlines"][0]["kind"] == "reply"
