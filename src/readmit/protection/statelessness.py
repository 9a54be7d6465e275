"""Statelessness: a person the requested state rejects as "not a national" is not left in limbo.

The requesting state's protection officers see the case on their list until one of them
records either a referral to statelessness determination (a stateless-person flag, which
blocks removal and any new application to another state while it is open) or the state that
claims the person, to which a case officer then starts a new application linked to this one.
The requested state's rejection stands: it sees the case as for any other hold.
"""

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from readmit.applications import lifecycle
from readmit.applications import service as applications
from readmit.applications.models import Application, TimelineEvent
from readmit.applications.schemas import ApplicationCreate, DocumentIn, PersonIn
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.protection import service as protection
from readmit.protection.conditions import awaiting_statelessness_decision, rejected_as_not_national
from readmit.protection.models import (
    ProtectionFlag,
    ProtectionKind,
    StatelessnessDecision,
    StatelessnessOutcome,
)
from readmit.tenancy.models import State
from readmit.tenancy.service import is_requesting_side

STARTERS = (Role.case_officer, Role.supervisor)


@dataclass(frozen=True)
class Standing:
    """Where a case stands on statelessness, for those who see protection data."""

    rejected_as_not_national: bool
    awaiting_decision: bool
    referral_open: bool
    decisions: list[StatelessnessDecision]
    follow_up_of: Application | None
    follow_up: Application | None

    @property
    def latest(self) -> StatelessnessDecision | None:
        """The decision that counts now."""
        return self.decisions[-1] if self.decisions else None

    @property
    def may_decide(self) -> bool:
        """A referral or claim may be recorded: rejected as not a national, no referral open
        and no new application started."""
        latest = self.latest
        started = latest is not None and latest.follow_up_id is not None
        return self.rejected_as_not_national and not self.referral_open and not started

    @property
    def may_start_follow_up(self) -> bool:
        """Another state claims the person and no application to it has been started."""
        latest = self.latest
        return (
            not self.referral_open
            and latest is not None
            and latest.outcome == StatelessnessOutcome.claimed
            and latest.follow_up_id is None
        )


def standing(*, session: Session, user: User, application: Application) -> Standing:
    """The case's statelessness standing; audited as a read of protection data."""
    protection.require_viewer(user, application)
    rejected = _holds(session, application, rejected_as_not_national())
    awaiting = _holds(session, application, awaiting_statelessness_decision())
    decisions = _decisions(session, application)
    source = session.scalar(
        select(Application)
        .join(StatelessnessDecision, StatelessnessDecision.application_id == Application.id)
        .where(StatelessnessDecision.follow_up_id == application.id)
    )
    latest = decisions[-1] if decisions else None
    follow_up = (
        session.get(Application, latest.follow_up_id) if latest and latest.follow_up_id else None
    )
    audit.record(
        session=session,
        actor=user,
        action="protection.statelessness_read",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
    )
    referral_open = _open_stateless_flag(session, application) is not None
    return Standing(rejected, awaiting, referral_open, decisions, source, follow_up)


def _holds(session: Session, application: Application, condition: ColumnElement[bool]) -> bool:
    """Whether the condition is true of this case."""
    found = session.scalar(
        select(Application.id).where(Application.id == application.id, condition)
    )
    return found is not None


def _decisions(session: Session, application: Application) -> list[StatelessnessDecision]:
    return list(
        session.scalars(
            select(StatelessnessDecision)
            .where(StatelessnessDecision.application_id == application.id)
            .order_by(StatelessnessDecision.id)
        )
    )


def _open_stateless_flag(session: Session, application: Application) -> ProtectionFlag | None:
    return session.scalars(
        select(ProtectionFlag).where(
            ProtectionFlag.application_id == application.id,
            ProtectionFlag.kind == ProtectionKind.stateless,
            ProtectionFlag.cleared_at.is_(None),
        )
    ).first()


def claimable_states(*, session: Session, application: Application) -> list[State]:
    """The states that may be recorded as claiming the person: any but the two parties."""
    parties = (application.requesting_state, application.requested_state)
    return list(
        session.scalars(select(State).where(State.code.not_in(parties)).order_by(State.code))
    )


