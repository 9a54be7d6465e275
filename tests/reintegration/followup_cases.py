"""Active reintegration cases for the plan, follow-up, outcome and retention tests: referred
through the consent helper's services, accepted by the provider on a given day."""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.reintegration import followups, programme, scoring
from readmit.reintegration import service as cases
from readmit.reintegration.lifecycle import Step
from readmit.reintegration.models import ReintegrationCase
from tests.factories import World
from tests.reintegration.cases import ProviderSide, consented, referred

ACCEPTED = date(2026, 1, 10)  # follow-ups due 2026-04-10, 2026-07-10, 2027-01-10


def officer_of(session: Session, side: ProviderSide) -> User:
    """The provider's reintegration officer."""
    user = session.get(User, side.officer_id)
    assert user is not None
    return user


def active_case(
    session: Session, world: World, side: ProviderSide, *, index: int = 0, on: date = ACCEPTED
) -> ReintegrationCase:
    """A case referred to the provider and accepted on `on` (no arrival recorded, so its
    follow-ups fall due from that day)."""
    case = referred(session, world, consented(session, world, index=index), side)
    when = datetime(on.year, on.month, on.day, 9, tzinfo=UTC)
    return cases.step(
        session=session, user=officer_of(session, side), case=case, step=Step.accept, now=when
    )


def answers(option: int) -> dict[str, str]:
    """Every indicator of the shipped survey answered with its `option`-th option (or its
    last when it has fewer)."""
    rss = programme.get("iom-rss")
    return {i.key: i.options[min(option, len(i.options) - 1)].key for i in rss.indicators}


def expected(option: int) -> scoring.Scores:
    """The scores of `answers(option)`."""
    return scoring.score(programme.get("iom-rss"), answers(option))


def survey(
    session: Session,
    side: ProviderSide,
    case: ReintegrationCase,
    months: int,
    day: date,
    option: int = 0,
) -> None:
    """Record the follow-up at `months` on `day`."""
    followups.record(
        session=session,
        user=officer_of(session, side),
        case=case,
        months=months,
        answers=answers(option),
        today=day,
    )
