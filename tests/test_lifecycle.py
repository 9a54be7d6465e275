"""The transition table: every listed step works, every other one is refused with the
allowed steps named, and guards, sides and reasons are enforced."""

import pytest
from sqlalchemy.orm import Session

from readmit.applications import lifecycle
from readmit.applications.enums import SUSPENDABLE, TERMINAL, Status
from readmit.auth.models import Role
from readmit.errors import Conflict, Forbidden
from readmit.labels import in_sentence, label
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from tests.factories import World, make_case

STATE_OF_SIDE = {lifecycle.Side.requesting: "USA", lifecycle.Side.requested: "CHN"}
PAIRS = [(status, action) for status in Status for action in lifecycle.BY_ACTION]


def _case_in(db: Session, world: World, status: Status):
    case = make_case(db, world)
    case.status = status
    case.status_before_suspension = (
        Status.under_verification if status is Status.suspended else None
    )
    db.flush()
    return case


@pytest.mark.parametrize(("status", "action"), PAIRS, ids=[f"{s}-{a}" for s, a in PAIRS])
def test_table(db: Session, world: World, status: Status, action: str) -> None:
    transition = lifecycle.BY_ACTION[action]
    case = _case_in(db, world, status)
    actor = (
        None
        if transition.side is lifecycle.Side.system
        else world.user(
            db,
            STATE_OF_SIDE[transition.side],
            Role.supervisor if Role.supervisor in transition.roles else Role.protection_officer,
        )
    )
    reason = sorted(transition.reasons)[0] if transition.reasons else None
    if status in transition.sources:
        event = lifecycle.apply(
            session=db, application=case, action=action, actor=actor, reason_code=reason
        )
        expected = transition.target or Status.under_verification
        assert (case.status, event.from_status, event.to_status) == (expected, status, expected)
    else:
        with pytest.raises(Conflict) as refused:
            lifecycle.apply(
                session=db, application=case, action=action, actor=actor, reason_code=reason
            )
        assert case.status == status
        listed = {t.action for t in lifecycle.listed_from(status)}
        assert set(refused.value.allowed) <= listed
        # In words, never codes: the message reaches an officer's error page.
        assert str(refused.value) == (
            f"{label(action, 'action')} is not possible while the case is "
            f"{in_sentence(label(status, 'status'))}"
        )


def test_refusal_names_allowed_actions(db: Session, world: World) -> None:
    case = make_case(db, world)
    officer = world.user(db, "USA", Role.case_officer)
    with pytest.raises(Conflict) as refused:
        lifecycle.apply(session=db, application=case, action="depart", actor=officer)
    assert sorted(refused.value.allowed) == ["submit", "suspend", "withdraw"]


@pytest.mark.parametrize(
    ("action", "status", "state", "role"),
    [
        ("submit", Status.draft, "CHN", Role.supervisor),
        ("submit", Status.draft, "USA", Role.verifier),
        ("submit", Status.draft, "USA", Role.analyst),
        ("confirm", Status.under_verification, "USA", Role.supervisor),
        ("receive", Status.submitted, "USA", Role.case_officer),
        ("receive", Status.submitted, "GTM", Role.verifier),
        ("suspend", Status.submitted, "CHN", Role.supervisor),
        ("deem_accepted", Status.submitted, "CHN", Role.supervisor),
    ],
    ids=lambda v: str(v),
)
def test_wrong_side_or_role_is_forbidden(
    db: Session, world: World, action: str, status: Status, state: str, role: Role
) -> None:
    case = _case_in(db, world, status)
    reasons = lifecycle.BY_ACTION[action].reasons
    with pytest.raises(Forbidden):
        lifecycle.apply(
            session=db,
            application=case,
            action=action,
            actor=world.user(db, state, role),
            reason_code=sorted(reasons)[0] if reasons else None,
        )


