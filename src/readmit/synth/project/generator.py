"""Deterministic synthetic population registers and the applications made about them.

``generate_register`` builds a requested state's register (native-script names, exact
dates, division codes, valid national IDs, passports, families of siblings);
``make_application`` writes one register person the way a requesting state's officer
would (Latin script, partial or wrong data); ``make_absent_person`` builds a person who
is not in the register. Everything is drawn from a ``random.Random`` seeded by the
caller, so a seed always gives the same data.

Country-specific rules live in one ``_CountryModel`` subclass per country, in
``countries.py``, and the amount of damage done to an application in one
``CorruptionProfile``: a new country or a new difficulty class is a new entry in
``_MODELS`` there or in ``CORRUPTION_PROFILES`` here. Name and place tables are in
``tables.py``.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from readmit.synth.project.countries import _CountryModel, _model, _Written

__all__ = [
    "CORRUPTION_PROFILES",
    "Corruption",
    "CorruptionProfile",
    "Country",
    "SynthPerson",
    "generate_register",
    "make_absent_person",
    "make_application",
]

Country = Literal["CHN", "GTM"]
Corruption = Literal["clean", "typical", "hard"]


@dataclass(frozen=True)
class SynthPerson:
    """One register entry, as the requested state holds it."""

    person_id: str
    national_id: str
    family_name: str  # native form: Han characters, or "Paterno Materno"
    given_names: str
    family_name_latin: str
    given_names_latin: str
    sex: str  # "M" or "F"
    birth_date: datetime.date
    birth_place: str  # CHN: GB/T 2260 county code; GTM: department + municipality
    mother_name: str
    father_name: str
    passport_numbers: list[str] = field(default_factory=list)  # oldest first
    family_id: str = ""  # ground truth: siblings share it, nobody else does


@dataclass(frozen=True)
class CorruptionProfile:
    """Probabilities of each kind of damage done when writing an application."""

    canonical_names: bool = False  # names exactly as romanised in the register
    drop_national_id: float = 0.0
    drop_passport: float = 0.0  # per passport
    passport_ocr: float = 0.0  # one character read as a look-alike (0/O, 1/I, 5/S, 8/B)
    id_spaced: float = 0.0  # ID written in its printed groups (GTM)
    date_missing: float = 0.0
    date_year_only: float = 0.0
    date_month_only: float = 0.0
    # Only when no national ID is sent: the API refuses a date the ID contradicts.
    date_shift: float = 0.0  # a few days off
    date_transpose: float = 0.0  # day and month swapped
    drop_sex: float = 0.0
    drop_place: float = 0.0
    place_coarse: float = 0.0  # prefecture, province or department only
    drop_parent: float = 0.0  # per parent
    accents_dropped: float = 0.0
    first_given_only: float = 0.0
    paternal_only: float = 0.0  # GTM: maternal surname left out
    maternal_as_family: float = 0.0  # GTM: last word taken as the surname
    name_swap: float = 0.0  # given and family fields exchanged
    name_in_one_field: float = 0.0  # full name in the family field
    alias: float = 0.0


CORRUPTION_PROFILES: dict[str, CorruptionProfile] = {
    "clean": CorruptionProfile(canonical_names=True),
    "typical": CorruptionProfile(
        drop_national_id=0.4,
        drop_passport=0.3,
        passport_ocr=0.03,
        id_spaced=0.3,
        date_missing=0.05,
        date_year_only=0.1,
        date_month_only=0.1,
        drop_sex=0.05,
        drop_place=0.2,
        place_coarse=0.3,
        drop_parent=0.35,
        accents_dropped=0.7,
        first_given_only=0.2,
        paternal_only=0.35,
        alias=0.05,
    ),
    "hard": CorruptionProfile(
        drop_national_id=0.7,
        drop_passport=0.5,
        passport_ocr=0.25,
        id_spaced=0.5,
        date_missing=0.1,
        date_year_only=0.15,
        date_month_only=0.15,
        date_shift=0.5,
        date_transpose=0.15,
        drop_sex=0.15,
        drop_place=0.35,
        place_coarse=0.5,
        drop_parent=0.5,
        accents_dropped=0.8,
        first_given_only=0.3,
        paternal_only=0.4,
        maternal_as_family=0.3,
        name_swap=0.5,
        name_in_one_field=0.15,
        alias=0.15,
    ),
}

EARLIEST_BIRTH_YEAR = 1950
LATEST_BIRTH = datetime.date(2008, 12, 31)  # adults and older minors at any test date
P_FAMILY = 0.1  # a new family has 2-3 register members: ~20% of persons are siblings
P_TWINS = 0.05
P_PASSPORT = 0.6
P_SECOND_PASSPORT = 0.1
P_MALE = 0.51
_OCR = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}


def _random_birth_date(rng: random.Random) -> datetime.date:
    year = min(LATEST_BIRTH.year, int(rng.triangular(EARLIEST_BIRTH_YEAR, 2009, 1990)))
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    return start + datetime.timedelta(days=rng.randrange(days))


def _sibling_dates(rng: random.Random, count: int) -> list[datetime.date]:
    dates = [_random_birth_date(rng)]
    while len(dates) < count:
        if rng.random() < P_TWINS:
            dates.append(dates[-1])
            continue
        gap = datetime.timedelta(days=rng.randint(450, 3000))
        later = max(dates) + gap
        dates.append(later if later <= LATEST_BIRTH else min(dates) - gap)
    return dates


# --- Register ----------------------------------------------------------------


def _family_members(
    model: _CountryModel, rng: random.Random, family_id: str, size: int, taken_passports: set[str]
) -> list[SynthPerson]:
    """``size`` siblings (person_id left empty); a family of one is a lone person."""
    dates = _sibling_dates(rng, size)
    family = model.new_family(rng, family_id, min(dates))
    members = []
    for born in dates:
        sex = "M" if rng.random() < P_MALE else "F"
        given, given_latin = model.given_names(rng, sex, born)
        passports: list[str] = []
        if rng.random() < P_PASSPORT:
            for _ in range(2 if rng.random() < P_SECOND_PASSPORT else 1):
                number = model.passport_number(rng)
                while number in taken_passports:
                    number = model.passport_number(rng)
                taken_passports.add(number)
                passports.append(number)
        members.append(
            SynthPerson(
                person_id="",
                national_id=model.national_id(rng, family, sex, born),
                family_name=family.family_name,
                given_names=given,
                family_name_latin=family.family_name_latin,
                given_names_latin=given_latin,
                sex=sex,
                birth_date=born,
                birth_place=family.birth_place,
                mother_name=family.mother_name,
                father_name=family.father_name,
                passport_numbers=passports,
                family_id=family_id,
            )
        )
    return members


def generate_register(*, country: Country, size: int, seed: int = 0) -> list[SynthPerson]:
    """A register of ``size`` persons; the same arguments always give the same register.

    About a fifth of the persons have a brother or sister in the register (same
    parents, birthplace and family name; 5% of sibling births are twins).
    """
    if size < 0:
        raise ValueError("size must not be negative")
    model = _model(country)
    rng = random.Random(f"readmit-synth:{country}:{seed}")
    taken_passports: set[str] = set()
    people: list[SynthPerson] = []
    families = 0
    while len(people) < size:
        members = 1 if rng.random() >= P_FAMILY else (2 if rng.random() < 0.7 else 3)
        families += 1
        people.extend(
            _family_members(
                model,
                rng,
                f"{country}-F{families:06d}",
                min(members, size - len(people)),
                taken_passports,
            )
        )
    rng.shuffle(people)  # siblings must not sit next to each other in id order
    return [replace(p, person_id=f"{country}-{i:06d}") for i, p in enumerate(people, 1)]


def make_absent_person(
    *, country: Country, rng: random.Random, exclude_national_ids: Collection[str] = ()
) -> SynthPerson:
    """A person who is not in the register, drawn like register persons.

    Their ``person_id`` starts with "ABSENT-", so it never equals a register id; pass the
    register's national IDs as ``exclude_national_ids`` to rule out a (very unlikely)
    shared ID number.
    """
    model = _model(country)
    tag = f"{rng.randrange(10**8):08d}"
    while True:
        person = _family_members(model, rng, f"ABSENT-{country}-F{tag}", 1, set())[0]
        if person.national_id not in exclude_national_ids:
            return replace(person, person_id=f"ABSENT-{country}-{tag}")


# --- Applications ------------------------------------------------------------


def _country_of(person: SynthPerson) -> str:
    number = person.national_id
    if len(number) == 18:
        return "CHN"
    if len(number) == 13 and number.isdigit():
        return "GTM"
    raise ValueError(f"cannot tell the country of {person.person_id!r} from its national ID")


def _ocr_slip(number: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(number) if c in _OCR]
    if not spots:
        return number
    i = rng.choice(spots)
    return number[:i] + _OCR[number[i]] + number[i + 1 :]


def _written_date(
    born: datetime.date, rng: random.Random, profile: CorruptionProfile, id_sent: bool
) -> str | None:
    if not id_sent and rng.random() < profile.date_shift:
        born += datetime.timedelta(days=rng.choice((-1, 1)) * rng.randint(1, 5))
    if (
        not id_sent
        and born.day <= 12
        and born.day != born.month
        and rng.random() < profile.date_transpose
    ):
        born = born.replace(month=born.day, day=born.month)
    roll = rng.random()
    if roll < profile.date_missing:
        return None
    roll -= profile.date_missing
    if roll < profile.date_year_only:
        return f"{born:%Y}"
    roll -= profile.date_year_only
    if roll < profile.date_month_only:
        return f"{born:%Y-%m}"
    return born.isoformat()


def make_application(
    person: SynthPerson,
    *,
    requested_state: str,
    rng: random.Random,
    corruption: Corruption = "typical",
) -> dict[str, Any]:
    """The person as a requesting state's application describes them (API shape).

    ``requested_state`` (the state asked to readmit) is recorded as the claimed
    nationality. Never includes an MRZ; never sends a date or sex that a national ID
    in the same application contradicts, so the API accepts every result.
    """
    if corruption not in CORRUPTION_PROFILES:
        raise ValueError(f"corruption must be one of {sorted(CORRUPTION_PROFILES)}")
    profile = CORRUPTION_PROFILES[corruption]
    model = _model(_country_of(person))

    documents: list[dict[str, str]] = []
    id_sent = rng.random() >= profile.drop_national_id
    if id_sent:
        documents.append(
            {
                "type": "national_id",
                "number": model.written_id(person.national_id, rng, profile),
                "issuing_state": model.issuing_state,
            }
        )
    for index, number in enumerate(person.passport_numbers):
        if rng.random() < profile.drop_passport:
            continue
        if rng.random() < profile.passport_ocr:
            number = _ocr_slip(number, rng)
        latest = index == len(person.passport_numbers) - 1
        documents.append(
            {
                "type": "passport" if latest else "expired_passport",
                "number": number,
                "issuing_state": model.issuing_state,
            }
        )
    from_document = any(d["type"] != "national_id" for d in documents)

    base = written = model.written_names(person, rng, profile)
    if rng.random() < profile.name_in_one_field:
        written = _Written(f"{base.family} {base.given}", "")
    elif rng.random() < profile.name_swap:
        written = _Written(base.given, base.family)
    names = [
        {
            "family": written.family,
            "given": written.given,
            "source": "document" if from_document else "declared",
        }
    ]
    if rng.random() < profile.alias:
        alias = model.alias(person, base, rng)
        if alias is not None:
            names.append({"family": alias.family, "given": alias.given, "source": "alias"})

    def parent(native: str) -> str | None:
        if rng.random() < profile.drop_parent:
            return None
        return model.written_parent(native, rng, profile)

    return {
        "names": names,
        "sex": None if rng.random() < profile.drop_sex else person.sex,
        "birth_date": _written_date(person.birth_date, rng, profile, id_sent),
        "birth_place": None
        if rng.random() < profile.drop_place
        else model.written_place(person.birth_place, rng, profile),
        "nationality_claimed": requested_state,
        "documents": documents,
        "parents": {"mother": parent(person.mother_name), "father": parent(person.father_name)},
    }


def register_row(p: SynthPerson) -> dict[str, str]:
    """A person as one row of the register load format."""
    return {
        "person_id": p.person_id,
        "national_id": p.national_id,
        "family_name": p.family_name,
        "given_names": p.given_names,
        "family_name_latin": p.family_name_latin,
        "given_names_latin": p.given_names_latin,
        "sex": p.sex,
        "birth_date": p.birth_date.isoformat(),
        "birth_place": p.birth_place,
        "mother_name": p.mother_name,
        "father_name": p.father_name,
        "passport_numbers": ";".join(p.passport_numbers),
    }


def write_register_csv(path: Path, people: Collection[SynthPerson]) -> None:
    """Write persons in the register load format (`readmit registry load`)."""
    from readmit.identity.loader import COLUMNS

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(register_row(p) for p in people)
