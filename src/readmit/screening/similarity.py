"""Comparisons of single values for screening: birth dates that may both be partial,
passport numbers, countries, and the one-slip test for names and words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Final

import pycountry
from rapidfuzz.distance import DamerauLevenshtein

from readmit.identity.dates import PartialDate, compare_birth_date, parse_partial
from readmit.identity.docnums import compare_document

# Best first: of several dates on the entity, the one that agrees most is compared.
DATE_ORDER: Final = ("same", "compatible", "close", "different")
_CLOSE: Final = frozenset({"transposed", "off_by_days", "off_by_year", "digit_typo"})


def one_slip(a: str, b: str) -> bool:
    """Two different words one keying slip apart: a letter wrong, dropped or added, or two
    neighbours swapped."""
    return a != b and DamerauLevenshtein.distance(a, b) <= 1


def _full(p: PartialDate) -> bool:
    return p.month is not None and p.day is not None


def compare_partial_dates(a: PartialDate, b: PartialDate) -> str:
    """same (both full and equal), compatible (equal as far as both go), close (one slip:
    day and month swapped, days or a digit off, a year apart when one is partial), or
    different."""
    if _full(a) and _full(b):
        if a == b:
            return "same"
        level = compare_birth_date(f"{a.year:04d}-{a.month:02d}-{a.day:02d}", _date(b))
        if level == "placeholder_agrees":
            return "compatible"
        return "close" if level in _CLOSE else "different"
    if a.year != b.year:
        return "close" if abs(a.year - b.year) == 1 else "different"
    if a.month is not None and b.month is not None and a.month != b.month:
        return "different"
    return "compatible"


def _date(p: PartialDate) -> date | None:
    try:
        return date(p.year, p.month or 1, p.day or 1)
    except ValueError:
        return None


def compare_dates(query: str, theirs: Sequence[str]) -> tuple[str, str]:
    """The best level of a query date against an entity's dates, and that date."""
    mine = parse_partial(query)
    best = ("different", theirs[0] if theirs else "")
    if mine is None:
        return best
    for text in theirs:
        other = parse_partial(text[:10])
        if other is None:
            continue
        level = compare_partial_dates(mine, other)
        if DATE_ORDER.index(level) < DATE_ORDER.index(best[0]):
            best = (level, text[:10])
    return best


def compare_passports(query: str, theirs: Sequence[str]) -> str:
    """The identity engine's document levels: exact, ocr_confusion, one_edit, different
    (or null)."""
    return compare_document(query, list(theirs))


@lru_cache(maxsize=512)
def country_code(text: str) -> str | None:
    """ISO alpha-3 of an alpha-2 or alpha-3 code (any case), None for anything else."""
    code = text.strip().upper()
    if len(code) == 3 and code.isalpha():
        return code
    if len(code) == 2 and code.isalpha():
        found = pycountry.countries.get(alpha_2=code)
        return str(found.alpha_3) if found is not None else None
    return None
