"""Deterministic synthetic population registers and the applications made about them.

``generate_register`` builds a requested state's register (native-script names, exact
dates, division codes, valid national IDs, passports, families of siblings);
``make_application`` writes one register person the way a requesting state's officer
would (Latin script, partial or wrong data); ``make_absent_person`` builds a person who
is not in the register. Everything is drawn from a ``random.Random`` seeded by the
caller, so a seed always gives the same data.

Country-specific rules live in one ``_CountryModel`` subclass per country, and the
amount of damage done to an application in one ``CorruptionProfile``: a new country or
a new difficulty class is a new entry in ``_MODELS`` or ``CORRUPTION_PROFILES``.
Name and place tables are in ``synth_tables.py``.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Any, Literal

from readmit.registry import synth_tables as tables

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
        drop_national_id=0.4, drop_passport=0.3, passport_ocr=0.03, id_spaced=0.3,
        date_missing=0.05, date_year_only=0.1, date_month_only=0.1, drop_sex=0.05,
        drop_place=0.2, place_coarse=0.3, drop_parent=0.35, accents_dropped=0.7,
        first_given_only=0.2, paternal_only=0.35, alias=0.05,
    ),
    "hard": CorruptionProfile(
        drop_national_id=0.7, drop_passport=0.5, passport_ocr=0.25, id_spaced=0.5,
        date_missing=0.1, date_year_only=0.15, date_month_only=0.15, date_shift=0.5,
        date_transpose=0.15, drop_sex=0.15, drop_place=0.35, place_coarse=0.5,
        drop_parent=0.5, accents_dropped=0.8, first_given_only=0.3, paternal_only=0.4,
        maternal_as_family=0.3, name_swap=0.5, name_in_one_field=0.15, alias=0.15,
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


def _weighted(rng: random.Random, items: Sequence[Any], cum: Sequence[float]) -> Any:
    return rng.choices(items, cum_weights=cum)[0]


def _fold(text: str) -> str:
    """Drop accents (García -> Garcia, Ñ -> N)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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


@dataclass(frozen=True)
class _Family:
    """What siblings share."""

    family_id: str
    family_name: str
    family_name_latin: str
    birth_place: str
    father_name: str
    mother_name: str


@dataclass(frozen=True)
class _Written:
    """Names as a requesting state's officer records them."""

    family: str
    given: str


class _CountryModel(ABC):
    """Country-specific rules: how a register writes people, how officers rewrite them."""

    country: str
    issuing_state: str

    # Register side.
    @abstractmethod
    def new_family(self, rng: random.Random, family_id: str, first_birth: datetime.date
                   ) -> _Family: ...

    @abstractmethod
    def given_names(self, rng: random.Random, sex: str, born: datetime.date
                    ) -> tuple[str, str]: ...  # (native, latin)

    @abstractmethod
    def national_id(self, rng: random.Random, family: _Family, sex: str,
                    born: datetime.date) -> str: ...

    @abstractmethod
    def passport_number(self, rng: random.Random) -> str: ...

    # Requesting-state side.
    @abstractmethod
    def written_names(self, person: SynthPerson, rng: random.Random,
                      profile: CorruptionProfile) -> _Written: ...

    @abstractmethod
    def written_place(self, code: str, rng: random.Random, profile: CorruptionProfile
                      ) -> str: ...

    @abstractmethod
    def written_parent(self, native: str, rng: random.Random, profile: CorruptionProfile
                       ) -> str: ...

    @abstractmethod
    def alias(self, person: SynthPerson, written: _Written, rng: random.Random
              ) -> _Written | None: ...

    def written_id(self, number: str, rng: random.Random, profile: CorruptionProfile) -> str:
        return number


# --- China -------------------------------------------------------------------

