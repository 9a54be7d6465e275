"""Country-specific rules of the synthetic register generator (``synth.py``).

One ``_CountryModel`` subclass per country says how that country's register writes a
person (names, birth places, national IDs, passports) and how a requesting state's
officer rewrites them in an application; ``_model`` picks the model for a country code.
A new country is a new subclass and a new entry in ``_MODELS``. The names here are
private to ``synth.py``, which is the public interface.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from readmit.synth.project import tables

if TYPE_CHECKING:
    from readmit.synth.project.generator import CorruptionProfile, SynthPerson


def _weighted(rng: random.Random, items: Sequence[Any], cum: Sequence[float]) -> Any:
    return rng.choices(items, cum_weights=cum)[0]


def _fold(text: str) -> str:
    """Drop accents (García -> Garcia, Ñ -> N)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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
    def new_family(
        self, rng: random.Random, family_id: str, first_birth: datetime.date
    ) -> _Family: ...

    @abstractmethod
    def given_names(
        self, rng: random.Random, sex: str, born: datetime.date
    ) -> tuple[str, str]: ...  # (native, latin)

    @abstractmethod
    def national_id(
        self, rng: random.Random, family: _Family, sex: str, born: datetime.date
    ) -> str: ...

    @abstractmethod
    def passport_number(self, rng: random.Random) -> str: ...

    # Requesting-state side.
    @abstractmethod
    def written_names(
        self, person: SynthPerson, rng: random.Random, profile: CorruptionProfile
    ) -> _Written: ...

    @abstractmethod
    def written_place(self, code: str, rng: random.Random, profile: CorruptionProfile) -> str: ...

    @abstractmethod
    def written_parent(
        self, native: str, rng: random.Random, profile: CorruptionProfile
    ) -> str: ...

    @abstractmethod
    def alias(
        self, person: SynthPerson, written: _Written, rng: random.Random
    ) -> _Written | None: ...

    def written_id(self, number: str, rng: random.Random, profile: CorruptionProfile) -> str:
        return number


# --- China -------------------------------------------------------------------

_CHN_ALL_SURNAMES = [(s.hanzi, s.pinyin) for s in tables.CHN_SURNAMES] + list(
    tables.CHN_TAIL_SURNAMES
)
_CHN_SURNAME_CUM = list(
    accumulate(
        [s.weight for s in tables.CHN_SURNAMES]
        + [tables.CHN_TAIL_SHARE / len(tables.CHN_TAIL_SURNAMES)] * len(tables.CHN_TAIL_SURNAMES)
    )
)
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
    for younger, pool in (
        (False, tables.CHN_COMMON_GIVEN_OLDER),
        (True, tables.CHN_COMMON_GIVEN_YOUNGER),
    )
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
    return _CHN_SURNAME_PINYIN[surname], [_CHN_CHAR_PINYIN[c] for c in native[len(surname) :]]


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

    def new_family(self, rng: random.Random, family_id: str, first_birth: datetime.date) -> _Family:
        surname, pinyin = self._surname(rng)
        parents_born = first_birth.year - rng.randint(22, 38)
        father = surname + self._given_native(rng, "M", parents_born)
        mother = self._surname(rng)[0] + self._given_native(rng, "F", parents_born)
        place = _weighted(rng, tables.CHN_PLACES, _CHN_PLACE_CUM).code
        return _Family(family_id, surname, pinyin.capitalize(), place, father, mother)

    def given_names(self, rng: random.Random, sex: str, born: datetime.date) -> tuple[str, str]:
        native = self._given_native(rng, sex, born.year)
        return native, "".join(_CHN_CHAR_PINYIN[c] for c in native).capitalize()

    def national_id(
        self, rng: random.Random, family: _Family, sex: str, born: datetime.date
    ) -> str:
        while True:
            sequence = rng.randrange(500) * 2 + 1 if sex == "M" else rng.randrange(1, 500) * 2
            number = _chn_resident_id(family.birth_place, born, sequence)
            if number not in self.taken_ids:
                self.taken_ids.add(number)
                return number

    def passport_number(self, rng: random.Random) -> str:
        return f"E{rng.randrange(10**8):08d}"  # ordinary e-passport since 2012

    def written_names(
        self, person: SynthPerson, rng: random.Random, profile: CorruptionProfile
    ) -> _Written:
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
            given = "-".join(
                s.capitalize() if i == 0 or rng.random() < 0.5 else s
                for i, s in enumerate(syllables)
            )
        else:
            given = "".join(syllables).capitalize()
        if upper:
            family, given = family.upper(), given.upper()
        return _Written(family, given)

    def written_place(self, code: str, rng: random.Random, profile: CorruptionProfile) -> str:
        place = _CHN_PLACES[code]
        latin = place.latin if rng.random() < 0.5 else place.latin.replace("'", "")
        if profile.canonical_names:
            if place.kind == "district":
                return f"{place.latin} District, {place.prefecture}, {place.province}"
            return f"{place.latin}, {place.province}"
        if rng.random() < profile.place_coarse:
            return rng.choice((place.prefecture, place.prefecture.upper(), place.province))
        suffix = {"city": " City", "county": " County", "district": " District"}[place.kind]
        return rng.choice(
            (
                f"{latin}, {place.province}",
                latin.upper(),
                f"{latin}{suffix}",
                f"{latin}, {place.prefecture}",
            )
        )

    def written_parent(self, native: str, rng: random.Random, profile: CorruptionProfile) -> str:
        family, syllables = _chn_split(native)
        given = "".join(syllables)
        if profile.canonical_names or rng.random() < 0.6:
            return f"{family} {given}".upper()
        if rng.random() < profile.name_swap:
            return f"{given.capitalize()} {family.capitalize()}"
        return f"{family.capitalize()} {given.capitalize()}"

    def alias(self, person: SynthPerson, written: _Written, rng: random.Random) -> _Written | None:
        return _Written(written.family, rng.choice(tables.CHN_WESTERN_ALIASES[person.sex]))


