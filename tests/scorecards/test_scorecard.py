"""Rating China over 2026-Q1 from the case data, against the set worked out by hand in
tests/scorecards/cases.py; the rules in force by the period's last day (the packaged example,
or an agency's own file); and the cases behind each factor."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.config import get_settings
from readmit.scorecards import cases, service
from readmit.scorecards.periods import Period
from readmit.scorecards.schemas import ScorecardPublic
from tests.factories import World
from tests.scorecards.cases import Built, build_scorecard
from tests.statistics.cases import NOW

Q1 = Period((2026, 1), (2026, 3))
RULES = service.DEFAULT_RULES


def rate(db: Session, world: World, period: Period = Q1) -> ScorecardPublic:
    analyst = world.user(db, "USA", Role.analyst)
    return service.scorecard(session=db, user=analyst, corridor="USA-CHN", period=period, now=NOW)


def references(db: Session, world: World, indicator: str, page: int = 1) -> list[str]:
    found = service.cases_behind(
        session=db,
        user=world.user(db, "USA", Role.supervisor),
        corridor="USA-CHN",
        period=Q1,
        indicator=indicator,
        page=page,
    )
    return [row.reference for row in found.listing.rows]


@pytest.fixture
def built(db: Session, world: World) -> Built:
    return build_scorecard(db, world)


def test_the_rating_worked_out_by_hand(db: Session, world: World, built: Built) -> None:
    card = rate(db, world)
    assert (card.rating, card.score, card.factors_with_data) == ("at_risk", 0.5876, 3)
    assert card.rule_set is not None and card.rule_set.version == 1
    assert (card.period, card.previous_from, card.previous_to) == ("2026-Q1", "2025-10", "2025-12")
    found = {f.key: (f.value, f.previous_value, f.score, f.trend, f.cases) for f in card.factors}
    assert found == {
        "travel_documents": (22.0, None, 0.826, "unknown", 7),
        "replies_on_time": (0.583, 1.0, pytest.approx(0.2075, abs=0.001), "worse", 12),
        "interviews": (0.8, None, 0.8, "unknown", 5),
        "charters": (None, None, None, "unknown", "<5"),
        "releases": (None, None, None, "unknown", "<5"),
    }


def test_no_rules_in_force_before_the_first_version(
    db: Session, world: World, built: Built
) -> None:
    card = rate(db, world, Period((2025, 10), (2025, 12)))
    assert (card.rule_set, card.rating, card.score, card.factors) == (None, "not_rated", None, [])
    assert str(card.rules_on) == "2025-12-31"


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        ("share_decided_within_deadline", "decided"),
        ("days_to_decision_median", "decided"),
        ("days_to_travel_document_p90", "documents"),
        ("interviews_granted_share", "interviews"),
        ("charters_accepted_share", "charters"),
        ("release_to_removal_ratio", "releases"),
    ],
)
def test_the_cases_behind_each_factor(
    db: Session, world: World, built: Built, indicator: str, expected: str
) -> None:
    found = references(db, world, indicator)
    assert found == getattr(built, expected)
    assert built.elsewhere not in found


def test_the_list_tells_what_each_case_counts_for(db: Session, world: World, built: Built) -> None:
    found = service.cases_behind(
        session=db,
        user=world.user(db, "USA", Role.analyst),
        corridor="USA-CHN",
        period=Q1,
        indicator="share_decided_within_deadline",
    ).listing
    rows = {row.reference: (row.event, row.days, row.in_time) for row in found.rows}
    assert found.total == 12
    assert rows[built.decided[0]] == ("confirm", 15.0, True)  # D
    assert rows[built.decided[-1]] == ("reject", 11.0, False)  # B: late
    charters = service.cases_behind(
        session=db,
        user=world.user(db, "USA", Role.analyst),
        corridor="USA-CHN",
        period=Q1,
        indicator="charters_accepted_share",
    ).listing
    assert [(r.event, r.flight) for r in charters.rows] == [
        ("charter_accepted", "United Airlines UA857"),
        ("charter_refused", "United Airlines UA857"),
    ]


def test_the_list_comes_a_page_at_a_time(db: Session, world: World, built: Built) -> None:
    scope = cases.Scope(world.user(db, "USA", Role.analyst), "USA", "CHN", Q1)
    pages = [
        cases.listing(session=db, scope=scope, indicator="share_confirmed", page=page, size=5)
        for page in (1, 2, 3, 4)
    ]
    assert [len(p.rows) for p in pages] == [5, 5, 2, 0]
    assert {p.total for p in pages} == {12}
    assert [row.reference for p in pages for row in p.rows] == built.decided


def agency_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("READMIT_SCORECARD_RULES", str(path))
    get_settings.cache_clear()


@pytest.fixture
def settings_restored() -> Iterator[None]:
    """The settings read again after the test, without its environment."""
    yield
    get_settings.cache_clear()


def test_an_agencys_own_rules_and_their_version_in_force(
    db: Session,
    world: World,
    built: Built,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings_restored: None,
) -> None:
    version_2 = """
  - name: "Agency rules"
    version: 2
    in_force_from: 2026-03-31
    cooperative_from: 0.5
    at_risk_from: 0.2
    minimum_factors: 1
    factors:
      replies:
        indicator: share_decided_within_deadline
        good: 0.6
        poor: 0.3
        weight: 1
"""
    agency_rules(tmp_path, monkeypatch, RULES.read_text(encoding="utf-8") + version_2)
    card = rate(db, world)
    assert card.rule_set is not None
    assert (card.rule_set.name, card.rule_set.version) == ("Agency rules", 2)
    # 0.583 scores (0.583 - 0.3) / 0.3 = 0.9433: cooperative from 0.5.
    assert (card.rating, card.score, [f.key for f in card.factors]) == (
        "cooperative",
        0.9433,
        ["replies"],
    )
    # The month before its first day, version 1 still rates.
    february = rate(db, world, Period((2026, 1), (2026, 2)))
    assert february.rule_set is not None and february.rule_set.version == 1


def test_rules_that_cannot_be_used_are_a_clear_refusal(
    db: Session,
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings_restored: None,
) -> None:
    agency_rules(tmp_path, monkeypatch, "rule_sets: []\n")
    with pytest.raises(service.RulesUnusable) as refused:
        rate(db, world)
    assert "readmit scorecards check" in str(refused.value)
    assert str(tmp_path / "agency.yaml") in str(refused.value)