_CHN_ALL_SURNAMES = [(s.hanzi, s.pinyin) for s in tables.CHN_SURNAMES] + list(
    tables.CHN_TAIL_SURNAMES
)
_CHN_SURNAME_CUM = list(accumulate(
    [s.weight for s in tables.CHN_SURNAMES]
    + [tables.CHN_TAIL_SHARE / len(tables.CHN_TAIL_SURNAMES)] * len(tables.CHN_TAIL_SURNAMES)
))
_CHN_SURNAME_PINYIN = dict(_CHN_ALL_SURNAMES)
_CHN_CHAR_PINYIN = {c.hanzi: c.pinyin for c in tables.CHN_GIVEN_CHARS}
_CHN_CHARS_BY_SEX = {
    sex: [c.hanzi for c in tables.CHN_GIVEN_CHARS if c.sex in (sex, "U")] for sex in "MF"
}
# One-character names use sex-specific characters only (not 小, 子...); 小 and 一 lead only.
_CHN_SOLO_CHARS = {sex: [c.hanzi for c in tables.CHN_GIVEN_CHARS if c.sex == sex] for sex in "MF"}
_CHN_SECOND_CHARS = {
    sex: [c for c in chars if c not in tables.CHN_FIRST_ONLY]
    for sex, chars in _CHN_CHARS_BY_SEX.items()
}


def _rank_weighted(pool: Sequence[tuple[str, str]], sex: str) -> tuple[list[str], list[float]]:
    """Names of one sex with Zipf-like cumulative weights: the first few are very common."""
    names = [name for name, name_sex in pool if name_sex == sex]
    return names, list(accumulate(1 / (rank + 2) for rank in range(len(names))))


_CHN_COMMON = {
    (younger, sex): _rank_weighted(pool, sex)
    for younger, pool in ((False, tables.CHN_COMMON_GIVEN_OLDER),
                          (True, tables.CHN_COMMON_GIVEN_YOUNGER))
    for sex in "MF"
}
_CHN_PLACES = {p.code: p for p in tables.CHN_PLACES}
_CHN_PLACE_CUM = list(accumulate(p.weight for p in tables.CHN_PLACES))
_CHN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHN_ID_CHECK = "10X98765432"


def _chn_resident_id(region: str, born: datetime.date, sequence: int) -> str:
    """GB 11643 resident ID: region, YYYYMMDD, sequence (odd = male), MOD 11-2 check."""
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    total = sum(int(d) * w for d, w in zip(body, _CHN_ID_WEIGHTS, strict=True))
    return body + _CHN_ID_CHECK[total % 11]


def _chn_split(native: str) -> tuple[str, list[str]]:
    """(family pinyin, given syllables) of a full Han name generated here."""
    surname = native[:2] if native[:2] in _CHN_SURNAME_PINYIN else native[:1]
    return _CHN_SURNAME_PINYIN[surname], [_CHN_CHAR_PINYIN[c] for c in native[len(surname):]]


