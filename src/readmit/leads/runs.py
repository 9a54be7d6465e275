"""What a run of the rules does to a state's data: its passenger rows become counts per
flight and nationality and are deleted, then what the rules find opens a lead per rule and
operator, or brings the open one up to date."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.orm import Session, selectinload

from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.leads import rules
from readmit.leads.models import Flight, FlightNationality, Lead, LeadFlight, LeadStatus, Passenger
from readmit.leads.rules import Finding, FlightFigures
from readmit.leads.schemas import RuleSet
from readmit.tenancy.service import held_by

BATCH = 5000
CHUNK = 500  # values in one IN (…): well under SQLite's limit on parameters


@dataclass(frozen=True)
class Outcome:
    """What a run of the rules did."""

    rule_set: RuleSet | None
    flights: int
    opened: int
    updated: int


def chunks(items: list[Any]) -> list[list[Any]]:
    """The items in runs of CHUNK."""
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


def run(*, session: Session, user: User, rule_set: RuleSet | None) -> Outcome:
    """Count the state's passenger rows into per-flight aggregates, delete them, then apply
    what the rules find to the state's leads."""
    count_passengers(session=session, user=user)
    flights = figures(session=session, user=user)
    if rule_set is None:
        return Outcome(None, len(flights), 0, 0)
    opened, updated = _apply(session, user, rule_set, rules.evaluate(rule_set, flights))
    return Outcome(rule_set, len(flights), opened, updated)


def count_passengers(*, session: Session, user: User) -> None:
    """Passenger rows become counts per flight and nationality, and are deleted."""
    own = select(Flight.id).where(held_by(user, Flight.state_code))
    one_way = func.sum(case((Passenger.one_way, 1), else_=0))
    counted = session.execute(
        select(Passenger.flight_id, Passenger.nationality, func.count(), one_way)
        .where(Passenger.flight_id.in_(own))
        .group_by(Passenger.flight_id, Passenger.nationality)
    ).all()
    rows = [
        {"flight_id": f, "nationality": n, "passengers": int(c), "one_way": int(o)}
        for f, n, c, o in counted
    ]
    existing: dict[tuple[int, str], FlightNationality] = {}
    for ids in chunks(sorted({row["flight_id"] for row in rows})):
        for counted_before in session.scalars(
            select(FlightNationality).where(FlightNationality.flight_id.in_(ids))
        ):
            existing[(counted_before.flight_id, counted_before.nationality)] = counted_before
    new: list[dict[str, Any]] = []
    for row in rows:
        kept = existing.get((row["flight_id"], row["nationality"]))
        if kept is None:
            new.append(row)
        else:  # counted before (an import's flights have none): add to it
            kept.passengers += row["passengers"]
            kept.one_way += row["one_way"]
    for start in range(0, len(new), BATCH):
        session.execute(insert(FlightNationality), new[start : start + BATCH])
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[row["flight_id"]][0] += row["passengers"]
        totals[row["flight_id"]][1] += row["one_way"]
    for ids in chunks(list(totals)):
        for flight in session.scalars(select(Flight).where(Flight.id.in_(ids))):
            flight.passengers += totals[flight.id][0]
            flight.one_way += totals[flight.id][1]
    session.execute(delete(Passenger).where(Passenger.flight_id.in_(own)))
    session.flush()


def figures(*, session: Session, user: User) -> list[FlightFigures]:
    """The state's kept flights as the rules read them."""
    by_flight: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    counts = session.execute(
        select(
            FlightNationality.flight_id,
            FlightNationality.nationality,
            FlightNationality.passengers,
            FlightNationality.one_way,
        )
        .join(Flight, Flight.id == FlightNationality.flight_id)
        .where(held_by(user, Flight.state_code))
    )
    for flight_id, nationality, passengers, one_way in counts:
        by_flight[flight_id][nationality] = (passengers, one_way)
    found = session.scalars(select(Flight).where(held_by(user, Flight.state_code)))
    return [
        FlightFigures(
            id=f.id,
            operator_code=f.operator_code,
            operator_name=f.operator_name,
            flight_date=f.flight_date,
            origin=f.origin,
            destination=f.destination,
            charter=f.charter,
            passengers=f.passengers,
            one_way=f.one_way,
            nationalities=by_flight.get(f.id, {}),
        )
        for f in found
    ]


def _apply(
    session: Session, user: User, rule_set: RuleSet, findings: list[Finding]
) -> tuple[int, int]:
    """Open a lead for each new finding, bring an open one up to date; a finding whose
    flights were all behind a lead decided before is left alone. (opened, updated)"""
    leads = session.scalars(
        select(Lead).where(held_by(user, Lead.state_code)).options(selectinload(Lead.flights))
    ).all()
    open_leads = {(x.rule_id, x.operator_code): x for x in leads if x.status == LeadStatus.open}
    decided: dict[tuple[str, str], list[set[int]]] = defaultdict(list)
    for lead in leads:
        if lead.status != LeadStatus.open:
            decided[(lead.rule_id, lead.operator_code)].append({f.flight_id for f in lead.flights})
    opened = updated = 0
    now = utcnow()
    for finding in findings:
        key = (finding.rule.id, finding.operator_code)
        ids = {flight_id for flight_id, _value in finding.flights}
        found = open_leads.get(key)
        if found is None:
            if any(ids <= before for before in decided[key]):
                continue
            found = Lead(state_code=user.state_code, status=LeadStatus.open.value, created_at=now)
            session.add(found)
            opened += 1
        elif _same(found, rule_set, finding):
            continue
        else:
            updated += 1
        _fill(found, rule_set, finding, now)
    session.flush()
    return opened, updated


def _same(lead: Lead, rule_set: RuleSet, finding: Finding) -> bool:
    shown = {(f.flight_id, f.value) for f in lead.flights}
    return (
        shown == set(finding.flights)
        and lead.value == finding.value
        and lead.threshold == finding.threshold
        and lead.rule_set_version == rule_set.version
    )


def _fill(lead: Lead, rule_set: RuleSet, finding: Finding, now: datetime) -> None:
    rule = finding.rule
    lead.rule_id, lead.rule_label, lead.rule_kind = rule.id, rule.label, rule.kind.value
    lead.rule_set, lead.rule_set_version = rule_set.name, rule_set.version
    lead.parameters = rule.parameters.model_dump(exclude_none=True)
    lead.operator_code, lead.operator_name = finding.operator_code, finding.operator_name
    lead.value, lead.threshold, lead.updated_at = finding.value, finding.threshold, now
    values = dict(finding.flights)
    kept = {link.flight_id: link for link in lead.flights if link.flight_id in values}
    lead.flights = [
        kept.get(flight_id) or LeadFlight(flight_id=flight_id) for flight_id in sorted(values)
    ]
    for link in lead.flights:
        link.value = values[link.flight_id]
