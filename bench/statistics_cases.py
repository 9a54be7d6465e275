"""Synthetic caseload for bench/statistics_pages.py, written into the configured database.

`corridors`: eight more USA agreements beside the demo's USA-CHN and USA-GTM (the same
illustrative terms, each with its partner's holidays). `cases N`: N submitted cases spread
over the ten corridors and five years, each with the timeline its outcome needs (decision,
travel document, departure, arrival or no-show, suspension, withdrawal), inserted in bulk.
"""

import math
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from readmit.agreements import service as agreements
from readmit.agreements.models import Agreement
from readmit.agreements.schemas import load_agreement_file
from readmit.applications.models import Application, TimelineEvent
from readmit.auth.models import User
from readmit.database.core import transaction, utcnow
from readmit.tenancy import service as tenancy
from readmit.tenancy.models import Authority

PARTNERS = ("CHN", "GTM", "HND", "SLV", "MEX", "COL", "ECU", "PER", "DOM", "IND")
FIRST_DAY = datetime(2022, 1, 1, 9, tzinfo=UTC)
DAYS = 5 * 365
BATCH = 20_000
TEMPLATE = Path(__file__).resolve().parent.parent / "src/readmit/agreements/data/usa-chn.yaml"


def corridors() -> None:
    """An agreement for each partner the demo does not have."""
    template = load_agreement_file(TEMPLATE).agreements[0]
    with transaction() as session:
        for partner in PARTNERS:
            tenancy.get_or_create_state(session=session, code=partner, name=partner)
            terms = template.terms.model_copy(update={"holiday_states": ["USA", partner]})
            payload = template.model_copy(
                update={"requested_state": partner, "terms": terms, "title": f"USA - {partner}"}
            )
            if agreements.find(session=session, requesting="USA", requested=partner) is None:
                agreements.establish(session=session, payload=payload)


def _days(rng: random.Random, median: float) -> timedelta:
    """A lognormal delay around `median` days."""
    return timedelta(days=median * math.exp(rng.gauss(0, 0.6)))


def _case(rng: random.Random, now: datetime) -> tuple[datetime, str, list[tuple[str, datetime]]]:
    """When it was submitted, its status now and its steps after submission."""
    submitted = FIRST_DAY + timedelta(days=rng.random() * DAYS, hours=rng.random() * 8)
    steps: list[tuple[str, datetime]] = []
    status = "submitted"

    def step(action: str, at: datetime, reached: str) -> bool:
        nonlocal status
        if at >= now:
            return False
        steps.append((action, at))
        status = reached
        return True

    roll = rng.random()
    if roll < 0.03:
        step("suspend", submitted + _days(rng, 10), "suspended")
        return submitted, status, steps
    if roll < 0.05:
        step("withdraw", submitted + _days(rng, 15), "withdrawn")
        return submitted, status, steps
    decided = submitted + _days(rng, 22)
    outcome = rng.choices(("confirm", "reject", "deem_accepted"), (70, 20, 10))[0]
    reached = {"confirm": "confirmed", "reject": "rejected", "deem_accepted": "confirmed"}
    if not step(outcome, decided, reached[outcome]) or outcome == "reject":
        return submitted, status, steps
    document = decided + _days(rng, 7)
    if rng.random() < 0.1 or not step("issue_travel_document", document, "travel_document_issued"):
        return submitted, status, steps
    departure = document + _days(rng, 20)
    if rng.random() < 0.15 or not step("depart", departure, "departed"):
        return submitted, status, steps
    arrival = departure + timedelta(hours=14)
    if rng.random() < 0.05:
        step("report_no_show", arrival, "travel_document_issued")
    else:
        step("confirm_arrival", arrival, "arrived")
    return submitted, status, steps


def cases(count: int) -> None:
    """`count` cases in bulk, with a progress line every batch."""
    rng, now = random.Random(13), utcnow()
    with transaction() as session:
        ids = {
            a.requested_state: a.id
            for a in session.scalars(select(Agreement).where(Agreement.requesting_state == "USA"))
        }
        officer = session.scalars(select(User).where(User.email.like("%officer%"))).first()
        authority = session.scalars(select(Authority).where(Authority.state_code == "USA")).first()
        assert officer is not None and authority is not None, "seed the demo first"
        start = (session.scalar(select(func.max(Application.id))) or 0) + 1
        applications: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for number in range(start, start + count):
            partner = rng.choices(PARTNERS, (30, 20, 10, 8, 8, 6, 6, 5, 4, 3))[0]
            submitted, status, steps = _case(rng, now)
            applications.append(
                {
                    "id": number,
                    "reference": f"BENCH-{number:08d}",
                    "requesting_state": "USA",
                    "requested_state": partner,
                    "requesting_authority_id": authority.id,
                    "agreement_id": ids[partner],
                    "agreement_version": 1,
                    "status": status,
                    "procedure": "accelerated" if rng.random() < 0.1 else "normal",
                    "reply_extended": False,
                    "evidence_tier": "proof",
                    "created_by_id": officer.id,
                    "created_at": submitted - timedelta(hours=1),
                    "updated_at": steps[-1][1] if steps else submitted,
                    "submitted_at": submitted,
                    "version": 1,
                    "past_addresses": [],
                }
            )
            for action, at in [("submit", submitted), *steps]:
                events.append({"application_id": number, "action": action, "at": at})
            if len(applications) == BATCH:
                _write(session, applications, events)
                print(f"  {number - start + 1:,} cases", flush=True)
                applications, events = [], []
        _write(session, applications, events)


def _write(session: Any, applications: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    if applications:
        session.execute(insert(Application), applications)
        session.execute(insert(TimelineEvent), events)


if __name__ == "__main__":
    if sys.argv[1] == "corridors":
        corridors()
    else:
        cases(int(sys.argv[2]))
