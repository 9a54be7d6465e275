"""Fiscal years and sub-periods, table-driven: the US year (October), a calendar year, a
year starting in April, and periods that wrap over the calendar year."""

from datetime import date

import pytest

from readmit.pathways import fiscal
from readmit.pathways.definitions import Period

FIRST = Period(id="first_half", from_month=10, to_month=3, places=1)
SECOND = Period(id="second_half", from_month=4, to_month=9, places=1)
SUMMER = Period(id="summer", from_month=6, to_month=8, places=1)


@pytest.mark.parametrize(
    ("day", "start", "year"),
    [
        (date(2023, 9, 30), 10, 2023),
        (date(2023, 10, 1), 10, 2024),
        (date(2024, 9, 30), 10, 2024),
        (date(2024, 10, 1), 10, 2025),
        (date(2024, 1, 1), 10, 2024),
        (date(2024, 12, 31), 10, 2025),
        (date(2024, 1, 1), 1, 2024),
        (date(2024, 12, 31), 1, 2024),
        (date(2024, 3, 31), 4, 2024),
        (date(2024, 4, 1), 4, 2025),
    ],
)
def test_fiscal_year_of(day: date, start: int, year: int) -> None:
    assert fiscal.fiscal_year_of(day, start) == year


@pytest.mark.parametrize(
    ("year", "start", "day"),
    [(2024, 10, date(2023, 10, 1)), (2024, 1, date(2024, 1, 1)), (2025, 4, date(2024, 4, 1))],
)
def test_first_day_starts_the_year(year: int, start: int, day: date) -> None:
    assert fiscal.first_day(year, start) == day
    assert fiscal.fiscal_year_of(day, start) == year


@pytest.mark.parametrize(
    ("day", "periods", "expected"),
    [
        (date(2023, 10, 1), [FIRST, SECOND], "first_half"),
        (date(2023, 12, 31), [FIRST, SECOND], "first_half"),
        (date(2024, 1, 15), [FIRST, SECOND], "first_half"),
        (date(2024, 3, 31), [FIRST, SECOND], "first_half"),
        (date(2024, 4, 1), [FIRST, SECOND], "second_half"),
        (date(2024, 9, 30), [FIRST, SECOND], "second_half"),
        (date(2024, 7, 1), [SUMMER], "summer"),
        (date(2024, 5, 31), [SUMMER], None),
        (date(2024, 9, 1), [SUMMER], None),
        (date(2024, 1, 1), [], None),
    ],
)
def test_period_of(day: date, periods: list[Period], expected: str | None) -> None:
    found = fiscal.period_of(day, periods)
    assert (found.id if found else None) == expected


def test_periods_in_the_order_the_year_reaches_them() -> None:
    assert [p.id for p in fiscal.in_order([SECOND, FIRST], 10)] == ["first_half", "second_half"]
    assert [p.id for p in fiscal.in_order([FIRST, SECOND], 1)] == ["second_half", "first_half"]
    assert fiscal.earlier(SECOND, [SECOND, FIRST], 10) == [FIRST]
    assert fiscal.earlier(FIRST, [SECOND, FIRST], 10) == []