def decide(
    *,
    session: Session,
    user: User,
    application: Application,
    outcome: StatelessnessOutcome,
    referred_on: date | None = None,
    claiming_state: str | None = None,
    note: str = "",
) -> StatelessnessDecision:
    """Record a referral to statelessness determination (opening a stateless-person hold) or
    the state that claims the person."""
    protection.require_protection_officer(user, application)
    lifecycle.lock(session=session, application=application)
    if not _holds(session, application, rejected_as_not_national()):
        raise Conflict(
            _(
                "the requested state has not rejected this person as not its national; "
                "record other grounds as a protection flag"
            )
        )
    if _open_stateless_flag(session, application) is not None:
        raise Conflict(_("the person is already referred to statelessness determination"))
    earlier = _decisions(session, application)
    if earlier and earlier[-1].follow_up_id is not None:
        raise Conflict(_("a new application to the claiming state has already been started"))
    row = StatelessnessDecision(
        application_id=application.id, outcome=outcome, note=note, decided_by_id=user.id
    )
    if outcome == StatelessnessOutcome.referred:
        row.referred_on = referred_on or utcnow().date()
        flag = protection.open_flag(
            session=session,
            user=user,
            application=application,
            kind=ProtectionKind.stateless,
            note=f"Referred to statelessness determination on {row.referred_on.isoformat()}."
            + (f" {note}" if note else ""),
        )
        row.flag_id = flag.id
    else:
        if claiming_state in (application.requested_state, application.requesting_state):
            raise Invalid(
                [FieldProblem(("claiming_state",), _("name a state other than the two parties"))]
            )
        if claiming_state is None or session.get(State, claiming_state) is None:
            raise Invalid([FieldProblem(("claiming_state",), _("no such state in Readmit"))])
        row.claiming_state = claiming_state
    session.add(row)
    session.flush()
    session.add(
        TimelineEvent(
            application_id=application.id,
            actor_id=user.id,
            action="statelessness_decision",
            reason_code=outcome,
            note=note or None,
            requesting_side_only=True,
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="protection.statelessness_decide",
        entity="statelessness_decision",
        entity_id=row.id,
        application_id=application.id,
        detail={"outcome": outcome, "claiming_state": row.claiming_state},
    )
    return row


def start_follow_up(*, session: Session, user: User, application: Application) -> Application:
    """A new draft application, with the same particulars, to the state that claims the
    person; the two cases are linked."""
    if not is_requesting_side(user, application):
        raise NotFound(_("no such application"))
    if not user.has_role(*STARTERS):
        raise Forbidden(_("only case officers and supervisors open applications"))
    lifecycle.lock(session=session, application=application)
    if _open_stateless_flag(session, application) is not None:
        raise Conflict(
            _(
                "the person is referred to statelessness determination: no return to any state "
                "while that hold is open"
            )
        )
    decisions = _decisions(session, application)
    latest = decisions[-1] if decisions else None
    if latest is None or latest.outcome != StatelessnessOutcome.claimed:
        raise Conflict(_("no other state has been recorded as claiming the person"))
    if latest.follow_up_id is not None:
        raise Conflict(_("a new application to the claiming state has already been started"))
    # The particulars as entered: what intake checks added to the documents is not input.
    recorded = applications.person_of(application).model_dump(mode="json")
    person = {k: v for k, v in recorded.items() if k in PersonIn.model_fields}
    person["documents"] = [
        {k: v for k, v in d.items() if k in DocumentIn.model_fields} for d in recorded["documents"]
    ]
    try:
        payload = ApplicationCreate.model_validate(
            {
                "requested_state": latest.claiming_state,
                "procedure": application.procedure,
                "person": person,
            }
        )
    except ValidationError as exc:
        problems = [FieldProblem(tuple(e["loc"]), e["msg"]) for e in exc.errors()]
        raise Invalid(problems) from None
    follow_up, _created = applications.create(session=session, actor=user, payload=payload)
    latest.follow_up_id = follow_up.id
    for case, note in ((application, follow_up.reference), (follow_up, application.reference)):
        session.add(
            TimelineEvent(
                application_id=case.id,
                actor_id=user.id,
                action="follow_up_started" if case is application else "follow_up_of",
                note=note,
                requesting_side_only=True,
            )
        )
    audit.record(
        session=session,
        actor=user,
        action="protection.follow_up",
        entity="application",
        entity_id=follow_up.id,
        application_id=application.id,
        detail={"follow_up": follow_up.reference, "requested_state": follow_up.requested_state},
    )
    session.flush()
    return follow_up
