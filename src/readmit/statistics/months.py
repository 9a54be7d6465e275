"""Whole calendar months (UTC), as the statistics count them."""

import calendar
from datetime import UTC, date, datetime

from readmit.errors import FieldProblem, Invalid
from readmit.i18n import _

Month = tuple[int, int]


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


# Months outside these years are typing errors (and 0000 or 9999-12 would break the dates
# computed from them).
YEARS = range(1900, 3000)


def parse_month(value: str) -> Month:
    """ "2026-03" as (2026, 3); ValueError otherwise (or for a year outside YEARS)."""
    year, _sep, month = value.partition("-")
    if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
        raise ValueError(value)
    parsed = (int(year), int(month))
    if not 1 <= parsed[1] <= 12 or parsed[0] not in YEARS:
        raise ValueError(value)
    return parsed


def parse_period(*, first: str | None, last: str | None) -> tuple[Month | None, Month | None]:
    """The `from` and `to` months as given, or Invalid naming the one that is not a month."""
    found: list[Month | None] = []
    for name, value in (("from", first), ("to", last)):
        try:
            found.append(parse_month(value) if value else None)
        except ValueError:
            problem = _("not a month (YYYY-MM): {value}", value=value)
            raise Invalid([FieldProblem(("query", name), problem)]) from None
    return found[0], found[1]


def following(month: Month) -> Month:
    """The month after."""
    return (month[0] + month[1] // 12, month[1] % 12 + 1)


def start(month: Month) -> datetime:
    """Midnight UTC on its first day."""
    return datetime(month[0], month[1], 1, tzinfo=UTC)


def label(month: Month) -> str:
    """ "YYYY-MM"."""
    return f"{month[0]:04d}-{month[1]:02d}"


def month_of(moment: datetime) -> Month:
    """The month a moment falls in."""
    return (moment.year, moment.month)


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included."""
    found, month = [], first
    while month <= last:
        found.append(month)
        month = following(month)
    return found
