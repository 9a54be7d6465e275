"""JSON API for leads from travel data: analysts and supervisors import flight records, run
the rules, and dismiss or refer the leads of their own state."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, UploadFile

from readmit.database.core import utcnow
from readmit.leads import service
from readmit.leads.models import Flight, FlightImport, Lead, LeadStatus
from readmit.leads.records import MAX_UPLOAD_BYTES
from readmit.leads.schemas import (
    Dismissal,
    FlightPublic,
    ImportPublic,
    LeadPublic,
    LeadSummary,
    NationalityCount,
    Referral,
    RulePublic,
    RuleSetPublic,
    RunPublic,
)
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(prefix="/leads", tags=["leads"])


def summary(lead: Lead, flights: int) -> LeadSummary:
    """A lead as the list shows it."""
    return LeadSummary(
        id=lead.id,
        status=lead.status,  # type: ignore[arg-type]
        rule_id=lead.rule_id,
        rule_label=lead.rule_label,
        rule_kind=lead.rule_kind,  # type: ignore[arg-type]
        rule_set=lead.rule_set,
        rule_set_version=lead.rule_set_version,
        operator_code=lead.operator_code,
        operator_name=lead.operator_name,
        value=lead.value,
        threshold=lead.threshold,
        flight_count=flights,
        created_at=lead.created_at,
        updated_at=lead.updated_at,
    )


def _flight(flight: Flight, value: float | None) -> FlightPublic:
    return FlightPublic(
        id=flight.id,
        operator_code=flight.operator_code,
        operator_name=flight.operator_name,
        flight_number=flight.flight_number,
        date=flight.flight_date,
        origin=flight.origin,
        destination=flight.destination,
        charter=flight.charter,
        passengers=flight.passengers,
        one_way=flight.one_way,
        value=value,
        nationalities=[
            NationalityCount(nationality=n.nationality, passengers=n.passengers, one_way=n.one_way)
            for n in flight.nationalities
        ],
    )


def public(lead: Lead) -> LeadPublic:
    """A lead with the flights behind it."""
    return LeadPublic(
        **summary(lead, len(lead.flights)).model_dump(),
        decided_at=lead.decided_at,
        reason=lead.reason,
        designation_url=service.designation_url(lead),
        flights=[_flight(link.flight, link.value) for link in lead.flights],
    )


def import_public(found: FlightImport) -> ImportPublic:
    """An import and what its run found."""
    return ImportPublic.model_validate(found, from_attributes=True)


def current_lead(db: DbSession, user: ApiUser, lead_id: RowId) -> Lead:
    """One of the caller's state's leads, or 404."""
    return service.get(session=db, user=user, lead_id=lead_id)


CurrentLead = Annotated[Lead, Depends(current_lead)]


@router.get("", response_model=list[LeadSummary])
def list_leads(
    db: DbSession,
    user: ApiUser,
    status: LeadStatus | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> list[LeadSummary]:
    """The state's leads, newest change first, 50 a page (`status`: open, dismissed or
    referred)."""
    found, _more = service.list_leads(session=db, user=user, status=status, page=page)
    return [summary(lead, flights) for lead, flights in found]


@router.get("/rules", response_model=RuleSetPublic | None)
def rules_in_force(user: ApiUser) -> RuleSetPublic | None:
    """The version of the rules in force today (null: none yet), with its region."""
    service.require_analyst(user)
    found = service.rule_set_in_force(on=utcnow().date())
    if found is None:
        return None
    return RuleSetPublic(
        name=found.name,
        version=found.version,
        in_force_from=found.in_force_from,
        illustrative=service.rules.rule_file().illustrative,
        region=found.region.name,
        region_countries=found.region.countries,
        rules=[
            RulePublic(
                id=rule.id,
                label=rule.label,
                kind=rule.kind,
                parameters=rule.parameters.model_dump(exclude_none=True),
            )
            for rule in found.rules
        ],
    )


@router.post("/imports", status_code=201, response_model=ImportPublic)
def import_flights(db: DbSession, user: ApiUser, file: UploadFile) -> ImportPublic:
    """Import flight records (multipart `file`: CSV, one row per passenger, up to 10 MB) and
    run the rules; 422 lists each bad row with its line, and nothing is stored."""
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    found = service.import_file(session=db, user=user, filename=file.filename or "", data=data)
    return import_public(found)


@router.get("/imports/{import_id}", response_model=ImportPublic)
def get_import(import_id: RowId, db: DbSession, user: ApiUser) -> ImportPublic:
    """One of the state's imports and what its run found."""
    return import_public(service.get_import(session=db, user=user, import_id=import_id))


@router.post("/run", response_model=RunPublic)
def run_rules(db: DbSession, user: ApiUser) -> RunPublic:
    """Run the rules in force again over the state's flights."""
    outcome = service.run(session=db, user=user)
    return RunPublic(
        rule_set=outcome.rule_set.name if outcome.rule_set else None,
        rule_set_version=outcome.rule_set.version if outcome.rule_set else None,
        flights=outcome.flights,
        leads_opened=outcome.opened,
        leads_updated=outcome.updated,
    )


@router.get("/{lead_id}", response_model=LeadPublic)
def get_lead(lead_id: RowId, db: DbSession, user: ApiUser) -> LeadPublic:
    """A lead with the flights and figures behind it (the read is audited)."""
    return public(service.read(session=db, user=user, lead_id=lead_id))


@router.post("/{lead_id}/dismiss", response_model=LeadPublic)
def dismiss(payload: Dismissal, lead: CurrentLead, db: DbSession, user: ApiUser) -> LeadPublic:
    """No lead, for the reason given; 409 once decided."""
    return public(service.dismiss(session=db, user=user, lead=lead, reason=payload.reason))


@router.post("/{lead_id}/refer", response_model=LeadPublic)
def refer(
    lead: CurrentLead, db: DbSession, user: ApiUser, payload: Referral | None = None
) -> LeadPublic:
    """Refer the lead to a designation proposal (`designation_url`; `note` optional); 409
    once decided."""
    note = payload.note if payload else ""
    return public(service.refer(session=db, user=user, lead=lead, note=note))