class _China(_CountryModel):
    country = "CHN"
    issuing_state = "CHN"

    def __init__(self) -> None:
        self.taken_ids: set[str] = set()

    def _surname(self, rng: random.Random) -> tuple[str, str]:
        result: tuple[str, str] = _weighted(rng, _CHN_ALL_SURNAMES, _CHN_SURNAME_CUM)
        return result

    def _given_native(self, rng: random.Random, sex: str, birth_year: int) -> str:
        if rng.random() < 0.4:
            younger = birth_year >= 1990 if abs(birth_year - 1990) > 4 else rng.random() < 0.5
            names, cum = _CHN_COMMON[younger, sex]
            given: str = _weighted(rng, names, cum)
            return given
        if sex == "F" and rng.random() < 0.03:
            return rng.choice(_CHN_SOLO_CHARS[sex]) * 2  # reduplicated, e.g. 婷婷
        if rng.random() < 0.3:
            return rng.choice(_CHN_SOLO_CHARS[sex])
        first = rng.choice(_CHN_CHARS_BY_SEX[sex])
        second = rng.choice(_CHN_SECOND_CHARS[sex])
        while second == first:
            second = rng.choice(_CHN_SECOND_CHARS[sex])
        return first + second

    def new_family(self, rng: random.Random, family_id: str, first_birth: datetime.date
                   ) -> _Family:
        surname, pinyin = self._surname(rng)
        parents_born = first_birth.year - rng.randint(22, 38)
        father = surname + self._given_native(rng, "M", parents_born)
        mother = self._surname(rng)[0] + self._given_native(rng, "F", parents_born)
        place = _weighted(rng, tables.CHN_PLACES, _CHN_PLACE_CUM).code
        return _Family(family_id, surname, pinyin.capitalize(), place, father, mother)

    def given_names(self, rng: random.Random, sex: str, born: datetime.date
                    ) -> tuple[str, str]:
        native = self._given_native(rng, sex, born.year)
        return native, "".join(_CHN_CHAR_PINYIN[c] for c in native).capitalize()

    def national_id(self, rng: random.Random, family: _Family, sex: str,
                    born: datetime.date) -> str:
        while True:
            sequence = rng.randrange(500) * 2 + 1 if sex == "M" else rng.randrange(1, 500) * 2
            number = _chn_resident_id(family.birth_place, born, sequence)
            if number not in self.taken_ids:
                self.taken_ids.add(number)
                return number

    def passport_number(self, rng: random.Random) -> str:
        return f"E{rng.randrange(10**8):08d}"  # ordinary e-passport since 2012

    def written_names(self, person: SynthPerson, rng: random.Random,
                      profile: CorruptionProfile) -> _Written:
        family = person.family_name_latin
        syllables = [_CHN_CHAR_PINYIN[c] for c in person.given_names]
        if profile.canonical_names:
            return _Written(family.upper(), person.given_names_latin.upper())
        if family == "Lyu":  # u-umlaut: LYU on current passports, LV or LU on older records
            family = rng.choice(("Lyu", "Lv", "Lu"))
        upper = rng.random() < 0.7
        style = rng.choice(("joined", "joined", "spaced", "hyphen"))
        if style == "spaced":
            given = " ".join(s.capitalize() for s in syllables)
        elif style == "hyphen":
            given = "-".join(s.capitalize() if i == 0 or rng.random() < 0.5 else s
                             for i, s in enumerate(syllables))
        else:
            given = "".join(syllables).capitalize()
        if upper:
            family, given = family.upper(), given.upper()
        return _Written(family, given)

    def written_place(self, code: str, rng: random.Random, profile: CorruptionProfile
                      ) -> str:
        place = _CHN_PLACES[code]
        latin = place.latin if rng.random() < 0.5 else place.latin.replace("'", "")
        if profile.canonical_names:
            if place.kind == "district":
                return f"{place.latin} District, {place.prefecture}, {place.province}"
            return f"{place.latin}, {place.province}"
        if rng.random() < profile.place_coarse:
            return rng.choice((place.prefecture, place.prefecture.upper(), place.province))
        suffix = {"city": " City", "county": " County", "district": " District"}[place.kind]
        return rng.choice((f"{latin}, {place.province}", latin.upper(), f"{latin}{suffix}",
                           f"{latin}, {place.prefecture}"))

    def written_parent(self, native: str, rng: random.Random, profile: CorruptionProfile
                       ) -> str:
        family, syllables = _chn_split(native)
        given = "".join(syllables)
        if profile.canonical_names or rng.random() < 0.6:
            return f"{family} {given}".upper()
        if rng.random() < profile.name_swap:
            return f"{given.capitalize()} {family.capitalize()}"
        return f"{family.capitalize()} {given.capitalize()}"

    def alias(self, person: SynthPerson, written: _Written, rng: random.Random
              ) -> _Written | None:
        return _Written(written.family, rng.choice(tables.CHN_WESTERN_ALIASES[person.sex]))


# --- Guatemala ---------------------------------------------------------------

_GTM_SURNAMES = [name for name, _ in tables.GTM_SURNAMES]
_GTM_SURNAME_CUM = list(accumulate(w for _, w in tables.GTM_SURNAMES))
_GTM_GIVEN: dict[str, tuple[list[str], list[float]]] = {
    sex: ([n for n, s, _ in tables.GTM_GIVEN_NAMES if s == sex],
          list(accumulate(w for _, s, w in tables.GTM_GIVEN_NAMES if s == sex)))
    for sex in "MF"
}
_GTM_PLACES = {p.code: p for p in tables.GTM_PLACES}
_GTM_PLACE_CUM = list(accumulate(p.weight for p in tables.GTM_PLACES))
# Longest first, so "De la Cruz" is not read as "De".
_GTM_SURNAMES_BY_LENGTH = sorted(_GTM_SURNAMES, key=len, reverse=True)


