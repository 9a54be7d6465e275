"""Partial and erroneous application birth dates against exact register dates."""

from __future__ import annotations

from datetime import date

import pytest

from readmit.identity.dates import DATE_LEVELS, compare_birth_date, date_keys, parse_partial

BORN = date(1990, 5, 17)

CASES = [
    # (case, application date, register date, level)
    ("same full date", "1990-05-17", BORN, "exact"),
    ("slashes", "1990/05/17", BORN, "exact"),
    ("compact", "19900517", BORN, "exact"),
    ("no leading zeros", "1990-5-7", date(1990, 5, 7), "exact"),
    ("compact year and month", "199005", BORN, "year_month"),
    ("day first, European", "17/05/1990", BORN, "exact"),
    ("month first, US: only the swap is a date", "05/17/1990", BORN, "exact"),
    ("YYYY-DD-MM: only the swap is a date", "1990-17-05", BORN, "exact"),
    ("year and month", "1990-05", BORN, "year_month"),
    ("year only", "1990", BORN, "year_only"),
    ("unknown day and month as 00", "1990-00-00", BORN, "year_only"),
    ("unknown day and month as XX (MRZ)", "1990-XX-XX", BORN, "year_only"),
    ("unknown day as 00", "1990-05-00", BORN, "year_month"),
    ("day and month swapped", "1990-06-05", date(1990, 5, 6), "transposed"),
    ("swapped, day first", "05/06/1990", date(1990, 5, 6), "transposed"),
    ("two days early", "1990-05-15", BORN, "off_by_days"),
    ("three days late", "1990-05-20", BORN, "off_by_days"),
    ("across new year", "1990-12-31", date(1991, 1, 2), "off_by_days"),
    ("day past month end", "1990-02-30", date(1990, 2, 28), "off_by_days"),
    ("four days off", "1990-05-13", BORN, "off_by_days"),
    ("a week off", "1990-05-10", BORN, "off_by_days"),
    ("eight days off", "1990-05-09", BORN, "different"),
    ("year one late", "1991-05-17", BORN, "off_by_year"),
    ("year one early", "1989-05-17", BORN, "off_by_year"),
    ("year two off, two digits", "1988-05-17", BORN, "different"),
    ("year keyed one digit wrong", "1992-05-17", BORN, "digit_typo"),
    ("day keyed one digit wrong", "1990-05-27", BORN, "digit_typo"),
    ("neighbouring digits swapped", "1933-02-12", date(1933, 1, 22), "digit_typo"),
    ("two digits wrong, not neighbours swapped", "1990-07-19", BORN, "different"),
    ("1 January placeholder", "1990-01-01", date(1990, 8, 23), "placeholder_agrees"),
    ("1 July placeholder", "1990-07-01", date(1990, 3, 9), "placeholder_agrees"),
    ("placeholder, wrong year", "1991-01-01", date(1990, 8, 23), "different"),
    ("placeholder a year off is off_by_year", "1991-01-01", date(1990, 1, 1), "off_by_year"),
    ("placeholder also two days off", "1990-01-01", date(1990, 1, 3), "off_by_days"),
    ("real 1 January birthday", "1990-01-01", date(1990, 1, 1), "exact"),
    ("year-month, other month: the year agrees", "1990-06", BORN, "year_agrees"),
    ("year-month, year off: year_apart, never off_by_year", "1991-05", BORN, "year_apart"),
    ("year only, year off: year_apart, never off_by_year", "1991", BORN, "year_apart"),
    ("year only, two years off", "1992", BORN, "different"),
    ("year-month, two years off", "1988-05", BORN, "different"),
    ("other date", "1985-11-02", BORN, "different"),
    ("no application date", None, BORN, "null"),
    ("empty", "", BORN, "null"),
    ("null written out", "null", BORN, "null"),
    ("unknown written out", "unknown", BORN, "null"),
    ("unreadable", "around 1990", BORN, "null"),
    ("impossible month and day", "1990-13-14", BORN, "null"),
    ("no register date", "1990-05-17", None, "null"),
]


@pytest.mark.parametrize(
    ("partial", "exact", "level"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_compare_birth_date(partial: str | None, exact: date | None, level: str) -> None:
    assert level in DATE_LEVELS
    assert compare_birth_date(partial, exact) == level


KEYS = [
    ("full date", "1990-05-17", ("1990-05-17", "y1990")),
    ("swappable date", "1990-05-06", ("1990-05-06", "1990-06-05", "y1990")),
    ("day equals month", "1990-05-05", ("1990-05-05", "y1990")),
    ("YYYY-DD-MM read as the only valid date", "1990-17-05", ("1990-05-17", "y1990")),
    ("day past month end", "1990-02-30", ("y1990",)),
    ("year and month", "1990-05", ("y1990",)),
    ("year", "1990", ("y1990",)),
    ("missing", None, ()),
    ("unreadable", "n/a", ()),
]


@pytest.mark.parametrize(("partial", "keys"), [c[1:] for c in KEYS], ids=[c[0] for c in KEYS])
def test_date_keys(partial: str | None, keys: tuple[str, ...]) -> None:
    assert date_keys(partial) == keys


def test_register_date_is_among_keys_for_swaps() -> None:
    """Blocking finds a transposed date: the register's ISO date is one of the keys."""
    assert date(1990, 5, 6).isoformat() in date_keys("1990-06-05")


def test_parse_partial() -> None:
    assert parse_partial("1990-05") == (1990, 5, None)
    assert parse_partial(" 1990 ") == (1990, None, None)
    assert parse_partial("1990-00-17") == (1990, None, None)  # a day without a month
    assert parse_partial("1990-05-32") is None
