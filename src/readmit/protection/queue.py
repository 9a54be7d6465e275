"""The protection officers' list of decisions due: screenings to decide, reflection periods
that have ended, "not a national" rejections to refer, claims with no new application yet."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Executable, exists, select
from sqlalchemy.orm import Session, aliased

from readmit.applications.enums import TERMINAL
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.errors import Forbidden
from readmit.i18n import _
from readmit.protection import service as protection
from readmit.protection.conditions import awaiting_statelessness_decision
from readmit.protection.models import (
    DueKind,
    ProtectionFlag,
    ProtectionKind,
    StatelessnessDecision,
    StatelessnessOutcome,
    TraffickingScreening,
)
from readmit.tenancy.service import visible_to
from readmit.verification.models import Decision, DecisionKind


@dataclass(frozen=True)
class DueItem:
    """One case and what a protection officer must decide on it, since when."""

    application: Application
    due: DueKind
    since: date


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def decisions_due(*, session: Session, user: User, today: date | None = None) -> list[DueItem]:
    """The requesting state's cases waiting for a protection officer, longest waiting first."""
    if not user.has_role(*protection.PROTECTION_ROLES):
        raise Forbidden(_("only protection officers and supervisors see the decisions due"))
    today = today or utcnow().date()
    own = visible_to(user) & (Application.requesting_state == user.state_code)
    running = own & Application.status.not_in(TERMINAL)
    later = aliased(StatelessnessDecision)
    queries: list[tuple[DueKind, Executable]] = [
        (
            DueKind.trafficking_screening,
            select(Application, TraffickingScreening.opened_at)
            .join(TraffickingScreening, TraffickingScreening.application_id == Application.id)
            .where(running, TraffickingScreening.decided_at.is_(None)),
        ),
        (
            DueKind.reflection_period_ended,
            select(Application, ProtectionFlag.reflection_ends_on)
            .join(ProtectionFlag, ProtectionFlag.application_id == Application.id)
            .where(
                running,
                ProtectionFlag.kind == ProtectionKind.trafficking_victim,
                ProtectionFlag.cleared_at.is_(None),
                ProtectionFlag.reflection_ends_on <= today,
            ),
        ),
        (
            DueKind.not_a_national,
            select(Application, Decision.decided_at)
            .join(Decision, Decision.application_id == Application.id)
            .where(own, Decision.kind == DecisionKind.reject, awaiting_statelessness_decision()),
        ),
        (
            DueKind.claimed,
            select(Application, StatelessnessDecision.decided_at)
            .join(StatelessnessDecision, StatelessnessDecision.application_id == Application.id)
            .where(
                own,
                StatelessnessDecision.outcome == StatelessnessOutcome.claimed,
                StatelessnessDecision.follow_up_id.is_(None),
                # A later decision on the same case replaces this one.
                ~exists().where(
                    later.application_id == StatelessnessDecision.application_id,
                    later.id > StatelessnessDecision.id,
                ),
            ),
        ),
    ]
    items = [
        DueItem(application, due, _day(since))
        for due, query in queries
        for application, since in session.execute(query)
    ]
    items.sort(key=lambda item: (item.since, item.application.id))
    audit.record(
        session=session,
        actor=user,
        action="protection.queue_read",
        entity="application",
        detail={"count": len(items)},
    )
    return items
