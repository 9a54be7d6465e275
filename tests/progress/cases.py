"""Small case sets for progress reports: tests/statistics/cases.py's USA→CHN set (USA as the
requesting state) and six USA→GTM cases (GTM, a signatory, as the requested state)."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from tests.factories import World, make_case
from tests.statistics.cases import at, backdate

# After the first quarter of 2026: its reports may be submitted.
NOW = datetime(2026, 4, 10, tzinfo=UTC)
DECLARATION = "los-angeles-declaration"
PERIOD = {"period_from": "2026-01", "period_to": "2026-03"}


def build_gtm(db: Session, world: World, *, first_index: int = 0) -> None:
    """GTM's side of USA→GTM over the first quarter of 2026.

    Five cases submitted Mon 5 Jan and confirmed 2, 4, 6, 8 and 10 days later (median 6.0);
    one submitted Mon 2 Feb and still under verification. Received: 6 (January 5, shown "x"
    beside February's "<5"); decided: 5.
    """
    for n, day in enumerate(("2026-01-07", "2026-01-09", "2026-01-11", "2026-01-13", "2026-01-15")):
        case = make_case(db, world, country="GTM", index=first_index + n, status=Status.confirmed)
        backdate(db, case, {"submit": at("2026-01-05"), "confirm": at(day)})
    case = make_case(
        db, world, country="GTM", index=first_index + 5, status=Status.under_verification
    )
    backdate(db, case, {"submit": at("2026-02-02")})
