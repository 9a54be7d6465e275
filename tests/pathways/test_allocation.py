"""Allocation under ceilings, table-driven: totals, regional sub-ceilings, priorities, ties,
fiscal-year boundaries, H-2B's halves with and without carry-over, releases, new years."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.pathways import allocation
from readmit.pathways.models import CaseEvent, Ceiling, PathwayCase
from tests.factories import World
from tests.pathways.allocation_cases import add_case, load, programme_file

NOW = datetime(2024, 2, 1, 12, tzinfo=UTC)  # FY2024, first half
HALVES = [
    {"id": "first_half", "from_month": 10, "to_month": 3, "places": 2},
    {"id": "second_half", "from_month": 4, "to_month": 9, "places": 2},
]


def day(d: int, month: int = 1) -> datetime:
    return datetime(2024, month, d, 9, tzinfo=UTC)


def ceiling(places: int, year: int = 2024, **more: Any) -> dict[str, Any]:
    return {"fiscal_year": year, "places": places, **more}


# (id, ceilings, waitlist as (nationality, priority rank, applied), cases expected approved)
RUNS: list[tuple[str, list[dict[str, Any]], list[tuple[str, int, datetime]], set[int]]] = [
    ("under the ceiling", [ceiling(5)], [("VEN", 0, day(1))] * 3, {0, 1, 2}),
    ("ceiling reached", [ceiling(2)], [("VEN", 0, day(i)) for i in (1, 2, 3, 4)], {0, 1}),
    ("no places", [ceiling(0)], [("VEN", 0, day(1))], set()),
    (
        "priority before date",
        [ceiling(2)],
        [("VEN", 2, day(1)), ("VEN", 1, day(9)), ("VEN", 0, day(20)), ("VEN", 2, day(2))],
        {1, 2},
    ),
    (
        "date within a priority",
        [ceiling(1)],
        [("VEN", 1, day(5)), ("VEN", 1, day(4)), ("VEN", 1, day(6))],
        {1},
    ),
    ("tie: same priority and date, lower id", [ceiling(2)], [("VEN", 0, day(3))] * 3, {0, 1}),
    (
        "region full: later cases of another region still get places",
        [ceiling(4, regions={"americas": 2})],
        [
            (nationality, 0, day(i + 1))
            for i, nationality in enumerate(["VEN", "CUB", "HTI", "ERI", "GTM", "SDN", "COD"])
        ],
        {0, 1, 3, 5},
    ),
    (
        "both regions capped",
        [ceiling(10, regions={"americas": 1, "africa": 1})],
        [("VEN", 0, day(1)), ("CUB", 0, day(2)), ("ERI", 0, day(3)), ("SDN", 0, day(4))],
        {0, 2},
    ),
    (
        "the half of the day only, without carry-over",
        [ceiling(4, periods=HALVES)],
        [("VEN", 0, day(i)) for i in range(1, 5)],
        {0, 1},
    ),
]


@pytest.mark.parametrize(
    ("label", "ceilings", "waitlist", "expected"), RUNS, ids=[r[0] for r in RUNS]
)
def test_run_allocates_in_order_under_every_ceiling(
    db: Session,
    world: World,
    label: str,
    ceilings: list[dict[str, Any]],
    waitlist: list[tuple[str, int, datetime]],
    expected: set[int],
) -> None:
    programme = load(db, programme_file(ceilings=ceilings))
    cases = [
        add_case(db, world, programme, status="waitlisted", nationality=n, rank=r, applied=at)
        for n, r, at in waitlist
    ]
    supervisor = world.user(db, "USA", Role.supervisor)
    outcome = allocation.run(
        session=db, user=supervisor, programme_code=programme.code, fiscal_year=2024, now=NOW
    )
    approved = {
        i for i, case in enumerate(cases) if db.get(PathwayCase, case.id).status == "approved"
    }
    assert approved == expected, label
    assert outcome.allocated == len(expected)
    assert outcome.waitlisted == len(cases) - len(expected)
    rows = db.scalars(select(Ceiling).where(Ceiling.programme_code == programme.code)).all()
    assert all(row.allocated <= row.capacity for row in rows)
    assert {r.bucket: r.allocated for r in rows}["total"] == len(expected)
    for i in expected:
        assert cases[i].fiscal_year == 2024 and "total" in cases[i].buckets
    events = db.scalars(select(CaseEvent).where(CaseEvent.step == "allocate")).all()
    assert {e.case_id for e in events} >= {cases[i].id for i in expected}
    audited = [e for e in db.info.get(audit.PENDING, []) if e.action == "pathway.allocate"]
    assert {e.entity_id for e in audited} == {cases[i].reference for i in expected}


def test_run_stops_at_the_first_full_bucket_and_says_what_is_left(
    db: Session, world: World
) -> None:
    programme = load(db, programme_file(ceilings=[ceiling(3, regions={"americas": 2})]))
    for i in range(4):
        add_case(db, world, programme, status="waitlisted", applied=day(i + 1))
    supervisor = world.user(db, "USA", Role.supervisor)
    outcome = allocation.run(
        session=db, user=supervisor, programme_code=programme.code, fiscal_year=2024, now=NOW
    )
    left = {c.bucket: (c.capacity, c.allocated, c.left) for c in outcome.ceilings}
    assert left == {"total": (3, 2, 1), "region:americas": (2, 2, 0)}
    assert (
        allocation.remaining(
            session=db, user=supervisor, programme_code=programme.code, fiscal_year=2024
        )
        == outcome.ceilings
    )


# (id, carry_over, approvals as (day, count), statuses expected in approval order)
HALF_YEARS = [
    ("first half full, second half open", False, [(date(2023, 11, 1), 3)], "AAW"),
    (
        "no carry-over: second half alone",
        False,
        [(date(2023, 11, 1), 1), (date(2024, 5, 1), 3)],
        "AAAW",
    ),
    (
        "carry-over: first half's place used later",
        True,
        [(date(2023, 11, 1), 1), (date(2024, 5, 1), 4)],
        "AAAAW",
    ),
    ("carry-over never runs ahead", True, [(date(2024, 5, 1), 2), (date(2023, 12, 1), 3)], "AAAAW"),
]


@pytest.mark.parametrize(
    ("label", "carry", "approvals", "expected"), HALF_YEARS, ids=[h[0] for h in HALF_YEARS]
)
def test_h2b_halves(
    db: Session,
    world: World,
    label: str,
    carry: bool,
    approvals: list[tuple[date, int]],
    expected: str,
) -> None:
    file = programme_file(
        kind="temporary_work", ceilings=[ceiling(4, periods=HALVES, carry_over=carry)]
    )
    programme = load(db, file)
    supervisor = world.user(db, "USA", Role.supervisor)
    statuses = ""
    for when, count in approvals:
        for _ in range(count):
            case = add_case(db, world, programme)
            now = datetime.combine(when, datetime.min.time(), tzinfo=UTC)
            approved = allocation.approve(session=db, user=supervisor, case=case, now=now)
            statuses += approved.status[0].upper()
    assert statuses == expected, label
    rows = db.scalars(select(Ceiling).where(Ceiling.programme_code == programme.code)).all()
    assert all(row.allocated <= row.capacity for row in rows)


# (id, approval time, fiscal year expected, status expected): FY2024 has 1 place, FY2025 none
BOUNDARIES = [
    ("last day of FY2024", datetime(2024, 9, 30, 23, 59, tzinfo=UTC), 2024, "approved"),
    ("first day of FY2024", datetime(2023, 10, 1, 0, 0, tzinfo=UTC), 2024, "approved"),
    ("first day of FY2025", datetime(2024, 10, 1, 0, 0, tzinfo=UTC), None, "waitlisted"),
    ("last day of FY2023", datetime(2023, 9, 30, 23, 59, tzinfo=UTC), None, "waitlisted"),
]


@pytest.mark.parametrize(
    ("label", "now", "year", "status"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES]
)
def test_fiscal_year_boundaries(
    db: Session, world: World, label: str, now: datetime, year: int | None, status: str
) -> None:
    programme = load(db, programme_file(ceilings=[ceiling(1)]))
    case = add_case(db, world, programme)
    supervisor = world.user(db, "USA", Role.supervisor)
    approved = allocation.approve(session=db, user=supervisor, case=case, now=now)
    assert (approved.status, approved.fiscal_year) == (status, year), label


def test_approval_takes_a_place_or_waitlists_and_positions_follow_the_order(
    db: Session, world: World
) -> None:
    programme = load(db, programme_file(ceilings=[ceiling(1)]))
    supervisor = world.user(db, "USA", Role.supervisor)
    first, late, urgent = (
        add_case(db, world, programme, applied=day(1)),
        add_case(db, world, programme, rank=1, applied=day(2)),
        add_case(db, world, programme, rank=0, applied=day(3)),
    )
    for case in (first, late, urgent):
        allocation.approve(session=db, user=supervisor, case=case, note="fine", now=NOW)
    assert [c.status for c in (first, late, urgent)] == ["approved", "waitlisted", "waitlisted"]
    assert first.buckets == ["total"] and first.allocated_at == NOW
    assert allocation.waitlist_position(session=db, case=first) is None
    assert allocation.waitlist_position(session=db, case=urgent) == 1
    assert allocation.waitlist_position(session=db, case=late) == 2
    steps = db.scalars(select(CaseEvent).where(CaseEvent.case_id == late.id)).all()
    assert [(e.step, e.from_status, e.to_status, e.note) for e in steps] == [
        ("approve", "interviewed", "waitlisted", "fine")
    ]


def test_release_gives_places_back_to_the_waitlist(db: Session, world: World) -> None:
    programme = load(db, programme_file(ceilings=[ceiling(2, regions={"americas": 1})]))
    supervisor = world.user(db, "USA", Role.supervisor)
    holder = add_case(db, world, programme)
    allocation.approve(session=db, user=supervisor, case=holder, now=NOW)
    waiting = add_case(db, world, programme, nationality="CUB")
    allocation.approve(session=db, user=supervisor, case=waiting, now=NOW)
    assert waiting.status == "waitlisted"  # the Americas' one place is taken
    holder.status = "withdrawn"
    allocation.release(session=db, case=holder)
    allocation.release(session=db, case=holder)  # a second call gives back nothing more
    left = allocation.remaining(
        session=db, user=supervisor, programme_code=programme.code, fiscal_year=2024
    )
    assert {c.bucket: c.allocated for c in left} == {"total": 0, "region:americas": 0}
    allocation.run(
        session=db, user=supervisor, programme_code=programme.code, fiscal_year=2024, now=NOW
    )
    assert db.get(PathwayCase, waiting.id).status == "approved"


def test_a_freed_place_goes_to_the_waitlist_before_a_later_approval(
    db: Session, world: World
) -> None:
    programme = load(db, programme_file(ceilings=[ceiling(1)]))
    supervisor = world.user(db, "USA", Role.supervisor)
    holder = add_case(db, world, programme, applied=day(1))
    waiting = add_case(db, world, programme, applied=day(2))
    later = add_case(db, world, programme, applied=day(3))
    urgent = add_case(db, world, programme, rank=-1, applied=day(4))
    for case in (holder, waiting):
        allocation.approve(session=db, user=supervisor, case=case, now=NOW)
    assert (holder.status, waiting.status) == ("approved", "waitlisted")
    holder.status = "withdrawn"
    allocation.release(session=db, case=holder)
    # The freed place is the waiting case's: the later approval joins the waitlist behind it.
    allocation.approve(session=db, user=supervisor, case=later, now=NOW)
    assert (waiting.status, later.status) == ("approved", "waitlisted")
    assert allocation.waitlist_position(session=db, case=later) == 1
    steps = db.execute(
        select(CaseEvent.step, CaseEvent.to_status)
        .where(CaseEvent.case_id == waiting.id)
        .order_by(CaseEvent.id)
    ).all()
    assert [tuple(s) for s in steps] == [("approve", "waitlisted"), ("allocate", "approved")]
    # A case of higher priority than every waiting one still comes first.
    waiting.status = "withdrawn"
    allocation.release(session=db, case=waiting)
    allocation.approve(session=db, user=supervisor, case=urgent, now=NOW)
    assert (urgent.status, later.status) == ("approved", "waitlisted")


def test_a_new_fiscal_year_opens_the_waitlist(db: Session, world: World) -> None:
    programme = load(db, programme_file(ceilings=[ceiling(1)]))
    supervisor = world.user(db, "USA", Role.supervisor)
    cases = [add_case(db, world, programme, applied=day(i + 1)) for i in range(3)]
    for case in cases:
        allocation.approve(session=db, user=supervisor, case=case, now=NOW)
    with pytest.raises(Conflict):  # no ceiling for FY2025 yet
        allocation.run(
            session=db, user=supervisor, programme_code=programme.code, fiscal_year=2025, now=NOW
        )
    load(db, programme_file(version=2, ceilings=[ceiling(1), ceiling(5, year=2025)]))
    outcome = allocation.run(
        session=db, user=supervisor, programme_code=programme.code, fiscal_year=2025, now=NOW
    )
    assert (outcome.allocated, outcome.waitlisted) == (2, 0)
    assert {db.get(PathwayCase, c.id).fiscal_year for c in cases} == {2024, 2025}


def test_uncapped_programme_always_allocates(db: Session, world: World) -> None:
    programme = load(db, programme_file(kind="temporary_work", uncapped=True, ceilings=[]))
    supervisor = world.user(db, "USA", Role.supervisor)
    for _ in range(3):
        case = allocation.approve(
            session=db, user=supervisor, case=add_case(db, world, programme), now=NOW
        )
        assert (case.status, case.fiscal_year, case.buckets) == ("approved", 2024, [])
    assert (
        allocation.remaining(
            session=db, user=supervisor, programme_code=programme.code, fiscal_year=2024
        )
        == []
    )


# (id, user, fiscal year, error)
REFUSALS = [
    ("an officer may not run it", ("USA", Role.safe_mobility_officer), 2024, Forbidden),
    ("another state's programme", ("MEX", Role.supervisor), 2024, NotFound),
    ("a year that has ended", ("USA", Role.supervisor), 2023, Conflict),
    ("a year without a ceiling", ("USA", Role.supervisor), 2026, Conflict),
]


@pytest.mark.parametrize(("label", "who", "year", "error"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_run_refusals(
    db: Session, world: World, label: str, who: tuple[str, Role], year: int, error: type
) -> None:
    programme = load(db, programme_file(ceilings=[ceiling(1)]))
    with pytest.raises(error):
        allocation.run(
            session=db,
            user=world.user(db, *who),
            programme_code=programme.code,
            fiscal_year=year,
            now=NOW,
        )


def test_the_system_runs_without_a_user(db: Session, world: World) -> None:
    programme = load(db, programme_file(ceilings=[ceiling(1)]))
    case = add_case(db, world, programme, status="waitlisted")
    outcome = allocation.run(
        session=db, user=None, programme_code=programme.code, fiscal_year=2024, now=NOW
    )
    assert outcome.allocated == 1 and db.get(PathwayCase, case.id).status == "approved"


def test_pages_and_positions_keep_the_order_across_equal_dates(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(allocation, "PAGE", 2)
    programme = load(db, programme_file(ceilings=[ceiling(4, regions={"africa": 1})]))
    # (nationality, rank, applied) in the order expected
    order = [
        ("VEN", 0, day(1)),
        ("ERI", 0, day(1)),
        ("SDN", 0, day(1)),
        ("VEN", 0, day(2)),
        ("CUB", 1, day(1)),
        ("HTI", 1, day(1)),
    ]
    cases = [
        add_case(db, world, programme, status="waitlisted", nationality=n, rank=r, applied=a)
        for n, r, a in order
    ]
    positions = [allocation.waitlist_position(session=db, case=c) for c in cases]
    assert positions == [1, 2, 3, 4, 5, 6]
    supervisor = world.user(db, "USA", Role.supervisor)
    allocation.run(
        session=db, user=supervisor, programme_code=programme.code, fiscal_year=2024, now=NOW
    )
    statuses = [db.get(PathwayCase, c.id).status[0] for c in cases]
    assert statuses == list("aawaaw")
    assert allocation.waitlist_position(session=db, case=db.get(PathwayCase, cases[5].id)) == 2
