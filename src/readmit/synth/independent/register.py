"""Register generation and register CSV files."""

from __future__ import annotations

import csv
from pathlib import Path
from random import Random

from readmit.synth.independent.base import Numbers, Profile
from readmit.synth.independent.chn import China
from readmit.synth.independent.common import REGISTER_COLUMNS, Person
from readmit.synth.independent.gtm import Guatemala

PROFILES: dict[str, Profile] = {"CHN": China(), "GTM": Guatemala()}


def profile_for(country: str) -> Profile:
    """The profile of a supported country (CHN, GTM)."""
    try:
        return PROFILES[country.upper()]
    except KeyError:
        raise ValueError(
            f"unsupported country {country!r}; supported: {', '.join(PROFILES)}"
        ) from None


def generate_people(*, country: str, size: int, seed: int) -> list[Person]:
    """``size`` register persons in families, shuffled, with person ids."""
    if size < 0:
        raise ValueError("size must not be negative")
    profile = profile_for(country)
    rng = Random(f"independent-register:{profile.country}:{seed}")
    numbers = Numbers()
    people: list[Person] = []
    while len(people) < size:
        people.extend(profile.make_family(rng, numbers))
    del people[size:]
    # Shuffled so that a person id says nothing about family ties.
    rng.shuffle(people)
    for i, person in enumerate(people, start=1):
        person.person_id = f"{profile.country}-{i:07d}"
    return people


def generate_register(*, country: str, size: int, seed: int) -> list[dict[str, str]]:
    """Register extract rows (README columns), deterministic for a seed."""
    return [p.row() for p in generate_people(country=country, size=size, seed=seed)]


def write_register_csv(path: str | Path, rows: list[dict[str, str]]) -> None:
    """Write rows as a register extract CSV with a header."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=REGISTER_COLUMNS, extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


def read_register_csv(path: str | Path) -> list[dict[str, str]]:
    """Read a register extract CSV; ValueError when columns are missing or a row is short
    or long (csv.Error for broken quoting)."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REGISTER_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing register columns: {', '.join(missing)}")
        rows = []
        for row in reader:
            if None in row or any(row[c] is None for c in REGISTER_COLUMNS):
                raise ValueError(f"{path}: line {reader.line_num}: wrong number of fields")
            rows.append({c: row[c] for c in REGISTER_COLUMNS})
        return rows
