"""Reading reintegration cases through the one scoping filter, and the case's steps (accept,
close, withdraw), each audited in the caller's transaction."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import NotFound
from readmit.i18n import _
from readmit.reintegration import access, consent, followups, lifecycle, referral, retention
from readmit.reintegration.lifecycle import Step
from readmit.reintegration.models import CaseStatus, ReintegrationCase
from readmit.reintegration.schemas import CasePublic
from readmit.tenancy.models import Authority

MAX_PAGE = 200


def get(*, session: Session, user: User, reference: str) -> ReintegrationCase:
    """A case the user may see; 403 for a role that sees none, NotFound otherwise."""
    access.require_case_reader(user)
    found = session.scalar(
        select(ReintegrationCase).where(
            ReintegrationCase.reference == reference, access.visible_cases(user)
        )
    )
    if found is None:
        raise NotFound(_("No reintegration case {reference}.", reference=reference))
    return found


def search(
    *,
    session: Session,
    user: User,
    status: CaseStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ReintegrationCase], int]:
    """The cases the user may see, newest first, and how many there are."""
    access.require_case_reader(user)
    filters = [access.visible_cases(user)]
    if status is not None:
        filters.append(ReintegrationCase.status == status.value)
    total = session.scalar(select(func.count()).select_from(ReintegrationCase).where(*filters))
    rows = session.scalars(
        select(ReintegrationCase)
        .where(*filters)
        .order_by(ReintegrationCase.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows), total or 0


def audit_case(
    session: Session, user: User, action: str, case: ReintegrationCase, **detail: Any
) -> None:
    """Audit a step on or a read of the case, filed with the actor's authority; the detail
    names the case, never an assessment's content."""
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="reintegration_case",
        entity_id=case.reference,
        detail={"case": case.reference, "reference": case.reference, **detail},
    )


def record_read(*, session: Session, user: User, case: ReintegrationCase) -> None:
    """Audit a read of the case."""
    audit_case(session, user, "reintegration.case_read", case)


def lock(session: Session, case: ReintegrationCase) -> ReintegrationCase:
    """The case, locked against a concurrent step (PostgreSQL; SQLite serialises)."""
    statement = select(ReintegrationCase).where(ReintegrationCase.id == case.id)
    locked = lock_for_update(statement, session).execution_options(populate_existing=True)
    return session.scalars(locked).one()


def step(
    *,
    session: Session,
    user: User,
    case: ReintegrationCase,
    step: Step,
    note: str = "",
    now: datetime | None = None,
) -> ReintegrationCase:
    """Accept, close or withdraw the case as the lifecycle table allows; audited."""
    now = now or utcnow()
    case = lock(session, case)
    lifecycle.move(case=case, step=step, user=user)
    if step is Step.accept:
        case.accepted_at = now
    else:
        case.closed_at = now
    session.flush()
    # An active case's follow-ups fall due from arrival; an ended one's records are kept
    # as long as the programme says.
    if step is Step.accept:
        followups.schedule(session=session, case=case)
    else:
        retention.settle(session=session, case=case)
    audit_case(session, user, f"reintegration.case_{step.value}", case, note=note)
    return case


def public(*, session: Session, user: User, case: ReintegrationCase) -> CasePublic:
    """The case as this user may see it: the assessment through `consented_view` for both
    sides (the requesting state sees what the provider sees); the application only for the
    requesting state."""
    authority = session.get(Authority, case.provider_authority_id)
    granted = consent.granted_fields(session=session, application_id=case.application_id)
    return CasePublic(
        reference=case.reference,
        status=CaseStatus(case.status),
        requesting_state=case.requesting_state,
        requested_state=case.requested_state,
        provider_id=case.provider_authority_id,
        provider=authority.name if authority else "",
        programme=case.programme_code,
        region=case.region,
        referred_at=case.referred_at,
        accepted_at=case.accepted_at,
        closed_at=case.closed_at,
        consented=sorted(granted),
        assessment=referral.consented_view(session=session, case=case),
        application_id=None if access.is_provider_side(user, case) else case.application_id,
        allowed=[s.value for s in lifecycle.open_to(case, user)],
    )
