"""Indicator values against a hand-computed case set (tests/statistics/cases.py)."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.deadlines import reply_deadline
from readmit.auth.models import Role
from readmit.statistics import service
from readmit.statistics.schemas import CorridorIndicators
from tests.factories import World
from tests.statistics.cases import NOW, build


def corridor(db: Session, world: World, state: str) -> CorridorIndicators:
    report = service.indicators(
        session=db,
        user=world.user(db, state, Role.analyst),
        corridor="USA-CHN",
        first=(2026, 1),
        last=(2026, 3),
        now=NOW,
    )
    assert [c.requested_state for c in report.corridors] == ["CHN"]
    return report.corridors[0]


def test_the_deadline_skips_the_holiday(db: Session) -> None:
    found = agreements.find(session=db, requesting="USA", requested="CHN")
    assert found is not None
    due = reply_deadline(
        terms=found.terms,
        submitted_at=datetime(2026, 1, 15, 10, tzinfo=UTC),
        extended=False,
        accelerated=True,
    ).due
    assert due == datetime(2026, 1, 23, 23, 59, 59, tzinfo=UTC)


def test_requesting_state_indicators(db: Session, world: World) -> None:
    build(db, world)
    found = corridor(db, world, "USA")
    january, february, march = found.months
    assert [m.month for m in found.months] == ["2026-01", "2026-02", "2026-03"]
    # January: A, B, D, E submitted (12) and decided; 8 (x5), 11 (x5), 15 (x2) days.
    assert (january.confirmed, january.rejected, january.deemed_accepted) == (7, 5, 0)
    assert (january.decided, january.pending, january.overdue) == (12, 0, 0)
    assert (january.decision_days_median, january.decision_days_p90) == (11.0, 15.0)
    # A, D and E in time, B late: 7 of 12.
    assert january.decided_within_deadline == 0.583
    # February: C and F submitted (2: "<5"); January's 12 then gives it away from the total
    # of 14, so it is withheld too ("x"); March's 0 would not hide it.
    assert (february.submitted, january.submitted, march.submitted) == ("<5", "x", 0)
    assert found.total.submitted == 14
    # C pending and overdue at both month ends; F is suspended, so not pending.
    assert (february.pending, february.overdue) == ("<5", "<5")
    assert (march.pending, march.overdue) == ("<5", "<5")
    # D's arrival in February, E's no-show in March; their times from under 5 cases.
    assert (february.arrived, march.no_shows, found.total.arrived) == ("<5", "<5", "<5")
    assert (february.document_days_median, february.departure_days_p90) == ("<5", "<5")
    assert march.departure_days_median == "<5"
    assert january.document_days_median is None
    assert (found.total.decided, found.total.confirmed, found.total.rejected) == (12, 7, 5)
    assert found.total.pending is None


def test_requested_state_never_counts_the_protection_case(db: Session, world: World) -> None:
    build(db, world)
    found = corridor(db, world, "CHN")
    # Without F: February has C alone, the total 13.
    assert found.total.submitted == 13
    assert (found.months[1].submitted, found.months[0].submitted) == ("<5", "x")
    assert found.months[0].decided == 12


def test_the_share_waits_for_five_decisions(db: Session, world: World) -> None:
    build(db, world)
    found = corridor(db, world, "USA")
    assert found.months[1].decided_within_deadline is None  # nothing decided in February


def test_csv_has_the_cells_as_shown(db: Session, world: World) -> None:
    build(db, world)
    report = service.indicators(
        session=db,
        user=world.user(db, "USA", Role.supervisor),
        first=(2026, 1),
        last=(2026, 3),
        now=NOW,
    )
    lines = service.to_csv(report=report).splitlines()
    assert lines[0].startswith("requesting_state,requested_state,month,submitted,confirmed")
    # No interviews, charters, releases or referrals (nine zeros) before the times.
    assert lines[1].startswith("USA,CHN,2026-01,x,7,5,0,12,0,0,0,0," + "0," * 9 + "11.0,15.0,")
    assert lines[2].startswith("USA,CHN,2026-02,<5,0,0,0,0,<5,<5,<5,0,")
    assert lines[4].startswith("USA,CHN,total,14,7,5,0,12,,,<5,<5,")
    # The other corridor of USA is there too, with nothing in it.
    assert any(line.startswith("USA,GTM,2026-01,0,0,0,0,0,0,0,0,0,") for line in lines)