def _gtm_split_surnames(family_name: str) -> tuple[str, str]:
    """(paternal, maternal) of a register family name generated here."""
    for paternal in _GTM_SURNAMES_BY_LENGTH:
        if family_name.startswith(paternal + " "):
            return paternal, family_name[len(paternal) + 1:]
    raise ValueError(f"not a generated family name: {family_name!r}")


class _Guatemala(_CountryModel):
    country = "GTM"
    issuing_state = "GTM"

    def __init__(self) -> None:
        self.taken_ids: set[str] = set()

    def _surname(self, rng: random.Random) -> str:
        result: str = _weighted(rng, _GTM_SURNAMES, _GTM_SURNAME_CUM)
        return result

    def _given_native(self, rng: random.Random, sex: str) -> str:
        names, cum = _GTM_GIVEN[sex]
        first: str = _weighted(rng, names, cum)
        if rng.random() < 0.6:
            second: str = _weighted(rng, names, cum)
            if second != first:
                return f"{first} {second}"
        return first

    def new_family(self, rng: random.Random, family_id: str, first_birth: datetime.date
                   ) -> _Family:
        paternal, maternal = self._surname(rng), self._surname(rng)
        father = f"{self._given_native(rng, 'M')} {paternal} {self._surname(rng)}"
        mother = f"{self._given_native(rng, 'F')} {maternal} {self._surname(rng)}"
        place = _weighted(rng, tables.GTM_PLACES, _GTM_PLACE_CUM).code
        family_name = f"{paternal} {maternal}"
        return _Family(family_id, family_name, _fold(family_name), place, father, mother)

    def given_names(self, rng: random.Random, sex: str, born: datetime.date
                    ) -> tuple[str, str]:
        native = self._given_native(rng, sex)
        return native, _fold(native)

    def national_id(self, rng: random.Random, family: _Family, sex: str,
                    born: datetime.date) -> str:
        """CUI: 8-digit serial, check digit (weights 2..9 left to right, mod 11), place."""
        while True:
            serial = f"{rng.randrange(10_000_000, 40_000_000):08d}"
            check = sum(int(d) * (i + 2) for i, d in enumerate(serial)) % 11
            number = f"{serial}{check}{family.birth_place}"
            if check != 10 and number not in self.taken_ids:
                self.taken_ids.add(number)
                return number

    def passport_number(self, rng: random.Random) -> str:
        # A letter and 8 digits; the real series letters are not modelled.
        return rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + f"{rng.randrange(10**8):08d}"

    def written_id(self, number: str, rng: random.Random, profile: CorruptionProfile) -> str:
        if rng.random() < profile.id_spaced:
            return f"{number[:4]} {number[4:9]} {number[9:]}"  # as printed on the DPI
        return number

    def written_names(self, person: SynthPerson, rng: random.Random,
                      profile: CorruptionProfile) -> _Written:
        if profile.canonical_names:
            return _Written(person.family_name.upper(), person.given_names.upper())
        paternal, maternal = _gtm_split_surnames(person.family_name)
        given = person.given_names
        if rng.random() < profile.first_given_only:
            given = given.split()[0]
        if rng.random() < profile.maternal_as_family:
            # "José Luis García López" read as given "José Luis García", family "López".
            family, given = maternal, f"{given} {paternal}"
        elif rng.random() < profile.paternal_only:
            family = paternal
        else:
            family = f"{paternal} {maternal}"
        if rng.random() < profile.accents_dropped:
            family, given = _fold(family), _fold(given)
        if rng.random() < 0.6:
            family, given = family.upper(), given.upper()
        return _Written(family, given)

    def written_place(self, code: str, rng: random.Random, profile: CorruptionProfile
                      ) -> str:
        place = _GTM_PLACES[code]
        if profile.canonical_names:
            return f"{place.municipality}, {place.department}"
        if rng.random() < profile.place_coarse:
            text = place.department
        else:
            text = rng.choice((f"{place.municipality}, {place.department}",
                               f"{place.municipality}, Guatemala", place.municipality))
        if rng.random() < profile.accents_dropped:
            text = _fold(text)
        return text.upper() if rng.random() < 0.4 else text

    def written_parent(self, native: str, rng: random.Random, profile: CorruptionProfile
                       ) -> str:
        if profile.canonical_names:
            return native.upper()
        text = _fold(native) if rng.random() < profile.accents_dropped else native
        return text.upper() if rng.random() < 0.6 else text

    def alias(self, person: SynthPerson, written: _Written, rng: random.Random
              ) -> _Written | None:
        nickname = tables.GTM_NICKNAMES.get(person.given_names.split()[0])
        return _Written(written.family, nickname) if nickname else None


