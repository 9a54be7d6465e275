"""Shared pieces: the person record, weighted sampling, text noise (typos, OCR), dates."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")

# Applications are dated "now"; every age, passport issue year and upper bound for a birth date
# is taken relative to this year so that output does not depend on the day the generator runs.
REFERENCE_YEAR = 2026

REGISTER_COLUMNS = (
    "person_id",
    "national_id",
    "family_name",
    "given_names",
    "family_name_latin",
    "given_names_latin",
    "sex",
    "birth_date",
    "birth_place",
    "mother_name",
    "father_name",
    "passport_numbers",
)


@dataclass(slots=True)
class Person:
    """One person as the requested state's register knows them (native script, exact data)."""

    family: str
    given: str
    sex: str
    birth: dt.date
    place: str
    national_id: str = ""
    passports: list[str] = field(default_factory=list)
    mother: str = ""
    father: str = ""
    family_latin: str = ""
    given_latin: str = ""
    person_id: str = ""

    def row(self) -> dict[str, str]:
        """The register extract row (README column order)."""
        return {
            "person_id": self.person_id,
            "national_id": self.national_id,
            "family_name": self.family,
            "given_names": self.given,
            "family_name_latin": self.family_latin,
            "given_names_latin": self.given_latin,
            "sex": self.sex,
            "birth_date": self.birth.isoformat(),
            "birth_place": self.place,
            "mother_name": self.mother,
            "father_name": self.father,
            "passport_numbers": ";".join(self.passports),
        }

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Person:
        """Parse a register row back (the applications side works from rows only)."""
        passports = [p for p in (row.get("passport_numbers") or "").split(";") if p]
        return cls(
            family=row["family_name"],
            given=row["given_names"],
            sex=row["sex"],
            birth=dt.date.fromisoformat(row["birth_date"]),
            place=row["birth_place"],
            national_id=row["national_id"],
            passports=passports,
            mother=row.get("mother_name") or "",
            father=row.get("father_name") or "",
            family_latin=row.get("family_name_latin") or "",
            given_latin=row.get("given_names_latin") or "",
            person_id=row["person_id"],
        )


class Sampler(Generic[T]):
    """Draws items with fixed weights in O(log n) (cumulative weights + bisection)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        """Keep items with positive weight and their running totals."""
        pairs = [(i, w) for i, w in zip(items, weights, strict=True) if w > 0]
        if not pairs:
            raise ValueError("a sampler needs at least one item with positive weight")
        self.items: list[T] = [i for i, _ in pairs]
        self.cum: list[float] = list(itertools.accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def draw(self, rng: Random) -> T:
        """One weighted draw."""
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]

    def share(self, item: T) -> float:
        """The probability of drawing ``item`` (for tests and documentation)."""
        prev = 0.0
        total = 0.0
        for it, c in zip(self.items, self.cum, strict=True):
            if it == item:
                total += c - prev
            prev = c
        return total / self.total


def zipf(n: int, s: float = 1.0, offset: float = 1.0) -> list[float]:
    """Weights 1/(rank+offset)^s for ranks 0..n-1: heavy-tailed name pools."""
    return [1.0 / (r + offset) ** s for r in range(n)]


def pick(rng: Random, table: Sequence[tuple[T, float]]) -> T:
    """A weighted choice from a short (value, weight) table."""
    total = sum(w for _, w in table)
    x = rng.random() * total
    for value, w in table:
        x -= w
        if x < 0:
            return value
    return table[-1][0]


def strip_accents(text: str) -> str:
    """Pérez → Perez, Muñoz → Munoz: what US forms and most foreign systems keep."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


# QWERTY neighbours: a substituted letter is most often one next to the intended key.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        near = [_row[j] for j in (_c - 1, _c + 1) if 0 <= j < len(_row)]
        for _rr in (_r - 1, _r + 1):
            if 0 <= _rr < len(_ROWS):
                near += [_ROWS[_rr][j] for j in (_c - 1, _c) if 0 <= j < len(_ROWS[_rr])]
        _NEIGHBOURS[_ch] = "".join(near)

