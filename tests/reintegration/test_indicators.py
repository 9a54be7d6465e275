"""The progress report's reintegration indicator: the mean overall score of the 12-month
follow-ups completed in the period, per corridor on the state's side, live and kept after
retention; "<5" under five surveys."""

from datetime import date

from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.progress import service as progress
from readmit.reintegration import indicators
from readmit.reintegration.models import OutcomeStat
from readmit.statistics.months import label, month_of
from tests.factories import World
from tests.reintegration.cases import provider
from tests.reintegration.followup_cases import active_case, survey

NOW = month_of(utcnow())


def _kept(db: Session, *, arrival: str, surveys: int, overall: float, services: str = "") -> None:
    db.add(
        OutcomeStat(
            requesting_state="USA",
            requested_state="GTM",
            programme_code="iom-rss",
            region="Quiché",
            service_type=services,
            months=12,
            arrival_month=arrival,
            surveys=surveys,
            score_sums={"overall": overall, "overall_count": surveys},
        )
    )
    db.flush()


def _scores(db: Session, side: str) -> dict[str, object]:
    state = "GTM" if side == "requested" else "USA"
    return indicators.sustainability(session=db, state=state, side=side, first=NOW, last=NOW)


def test_live_and_kept_surveys_make_the_corridor_mean(db: Session, world: World) -> None:
    side = provider(db, "prov-ind")
    for index in range(2):
        case = active_case(db, world, side, index=index)  # every score 1.0 with option 0
        survey(db, side, case, 3, date(2026, 4, 10))  # another follow-up: not counted
        survey(db, side, case, 12, date(2027, 1, 10))
    assert _scores(db, "requested") == {"USA-GTM": "<5"}
    assert _scores(db, "requesting") == {"USA-GTM": "<5"}
    a_year_ago = label((NOW[0] - 1, NOW[1]))
    _kept(db, arrival=a_year_ago, surveys=3, overall=1.5)
    _kept(db, arrival=a_year_ago, surveys=3, overall=0.0, services="cash")  # counted above
    _kept(db, arrival=label((NOW[0] - 2, NOW[1])), surveys=9, overall=0.0)  # another period
    assert _scores(db, "requested") == {"USA-GTM": round((2 * 1.0 + 1.5) / 5, 4)}
    assert (
        indicators.sustainability(session=db, state="MEX", side="requested", first=NOW, last=NOW)
        == {}
    )


def test_the_progress_report_shows_it_per_corridor(db: Session, world: World) -> None:
    _kept(db, arrival=label((NOW[0] - 1, NOW[1])), surveys=6, overall=3.0)
    supervisor = world.user(db, "GTM", Role.supervisor)
    declaration = progress.declarations()["los-angeles-declaration"]
    found = {
        f.key: f
        for f in progress.live(
            session=db, user=supervisor, declaration=declaration, first=NOW, last=NOW
        )
    }
    figure = found["reintegration_sustainability"]
    assert figure.available and figure.value == 0.5
    assert [(c.corridor, c.value) for c in figure.corridors] == [("USA-GTM", 0.5)]
