"""Trafficking screening at intake: indicators ticked on the new application route the case to
the requesting state's protection officers, and it is not sent until one of them decides.

A presumed victim gets a trafficking flag whose recovery and reflection period (EU Directive
2004/81/EC art. 6; the agreement's `reflection_period_days`) is shown to the requesting side;
the flag does not lift when the period ends, a protection officer clears it.
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications import lifecycle
from readmit.applications.enums import Status
from readmit.applications.models import Application, TimelineEvent
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.i18n import _
from readmit.protection import service as protection
from readmit.protection.models import (
    ProtectionKind,
    ScreeningOutcome,
    TraffickingIndicator,
    TraffickingScreening,
)
from readmit.tenancy.service import is_requesting_side

SCREENERS = (Role.case_officer, Role.supervisor, Role.protection_officer)


def screen(
    *,
    session: Session,
    user: User,
    application: Application,
    indicators: Iterable[TraffickingIndicator],
    note: str = "",
) -> TraffickingScreening | None:
    """Record the indicators ticked at intake (none ticked: nothing to record); the draft
    cannot be submitted until a protection officer decides."""
    ticked = [i.value for i in TraffickingIndicator if i in set(indicators)]
    if not ticked:
        return None
    if not is_requesting_side(user, application):
        raise NotFound(_("no such application"))
    if not user.has_role(*SCREENERS):
        raise Forbidden(_("only the requesting state's officers screen an application"))
    lifecycle.lock(session=session, application=application)
    if application.status != Status.draft:
        raise Conflict(_("trafficking indicators are screened at intake, before submission"))
    screening = TraffickingScreening(
        application_id=application.id, indicators=ticked, note=note, opened_by_id=user.id
    )
    session.add(screening)
    session.flush()
    session.add(
        TimelineEvent(
            application_id=application.id,
            actor_id=user.id,
            action="trafficking_screening",
            requesting_side_only=True,
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="protection.screening_open",
        entity="trafficking_screening",
        entity_id=screening.id,
        application_id=application.id,
        detail={"indicators": ticked},
    )
    return screening


def list_screenings(
    *, session: Session, user: User, application: Application
) -> list[TraffickingScreening]:
    """The case's screenings, oldest first, for those who see protection data; audited."""
    protection.require_viewer(user, application)
    found = list(
        session.scalars(
            select(TraffickingScreening)
            .where(TraffickingScreening.application_id == application.id)
            .order_by(TraffickingScreening.id)
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="protection.screening_read",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
    )
    return found


def decide(
    *,
    session: Session,
    user: User,
    application: Application,
    screening_id: int,
    outcome: ScreeningOutcome,
    reason: str,
) -> TraffickingScreening:
    """A protection officer's decision: a presumed victim gets a trafficking flag with its
    reflection period (the case is suspended); "no indicators confirmed" keeps the reason and
    lets the case be submitted."""
    protection.require_protection_officer(user, application)
    lifecycle.lock(session=session, application=application)
    screening = session.get(TraffickingScreening, screening_id)
    if screening is None or screening.application_id != application.id:
        raise NotFound(_("no such screening"))
    if not screening.is_open:
        raise Conflict(_("this screening has already been decided"))
    if outcome == ScreeningOutcome.presumed_victim:
        flag = protection.open_flag(
            session=session,
            user=user,
            application=application,
            kind=ProtectionKind.trafficking_victim,
            note=reason,
        )
        screening.flag_id = flag.id
    screening.outcome, screening.reason = outcome, reason
    screening.decided_by_id, screening.decided_at = user.id, utcnow()
    session.add(
        TimelineEvent(
            application_id=application.id,
            actor_id=user.id,
            action="screening_decision",
            reason_code=outcome,
            note=reason,
            requesting_side_only=True,
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="protection.screening_decide",
        entity="trafficking_screening",
        entity_id=screening.id,
        application_id=application.id,
        detail={"outcome": outcome},
    )
    session.flush()
    return screening
