"""The monthly cells follow every kind of change in the transaction that makes it, agree with
a fresh count of the cases, and give the cooperation counts (interviews, charters, releases,
referrals) each side may see."""

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.custody import service as custody
from readmit.custody.schemas import CustodyChange
from readmit.database.core import utcnow
from readmit.interviews import service as interviews
from readmit.interviews.schemas import InterviewCreate, InterviewDecisionIn
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.statistics import aggregates, service
from readmit.statistics.models import StatisticsCell
from readmit.statistics.months import month_of
from readmit.statistics.schemas import MonthIndicators
from readmit.transfers import acceptance
from readmit.transfers import service as transfers
from readmit.transfers.schemas import CharterAcceptanceIn
from tests.factories import World, flight, make_case
from tests.statistics.cases import NOW, build, removal

LATER = date.today() + timedelta(days=10)


def this_month(db: Session, world: World, state: str) -> MonthIndicators:
    month = month_of(utcnow())
    report = service.indicators(
        session=db,
        user=world.user(db, state, Role.analyst),
        corridor="USA-CHN",
        first=month,
        last=month,
    )
    return report.corridors[0].months[0]


def cooperation(db: Session, world: World) -> None:
    """Seven interviews (5 granted, 1 held, 1 refused), six charters (5 accepted, 1 refused),
    six releases (5 of them as removal not reasonably foreseeable), six referrals."""
    officer = world.user(db, "USA", Role.case_officer)
    verifier = world.user(db, "CHN", Role.verifier)
    index = iter(range(20, 60))
    for answer in ["grant"] * 5 + ["hold", "refuse"]:
        case = make_case(db, world, index=next(index), status=Status.submitted)
        asked = interviews.request(
            session=db,
            user=officer,
            application=case,
            payload=InterviewCreate(proposed_date=LATER, proposed_place="Houston"),
        )
        granted = {"interview_date": LATER, "interview_place": "Consulate"}
        details = granted if answer == "grant" else {"reason": "the consul is away"}
        interviews.decide(
            session=db,
            user=verifier,
            application=case,
            interview=asked,
            payload=InterviewDecisionIn.model_validate({"decision": answer} | details),
        )
    for accepted in [True] * 5 + [False]:
        case = make_case(db, world, index=next(index), status=Status.travel_document_issued)
        charter = transfers.create(session=db, user=officer, payload=flight(case, kind="charter"))
        acceptance.answer(
            session=db,
            user=verifier,
            transfer=charter,
            payload=CharterAcceptanceIn(accepted=accepted, reason=None if accepted else "no"),
        )
    for reason in ["removal_not_reasonably_foreseeable"] * 5 + ["bond"]:
        case = make_case(db, world, index=next(index), status=Status.submitted)
        change = CustodyChange.model_validate(
            {"status": "released", "since": date.today(), "release_reason": reason}
        )
        custody.record(
            session=db, user=officer, application=case, change=change, today=date.today()
        )
    for _n in range(6):
        case = make_case(db, world, index=next(index), status=Status.departed)
        removal(db, world, case, "arrived", referral=True)


def test_the_cells_agree_with_a_fresh_count(db: Session, world: World) -> None:
    build(db, world)
    cooperation(db, world)
    assert aggregates.differences(session=db) == []
    before = service.indicators(
        session=db, user=world.user(db, "USA", Role.analyst), first=(2026, 1), now=NOW
    )
    aggregates.rebuild(session=db)
    assert aggregates.differences(session=db) == []
    after = service.indicators(
        session=db, user=world.user(db, "USA", Role.analyst), first=(2026, 1), now=NOW
    )
    assert after == before


def test_cooperation_counts_and_who_sees_them(db: Session, world: World) -> None:
    cooperation(db, world)
    usa = this_month(db, world, "USA")
    assert (usa.interviews_requested, usa.interviews_granted) == (7, 5)
    # One held and one refused: each under 5, and nothing they add up to is published.
    assert (usa.interviews_held, usa.interviews_refused) == ("<5", "<5")
    assert (usa.charters_accepted, usa.charters_refused) == (5, "<5")
    assert (usa.releases, usa.releases_not_foreseeable) == (6, 5)
    assert (usa.reintegration_referrals, usa.arrived) == (6, 6)
    chn = this_month(db, world, "CHN")
    assert (chn.interviews_granted, chn.charters_accepted, chn.arrived) == (5, 5, 6)
    # Custody is the requesting state's business alone.
    assert (chn.releases, chn.releases_not_foreseeable) == (None, None)


def test_a_protection_flag_takes_the_case_out_of_the_requested_states_figures(
    db: Session, world: World
) -> None:
    cases = [make_case(db, world, index=i, status=Status.submitted) for i in range(6)]
    assert this_month(db, world, "CHN").submitted == 6
    protection.open_flag(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=cases[0],
        kind=ProtectionKind.asylum_pending,
        note="claim lodged",
    )
    chn, usa = this_month(db, world, "CHN"), this_month(db, world, "USA")
    assert (chn.submitted, chn.pending) == (5, 5)
    # The requesting state still counts it; suspended, it is no longer pending.
    assert (usa.submitted, usa.pending) == (6, 5)
    assert aggregates.differences(session=db) == []


def test_the_current_months_stocks_are_the_open_cases_now(db: Session, world: World) -> None:
    for i in range(5):
        make_case(db, world, index=i, status=Status.submitted)
    now = utcnow()
    month = month_of(now)
    user = world.user(db, "USA", Role.analyst)
    later = now + timedelta(days=200)
    found = service.indicators(session=db, user=user, corridor="USA-CHN", first=month, now=now)
    assert (found.corridors[0].months[0].pending, found.corridors[0].months[0].overdue) == (5, 0)
    # Every reply deadline has passed 200 days on (the month is then the current one).
    found = service.indicators(
        session=db, user=user, corridor="USA-CHN", first=month_of(later), now=later
    )
    assert (found.corridors[0].months[0].pending, found.corridors[0].months[0].overdue) == (5, 5)


def test_a_rebuild_replaces_cells_out_of_step(db: Session, world: World) -> None:
    build(db, world)
    aggregates.settle(session=db)
    db.execute(StatisticsCell.__table__.update().values(n=StatisticsCell.n + 1))
    assert aggregates.differences(session=db)
    aggregates.rebuild(session=db)
    assert aggregates.differences(session=db) == []
    assert db.scalar(select(func.count()).select_from(StatisticsCell)) > 0


def test_a_whole_year_reads_the_yearly_histograms_to_the_same_result(
    db: Session, world: World
) -> None:
    build(db, world)
    user = world.user(db, "USA", Role.analyst)
    later = NOW.replace(year=2027, month=1, day=15)
    year, eleven = (
        service.indicators(
            session=db, user=user, corridor="USA-CHN", first=(2026, 1), last=last, now=later
        ).corridors[0]
        for last in ((2026, 12), (2026, 11))
    )
    # January's twelve decisions: 8 (x5), 11 (x5), 15 (x2) days; nothing after November.
    assert (year.total.decision_days_median, year.total.decision_days_p90) == (11.0, 15.0)
    assert year.total.model_dump(exclude={"month"}) == eleven.total.model_dump(exclude={"month"})
