"""The period a partner is rated over: a quarter ("2026-Q1") or whole months from and to,
by default the last complete quarter; and the period of equal length just before it, which
the trends compare with."""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime

from readmit.errors import FieldProblem, Invalid
from readmit.i18n import _
from readmit.statistics.months import (
    YEARS,
    Month,
    label,
    month_of,
    months_between,
    parse_month,
)

QUARTER = re.compile(r"(\d{4})-Q([1-4])")
MAX_MONTHS = 60  # what the statistics sum at once


def _back(month: Month, count: int) -> Month:
    """The month `count` months before."""
    index = month[0] * 12 + month[1] - 1 - count
    return (index // 12, index % 12 + 1)


@dataclass(frozen=True)
class Period:
    """Whole months, `first` to `last`, both included."""

    first: Month
    last: Month

    @property
    def months(self) -> list[Month]:
        """Every month of the period."""
        return months_between(self.first, self.last)

    @property
    def quarter(self) -> str | None:
        """ "2026-Q1" when the period is exactly one calendar quarter."""
        (year, month), last = self.first, self.last
        if month % 3 == 1 and last == (year, month + 2):
            return f"{year}-Q{month // 3 + 1}"
        return None

    @property
    def name(self) -> str:
        """The quarter, or "2026-01 to 2026-05"."""
        return self.quarter or f"{label(self.first)} to {label(self.last)}"

    @property
    def last_day(self) -> date:
        """The period's last day: the rules in force on it rate the period."""
        year, month = self.last
        return date(year, month, monthrange(year, month)[1])

    def asked(self) -> dict[str, str]:
        """The address query that asks for this period again."""
        if self.quarter:
            return {"quarter": self.quarter}
        return {"from": label(self.first), "to": label(self.last)}

    @classmethod
    def between(cls, first: str, last: str) -> "Period":
        """The period from one "YYYY-MM" to another."""
        return cls(parse_month(first), parse_month(last))

    def previous(self) -> "Period":
        """The period of the same number of months that ends the month before this one."""
        length = len(self.months)
        return Period(_back(self.first, length), _back(self.first, 1))


def last_complete_quarter(now: datetime) -> Period:
    """The latest quarter that has ended."""
    begun = (now.year, (now.month - 1) // 3 * 3 + 1)
    return Period(_back(begun, 3), _back(begun, 1))


def _quarter(value: str) -> Period:
    found = QUARTER.fullmatch(value.strip().upper())
    if found is None or int(found[1]) not in YEARS:
        problem = _("not a quarter (YYYY-Qn, e.g. 2026-Q3): {value}", value=value)
        raise Invalid([FieldProblem(("query", "quarter"), problem)])
    year, first = int(found[1]), 3 * int(found[2]) - 2
    return Period((year, first), (year, first + 2))


def _month(value: str, name: str) -> Month:
    try:
        return parse_month(value.strip())
    except ValueError:
        problem = _("not a month (YYYY-MM): {value}", value=value)
        raise Invalid([FieldProblem(("query", name), problem)]) from None


def choose(*, quarter: str | None, first: str | None, last: str | None, now: datetime) -> Period:
    """The period asked for: a quarter, or months from and to (one alone is a single month);
    nothing asked, the last complete quarter. Invalid for both at once, months in the wrong
    order, more than MAX_MONTHS, or a period that has not begun."""
    if quarter and (first or last):
        problem = _("choose a quarter or months from and to, not both")
        raise Invalid([FieldProblem(("query", "quarter"), problem)])
    if quarter:
        period = _quarter(quarter)
    elif first or last:
        start = _month(first or last or "", "from" if first else "to")
        period = Period(start, _month(last, "to") if last else start)
    else:
        return last_complete_quarter(now)
    if period.last < period.first:
        problem = _("the last month comes before the first")
        raise Invalid([FieldProblem(("query", "to"), problem)])
    if len(period.months) > MAX_MONTHS:
        problem = _("choose a period of 1 to {n} whole months", n=MAX_MONTHS)
        raise Invalid([FieldProblem(("query", "from"), problem)])
    if period.first > month_of(now):
        problem = _("{period} has not begun yet", period=period.name)
        raise Invalid([FieldProblem(("query", "quarter" if quarter else "from"), problem)])
    return period


def quarters(now: datetime, since: date, most: int = 40) -> list[str]:
    """The quarters from the current one back to the one `since` falls in (the first rules'
    day), latest first, for the page's choice."""
    begun = (now.year, (now.month - 1) // 3 * 3 + 1)
    found: list[str] = []
    while begun >= (since.year, since.month - (since.month - 1) % 3) and len(found) < most:
        found.append(f"{begun[0]}-Q{begun[1] // 3 + 1}")
        begun = _back(begun, 3)
    return found