_MODELS: dict[str, type[_CountryModel]] = {"CHN": _China, "GTM": _Guatemala}


def _model(country: str) -> _CountryModel:
    try:
        return _MODELS[country]()
    except KeyError:
        raise ValueError(f"no synthetic register for {country!r}; have {sorted(_MODELS)}") from None


# --- Register ----------------------------------------------------------------


def _family_members(model: _CountryModel, rng: random.Random, family_id: str, size: int,
                    taken_passports: set[str]) -> list[SynthPerson]:
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
        members.append(SynthPerson(
            person_id="", national_id=model.national_id(rng, family, sex, born),
            family_name=family.family_name, given_names=given,
            family_name_latin=family.family_name_latin, given_names_latin=given_latin,
            sex=sex, birth_date=born, birth_place=family.birth_place,
            mother_name=family.mother_name, father_name=family.father_name,
            passport_numbers=passports, family_id=family_id,
        ))
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
        people.extend(_family_members(model, rng, f"{country}-F{families:06d}",
                                      min(members, size - len(people)), taken_passports))
    rng.shuffle(people)  # siblings must not sit next to each other in id order
    return [replace(p, person_id=f"{country}-{i:06d}") for i, p in enumerate(people, 1)]


def make_absent_person(*, country: Country, rng: random.Random,
                       exclude_national_ids: Collection[str] = ()) -> SynthPerson:
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
    return number[:i] + _OCR[number[i]] + number[i + 1:]


def _written_date(born: datetime.date, rng: random.Random, profile: CorruptionProfile,
                  id_sent: bool) -> str | None:
    if not id_sent and rng.random() < profile.date_shift:
        born += datetime.timedelta(days=rng.choice((-1, 1)) * rng.randint(1, 5))
    if (not id_sent and born.day <= 12 and born.day != born.month
            and rng.random() < profile.date_transpose):
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


def make_application(person: SynthPerson, *, requested_state: str, rng: random.Random,
                     corruption: Corruption = "typical") -> dict[str, Any]:
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
        documents.append({"type": "national_id",
                          "number": model.written_id(person.national_id, rng, profile),
                          "issuing_state": model.issuing_state})
    for index, number in enumerate(person.passport_numbers):
        if rng.random() < profile.drop_passport:
            continue
        if rng.random() < profile.passport_ocr:
            number = _ocr_slip(number, rng)
        latest = index == len(person.passport_numbers) - 1
        documents.append({"type": "passport" if latest else "expired_passport",
                          "number": number, "issuing_state": model.issuing_state})
    from_document = any(d["type"] != "national_id" for d in documents)

    base = written = model.written_names(person, rng, profile)
    if rng.random() < profile.name_in_one_field:
        written = _Written(f"{base.family} {base.given}", "")
    elif rng.random() < profile.name_swap:
        written = _Written(base.given, base.family)
    names = [{"family": written.family, "given": written.given,
              "source": "document" if from_document else "declared"}]
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
        "birth_place": None if rng.random() < profile.drop_place
        else model.written_place(person.birth_place, rng, profile),
        "nationality_claimed": requested_state,
        "documents": documents,
        "parents": {"mother": parent(person.mother_name), "father": parent(person.father_name)},
    }
