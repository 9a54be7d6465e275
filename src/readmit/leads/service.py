"""Leads from travel data: a state's analysts import flight records, the rules in force run
over the flights it keeps, and the operators they flag wait as leads to be dismissed or
referred to a designation proposal.

Privacy: an import writes its passenger rows, and the run that follows counts them into
aggregates per flight (passengers, one-way passengers, both per nationality) and deletes
them, in the same transaction: no passenger row is ever committed."""

import hashlib
from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload

from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _, ngettext
from readmit.leads import lifecycle, rules, runs
from readmit.leads.models import (
    Flight,
    FlightImport,
    Lead,
    LeadFlight,
    LeadStatus,
    Passenger,
)
from readmit.leads.records import (
    MAX_REPORTED,
    MAX_UPLOAD_BYTES,
    FlightKey,
    Records,
    RecordsRefused,
    RowProblem,
    decode,
    read_records,
)
from readmit.leads.schemas import RuleSet
from readmit.tenancy.models import State
from readmit.tenancy.service import held_by

ANALYSTS = lifecycle.ANALYSTS
BATCH = 5000
PAGE_SIZE = 50

Progress = Callable[[int], None]


def may_use(user: User) -> bool:
    """Analysts and supervisors work on leads."""
    return user.has_role(*ANALYSTS)


def require_analyst(user: User) -> None:
    """Forbidden unless the user is an analyst or a supervisor."""
    if not may_use(user):
        raise Forbidden(_("Only analysts and supervisors work on leads from travel data."))


def rule_set_in_force(*, on: date) -> RuleSet | None:
    """The version of the rules in use that is in force on a day; RulesUnusable if none can
    be read."""
    return rules.in_force(rules=rules.rule_file(), on=on)


def _already_imported(session: Session, user: User, records: Records) -> list[RowProblem]:
    """A problem for each flight of the file that the state keeps already."""
    keys = list(records.flights)
    first, last = min(k.flight_date for k in keys), max(k.flight_date for k in keys)
    kept: set[FlightKey] = set()
    for codes in runs.chunks(sorted({k.operator_code for k in keys})):
        found = session.execute(
            select(
                Flight.operator_code,
                Flight.flight_number,
                Flight.flight_date,
                Flight.origin,
                Flight.destination,
            ).where(
                held_by(user, Flight.state_code),
                Flight.operator_code.in_(codes),
                Flight.flight_date.between(first, last),
            )
        )
        kept.update(FlightKey(*row) for row in found)
    return [
        RowProblem(
            flight.line,
            None,
            _("flight {flight} was imported already", flight=flight.key.label()),
        )
        for key, flight in records.flights.items()
        if key in kept
    ]


def _serialise(session: Session, user: User) -> None:
    """Imports and runs of one state queue on its row: two at once would count the same
    passengers twice, or both pass the check for flights imported before."""
    session.execute(
        lock_for_update(select(State.code).where(State.code == user.state_code), session)
    )


def _locked(session: Session, lead: Lead) -> Lead:
    """The lead under its row lock, as the last writer left it (two decisions queue)."""
    session.execute(lock_for_update(select(Lead.id).where(Lead.id == lead.id), session))
    session.refresh(lead)
    return lead


def import_records(
    *,
    session: Session,
    user: User,
    records: Records,
    filename: str,
    sha256: str,
    today: date | None = None,
    progress: Progress | None = None,
) -> FlightImport:
    """Store a file's flights and passengers, then run the rules (which count the passengers
    and delete them); all or nothing: RecordsRefused names each flight imported before."""
    require_analyst(user)
    today = today or utcnow().date()
    rule_set = rule_set_in_force(on=today)  # unusable rules refuse the file before any write
    _serialise(session, user)
    duplicates = _already_imported(session, user, records)
    if duplicates:
        more = max(0, len(duplicates) - MAX_REPORTED)
        raise RecordsRefused(duplicates[:MAX_REPORTED], more)
    done = FlightImport(
        state_code=user.state_code,
        filename=filename[:200],
        sha256=sha256,
        rows=records.rows,
        flights=len(records.flights),
        imported_by_id=user.id,
    )
    session.add(done)
    session.flush()
    flights = [
        Flight(
            state_code=user.state_code,
            import_id=done.id,
            operator_code=key.operator_code,
            operator_name=parsed.operator_name,
            flight_number=key.flight_number,
            flight_date=key.flight_date,
            origin=key.origin,
            destination=key.destination,
            charter=parsed.charter,
        )
        for key, parsed in records.flights.items()
    ]
    session.add_all(flights)
    session.flush()
    batch: list[dict[str, object]] = []
    for flight, parsed in zip(flights, records.flights.values(), strict=True):
        for nationality, one_way in parsed.passengers:
            batch.append({"flight_id": flight.id, "nationality": nationality, "one_way": one_way})
            if len(batch) == BATCH:
                session.execute(insert(Passenger), batch)
                if progress:
                    progress(len(batch))
                batch = []
    if batch:
        session.execute(insert(Passenger), batch)
        if progress:
            progress(len(batch))
    outcome = runs.run(session=session, user=user, rule_set=rule_set)
    done.leads_opened, done.leads_updated = outcome.opened, outcome.updated
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="leads.import",
        entity="flight_import",
        entity_id=done.id,
        detail={
            "filename": done.filename,
            "flights": done.flights,
            "rows": done.rows,
            "opened": outcome.opened,
            "updated": outcome.updated,
        },
    )
    return done


