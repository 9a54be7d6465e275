"""Referral of a returnee to a provider of the requested state: before departure by the
requesting state, or at arrival by the requested state's officer who confirms it. The case
carries the assessment by reference; the provider reads it only through `consented_view`,
which applies the returnee's consent at the moment of reading."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.errors import Conflict, FieldProblem, Invalid
from readmit.i18n import _
from readmit.reintegration import consent
from readmit.reintegration.models import Assessment, ConsentField, Provider, ReintegrationCase
from readmit.reintegration.schemas import ReferralIn, VulnerabilityCategory
from readmit.tenancy.models import Authority

# The requesting state refers before departure, once the requested state has confirmed the
# person (a suspension keeps the status it interrupted); after it, the arrival report does.
REFERRABLE = frozenset({Status.confirmed, Status.travel_document_issued, Status.transfer_scheduled})
KNOWN_CATEGORIES = frozenset(c.value for c in VulnerabilityCategory)


def _provider(session: Session, application: Application, provider_id: int) -> Provider:
    """A provider of the application's requested state, or 422 naming the field."""
    found = session.execute(
        select(Provider, Authority)
        .join(Authority, Authority.id == Provider.authority_id)
        .where(Provider.authority_id == provider_id)
    ).first()
    if found is None or found[1].state_code != application.requested_state:
        problem = _(
            "no reintegration provider {id} in {state}",
            id=provider_id,
            state=application.requested_state,
        )
        raise Invalid([FieldProblem(("body", "provider_id"), problem)])
    return found[0]


def _region(provider: Provider, region: str | None) -> str:
    """The region asked for (one the provider serves), or the provider's only region."""
    regions = list(provider.regions or [])
    if region:
        if regions and region not in regions:
            problem = _("the provider serves {regions}", regions=", ".join(regions))
            raise Invalid([FieldProblem(("body", "region"), problem)])
        return region
    return regions[0] if len(regions) == 1 else ""


def refer(
    *,
    session: Session,
    user: User,
    application: Application,
    payload: ReferralIn,
    at_arrival: bool = False,
    now: datetime | None = None,
) -> ReintegrationCase:
    """Create the reintegration case; audited for the actor's side and, without officer
    names, for the other side. The caller has checked who may refer (the requesting state
    before departure, or the requested state's arrival report)."""
    status = application.status
    if status == Status.suspended:
        status = application.status_before_suspension or status
    if not at_arrival and status not in REFERRABLE:
        raise Conflict(_("The requesting state refers after confirmation and before departure."))
    provider = _provider(session, application, payload.provider_id)
    region = _region(provider, payload.region)
    existing = session.scalar(
        select(ReintegrationCase).where(ReintegrationCase.application_id == application.id)
    )
    if existing is not None:
        raise Conflict(
            _("The returnee was referred already ({reference}).", reference=existing.reference)
        )
    now = now or utcnow()
    case = ReintegrationCase(
        reference=f"pending-{application.id}",  # until the id gives the real one
        application_id=application.id,
        requesting_state=application.requesting_state,
        requested_state=application.requested_state,
        provider_authority_id=provider.authority_id,
        programme_code=provider.programme_code,
        region=region,
        referred_by_id=user.id,
        referred_at=now,
    )
    session.add(case)
    session.flush()
    case.reference = f"RI-{case.requested_state}-{now.year}-{case.id:06d}"
    session.flush()
    detail = {
        "case": case.reference,
        "reference": case.reference,
        "programme": case.programme_code,
        "region": region or "-",
    }
    audit.record(
        session=session,
        actor=user,
        action="reintegration.refer",
        entity="reintegration_case",
        entity_id=case.reference,
        application_id=application.id,
        detail=detail,
    )
    others = {application.requesting_authority_id, provider.authority_id} - {user.authority_id}
    audit.record_for(
        session=session,
        authority_ids=sorted(others),
        action="reintegration.refer",
        entity="reintegration_case",
        entity_id=case.reference,
        detail=detail,
    )
    return case


def _name(application: Application) -> str:
    names = sorted(application.names, key=lambda n: n.position)
    return f"{names[0].given} {names[0].family}".strip() if names else ""


def consented_view(*, session: Session, case: ReintegrationCase) -> dict[str, dict[str, Any]]:
    """The ONE way a provider reads the assessment: the parts whose field the returnee
    consents to at this moment (a withdrawal counts at once), nothing else."""
    granted = consent.granted_fields(session=session, application_id=case.application_id)
    if not granted:
        return {}
    assessment = session.get(Assessment, case.application_id)
    view: dict[str, dict[str, Any]] = {}
    for field in ConsentField:
        if field not in granted:
            continue
        part = dict(getattr(assessment, field.value) or {}) if assessment else {}
        if field is ConsentField.contact:
            application = session.get(Application, case.application_id)
            part["name"] = _name(application) if application else ""
        if field is ConsentField.vulnerability:
            # Only the fixed list's categories, whatever an older row may hold.
            categories = part.get("categories") or []
            part["categories"] = [c for c in categories if c in KNOWN_CATEGORIES]
        view[field.value] = part
    return view