@pytest.mark.parametrize("action", ["reject", "request_info", "withdraw", "suspend"])
def test_reason_code_required(db: Session, world: World, action: str) -> None:
    transition = lifecycle.BY_ACTION[action]
    status = sorted(transition.sources)[0]
    case = _case_in(db, world, status)
    actor = world.user(db, STATE_OF_SIDE[transition.side], Role.supervisor)
    with pytest.raises(Conflict, match="needs a reason: one of "):
        lifecycle.apply(session=db, application=case, action=action, actor=actor)
    with pytest.raises(Conflict, match="needs a reason: one of "):
        lifecycle.apply(
            session=db, application=case, action=action, actor=actor, reason_code="made_up"
        )


def test_open_protection_flag_on_a_draft_blocks_submission(db: Session, world: World) -> None:
    case = make_case(db, world)
    guard = world.user(db, "USA", Role.protection_officer)
    officer = world.user(db, "USA", Role.case_officer)
    flag = protection.open_flag(
        session=db, user=guard, application=case, kind=ProtectionKind.unaccompanied_minor, note=""
    )
    assert case.status == Status.suspended
    with pytest.raises(Conflict, match="is not possible while the case is suspended"):
        lifecycle.apply(session=db, application=case, action="submit", actor=officer)
    with pytest.raises(Conflict, match="open protection hold"):
        lifecycle.apply(session=db, application=case, action="resume", actor=officer)
    protection.clear_flag(
        session=db,
        user=guard,
        application=case,
        flag_id=flag.id,
        reason="Reception by the grandparents verified by consulate.",
    )
    lifecycle.apply(session=db, application=case, action="resume", actor=officer)
    lifecycle.apply(session=db, application=case, action="submit", actor=officer)
    assert case.status == Status.submitted


@pytest.mark.parametrize("status", sorted(SUSPENDABLE))
def test_flag_suspends_from_every_open_status_and_blocks_resume(
    db: Session, world: World, status: Status
) -> None:
    case = _case_in(db, world, status)
    guard = world.user(db, "USA", Role.protection_officer)
    officer = world.user(db, "USA", Role.case_officer)
    flag = protection.open_flag(
        session=db,
        user=guard,
        application=case,
        kind=ProtectionKind.suspensive_appeal,
        note="appeal lodged",
    )
    assert case.status == Status.suspended
    with pytest.raises(Conflict, match="open protection hold"):
        lifecycle.apply(session=db, application=case, action="resume", actor=officer)
    protection.clear_flag(
        session=db, user=guard, application=case, flag_id=flag.id, reason="Appeal dismissed, final."
    )
    lifecycle.apply(session=db, application=case, action="resume", actor=officer)
    assert case.status == status


@pytest.mark.parametrize("status", sorted(TERMINAL))
def test_no_flag_on_a_finished_case(db: Session, world: World, status: Status) -> None:
    case = _case_in(db, world, status)
    guard = world.user(db, "USA", Role.protection_officer)
    with pytest.raises(Conflict, match="nothing left to hold"):
        protection.open_flag(
            session=db, user=guard, application=case, kind=ProtectionKind.medical, note=""
        )


def test_guard_refusal_names_no_hold_to_the_requested_state(db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.confirmed)
    guard = world.user(db, "USA", Role.protection_officer)
    protection.open_flag(
        session=db, user=guard, application=case, kind=ProtectionKind.asylum_pending, note=""
    )
    # Force the state a race used to leave behind: an open hold on a confirmed case.
    case.status, case.status_before_suspension = Status.confirmed, None
    db.flush()
    verifier = world.user(db, "CHN", Role.verifier)
    with pytest.raises(Conflict) as refused:
        lifecycle.apply(
            session=db, application=case, action="issue_travel_document", actor=verifier
        )
    assert "protection" not in str(refused.value) and "hold" not in str(refused.value)


def test_clearing_needs_a_reason(client, world: World, db: Session) -> None:
    case = make_case(db, world)
    db.commit()
    headers = world.headers("USA", Role.protection_officer)
    flag = client.post(
        f"/api/v1/applications/{case.id}/protection-flags",
        headers=headers,
        json={"kind": "medical", "note": "surgery scheduled"},
    ).json()
    response = client.post(
        f"/api/v1/applications/{case.id}/protection-flags/{flag['id']}/clear",
        headers=headers,
        json={"reason": ""},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reason"]
