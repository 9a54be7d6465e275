"""Trafficking screened at intake and statelessness after a "not a national" rejection, through
the API: who may do what, what blocks what, and that the requested state learns none of it."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.schemas import AgreementCreate, load_agreement_file
from readmit.applications import lifecycle
from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.demo.seed import AGREEMENTS_DIR
from readmit.errors import Conflict
from readmit.integrity.service import check
from readmit.protection import service as protection
from readmit.protection.models import ProtectionFlag, ProtectionKind
from readmit.transfers import service as transfers
from tests.factories import World, flight, make_case, person_payload
from tests.protection_cases import assert_untold, rejected, screened_draft

API = "/api/v1"
VIEWERS = {Role.protection_officer, Role.supervisor, Role.case_officer}
DECIDERS = {Role.protection_officer, Role.supervisor}


def _as(world: World, state: str, role: Role) -> dict[str, str]:
    return world.headers(state, role)


def _due(client: TestClient, world: World, state: str = "USA") -> dict[int, set[str]]:
    answer = client.get(
        f"{API}/protection/decisions-due", headers=_as(world, state, Role.supervisor)
    )
    assert answer.status_code == 200, answer.text
    due: dict[int, set[str]] = {}
    for item in answer.json():
        due.setdefault(item["application_id"], set()).add(item["due"])
    return due


def _screening_id(client: TestClient, world: World, case_id: int) -> int:
    found = client.get(
        f"{API}/applications/{case_id}/trafficking-screenings",
        headers=_as(world, "USA", Role.protection_officer),
    ).json()
    return found[0]["id"]


def _decide_screening(
    client: TestClient,
    world: World,
    case_id: int,
    outcome: str,
    role: Role = Role.protection_officer,
) -> object:
    return client.post(
        f"{API}/applications/{case_id}/trafficking-screenings/"
        f"{_screening_id(client, world, case_id)}/decision",
        headers=_as(world, "USA", role),
        json={"outcome": outcome, "reason": "Interviewed with an interpreter"},
    )


# --- intake --------------------------------------------------------------------------------


def test_indicators_at_intake_hold_submission_until_a_protection_officer_decides(
    client: TestClient, world: World
) -> None:
    body = {
        "requested_state": "CHN",
        "person": person_payload(world),
        "trafficking_indicators": ["restricted_movement", "debt_bondage", "debt_bondage"],
    }
    created = client.post(
        f"{API}/applications", headers=_as(world, "USA", Role.case_officer), json=body
    )
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    screenings = client.get(
        f"{API}/applications/{case_id}/trafficking-screenings",
        headers=_as(world, "USA", Role.case_officer),
    ).json()
    assert [(s["indicators"], s["outcome"]) for s in screenings] == [
        (["debt_bondage", "restricted_movement"], None)
    ]
    assert _due(client, world)[case_id] == {"trafficking_screening"}

    submit = f"{API}/applications/{case_id}/submit"
    refused = client.post(submit, headers=_as(world, "USA", Role.case_officer))
    assert refused.status_code == 409
    assert "trafficking screening awaits a protection officer" in refused.json()["detail"]

    decided = _decide_screening(client, world, case_id, "not_confirmed")
    assert decided.status_code == 200, decided.text
    assert decided.json()["outcome"] == "not_confirmed"
    assert decided.json()["flag_id"] is None
    assert case_id not in _due(client, world)
    sent = client.post(submit, headers=_as(world, "USA", Role.case_officer))
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    again = _decide_screening(client, world, case_id, "presumed_victim")
    assert again.status_code == 409


def test_no_indicator_no_screening(client: TestClient, world: World) -> None:
    body = {"requested_state": "CHN", "person": person_payload(world)}
    case_id = client.post(
        f"{API}/applications", headers=_as(world, "USA", Role.case_officer), json=body
    ).json()["id"]
    listed = client.get(
        f"{API}/applications/{case_id}/trafficking-screenings",
        headers=_as(world, "USA", Role.protection_officer),
    )
    assert listed.json() == []
    sent = client.post(
        f"{API}/applications/{case_id}/submit", headers=_as(world, "USA", Role.case_officer)
    )
    assert sent.status_code == 200


def test_an_unknown_indicator_is_refused_by_field(client: TestClient, world: World) -> None:
    body = {
        "requested_state": "CHN",
        "person": person_payload(world),
        "trafficking_indicators": ["looked_nervous"],
    }
    refused = client.post(
        f"{API}/applications", headers=_as(world, "USA", Role.case_officer), json=body
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][:2] == ["body", "trafficking_indicators"]


def test_presumed_victim_suspends_the_case_for_the_reflection_period(
    client: TestClient, db: Session, world: World
) -> None:
    case = screened_draft(db, world)
    decided = _decide_screening(client, world, case.id, "presumed_victim")
    assert decided.status_code == 200, decided.text
    detail = client.get(
        f"{API}/applications/{case.id}", headers=_as(world, "USA", Role.case_officer)
    ).json()
    assert detail["status"] == "suspended"
    (flag,) = detail["protection_flags"]
    assert flag["id"] == decided.json()["flag_id"]
    assert flag["kind"] == "trafficking_victim"
    # No agreement names a period: the default of 30 days (CETS 197 art. 13's minimum).
    assert flag["reflection_ends_on"] == (utcnow().date() + timedelta(days=30)).isoformat()
    resume = client.post(
        f"{API}/applications/{case.id}/transitions",
        headers=_as(world, "USA", Role.case_officer),
        json={"action": "resume"},
    )
    assert resume.status_code == 409 and "open protection hold" in resume.json()["detail"]


def test_the_reflection_period_comes_from_the_agreement(
    client: TestClient, db: Session, world: World
) -> None:
    usa_gtm = next(
        a
        for path in sorted(AGREEMENTS_DIR.glob("*.yaml"))
        for a in load_agreement_file(path).agreements
        if a.requested_state == "GTM"
    )
    payload = usa_gtm.model_dump() | {"requested_state": "MEX"}
    payload["terms"] |= {"holiday_states": ["USA", "MEX"], "reflection_period_days": 90}
    agreements.establish(session=db, payload=AgreementCreate.model_validate(payload))
    db.commit()
    body = {
        "requested_state": "MEX",
        "person": person_payload(world, "GTM"),
        "trafficking_indicators": ["child_exploited"],
    }
    case_id = client.post(
        f"{API}/applications", headers=_as(world, "USA", Role.case_officer), json=body
    ).json()["id"]
    flag_id = _decide_screening(client, world, case_id, "presumed_victim").json()["flag_id"]
    flag = db.get(ProtectionFlag, flag_id)
    assert flag is not None
    assert flag.reflection_ends_on == utcnow().date() + timedelta(days=90)


def test_an_ended_reflection_period_is_due_but_the_hold_stays(
    client: TestClient, db: Session, world: World
) -> None:
    case = screened_draft(db, world)
    flag_id = _decide_screening(client, world, case.id, "presumed_victim").json()["flag_id"]
    assert case.id not in _due(client, world)
    flag = db.get(ProtectionFlag, flag_id)
    assert flag is not None
    flag.reflection_ends_on = utcnow().date() - timedelta(days=1)
    db.commit()
    assert _due(client, world)[case.id] == {"reflection_period_ended"}
    db.refresh(flag)
    assert flag.is_open
    assert db.get(type(case), case.id).status == Status.suspended  # type: ignore[union-attr]
    cleared = client.post(
        f"{API}/applications/{case.id}/protection-flags/{flag_id}/clear",
        headers=_as(world, "USA", Role.protection_officer),
        json={"reason": "Residence permit as a victim granted"},
    )
    assert cleared.status_code == 200
    assert case.id not in _due(client, world)


# --- statelessness ---------------------------------------------------------------------------


def test_a_not_a_national_rejection_waits_on_the_protection_list(
    client: TestClient, db: Session, world: World
) -> None:
    stateless = rejected(db, world)
    other = rejected(db, world, reason_code="identity_not_found")
    due = _due(client, world)
    assert due[stateless.id] == {"not_a_national"}
    assert other.id not in due
    standing = client.get(
        f"{API}/applications/{stateless.id}/statelessness",
        headers=_as(world, "USA", Role.case_officer),
    ).json()
    assert standing["rejected_as_not_national"] and standing["awaiting_decision"]
    assert standing["decisions"] == []
    # The case cannot be closed away before a protection officer decides; a withdrawal (the
    # person left, or was regularised) ends the wait.
    officer = _as(world, "USA", Role.case_officer)
    closed = client.post(
        f"{API}/applications/{stateless.id}/transitions", headers=officer, json={"action": "close"}
    )
    assert closed.status_code == 409
    assert "refer the person to statelessness determination" in closed.json()["detail"]
    assert _due(client, world)[stateless.id] == {"not_a_national"}
    withdraw = {"action": "withdraw", "reason_code": "left_voluntarily"}
    for case in (stateless, other):
        left = client.post(
            f"{API}/applications/{case.id}/transitions", headers=officer, json=withdraw
        )
        assert left.status_code == 200
    assert stateless.id not in _due(client, world) and other.id not in _due(client, world)
    # The list is the caller's own state's: CHN's protection officers see none of USA's cases.
    assert stateless.id not in _due(client, world, "CHN")


def test_a_referral_opens_a_hold_that_blocks_any_return(
    client: TestClient, db: Session, world: World
) -> None:
    case = rejected(db, world)
    day = (utcnow().date() - timedelta(days=2)).isoformat()
    referred = client.post(
        f"{API}/applications/{case.id}/statelessness",
        headers=_as(world, "USA", Role.protection_officer),
        json={"outcome": "referred", "referred_on": day, "note": "UNHCR informed"},
    )
    assert referred.status_code == 201, referred.text
    assert referred.json()["referred_on"] == day
    db.refresh(case)
    assert case.status == Status.suspended and case.status_before_suspension == Status.rejected
    flag = db.get(ProtectionFlag, referred.json()["flag_id"])
    assert flag is not None and flag.kind == ProtectionKind.stateless and flag.is_open
    assert case.id not in _due(client, world)
    # The same gate as every other hold.
    assert lifecycle.no_open_protection(db, case) == "an open protection hold blocks this step"
    officer = _as(world, "USA", Role.case_officer)
    resume = client.post(
        f"{API}/applications/{case.id}/transitions", headers=officer, json={"action": "resume"}
    )
    assert resume.status_code == 409
    follow_up = client.post(
        f"{API}/applications/{case.id}/statelessness/follow-up", headers=officer
    )
    assert follow_up.status_code == 409
    twice = client.post(
        f"{API}/applications/{case.id}/statelessness",
        headers=_as(world, "USA", Role.protection_officer),
        json={"outcome": "claimed", "claiming_state": "GTM"},
    )
    assert twice.status_code == 409
    # Cleared after the determination: the case goes back to where it was, rejected.
    client.post(
        f"{API}/applications/{case.id}/protection-flags/{flag.id}/clear",
        headers=_as(world, "USA", Role.protection_officer),
        json={"reason": "Recognised as stateless; permit issued"},
    )
    resumed = client.post(
        f"{API}/applications/{case.id}/transitions", headers=officer, json={"action": "resume"}
    )
    assert resumed.json()["status"] == "rejected"
    assert [v for v in check(session=db) if case.reference in str(v)] == []


def test_a_stateless_person_hold_blocks_travel_and_transfer(db: Session, world: World) -> None:
    """The stateless-person hold is a protection flag: the resume, travel-document and
    transfer gates refuse it like any other (the case forced back to its status, as a lost
    race would leave it, to reach each gate)."""
    guard = world.user(db, "USA", Role.protection_officer)
    officer = world.user(db, "USA", Role.case_officer)
    verifier = world.user(db, "CHN", Role.verifier)
    steps = [
        (Status.confirmed, "issue_travel_document", verifier, "not ready"),
        (Status.travel_document_issued, "schedule_transfer", officer, "open protection hold"),
    ]
    for index, (status, action, actor, refusal) in enumerate(steps):
        case = make_case(db, world, status=status, index=index)
        protection.open_flag(
            session=db, user=guard, application=case, kind=ProtectionKind.stateless, note=""
        )
        with pytest.raises(Conflict, match="open protection hold"):
            lifecycle.apply(session=db, application=case, action="resume", actor=officer)
        case.status, case.status_before_suspension = status, None
        db.flush()
        with pytest.raises(Conflict, match=refusal):
            lifecycle.apply(session=db, application=case, action=action, actor=actor)
    with pytest.raises(Conflict, match="open protection hold"):
        transfers.create(session=db, user=officer, payload=flight(case))


def test_a_claim_lets_the_case_officer_start_a_linked_application(
    client: TestClient, db: Session, world: World
) -> None:
    case = rejected(db, world)
    guard, officer = (
        _as(world, "USA", Role.protection_officer),
        _as(world, "USA", Role.case_officer),
    )
    claimed = client.post(
        f"{API}/applications/{case.id}/statelessness",
        headers=guard,
        json={"outcome": "claimed", "claiming_state": "GTM", "note": "GTM consulate confirms"},
    )
    assert claimed.status_code == 201, claimed.text
    assert _due(client, world)[case.id] == {"claimed"}
    assert db.get(type(case), case.id).status == Status.rejected  # type: ignore[union-attr]
    by_guard = client.post(f"{API}/applications/{case.id}/statelessness/follow-up", headers=guard)
    assert by_guard.status_code == 403
    started = client.post(f"{API}/applications/{case.id}/statelessness/follow-up", headers=officer)
    assert started.status_code == 201, started.text
    new = started.json()
    assert new["requested_state"] == "GTM" and new["follow_up_of"] == case.id
    follow_up = client.get(f"{API}/applications/{new['id']}", headers=officer).json()
    original = client.get(f"{API}/applications/{case.id}", headers=officer).json()
    assert follow_up["status"] == "draft"
    assert follow_up["person"]["names"] == original["person"]["names"]
    assert case.id not in _due(client, world)
    old = client.get(f"{API}/applications/{case.id}/statelessness", headers=officer).json()
    assert old["decisions"][0]["follow_up_id"] == new["id"]
    linked = client.get(f"{API}/applications/{new['id']}/statelessness", headers=officer).json()
    assert linked["follow_up_of"] == case.id
    again = client.post(f"{API}/applications/{case.id}/statelessness/follow-up", headers=officer)
    assert again.status_code == 409
    # Decided: the old case may now be closed.
    closed = client.post(
        f"{API}/applications/{case.id}/transitions", headers=officer, json={"action": "close"}
    )
    assert closed.status_code == 200
    # A draft: the claiming state does not see it yet.
    hidden = client.get(f"{API}/applications/{new['id']}", headers=_as(world, "GTM", Role.verifier))
    assert hidden.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "claimed"}, None),
        ({"outcome": "claimed", "claiming_state": "CHN"}, "claiming_state"),
        ({"outcome": "claimed", "claiming_state": "ZZZ"}, "claiming_state"),
        ({"outcome": "referred", "referred_on": "2999-01-01"}, None),
        ({"outcome": "referred", "claiming_state": "GTM"}, None),
        ({"outcome": "stateless"}, "outcome"),
    ],
)
def test_a_bad_statelessness_decision_is_refused_in_one_line(
    client: TestClient, db: Session, world: World, body: dict, field: str | None
) -> None:
    case = rejected(db, world)
    refused = client.post(
        f"{API}/applications/{case.id}/statelessness",
        headers=_as(world, "USA", Role.protection_officer),
        json=body,
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()["detail"][0]
    if field:
        assert field in problem["loc"]
    assert "\n" not in problem["msg"]


def test_only_a_not_a_national_rejection_is_referred_here(
    client: TestClient, db: Session, world: World
) -> None:
    draft = make_case(db, world)
    db.commit()
    for case in (rejected(db, world, "insufficient_evidence"), draft):
        refused = client.post(
            f"{API}/applications/{case.id}/statelessness",
            headers=_as(world, "USA", Role.protection_officer),
            json={"outcome": "referred"},
        )
        assert refused.status_code == 409
        assert "not its national" in refused.json()["detail"]


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_reading_screenings_and_standing_per_role(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = rejected(db, world)
    for path in ("trafficking-screenings", "statelessness"):
        url = f"{API}/applications/{case.id}/{path}"
        own = client.get(url, headers=_as(world, "USA", role))
        assert own.status_code == (200 if role in VIEWERS else 403), (path, role)
        for state in ("CHN", "GTM", "MEX"):
            assert client.get(url, headers=_as(world, state, role)).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_deciding_per_role(client: TestClient, db: Session, world: World, role: Role) -> None:
    draft, refused = screened_draft(db, world), rejected(db, world)
    screening = _screening_id(client, world, draft.id)
    calls = [
        (
            f"{API}/applications/{draft.id}/trafficking-screenings/{screening}/decision",
            {"outcome": "not_confirmed", "reason": "No sign on interview"},
        ),
        (f"{API}/applications/{refused.id}/statelessness", {"outcome": "referred"}),
    ]
    for url, body in calls:
        for state in ("CHN", "GTM", "MEX"):
            assert client.post(url, headers=_as(world, state, role), json=body).status_code == 404
        own = client.post(url, headers=_as(world, "USA", role), json=body)
        assert own.status_code in ((200, 201) if role in DECIDERS else (403,)), own.text


@pytest.mark.parametrize("role", list(Role))
def test_starting_a_follow_up_per_role(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = rejected(db, world)
    client.post(
        f"{API}/applications/{case.id}/statelessness",
        headers=_as(world, "USA", Role.protection_officer),
        json={"outcome": "claimed", "claiming_state": "GTM"},
    )
    url = f"{API}/applications/{case.id}/statelessness/follow-up"
    for state in ("CHN", "GTM", "MEX"):
        assert client.post(url, headers=_as(world, state, role)).status_code == 404
    own = client.post(url, headers=_as(world, "USA", role))
    allowed = role in (Role.case_officer, Role.supervisor)
    assert own.status_code == (201 if allowed else 403)


@pytest.mark.parametrize("role", list(Role))
def test_the_decisions_due_list_per_role(client: TestClient, world: World, role: Role) -> None:
    for state in ("USA", "CHN"):
        answer = client.get(f"{API}/protection/decisions-due", headers=_as(world, state, role))
        assert answer.status_code == (200 if role in DECIDERS else 403)


# --- the requested state learns nothing ------------------------------------------------------


def test_the_requested_state_sees_the_referral_as_any_other_hold(
    client: TestClient, db: Session, world: World
) -> None:
    referred = rejected(db, world)
    client.post(
        f"{API}/applications/{referred.id}/statelessness",
        headers=_as(world, "USA", Role.protection_officer),
        json={"outcome": "referred", "note": "stateless determination requested"},
    )
    screened = screened_draft(db, world)
    _decide_screening(client, world, screened.id, "not_confirmed")
    client.post(
        f"{API}/applications/{screened.id}/submit", headers=_as(world, "USA", Role.case_officer)
    )
    for role in Role:
        headers = _as(world, "CHN", role)
        detail = client.get(f"{API}/applications/{referred.id}", headers=headers)
        assert detail.json()["status_label"] == "Suspended by the requesting state"
        assert "protection_flags" not in detail.json()
        for case in (referred, screened):
            for path in ("", "/messages"):
                answer = client.get(f"{API}/applications/{case.id}{path}", headers=headers)
                assert answer.status_code == 200
                assert_untold(answer.text)
        assert_untold(client.get(f"{API}/queue", headers=headers).text)
    for path in ("/audit/events?limit=1000", "/audit/export.csv"):
        assert_untold(client.get(API + path, headers=_as(world, "CHN", Role.auditor)).text)
    own = client.get(
        f"{API}/audit/events?application_id={referred.id}",
        headers=_as(world, "USA", Role.auditor),
    ).json()
    assert "protection.statelessness_decide" in {e["action"] for e in own}
