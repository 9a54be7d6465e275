"""Outcomes: the provider's own mean scores by programme, service type and region; both
states' aggregates over live cases and the statistics left after retention, small counts
withheld ("<5") with a second cell ("x") so that none can be worked out by subtraction."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.errors import Forbidden
from readmit.reintegration import outcomes, plan
from readmit.reintegration.followup_schemas import ServiceCreate
from readmit.reintegration.models import OutcomeStat, ReintegrationCase
from tests.factories import World
from tests.reintegration.cases import ProviderSide, provider
from tests.reintegration.followup_cases import active_case, expected, officer_of, survey

MEAN_4 = {"economic": 2.0, "economic_count": 4, "social": 2.0, "social_count": 4}
MEAN_4 |= {"psychosocial": 2.0, "psychosocial_count": 4, "overall": 1.0, "overall_count": 2}


def _surveyed(
    db: Session, world: World, side: ProviderSide, index: int, option: int, kind: str
) -> ReintegrationCase:
    case = active_case(db, world, side, index=index)
    payload = ServiceCreate.model_validate({"service_type": kind, "provider_name": "X"})
    plan.add(session=db, user=officer_of(db, side), case=case, payload=payload)
    survey(db, side, case, 3, date(2026, 4, 10), option=option)
    return case


def _kept(db: Session, region: str, surveys: int, sums: dict, month: str = "2025-01") -> None:
    db.add(
        OutcomeStat(
            requesting_state="USA",
            requested_state="GTM",
            programme_code="iom-rss",
            region=region,
            service_type="",
            months=3,
            arrival_month=month,
            surveys=surveys,
            score_sums=sums,
        )
    )
    db.flush()


def test_the_providers_own_outcomes(db: Session, world: World) -> None:
    side, other = provider(db, "prov-a"), provider(db, "prov-b")
    first = _surveyed(db, world, side, 0, 0, "cash")
    _surveyed(db, world, side, 1, 2, "housing")
    _surveyed(db, world, other, 2, 1, "cash")  # another provider's: not counted
    best, worst = expected(0), expected(2)
    officer = officer_of(db, side)
    by_programme = outcomes.for_provider(session=db, user=officer, by="programme").rows
    assert [(r.group, r.months, r.surveys) for r in by_programme] == [("iom-rss", 3, 2)]
    mean = (best.overall + worst.overall) / 2  # type: ignore[operator]
    assert by_programme[0].means["overall"] == round(mean, 4)
    by_type = outcomes.for_provider(session=db, user=officer, by="service_type").rows
    assert [(r.group, r.surveys, r.means["overall"]) for r in by_type] == [
        ("cash", 1, best.overall),
        ("housing", 1, worst.overall),
    ]
    by_region = outcomes.for_provider(session=db, user=officer, by="region").rows
    assert [(r.group, r.surveys) for r in by_region] == [(first.region, 2)]
    with pytest.raises(Forbidden):
        outcomes.for_provider(session=db, user=world.user(db, "USA", Role.analyst), by="region")


def test_aggregates_withhold_small_cells_and_their_partner(db: Session, world: World) -> None:
    side = provider(db, "prov-a")
    case = _surveyed(db, world, side, 0, 0, "cash")  # every score 1.0
    _kept(db, case.region, 4, MEAN_4)  # with the live survey: 5, shown
    _kept(db, "Petén", 2, {"overall": 1.0, "overall_count": 2})  # 2: "<5"
    analyst = world.user(db, "USA", Role.analyst)
    rows = outcomes.aggregates(session=db, user=analyst, by="region", side="requesting").rows
    cells = {(r.partner, r.group): r for r in rows}
    assert sorted(cells) == [("GTM", "*"), ("GTM", "Petén"), ("GTM", case.region)]
    assert (cells[("GTM", "Petén")].surveys, cells[("GTM", "Petén")].means["overall"]) == (
        "<5",
        "<5",
    )
    # 5 is not small, but with the total shown it would give the 2 away
    assert (cells[("GTM", case.region)].surveys, cells[("GTM", case.region)].means["economic"]) == (
        "x",
        "x",
    )
    total = cells[("GTM", "*")]
    assert total.surveys == 7
    assert total.means["economic"] == round((1 + 2) / 5, 4)
    assert total.means["overall"] == round((1 + 1 + 1) / 5, 4)
    # enough in Petén: nothing withheld; the requested state sees the same per partner USA
    _kept(db, "Petén", 3, {"overall": 0.0, "overall_count": 3}, month="2025-02")
    supervisor = world.user(db, "GTM", Role.supervisor)
    rows = outcomes.aggregates(session=db, user=supervisor, by="region", side="requested").rows
    assert [(r.partner, r.group, r.surveys) for r in rows] == [
        ("USA", "*", 10),
        ("USA", "Petén", 5),
        ("USA", case.region, 5),
    ]
    assert rows[1].means["overall"] == 0.2  # sums 1.0 + 0.0 over 2 + 3 surveys
    # by service type, kept rows for every case ("") are not counted, and cells do not add up
    rows = outcomes.aggregates(session=db, user=analyst, by="service_type").rows
    assert [(r.group, r.surveys) for r in rows] == [("cash", "<5")]


@pytest.mark.parametrize("role", list(Role))
def test_aggregates_and_outcomes_per_role(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    for state in ("USA", "GTM"):
        headers = world.headers(state, role)
        response = client.get("/api/v1/reintegration/aggregates?by=region", headers=headers)
        assert response.status_code == (200 if role in (Role.analyst, Role.supervisor) else 403)
        response = client.get("/api/v1/reintegration/outcomes?by=service_type", headers=headers)
        assert response.status_code == (200 if role is Role.reintegration_officer else 403)
    response = client.get(
        "/api/v1/reintegration/aggregates?by=gender", headers=world.headers("USA", Role.analyst)
    )
    assert response.status_code == 422
