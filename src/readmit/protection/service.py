"""Open and clear protection flags; an open flag suspends the case."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications import lifecycle
from readmit.applications.enums import SUSPENDABLE, Status
from readmit.applications.models import Application, TimelineEvent
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.protection.models import ProtectionFlag, ProtectionKind
from readmit.tenancy.service import is_requesting_side

PROTECTION_ROLES = (Role.protection_officer, Role.supervisor)


def _require_protection_officer(user: User, application: Application) -> None:
    # Requested-state users get NotFound: even the existence of this panel is not theirs to see.
    if not is_requesting_side(user, application):
        raise NotFound("no such application")
    if not user.has_role(*PROTECTION_ROLES):
        raise Forbidden("only protection officers and supervisors manage protection flags")


def can_view(user: User, application: Application) -> bool:
    """Protection data is for the requesting state's officers only."""
    return is_requesting_side(user, application) and user.has_role(
        Role.protection_officer, Role.supervisor, Role.case_officer
    )


def list_flags(*, session: Session, user: User, application: Application) -> list[ProtectionFlag]:
    """Flags on an application, for requesting-side officers; audited as a read."""
    if not is_requesting_side(user, application):
        raise NotFound("no such application")
    if not can_view(user, application):
        raise Forbidden("your role may not see protection data")
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
    """Record a claim or hold; the case is suspended from whatever status it has reached."""
    _require_protection_officer(user, application)
    lifecycle.lock(session=session, application=application)
    if application.status not in SUSPENDABLE and application.status != Status.suspended:
        raise Conflict(f"the case is {application.status}; nothing left to hold")
    flag = ProtectionFlag(application_id=application.id, kind=kind, note=note, opened_by_id=user.id)
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
        detail={"kind": kind},
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
    _require_protection_officer(user, application)
    lifecycle.lock(session=session, application=application)
    flag = session.get(ProtectionFlag, flag_id)
    if flag is None or flag.application_id != application.id:
        raise NotFound("no such protection flag")
    if not flag.is_open:
        raise Conflict("this flag is already cleared")
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
