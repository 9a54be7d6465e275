"""Fiscal years and their sub-periods.

A fiscal year is named after the calendar year in which it ends: with the US start month
(October), FY2024 runs from 2023-10-01 to 2024-09-30. A start month of January makes the
fiscal year the calendar year. Sub-periods are month ranges that may wrap over the calendar
year (H-2B's first half is October to March)."""

from collections.abc import Sequence
from datetime import date

from readmit.pathways.definitions import Period


def fiscal_year_of(day: date, start_month: int) -> int:
    """The fiscal year `day` falls in."""
    return day.year + 1 if start_month > 1 and day.month >= start_month else day.year


def first_day(fiscal_year: int, start_month: int) -> date:
    """The first day of a fiscal year."""
    return date(fiscal_year - 1 if start_month > 1 else fiscal_year, start_month, 1)


def _contains(period: Period, month: int) -> bool:
    if period.from_month <= period.to_month:
        return period.from_month <= month <= period.to_month
    return month >= period.from_month or month <= period.to_month


def period_of(day: date, periods: Sequence[Period]) -> Period | None:
    """The sub-period `day` falls in (the first listed, should two overlap), or None."""
    return next((period for period in periods if _contains(period, day.month)), None)


def in_order(periods: Sequence[Period], start_month: int) -> list[Period]:
    """The sub-periods in the order the fiscal year reaches them."""
    return sorted(periods, key=lambda period: (period.from_month - start_month) % 12)


def earlier(period: Period, periods: Sequence[Period], start_month: int) -> list[Period]:
    """The sub-periods the fiscal year reaches before `period`, earliest first."""
    ordered = in_order(periods, start_month)
    return ordered[: ordered.index(period)]
