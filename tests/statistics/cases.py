"""A small USA→CHN case set over January to March 2026, with its step times set by hand, for
indicator values worked out on paper (see test_indicators.py)."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Procedure, Status
from readmit.applications.models import Application, TimelineEvent
from readmit.auth.models import Role
from readmit.transfers import service as transfers
from readmit.transfers.schemas import ArrivalIn
from tests.factories import World, make_case

NOW = datetime(2026, 4, 1, tzinfo=UTC)


def at(day: str) -> datetime:
    """10:00 UTC on an ISO day."""
    return datetime.fromisoformat(f"{day}T10:00:00+00:00")


def backdate(db: Session, case: Application, steps: dict[str, datetime]) -> None:
    """Move the first recorded step of each action (and the case's clocks) to a given time."""
    for action, moment in steps.items():
        event = db.scalars(
            select(TimelineEvent)
            .where(TimelineEvent.application_id == case.id, TimelineEvent.action == action)
            .order_by(TimelineEvent.id)
        ).first()
        assert event is not None, (case.reference, action)
        event.at = moment
    case.submitted_at = steps["submit"]
    db.flush()


def removal(
    db: Session, world: World, case: Application, outcome: str, *, referral: bool = False
) -> None:
    """Report the departed person's arrival (perhaps referred to reintegration) or no-show,
    as the requested state."""
    transfer = transfers.for_application(session=db, application=case)
    assert transfer is not None
    transfers.record_arrival(
        session=db,
        user=world.user(db, "CHN", Role.verifier),
        transfer=transfer,
        application=case,
        report=ArrivalIn(outcome=outcome, reintegration_referral=referral),  # type: ignore[arg-type]
    )


def build(db: Session, world: World) -> None:
    """Thirteen cases the requested state may count, and one it may not (a protection hold).

    A (5) accelerated (5 working days), submitted Thu 15 Jan, confirmed Fri 23 Jan: in time only
      because Mon 19 Jan (Martin Luther King Jr. Day) is not a working day; 8 days.
    B (5) accelerated, submitted Thu 15 Jan, rejected Mon 26 Jan: late; 11 days.
    C (1) accelerated, submitted Mon 2 Feb, due Mon 9 Feb, never decided: pending and overdue
      at the end of February and of March.
    D (1) submitted 5 Jan, confirmed 20 Jan (15 days), document 3 Feb (14 days), departed
      13 Feb (10 days), arrived 14 Feb.
    E (1) submitted 5 Jan, confirmed 20 Jan, document 5 Feb (16 days), departed 2 Mar
      (25 days), no-show 3 Mar.
    F (1) submitted 3 Feb, suspended by an asylum claim 4 Feb: the requesting state counts its
      submission; the requested state counts nothing of it.
    """
    index = iter(range(60))
    for status, decided in ((Status.confirmed, "confirm"), (Status.rejected, "reject")):
        for _n in range(5):
            case = make_case(db, world, index=next(index), status=status)
            case.procedure = Procedure.accelerated
            day = "2026-01-23" if decided == "confirm" else "2026-01-26"
            backdate(db, case, {"submit": at("2026-01-15"), decided: at(day)})
    case = make_case(db, world, index=next(index), status=Status.under_verification)
    case.procedure = Procedure.accelerated
    backdate(db, case, {"submit": at("2026-02-02")})
    for outcome, document, departure, reported in (
        ("arrived", "2026-02-03", "2026-02-13", "2026-02-14"),
        ("no_show", "2026-02-05", "2026-03-02", "2026-03-03"),
    ):
        case = make_case(db, world, index=next(index), status=Status.departed)
        removal(db, world, case, outcome)
        steps = {
            "submit": at("2026-01-05"),
            "confirm": at("2026-01-20"),
            "issue_travel_document": at(document),
            "depart": at(departure),
            "confirm_arrival" if outcome == "arrived" else "report_no_show": at(reported),
        }
        backdate(db, case, steps)
    case = make_case(db, world, index=next(index), status=Status.suspended)
    backdate(db, case, {"submit": at("2026-02-03"), "suspend": at("2026-02-04")})