TYPO_KINDS = ("substitute", "delete", "double", "transpose")


def letter_typo(rng: Random, text: str, kind: str | None = None) -> str:
    """One keying slip on the letters of ``text`` (case kept): exactly one edit away."""
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    if len(positions) < 2:
        return text
    kind = kind or pick(
        rng, [("substitute", 35), ("delete", 25), ("double", 20), ("transpose", 20)]
    )
    if kind == "transpose":
        pairs = [i for i in positions if i + 1 < len(text) and text[i + 1].isalpha()]
        pairs = [i for i in pairs if text[i].lower() != text[i + 1].lower()]
        if pairs:
            i = rng.choice(pairs)
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        kind = "substitute"
    i = rng.choice(positions)
    ch = text[i]
    if kind == "delete":
        # Deleting a letter next to its own double is invisible (LL → L is still one edit).
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + ch + text[i:]
    pool = _NEIGHBOURS.get(ch.lower(), "") or "aeiou"
    options = [c for c in pool if c != ch.lower()]
    new = rng.choice(options)
    return text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1 :]


def digit_typo(rng: Random, number: str) -> str:
    """One keying slip in a number: a digit wrong, two swapped, one dropped or doubled."""
    kind = pick(rng, [("substitute", 60), ("transpose", 25), ("delete", 10), ("double", 5)])
    for _ in range(20):
        i = rng.randrange(len(number))
        if kind == "substitute":
            new = rng.choice([d for d in "0123456789" if d != number[i]])
            out = number[:i] + new + number[i + 1 :]
        elif kind == "transpose":
            if i + 1 >= len(number) or number[i] == number[i + 1]:
                continue
            out = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
        elif kind == "delete":
            out = number[:i] + number[i + 1 :]
        else:
            out = number[:i] + number[i] + number[i:]
        if out != number:
            return out
    return number[:-1] + ("1" if number[-1] != "1" else "2")


# Confusions of OCR engines and of people reading a passport aloud: 0/O/D, 1/I/L, 5/S, 8/B,
# 2/Z, 6/G (ICAO 9303 excludes no letter from document numbers, so both readings are legal).
OCR_CONFUSIONS: dict[str, str] = {
    "0": "OD",
    "O": "0",
    "D": "0",
    "1": "IL",
    "I": "1",
    "L": "1",
    "5": "S",
    "S": "5",
    "8": "B",
    "B": "8",
    "2": "Z",
    "Z": "2",
    "6": "G",
    "G": "6",
}


def ocr_slip(rng: Random, number: str) -> str:
    """A passport number as misread: one or two OCR confusions, else one character off."""
    spots = [i for i, c in enumerate(number) if c in OCR_CONFUSIONS]
    if spots and rng.random() < 0.7:
        out = list(number)
        for i in rng.sample(spots, min(len(spots), 1 if rng.random() < 0.75 else 2)):
            out[i] = rng.choice(OCR_CONFUSIONS[out[i]])
        return "".join(out)
    if rng.random() < 0.5:
        return digit_typo(rng, number)
    i = rng.randrange(len(number))
    alphabet = "0123456789" if number[i].isdigit() else "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return number[:i] + rng.choice([c for c in alphabet if c != number[i]]) + number[i + 1 :]


def ocr_normal(number: str) -> str:
    """Collapse OCR-confusable characters (for tests: is a slip only an OCR confusion?)."""
    table = str.maketrans("ODILSBZG", "00115826")
    return number.upper().translate(table)


def random_date(rng: Random, year: int) -> dt.date:
    """A uniformly random day of ``year``."""
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return start + dt.timedelta(days=rng.randrange(days))


def same_day_other_year(day: dt.date, year: int) -> dt.date:
    """The same month and day in another year (29 February becomes the 28th)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def case_style(rng: Random, text: str, upper_share: float = 0.85) -> str:
    """US forms write names in capitals; some records use title case."""
    return text.upper() if rng.random() < upper_share else text.title()
