"""Consular interviews on a case: the requesting state's officers ask for one, the requested
state's verifiers grant it (a date and a place), hold it or refuse it (a reason). Both states
see every interview; none of it is protection data. Counted per corridor for the statistics."""

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.applications import lifecycle
from readmit.applications.enums import TERMINAL
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.interviews.models import OPEN, Interview, InterviewDecision, InterviewStatus
from readmit.interviews.schemas import (
    CorridorCounts,
    InterviewCreate,
    InterviewDecisionIn,
    InterviewDecisionPublic,
    InterviewPublic,
)
from readmit.labels import in_sentence, label
from readmit.tenancy.service import visible_to
from readmit.transfers.models import CharterAcceptance, Transfer

REQUESTERS = (Role.case_officer, Role.supervisor)
DECIDERS = (Role.verifier, Role.supervisor)
OUTCOME = {
    "grant": InterviewStatus.granted,
    "hold": InterviewStatus.held,
    "refuse": InterviewStatus.refused,
}


def may_request(user: User, application: Application) -> bool:
    """The requesting state's case officers and supervisors ask for interviews."""
    return user.state_code == application.requesting_state and user.has_role(*REQUESTERS)


def may_decide(user: User, application: Application) -> bool:
    """The requested state's verifiers and supervisors answer them."""
    return user.state_code == application.requested_state and user.has_role(*DECIDERS)


def _not_past(value: date, field: str, today: date) -> None:
    if value < today:
        message = _("{date} has passed", date=value.isoformat())
        raise Invalid([FieldProblem((field,), message)])


def list_for(*, session: Session, application: Application) -> list[Interview]:
    """The case's interviews, oldest first."""
    return list(
        session.scalars(
            select(Interview)
            .where(Interview.application_id == application.id)
            .order_by(Interview.id)
        )
    )


def request(
    *,
    session: Session,
    user: User,
    application: Application,
    payload: InterviewCreate,
    today: date | None = None,
) -> Interview:
    """Ask the requested state for an interview on a submitted, running case; one at a time."""
    if not may_request(user, application):
        raise Forbidden(_("only the requesting state's case officers request interviews"))
    lifecycle.lock(session=session, application=application)
    if application.submitted_at is None or application.status in TERMINAL:
        raise Conflict(_("interviews are requested on a submitted case that is still running"))
    if any(i.status in OPEN for i in list_for(session=session, application=application)):
        raise Conflict(_("an interview is already waiting for an answer on this case"))
    _not_past(payload.proposed_date, "proposed_date", today or utcnow().date())
    interview = Interview(
        application_id=application.id,
        proposed_date=payload.proposed_date,
        proposed_place=payload.proposed_place,
        note=payload.note,
        requested_by_id=user.id,
    )
    session.add(interview)
    session.flush()
    _audit(session, user, interview, "interview.request")
    return interview


def get(*, session: Session, application: Application, interview_id: int) -> Interview:
    """An interview of this (already visible) case, or NotFound."""
    interview = session.get(Interview, interview_id)
    if interview is None or interview.application_id != application.id:
        raise NotFound(_("no such interview"))
    return interview


def decide(
    *,
    session: Session,
    user: User,
    application: Application,
    interview: Interview,
    payload: InterviewDecisionIn,
    today: date | None = None,
) -> Interview:
    """Grant, hold or refuse a waiting interview; a held one can still be granted or
    refused, a granted or refused one is final."""
    if not may_decide(user, application):
        raise Forbidden(_("only the requested state's verifiers answer interview requests"))
    lifecycle.lock(session=session, application=application)
    session.refresh(interview)
    allowed = ["grant", "hold", "refuse"] if interview.status == InterviewStatus.requested else []
    if interview.status == InterviewStatus.held:
        allowed = ["grant", "refuse"]
    if payload.decision not in allowed:
        raise Conflict(
            _(
                "the interview is {status}: this answer is not possible",
                status=in_sentence(label(interview.status, "interview")),
            ),
            allowed=allowed,
        )
    if payload.interview_date is not None:
        _not_past(payload.interview_date, "interview_date", today or utcnow().date())
    interview.decisions.append(
        InterviewDecision(
            decision=OUTCOME[payload.decision].value,
            interview_date=payload.interview_date,
            interview_place=payload.interview_place,
            reason=payload.reason,
            decided_by_id=user.id,
        )
    )
    interview.status = OUTCOME[payload.decision].value
    session.flush()
    _audit(session, user, interview, f"interview.{payload.decision}")
    return interview


def _signed(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return f"{user.full_name} ({user.authority.name})" if user else "—"


def to_public(*, session: Session, interview: Interview) -> InterviewPublic:
    """The interview with who asked and who decided."""
    return InterviewPublic(
        id=interview.id,
        application_id=interview.application_id,
        status=interview.status,
        proposed_date=interview.proposed_date,
        proposed_place=interview.proposed_place,
        note=interview.note,
        requested_at=interview.requested_at,
        requested_by=_signed(session, interview.requested_by_id),
        decisions=[
            InterviewDecisionPublic(
                decision=d.decision,
                interview_date=d.interview_date,
                interview_place=d.interview_place,
                reason=d.reason,
                decided_at=d.decided_at,
                decided_by=_signed(session, d.decided_by_id),
            )
            for d in interview.decisions
        ],
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def counts(
    *, session: Session, user: User, requesting: str, requested: str, start: date, end: date
) -> CorridorCounts:
    """Interviews requested and decided, and charters accepted or refused, in one corridor
    from `start` (included) to `end` (excluded), by the day each happened; only what the
    user's state may see."""
    since, until = _midnight(start), _midnight(end)
    corridor = (
        Application.requesting_state == requesting,
        Application.requested_state == requested,
        visible_to(user),
    )
    requested_count = session.scalar(
        select(func.count(Interview.id))
        .join(Application, Application.id == Interview.application_id)
        .where(*corridor, Interview.requested_at >= since, Interview.requested_at < until)
    )
    decided: dict[str, int] = dict(
        session.execute(
            select(InterviewDecision.decision, func.count(InterviewDecision.id))
            .join(Interview, Interview.id == InterviewDecision.interview_id)
            .join(Application, Application.id == Interview.application_id)
            .where(
                *corridor,
                InterviewDecision.decided_at >= since,
                InterviewDecision.decided_at < until,
            )
            .group_by(InterviewDecision.decision)
        ).all()
    )
    charters: dict[bool, int] = {}
    if user.state_code in (requesting, requested):
        charters = dict(
            session.execute(
                select(CharterAcceptance.accepted, func.count(CharterAcceptance.id))
                .join(Transfer, Transfer.id == CharterAcceptance.transfer_id)
                .where(
                    Transfer.requesting_state == requesting,
                    Transfer.requested_state == requested,
                    CharterAcceptance.decided_at >= since,
                    CharterAcceptance.decided_at < until,
                )
                .group_by(CharterAcceptance.accepted)
            ).all()
        )
    return CorridorCounts(
        interviews_requested=requested_count or 0,
        interviews_granted=decided.get(InterviewStatus.granted.value, 0),
        interviews_held=decided.get(InterviewStatus.held.value, 0),
        interviews_refused=decided.get(InterviewStatus.refused.value, 0),
        charters_accepted=charters.get(True, 0),
        charters_refused=charters.get(False, 0),
    )


def _audit(session: Session, user: User, interview: Interview, action: str) -> None:
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="interview",
        entity_id=interview.id,
        application_id=interview.application_id,
        detail={"status": interview.status},
    )
