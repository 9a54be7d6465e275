"""Open and clear protection flags; an open flag suspends the case."""

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.schemas import DEFAULT_REFLECTION_DAYS
from readmit.applications import lifecycle
from readmit.applications.enums import SUSPENDABLE, Status
from readmit.applications.models import Application, TimelineEvent
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.i18n import _
from readmit.protection.models import ProtectionFlag, ProtectionKind
from readmit.tenancy.service import is_requesting_side

PROTECTION_ROLES = (Role.protection_officer, Role.supervisor)
VIEWER_ROLES = (Role.protection_officer, Role.supervisor, Role.case_officer)


def require_protection_officer(user: User, application: Application) -> None:
    """Refuse anyone but the requesting state's protection officers and supervisors."""
    # Requested-state users get NotFound: even the existence of this panel is not theirs to see.
    if not is_requesting_side(user, application):
        raise NotFound(_("no such application"))
    if not user.has_role(*PROTECTION_ROLES):
        raise Forbidden(_("only protection officers and supervisors manage protection flags"))


def can_view(user: User, application: Application) -> bool:
    """Protection data is for the requesting state's officers only."""
    return is_requesting_side(user, application) and user.has_role(*VIEWER_ROLES)


def require_viewer(user: User, application: Application) -> None:
    """Refuse anyone who may not see the case's protection data (the requested state: 404)."""
    if not is_requesting_side(user, application):
        raise NotFound(_("no such application"))
    if not can_view(user, application):
        raise Forbidden(_("your role may not see protection data"))


def reflection_end(*, session: Session, application: Application) -> date:
    """The last day of a recovery and reflection period starting today: the agreement's
    length, or the default."""
    terms = agreements.terms_for(session=session, application=application)
    days = terms.reflection_period_days if terms else DEFAULT_REFLECTION_DAYS
    return utcnow().date() + timedelta(days=days)


def list_flags(*, session: Session, user: User, application: Application) -> list[ProtectionFlag]:
    """Flags on an application, for requesting-side officers; audited as a read."""
    require_viewer(user, application)
    flags = list(
        session.scalars(
            select(ProtectionFlag)
            .where(ProtectionFlag.application_id == application.id)
            .order_by(ProtectionFlag.id)
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="protection.read",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
    )
    return flags


def open_flag(
    *, session: Session, user: User, application: Application, kind: ProtectionKind, note: str
) -> ProtectionFlag:
    """Record a claim or hold; the case is suspended from whatever status it has reached.
    A presumed victim of trafficking's flag carries the end of the reflection period."""
    require_protection_officer(user, application)
    lifecycle.lock(session=session, application=application)
    if application.status not in SUSPENDABLE and application.status != Status.suspended:
        raise Conflict(_("the case is {status}; nothing left to hold", status=application.status))
    flag = ProtectionFlag(application_id=application.id, kind=kind, note=note, opened_by_id=user.id)
    if kind == ProtectionKind.trafficking_victim:
        flag.reflection_ends_on = reflection_end(session=session, application=application)
    session.add(flag)
    session.flush()
    session.add(
        TimelineEvent(
            application_id=application.id,
            actor_id=user.id,
            action="protection_flag",
            reason_code=kind,
            requesting_side_only=True,
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="protection.open",
        entity="protection_flag",
        entity_id=flag.id,
        application_id=application.id,
        detail={"kind": kind}
        | ({"reflection_ends_on": str(flag.reflection_ends_on)} if flag.reflection_ends_on else {}),
    )
    if application.status in SUSPENDABLE:
        # The requested state learns only that the requesting state suspended the case.
        lifecycle.apply(
            session=session,
            application=application,
            action="suspend",
            actor=user,
            reason_code="suspended_by_requesting_state",
        )
        audit.record(
            session=session,
            actor=user,
            action="application.suspend",
            entity="application",
            entity_id=application.id,
            application_id=application.id,
        )
    return flag


def clear_flag(
    *, session: Session, user: User, application: Application, flag_id: int, reason: str
) -> ProtectionFlag:
    """Close a flag with a reason; the case stays suspended until an officer resumes it."""
    require_protection_officer(user, application)
    lifecycle.lock(session=session, application=application)
    flag = session.get(ProtectionFlag, flag_id)
    if flag is None or flag.application_id != application.id:
        raise NotFound(_("no such protection flag"))
    if not flag.is_open:
        raise Conflict(_("this flag is already cleared"))
    flag.cleared_at, flag.cleared_by_id, flag.clear_reason = utcnow(), user.id, reason
    session.add(
        TimelineEvent(
            application_id=application.id,
            actor_id=user.id,
            action="protection_clear",
            reason_code=flag.kind,
            note=reason,
            requesting_side_only=True,
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="protection.clear",
        entity="protection_flag",
        entity_id=flag.id,
        application_id=application.id,
        detail={"kind": flag.kind},
    )
    return flag
