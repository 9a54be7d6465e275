"""From statistics totals to scorecard indicators, and the period a scorecard rates: table
driven. A value from fewer than 5 cases is None, so that no rating rests on a handful."""

from datetime import UTC, date, datetime

import pytest

from readmit.errors import Invalid
from readmit.scorecards.periods import Period, choose, last_complete_quarter, quarters
from readmit.scorecards.schemas import INDICATORS
from readmit.scorecards.values import BASES, Measured, measure, unit
from readmit.statistics.service import Totals

NOW = datetime(2026, 12, 5, 11, tzinfo=UTC)
COUNTS = {
    "submitted": 40,
    "confirmed": 9,
    "rejected": 3,
    "deemed_accepted": 1,
    "decided": 13,
    "within_deadline": 10,
    "arrived": 8,
    "no_shows": 2,
    "interviews_requested": 6,
    "interviews_granted": 3,
    "interviews_held": 1,
    "interviews_refused": 1,
    "charters_accepted": 4,
    "charters_refused": 0,
    "releases": 2,
    "releases_not_foreseeable": 1,
    "reintegration_referrals": 0,
}
DAYS = {"decision_days": (11.0, 15.0), "document_days": (9.5, 21.0), "departure_days": (4.0, 9.0)}
FULL = Totals(COUNTS, DAYS)
ENOUGH = {"document_days": 6, "departure_days": 5}


def test_every_indicator_has_a_basis_and_a_unit() -> None:
    assert set(BASES) == set(INDICATORS)
    assert {unit(name) for name in INDICATORS} == {"days", "share", "ratio"}


@pytest.mark.parametrize(
    ("indicator", "measured"),
    [
        ("days_to_decision_median", Measured(11.0, 13)),  # on the 13 decisions
        ("days_to_travel_document_p90", Measured(21.0, 6)),
        ("days_to_departure_median", Measured(4.0, 5)),
        ("share_decided_within_deadline", Measured(0.769, 13)),  # 10 / 13
        ("share_confirmed", Measured(0.769, 13)),  # (9 + 1) / 13
        ("interviews_granted_share", Measured(0.6, 5)),  # 3 / (3 + 1 + 1)
        ("charters_accepted_share", Measured(None, 4)),  # 4 answers: not enough
        ("release_to_removal_ratio", Measured(0.25, 10)),  # 2 / 8; 8 removals + 2 releases
        ("no_show_share", Measured(0.2, 10)),  # 2 / (8 + 2)
    ],
)
def test_indicators_from_the_totals(indicator: str, measured: Measured) -> None:
    assert measure(FULL, duration_cases=ENOUGH)[indicator] == measured


@pytest.mark.parametrize(
    ("change", "indicator", "measured"),
    [
        # A duration from fewer than 5 cases, or without any case, is not enough data.
        ({"duration_cases": {"document_days": 4}}, "days_to_travel_document_p90", (None, 4)),
        ({"duration_cases": {}}, "days_to_departure_median", (None, 0)),
        ({"counts": {"decided": 4}}, "days_to_decision_median", (None, 4)),
        ({"days": {"decision_days": None}}, "days_to_decision_median", (None, 13)),
        # A denominator under 5.
        (
            {"counts": {"decided": 4, "within_deadline": 4}},
            "share_decided_within_deadline",
            (None, 4),
        ),
        ({"counts": {"arrived": 4}}, "release_to_removal_ratio", (None, 6)),
        ({"counts": {"arrived": 0, "releases": 0}}, "release_to_removal_ratio", (None, 0)),
        # Exactly 5 is enough.
        (
            {"counts": {"interviews_held": 0, "interviews_refused": 2}},
            "interviews_granted_share",
            (0.6, 5),
        ),
        # Releases are the requesting state's: absent from the totals, no value.
        ({"drop": "releases"}, "release_to_removal_ratio", (None, 0)),
    ],
)
def test_too_few_cases_give_no_value(change: dict, indicator: str, measured: tuple) -> None:
    counts = COUNTS | change.get("counts", {})
    if "drop" in change:
        counts = {name: n for name, n in counts.items() if name != change["drop"]}
    totals = Totals(counts, DAYS | change.get("days", {}))
    found = measure(totals, duration_cases=change.get("duration_cases", ENOUGH))
    assert found[indicator] == Measured(*measured)


@pytest.mark.parametrize(
    ("asked", "period", "name"),
    [
        ({}, Period((2026, 7), (2026, 9)), "2026-Q3"),  # the last complete quarter
        ({"quarter": "2026-q1"}, Period((2026, 1), (2026, 3)), "2026-Q1"),
        ({"quarter": "2026-Q4"}, Period((2026, 10), (2026, 12)), "2026-Q4"),  # begun
        (
            {"first": "2026-02", "last": "2026-06"},
            Period((2026, 2), (2026, 6)),
            "2026-02 to 2026-06",
        ),
        ({"first": "2026-04", "last": "2026-06"}, Period((2026, 4), (2026, 6)), "2026-Q2"),
        ({"first": "2026-05"}, Period((2026, 5), (2026, 5)), "2026-05 to 2026-05"),
    ],
)
def test_the_period_asked_for(asked: dict, period: Period, name: str) -> None:
    found = choose(
        quarter=asked.get("quarter"), first=asked.get("first"), last=asked.get("last"), now=NOW
    )
    assert (found, found.name) == (period, name)


@pytest.mark.parametrize(
    ("asked", "field", "message"),
    [
        ({"quarter": "2026-Q5"}, "quarter", "not a quarter"),
        ({"quarter": "2027-Q1"}, "quarter", "has not begun yet"),
        ({"quarter": "2026-Q1", "first": "2026-01"}, "quarter", "not both"),
        ({"first": "2026-13"}, "from", "not a month"),
        ({"first": "2026-05", "last": "2026-02"}, "to", "comes before"),
        ({"first": "2020-01", "last": "2026-01"}, "from", "1 to 60 whole months"),
    ],
)
def test_a_period_that_cannot_be_rated(asked: dict, field: str, message: str) -> None:
    with pytest.raises(Invalid) as refused:
        choose(
            quarter=asked.get("quarter"), first=asked.get("first"), last=asked.get("last"), now=NOW
        )
    (problem,) = refused.value.problems
    assert problem.loc == ("query", field) and message in problem.msg


@pytest.mark.parametrize(
    ("period", "previous", "last_day"),
    [
        (Period((2026, 1), (2026, 3)), Period((2025, 10), (2025, 12)), date(2026, 3, 31)),
        (Period((2026, 2), (2026, 2)), Period((2026, 1), (2026, 1)), date(2026, 2, 28)),
        (Period((2025, 11), (2026, 4)), Period((2025, 5), (2025, 10)), date(2026, 4, 30)),
    ],
)
def test_the_previous_period_has_the_same_length(
    period: Period, previous: Period, last_day: date
) -> None:
    assert (period.previous(), period.last_day) == (previous, last_day)


def test_quarters_to_choose_from() -> None:
    assert last_complete_quarter(datetime(2026, 1, 2, tzinfo=UTC)) == Period((2025, 10), (2025, 12))
    assert quarters(NOW, date(2026, 5, 1)) == ["2026-Q4", "2026-Q3", "2026-Q2"]
    assert quarters(NOW, date(2025, 12, 31)) == [
        "2026-Q4",
        "2026-Q3",
        "2026-Q2",
        "2026-Q1",
        "2025-Q4",
    ]
    assert len(quarters(NOW, date(1990, 1, 1))) == 40
