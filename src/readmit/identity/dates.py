"""Birth dates: an application's partial or erroneous date against the register's exact one.

Application dates come as "YYYY", "YYYY-MM" or "YYYY-MM-DD" (also with "/" or "."
separators, compact "YYYYMMDD", and unknown parts written 00, XX or ?? as in machine
readable zones). Register dates are exact ``datetime.date`` values.

Levels, in Splink's order. The first that applies wins (precedence top to bottom):

1. ``null``: either date missing, or the application's is unreadable.
2. ``exact``: a full date, equal.
3. ``transposed``: a full date whose day and month are swapped (both <= 12, unequal).
4. ``off_by_days``: a full date at most 7 days away (a day over the month's end,
   such as 02-30, counts from the month's last day and is never ``exact``).
5. ``off_by_year``: a full date with the same month and day, year one off.
6. ``placeholder_agrees``: the application's full date is a placeholder (1 January
   or 1 July, which registries and officers use for an unknown day and month) and
   the year agrees.
6a. ``digit_typo``: a full date one keying slip away (YYYYMMDD with one digit wrong or
   two neighbouring digits swapped: 1933-02-12 for 1933-01-22).
7. ``year_month``: a "YYYY-MM" date whose year and month agree.
7a. ``year_agrees``: a "YYYY-MM" date whose year agrees and month does not.
8. ``year_only``: a "YYYY" date whose year agrees.
8a. ``year_apart``: a partial date ("YYYY" or "YYYY-MM") whose year is one off. A partial
   date is never ``off_by_year``: "1990" against 1991-05-17 is far weaker evidence than a
   full date one year off, and must not borrow that level's weight.
9. ``different``: anything else.

The levels a date can reach depend on what the application gives (``date_context``: a full
date, a year and month, a year); the engine estimates their probabilities within each
context (``comparisons.DATE_CONTEXT_LEVELS``).

A placeholder that is also a few days off (01-01 against 01-03) reads as
``off_by_days``: the nearer reading is the more informative one.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

__all__ = ["COMPARISONS", "DATE_LEVELS", "PartialDate", "compare_birth_date", "date_context",
           "date_keys", "parse_partial"]  # fmt: skip

DATE_LEVELS: tuple[str, ...] = (
    "null", "exact", "transposed", "off_by_days", "off_by_year", "placeholder_agrees",
    "digit_typo", "year_month", "year_agrees", "year_only", "year_apart", "different",
)  # fmt: skip
COMPARISONS: dict[str, tuple[str, ...]] = {"compare_birth_date": DATE_LEVELS}

PLACEHOLDERS: frozenset[tuple[int, int]] = frozenset({(1, 1), (7, 1)})  # (month, day)
MAX_DAYS_OFF = 7
_PART = r"(?:\d{1,2}|XX|xx|\?\?|<<)"  # unknown parts written XX, ?? or << (MRZ)
_DATE = re.compile(rf"\s*(?P<y>\d{{4}})(?:[-/.](?P<m>{_PART})(?:[-/.](?P<d>{_PART}))?)?\s*")
_COMPACT = re.compile(r"\s*(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?\s*")
_DMY = re.compile(r"\s*(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})\s*")


class PartialDate(NamedTuple):
    year: int
    month: int | None  # None when unknown
    day: int | None


def _part(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and int(text) > 0 else None


@lru_cache(maxsize=1 << 14)
def parse_partial(text: str | None) -> PartialDate | None:
    """Parse an application date; None when absent or unreadable.

    Accepts ISO order (with -, / or . or none; "1990-5-7" too) and DD/MM/YYYY. A month above 12 with
    a day of 12 or less is read as the day ("1990-17-05" -> 1990-05-17), since only
    the swap makes it a date. Unknown parts (00, XX) make the date partial.
    """
    if not text or text.strip().lower() in ("", "null", "none", "unknown"):
        return None
    match = _DATE.fullmatch(text) or _COMPACT.fullmatch(text) or _DMY.fullmatch(text)
    if not match:
        return None
    year, month, day = int(match["y"]), _part(match["m"]), _part(match["d"])
    if month is not None and month > 12:
        if day is None or day > 12:
            return None if day is not None else PartialDate(year, None, None)
        month, day = day, month
    if month is None:
        day = None  # a day without its month says nothing
    if day is not None and day > 31:
        return None
    return PartialDate(year, month, day)


def _clamped(partial: PartialDate) -> date | None:
    """The full date, with a day past the month's end moved back to its last day."""
    if partial.month is None or partial.day is None:
        return None
    day = partial.day
    while day > 27:
        try:
            return date(partial.year, partial.month, day)
        except ValueError:
            day -= 1
    try:
        return date(partial.year, partial.month, day)
    except ValueError:
        return None


def compare_birth_date(partial: str | None, exact: date | None) -> str:
    """Compare an application's (partial) birth date with the register's exact date."""
    if exact is None:
        return "null"
    parsed = parse_partial(partial)
    if parsed is None:
        return "null"
    return _compare(parsed, exact)


def date_context(partial: str | None) -> str | None:
    """What an application date gives: "full", "year_month", "year", or None (nothing)."""
    parsed = parse_partial(partial)
    if parsed is None:
        return None
    if parsed.month is None:
        return "year"
    return "year_month" if parsed.day is None else "full"


def _compare(p: PartialDate, exact: date) -> str:
    if p.month is None or p.day is None:
        if p.year == exact.year:
            return (
                "year_only"
                if p.month is None
                else ("year_month" if p.month == exact.month else "year_agrees")
            )
        return "year_apart" if abs(p.year - exact.year) == 1 else "different"
    as_date = _clamped(p)
    valid = as_date is not None and as_date.day == p.day
    if valid and as_date == exact:
        return "exact"
    if p.day != p.month and p.day <= 12 and (p.year, p.day, p.month) == (
        exact.year, exact.month, exact.day,
    ):  # fmt: skip
        return "transposed"
    if as_date is not None and abs((as_date - exact).days) <= MAX_DAYS_OFF:
        return "off_by_days"
    if (p.month, p.day) == (exact.month, exact.day) and abs(p.year - exact.year) == 1:
        return "off_by_year"
    if (p.month, p.day) in PLACEHOLDERS and p.year == exact.year:
        return "placeholder_agrees"
    if _one_slip(f"{p.year:04d}{p.month:02d}{p.day:02d}", exact.strftime("%Y%m%d")):
        return "digit_typo"
    return "different"


def _one_slip(a: str, b: str) -> bool:
    """Equal-length digit strings that differ in one place or by one adjacent swap."""
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return True
    i = diff[0] if len(diff) == 2 else -1
    return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]


def date_keys(partial: str | None) -> tuple[str, ...]:
    """Blocking keys: ISO dates a register could hold for this application date, then
    the year key ("y1990").

    A full date gives itself and, when day and month can be swapped, the swapped
    date; a partial date gives only its year key. An unreadable date gives nothing.
    """
    parsed = parse_partial(partial)
    if parsed is None:
        return ()
    keys: list[str] = []
    if parsed.month is not None and parsed.day is not None:
        for month, day in ((parsed.month, parsed.day), (parsed.day, parsed.month)):
            try:
                iso = date(parsed.year, month, day).isoformat()
            except ValueError:
                continue
            if iso not in keys:
                keys.append(iso)
    keys.append(f"y{parsed.year:04d}")
    return tuple(keys)
