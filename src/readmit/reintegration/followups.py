"""Follow-up surveys: scheduled when a case becomes active, at the programme's months after
the returnee's arrival (the acceptance day when no arrival is recorded); recorded by the
provider's reintegration officers inside each survey's window, answers checked against the
indicators and scored by the programme's formula; marked missed by the sweep once the
window has closed without a survey. Withdrawn cases are left out of the sweep and queue."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.i18n import _
from readmit.reintegration import access, programme, retention, scoring
from readmit.reintegration.models import CaseStatus, FollowUp, FollowUpStatus, ReintegrationCase
from readmit.statistics.months import months_after
from readmit.transfers.models import TransferCase

DUE = FollowUpStatus.due.value
# Follow-ups marked missed per transaction by the server's periodic sweep.
SWEEP_BATCH = 100
MAX_QUEUE = 500


def arrival_day(*, session: Session, case: ReintegrationCase) -> date:
    """The day the returnee arrived (the transfer's arrival report), or else the day the
    provider accepted the case."""
    arrived = session.scalar(
        select(func.max(TransferCase.outcome_at)).where(
            TransferCase.application_id == case.application_id, TransferCase.outcome == "arrived"
        )
    )
    when = arrived or case.accepted_at or utcnow()
    return when.date()


def schedule(*, session: Session, case: ReintegrationCase) -> list[FollowUp]:
    """Create the case's follow-ups from the programme's schedule (those missing only)."""
    rules = programme.get(case.programme_code).follow_up
    start = arrival_day(session=session, case=case)
    have = set(session.scalars(select(FollowUp.months).where(FollowUp.case_id == case.id)))
    created = []
    for months in rules.months:
        if months in have:
            continue
        due = months_after(start, months)
        window_ends = due + timedelta(days=rules.window_days)
        created.append(
            FollowUp(case_id=case.id, months=months, due_on=due, window_ends=window_ends)
        )
    session.add_all(created)
    session.flush()
    return created


def of_case(*, session: Session, case: ReintegrationCase) -> list[FollowUp]:
    """The case's follow-ups, soonest first."""
    return list(
        session.scalars(
            select(FollowUp).where(FollowUp.case_id == case.id).order_by(FollowUp.months)
        )
    )


def opens_on(case: ReintegrationCase, follow_up: FollowUp) -> date:
    """The first day a survey may be recorded."""
    window = programme.get(case.programme_code).follow_up.window_days
    return follow_up.due_on - timedelta(days=window)


def _audit(
    session: Session, user: User, action: str, case: ReintegrationCase, **detail: Any
) -> None:
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="reintegration_case",
        entity_id=case.reference,
        detail={"case": case.reference, "reference": case.reference, **detail},
    )


def record(
    *,
    session: Session,
    user: User,
    case: ReintegrationCase,
    months: int,
    answers: dict[str, Any],
    today: date | None = None,
) -> FollowUp:
    """Record the survey of the case's follow-up at `months`, inside its window, by a
    reintegration officer of the provider; its scores are stored with the formula's
    version; audited (the detail names the follow-up, not the answers)."""
    if not user.has_role(Role.reintegration_officer) or not access.is_provider_side(user, case):
        raise Forbidden(_("Only the provider's reintegration officers record follow-ups."))
    today = today or utcnow().date()
    statement = select(FollowUp).where(FollowUp.case_id == case.id, FollowUp.months == months)
    follow_up = session.scalar(lock_for_update(statement, session))
    if follow_up is None:
        raise NotFound(_("No follow-up at {months} months for this case.", months=months))
    if case.status == CaseStatus.withdrawn.value:
        raise Conflict(_("The case was withdrawn: no follow-up is recorded."))
    if follow_up.status != DUE:
        raise Conflict(_("This follow-up is {status} already.", status=follow_up.status))
    if today < opens_on(case, follow_up):
        opens = opens_on(case, follow_up).isoformat()
        raise Conflict(_("This follow-up's window opens on {day}.", day=opens))
    if today > follow_up.window_ends:
        raise Conflict(_("This follow-up's window has closed: it is missed."))
    rules = programme.get(case.programme_code)
    scores = scoring.score(rules, answers)
    follow_up.answers = {key: value for key, value in answers.items() if value is not None}
    follow_up.scores = scores.as_json()
    follow_up.formula_version = scores.version
    follow_up.status = FollowUpStatus.completed.value
    follow_up.completed_by_id, follow_up.completed_at = user.id, utcnow()
    session.flush()
    _audit(session, user, "reintegration.follow_up", case, months=months, version=scores.version)
    retention.settle(session=session, case=case)
    return follow_up


def sweep(
    *, session: Session, today: date | None = None, limit: int | None = None
) -> list[FollowUp]:
    """Mark missed the follow-ups whose window closed before `today` without a survey, on
    cases not withdrawn (at most `limit`); each audited for the provider as a system step."""
    today = today or utcnow().date()
    statement = (
        select(FollowUp)
        .join(ReintegrationCase, ReintegrationCase.id == FollowUp.case_id)
        .where(
            FollowUp.status == DUE,
            FollowUp.window_ends < today,
            ReintegrationCase.status != CaseStatus.withdrawn.value,
        )
        .order_by(FollowUp.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    missed = list(session.scalars(lock_for_update(statement, session)))
    for follow_up in missed:
        follow_up.status = FollowUpStatus.missed.value
        case = session.get_one(ReintegrationCase, follow_up.case_id)
        audit.record_for(
            session=session,
            authority_ids=[case.provider_authority_id],
            action="reintegration.follow_up_missed",
            entity="reintegration_case",
            entity_id=case.reference,
            detail={
                "case": case.reference,
                "reference": case.reference,
                "months": follow_up.months,
            },
        )
        session.flush()
        retention.settle(session=session, case=case)
    return missed


def sweep_all(*, session_factory: Any, today: date | None = None) -> int:
    """Run the sweep in transactions of SWEEP_BATCH follow-ups until none is left; how many
    were marked missed. `session_factory` opens one transaction (database.core.transaction)."""
    total = 0
    while True:
        with session_factory() as session:
            count = len(sweep(session=session, today=today, limit=SWEEP_BATCH))
        total += count
        if count < SWEEP_BATCH:
            return total


def queue(
    *, session: Session, user: User, today: date | None = None
) -> list[tuple[FollowUp, ReintegrationCase]]:
    """The provider's follow-ups to act on: due ones whose window is open by `today`, and
    missed ones; soonest first."""
    if not user.has_role(Role.reintegration_officer):
        raise Forbidden(_("Only reintegration officers have a follow-up queue."))
    today = today or utcnow().date()
    widest = max(p.follow_up.window_days for p in programme.programmes().values())
    rows = session.execute(
        select(FollowUp, ReintegrationCase)
        .join(ReintegrationCase, ReintegrationCase.id == FollowUp.case_id)
        .where(
            access.visible_cases(user),
            ReintegrationCase.provider_authority_id == user.authority_id,
            ReintegrationCase.status != CaseStatus.withdrawn.value,
            FollowUp.status.in_([DUE, FollowUpStatus.missed.value]),
            FollowUp.due_on <= today + timedelta(days=widest),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
    ).all()
    found = [
        (follow_up, case)
        for follow_up, case in rows
        if follow_up.status != DUE or opens_on(case, follow_up) <= today
    ]
    return found[:MAX_QUEUE]
