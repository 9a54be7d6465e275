"""Scorecard rules as data: each factor scored between its poor and good values, the weighted
score banded into a rating, too little data left unrated, trends in the factor's direction,
and rule files refused with the field and line that are wrong."""

from datetime import date
from pathlib import Path

import pytest

from readmit.scorecards.schemas import Factor, Rating, RuleFileError, load_rule_file
from readmit.scorecards.service import Trend, factor_score, in_force, rate, trend
from tests.identity.cli_runner import run_cli

RULES = Path(__file__).parents[2] / "src/readmit/scorecards/data/removal-cooperation.yaml"
FAST = Factor(indicator="days_to_travel_document_p90", good=14, poor=60, weight=3)
ON_TIME = Factor(indicator="share_decided_within_deadline", good=0.9, poor=0.5, weight=3)


@pytest.mark.parametrize(
    ("factor", "value", "score"),
    [
        (FAST, 14, 1.0),
        (FAST, 7, 1.0),
        (FAST, 60, 0.0),
        (FAST, 90, 0.0),
        (FAST, 37, 0.5),
        (ON_TIME, 0.9, 1.0),
        (ON_TIME, 0.7, 0.5),
        (ON_TIME, 0.4, 0.0),
    ],
)
def test_a_factor_scores_between_poor_and_good(factor: Factor, value: float, score: float) -> None:
    assert factor_score(factor, value) == pytest.approx(score)


@pytest.mark.parametrize(
    ("factor", "value", "previous", "moved"),
    [
        (FAST, 20, 30, Trend.better),  # fewer days is better
        (FAST, 30, 20, Trend.worse),
        (FAST, 30, 31, Trend.steady),  # 1 day of a 46-day span
        (ON_TIME, 0.8, 0.6, Trend.better),
        (ON_TIME, 0.6, 0.8, Trend.worse),
        (ON_TIME, 0.6, None, Trend.unknown),
        (ON_TIME, None, 0.6, Trend.unknown),
    ],
)
def test_trends_follow_the_factors_direction(
    factor: Factor, value: float | None, previous: float | None, moved: Trend
) -> None:
    assert trend(factor, value, previous) == moved


ALL_GOOD = {
    "days_to_travel_document_p90": 10,
    "share_decided_within_deadline": 0.95,
    "interviews_granted_share": 1.0,
    "charters_accepted_share": 1.0,
    "release_to_removal_ratio": 0.05,
}


@pytest.mark.parametrize(
    ("values", "rating", "score"),
    [
        (ALL_GOOD, Rating.cooperative, 1.0),
        # Slow documents (0 of 3) and late replies (0 of 3): 6 of 12 points.
        (
            ALL_GOOD | {"days_to_travel_document_p90": 75, "share_decided_within_deadline": 0.3},
            Rating.at_risk,
            0.5,
        ),
        # Everything poor: uncooperative.
        (
            {
                "days_to_travel_document_p90": 120,
                "share_decided_within_deadline": 0.2,
                "interviews_granted_share": 0.1,
                "charters_accepted_share": 0.0,
                "release_to_removal_ratio": 3.0,
            },
            Rating.uncooperative,
            0.0,
        ),
        # No interview or charter data: rated on the three factors that have it (all good).
        (
            ALL_GOOD | {"interviews_granted_share": None, "charters_accepted_share": None},
            Rating.cooperative,
            1.0,
        ),
        # Two factors with data, three needed: not rated.
        ({"days_to_travel_document_p90": 10, "share_decided_within_deadline": 0.95}, None, None),
    ],
)
def test_the_weighted_score_gives_the_rating(
    values: dict[str, float | None], rating: Rating | None, score: float | None
) -> None:
    rule_set = load_rule_file(RULES).rule_sets[0]
    card = rate(rule_set=rule_set, values=values)
    assert (card.rating, card.score) == (rating, score)
    assert [f.key for f in card.factors] == list(rule_set.factors)


def test_the_version_in_force_is_the_latest_begun() -> None:
    rules = load_rule_file(RULES)
    assert in_force(rules=rules, on=date(2025, 12, 31)) is None
    assert in_force(rules=rules, on=date(2026, 6, 1)) == rules.rule_sets[0]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("indicator: days_to_travel_document_p90", "indicator: nonsense"),
        ("good: 14", "good: 90"),
        ("weight: 3\n      replies_on_time", "weight: 0\n      replies_on_time"),
        ("minimum_factors: 3", "minimum_factors: 9"),
        ("at_risk_from: 0.45", "at_risk_from: 0.8"),
    ],
)
def test_a_wrong_rule_file_names_the_field_and_line(
    tmp_path: Path, change: str, problem: str
) -> None:
    text = RULES.read_text(encoding="utf-8")
    assert change in text
    broken = tmp_path / "rules.yaml"
    broken.write_text(text.replace(change, problem, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as refused:
        load_rule_file(broken)
    message = str(refused.value)
    assert "invalid scorecard rule file (1 error(s))" in message
    assert "(line " in message


def test_the_command_lists_the_versions_or_the_wrong_fields(tmp_path: Path) -> None:
    ran = run_cli(tmp_path, "scorecards", "check", str(RULES))
    assert ran.code == 0, ran.output
    assert ran.lines[0].startswith(
        "version 1, in force from 2026-01-01: Removal cooperation (illustrative); factors: "
        "travel_documents (days_to_travel_document_p90, weight 3)"
    )
    broken = tmp_path / "rules.yaml"
    broken.write_text(RULES.read_text(encoding="utf-8").replace("weight: 2", "weight: -2", 1))
    ran = run_cli(tmp_path, "scorecards", "check", str(broken))
    assert ran.code == 1
    assert "factors.interviews.weight: Input should be greater than 0" in ran.output