# --- Guatemala ---------------------------------------------------------------

_GTM_SURNAMES = [name for name, _ in tables.GTM_SURNAMES]
_GTM_SURNAME_CUM = list(accumulate(w for _, w in tables.GTM_SURNAMES))
_GTM_GIVEN: dict[str, tuple[list[str], list[float]]] = {
    sex: (
        [n for n, s, _ in tables.GTM_GIVEN_NAMES if s == sex],
        list(accumulate(w for _, s, w in tables.GTM_GIVEN_NAMES if s == sex)),
    )
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
            return paternal, family_name[len(paternal) + 1 :]
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

    def new_family(self, rng: random.Random, family_id: str, first_birth: datetime.date) -> _Family:
        paternal, maternal = self._surname(rng), self._surname(rng)
        father = f"{self._given_native(rng, 'M')} {paternal} {self._surname(rng)}"
        mother = f"{self._given_native(rng, 'F')} {maternal} {self._surname(rng)}"
        place = _weighted(rng, tables.GTM_PLACES, _GTM_PLACE_CUM).code
        family_name = f"{paternal} {maternal}"
        return _Family(family_id, family_name, _fold(family_name), place, father, mother)

    def given_names(self, rng: random.Random, sex: str, born: datetime.date) -> tuple[str, str]:
        native = self._given_native(rng, sex)
        return native, _fold(native)

    def national_id(
        self, rng: random.Random, family: _Family, sex: str, born: datetime.date
    ) -> str:
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

    def written_names(
        self, person: SynthPerson, rng: random.Random, profile: CorruptionProfile
    ) -> _Written:
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

    def written_place(self, code: str, rng: random.Random, profile: CorruptionProfile) -> str:
        place = _GTM_PLACES[code]
        if profile.canonical_names:
            return f"{place.municipality}, {place.department}"
        if rng.random() < profile.place_coarse:
            text = place.department
        else:
            text = rng.choice(
                (
                    f"{place.municipality}, {place.department}",
                    f"{place.municipality}, Guatemala",
                    place.municipality,
                )
            )
        if rng.random() < profile.accents_dropped:
            text = _fold(text)
        return text.upper() if rng.random() < 0.4 else text

    def written_parent(self, native: str, rng: random.Random, profile: CorruptionProfile) -> str:
        if profile.canonical_names:
            return native.upper()
        text = _fold(native) if rng.random() < profile.accents_dropped else native
        return text.upper() if rng.random() < 0.6 else text

    def alias(self, person: SynthPerson, written: _Written, rng: random.Random) -> _Written | None:
        nickname = tables.GTM_NICKNAMES.get(person.given_names.split()[0])
        return _Written(written.family, nickname) if nickname else None


_MODELS: dict[str, type[_CountryModel]] = {"CHN": _China, "GTM": _Guatemala}


def _model(country: str) -> _CountryModel:
    try:
        return _MODELS[country]()
    except KeyError:
        raise ValueError(f"no synthetic register for {country!r}; have {sorted(_MODELS)}") from None
