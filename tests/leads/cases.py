"""What the lead tests share: a rule file of the test's own (READMIT_LEAD_RULES), flights
planned by the synthetic generator from a rule's parameters, and imports through the service."""

import io
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.config import get_settings
from readmit.leads import service
from readmit.leads.models import FlightImport, Lead, Passenger
from readmit.leads.records import read_records
from readmit.leads.schemas import Rule, RuleSet
from readmit.synth.flights import FlightPlan, Operator, to_csv

TODAY = date.today()
HUB = "MGA"
OPERATOR = Operator("Horizonte Charter Services", "XHC")

RULES = """
rule_sets:
  - name: "Test rules"
    version: 1
    in_force_from: 2000-01-01
    region:
      name: "The Americas"
      countries: [CUB, HTI, VEN, COL, NIC, MEX, USA, ECU, DOM, GTM]
    rules:
      - id: one_way_share
        label: "One-way passengers from outside the region into a hub"
        kind: one_way_share
        parameters:
          hubs: [MGA, PTY]
          threshold: 0.6
          min_passengers: 20
          min_flights: 3
          window_days: 30
      - id: repeated_charters
        label: "Repeated charters on one route"
        kind: repeated_charters
        parameters:
          destinations: [MGA]
          min_flights: 4
          window_days: 14
"""


def use_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str = RULES) -> Path:
    """Make `text` the rule file in use."""
    path = tmp_path / "lead-rules.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("READMIT_LEAD_RULES", str(path))
    get_settings.cache_clear()
    return path


def rule(rule_set: RuleSet, kind: str) -> Rule:
    """The rule set's rule of this kind."""
    return next(r for r in rule_set.rules if r.kind == kind)


def days_apart(count: int, span: int, *, last: date = TODAY - timedelta(days=3)) -> list[date]:
    """`count` days, the first and last `span` days apart, the others right after the first."""
    assert count <= span + 1, "more flights than days: they would be one flight"
    first = last - timedelta(days=span)
    return [first + timedelta(days=n) for n in range(count - 1)] + [last]


def flights(
    days: Sequence[date],
    *,
    passengers: int,
    one_way_outside: int = 0,
    one_way_inside: int = 0,
    destination: str = HUB,
    origin: str = "IST",
    charter: bool = False,
    operator: Operator = OPERATOR,
    number: str = "4100",
) -> list[FlightPlan]:
    """The same flight on each day."""
    return [
        FlightPlan(
            operator,
            number,
            day,
            origin,
            destination,
            passengers,
            one_way_outside,
            one_way_inside,
            charter,
        )
        for day in days
    ]


def import_plans(
    db: Session, user: User, plans: Sequence[FlightPlan], *, seed: int = 0
) -> FlightImport:
    """The plans imported through the service, as a CSV file written by the generator."""
    text = to_csv(plans, seed=seed)
    records = read_records(io.StringIO(text, newline=""), today=TODAY)
    return service.import_records(
        session=db, user=user, records=records, filename="flights.csv", sha256="0" * 64
    )


def leads_of(db: Session, user: User) -> list[Lead]:
    """The user's state's leads, oldest first."""
    found, _more = service.list_leads(session=db, user=user)
    return sorted((lead for lead, _n in found), key=lambda lead: lead.id)


def passenger_rows(db: Session) -> int:
    """Passenger rows in the database, of any state."""
    return int(db.scalar(select(func.count()).select_from(Passenger)) or 0)