def import_file(
    *, session: Session, user: User, filename: str, data: bytes, today: date | None = None
) -> FlightImport:
    """Import an uploaded file (the page and the API): Invalid names each bad row, by line
    and column under "file", and nothing is stored."""
    require_analyst(user)
    if not data:
        raise Invalid([FieldProblem(("file",), _("Choose a CSV file of flight records"))])
    if len(data) > MAX_UPLOAD_BYTES:
        problem = _("larger than {n} MB: import it with the CLI", n=MAX_UPLOAD_BYTES // 2**20)
        raise Invalid([FieldProblem(("file",), problem)])
    today = today or utcnow().date()
    try:
        records = read_records(decode(data), today=today)
        return import_records(
            session=session,
            user=user,
            records=records,
            filename=filename or "upload.csv",
            sha256=hashlib.sha256(data).hexdigest(),
            today=today,
        )
    except RecordsRefused as refused:
        raise invalid(refused) from None


def invalid(refused: RecordsRefused) -> Invalid:
    """The bad rows as field problems: ("file", line, column), or ("file", line)."""
    problems = [
        FieldProblem(("file", p.line, *((p.column,) if p.column else ())), p.text())
        for p in refused.problems
    ]
    if refused.more:
        more = ngettext("and {n} more bad row", "and {n} more bad rows", refused.more)
        problems.append(FieldProblem(("file",), more.format(n=refused.more)))
    return Invalid(problems)


def run(*, session: Session, user: User, today: date | None = None) -> runs.Outcome:
    """Run the rules in force again over the state's flights (after a change of the rules);
    audited."""
    require_analyst(user)
    rule_set = rule_set_in_force(on=today or utcnow().date())
    _serialise(session, user)
    outcome = runs.run(session=session, user=user, rule_set=rule_set)
    audit.record(
        session=session,
        actor=user,
        action="leads.run",
        entity="lead",
        detail={
            "rule_set": rule_set.name if rule_set else None,
            "version": rule_set.version if rule_set else None,
            "opened": outcome.opened,
            "updated": outcome.updated,
        },
    )
    return outcome


def list_leads(
    *, session: Session, user: User, status: LeadStatus | None = None, page: int = 1
) -> tuple[list[tuple[Lead, int]], bool]:
    """A page of the state's leads (newest change first) with their flight counts, and
    whether a further page exists."""
    require_analyst(user)
    count = (
        select(func.count(LeadFlight.flight_id))
        .where(LeadFlight.lead_id == Lead.id)
        .scalar_subquery()
    )
    query = select(Lead, count).where(held_by(user, Lead.state_code))
    if status is not None:
        query = query.where(Lead.status == status.value)
    found = session.execute(
        query.order_by(Lead.updated_at.desc(), Lead.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    return [(lead, int(n)) for lead, n in found[:PAGE_SIZE]], len(found) > PAGE_SIZE


def get(*, session: Session, user: User, lead_id: int) -> Lead:
    """One of the state's leads with its flights; NotFound for another state's or none."""
    require_analyst(user)
    lead = session.scalar(
        select(Lead)
        .where(Lead.id == lead_id, held_by(user, Lead.state_code))
        .options(
            selectinload(Lead.flights)
            .selectinload(LeadFlight.flight)
            .selectinload(Flight.nationalities)
        )
    )
    if lead is None:
        raise NotFound(_("No lead {id}.", id=lead_id))
    return lead


def read(*, session: Session, user: User, lead_id: int) -> Lead:
    """A lead as shown with its flights; the read is audited."""
    lead = get(session=session, user=user, lead_id=lead_id)
    _audit(session, user, "lead.read", lead)
    return lead


def _audit(session: Session, user: User, action: str, lead: Lead, **more: str) -> None:
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="lead",
        entity_id=lead.id,
        detail={"operator": lead.operator_code, "rule": lead.rule_id} | more,
    )


def dismiss(*, session: Session, user: User, lead: Lead, reason: str) -> Lead:
    """No lead: the reason is kept, and its flights do not raise it again; audited."""
    lead = _locked(session, lead)
    lifecycle.move(lead=lead, to=LeadStatus.dismissed, user=user)
    lead.reason, lead.decided_by_id, lead.decided_at = reason.strip(), user.id, utcnow()
    session.flush()
    _audit(session, user, "lead.dismiss", lead, reason=lead.reason)
    return lead


def refer(*, session: Session, user: User, lead: Lead, note: str = "") -> Lead:
    """Refer the lead to a designation proposal (drafted at `designation_url`); audited."""
    lead = _locked(session, lead)
    lifecycle.move(lead=lead, to=LeadStatus.referred, user=user)
    lead.reason, lead.decided_by_id, lead.decided_at = note.strip(), user.id, utcnow()
    session.flush()
    _audit(session, user, "lead.refer", lead)
    return lead


def designation_url(lead: Lead) -> str | None:
    """Where the proposal to designate a referred lead's operator is drafted."""
    if lead.status != LeadStatus.referred:
        return None
    return "/designations/new?" + urlencode({"operator": lead.operator_code})


def recent_imports(*, session: Session, user: User, limit: int = 10) -> list[FlightImport]:
    """The state's latest imports, newest first."""
    require_analyst(user)
    return list(
        session.scalars(
            select(FlightImport)
            .where(held_by(user, FlightImport.state_code))
            .order_by(FlightImport.imported_at.desc(), FlightImport.id.desc())
            .limit(limit)
        )
    )


def get_import(*, session: Session, user: User, import_id: int) -> FlightImport:
    """One of the state's imports; NotFound for another state's or none."""
    require_analyst(user)
    found = session.scalar(
        select(FlightImport).where(
            FlightImport.id == import_id, held_by(user, FlightImport.state_code)
        )
    )
    if found is None:
        raise NotFound(_("No import {id}.", id=import_id))
    return found
