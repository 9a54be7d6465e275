"""A case's plan of services: what (a service type of the programme), by whom, the budget in
minor units of an ISO 4217 currency, the dates, the status and the progress. Everyone who
sees the case reads it; only the provider's reintegration officers add and change services.
Every change is audited in the caller's transaction, naming the fields, not their values."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.reintegration import access, programme
from readmit.reintegration.followup_schemas import ServiceCreate, ServiceUpdate
from readmit.reintegration.lifecycle import STATUS_LABELS
from readmit.reintegration.models import CaseStatus, ReintegrationCase, Service, ServiceStatus

OPEN_CASES = (CaseStatus.referred.value, CaseStatus.active.value)
ENDED = (ServiceStatus.completed.value, ServiceStatus.cancelled.value)
MAX_SERVICES = 50


def require_provider_officer(user: User, case: ReintegrationCase) -> None:
    """403 unless the user is a reintegration officer of the case's provider."""
    if not user.has_role(Role.reintegration_officer) or not access.is_provider_side(user, case):
        raise Forbidden(_("Only the provider's reintegration officers change the plan."))


def services(*, session: Session, case: ReintegrationCase) -> list[Service]:
    """The case's services, in the order they were added."""
    return list(
        session.scalars(select(Service).where(Service.case_id == case.id).order_by(Service.id))
    )


def progress(items: list[Service]) -> int | None:
    """The plan's progress: the mean of its services' progress, cancelled ones left out."""
    counted = [s.progress for s in items if s.status != ServiceStatus.cancelled.value]
    return round(sum(counted) / len(counted)) if counted else None


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


def _check_open(case: ReintegrationCase) -> None:
    if case.status not in OPEN_CASES:
        status = _(STATUS_LABELS[CaseStatus(case.status)])
        raise Conflict(_("The case is {status}: its plan no longer changes.", status=status))


def _check_dates(service: Service) -> None:
    if service.starts_on and service.ends_on and service.ends_on < service.starts_on:
        raise Invalid([FieldProblem(("body", "ends_on"), _("ends before it starts"))])


def add(
    *, session: Session, user: User, case: ReintegrationCase, payload: ServiceCreate
) -> Service:
    """Add a service of one of the programme's types to an open case's plan; audited."""
    require_provider_officer(user, case)
    _check_open(case)
    rules = programme.get(case.programme_code)
    if rules.service_type(payload.service_type) is None:
        known = ", ".join(s.key for s in rules.service_types)
        problem = _("not a service of this programme; choose one of: {known}", known=known)
        raise Invalid([FieldProblem(("body", "service_type"), problem)])
    if len(services(session=session, case=case)) >= MAX_SERVICES:
        raise Conflict(_("A plan holds at most {n} services.", n=MAX_SERVICES))
    service = Service(case_id=case.id, **payload.model_dump())
    _check_dates(service)
    session.add(service)
    session.flush()
    _audit(
        session,
        user,
        "reintegration.service_add",
        case,
        service=service.id,
        service_type=service.service_type,
    )
    return service


def get_service(*, session: Session, case: ReintegrationCase, service_id: int) -> Service:
    """One service of the case's plan, locked against a concurrent change; NotFound else."""
    statement = select(Service).where(Service.id == service_id, Service.case_id == case.id)
    found = session.scalar(lock_for_update(statement, session))
    if found is None:
        raise NotFound(_("No service {id} in this plan.", id=service_id))
    return found


def update(
    *,
    session: Session,
    user: User,
    case: ReintegrationCase,
    service_id: int,
    payload: ServiceUpdate,
) -> Service:
    """Change a service that has not ended; completing it sets its progress to 100; audited
    with the names of the fields changed."""
    require_provider_officer(user, case)
    _check_open(case)
    service = get_service(session=session, case=case, service_id=service_id)
    if service.status in ENDED:
        raise Conflict(_("The service is {status}: it no longer changes.", status=service.status))
    changed = sorted(payload.model_fields_set)
    for name in changed:
        value = getattr(payload, name)
        if value is None and name not in ("starts_on", "ends_on"):
            raise Invalid([FieldProblem(("body", name), _("required"))])
        setattr(service, name, value.value if name == "status" else value)
    if service.status == ServiceStatus.completed.value:
        service.progress = 100
    _check_dates(service)
    service.updated_at = utcnow()
    session.flush()
    _audit(
        session,
        user,
        "reintegration.service_update",
        case,
        service=service.id,
        fields=", ".join(changed),
    )
    return service
