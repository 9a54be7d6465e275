"""What a country profile provides to the register and application generators."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from random import Random

from readmit.synth.independent.common import REFERENCE_YEAR, Person, Sampler


@dataclass
class Numbers:
    """Document numbers already handed out: register and absent persons never share one."""

    national_ids: set[str] = field(default_factory=set)
    passports: set[str] = field(default_factory=set)


def cohort_sampler(cohorts: list[tuple[int, int, float]]) -> Sampler[int]:
    """Birth years from (first, last, relative size per year) rows of an age pyramid."""
    years: list[int] = []
    weights: list[float] = []
    for first, last, size in cohorts:
        for year in range(first, last + 1):
            years.append(year)
            weights.append(size)
    return Sampler(years, weights)


class Profile(ABC):
    """A country: how its register looks and how a foreign officer writes its people."""

    country: str
    # Name difficulty classes of this country (the rest are shared).
    name_classes: tuple[str, ...]

    @abstractmethod
    def make_family(self, rng: Random, numbers: Numbers) -> list[Person]:
        """Siblings sharing parents, surname(s) and birthplace."""

    @abstractmethod
    def national_id(self, rng: Random, person: Person, numbers: Numbers) -> str:
        """A valid, unused national ID agreeing with the person's date, sex and place."""

    @abstractmethod
    def passport(self, rng: Random, issued: int, numbers: Numbers) -> str:
        """An unused passport number in the format of its issue year."""

    @abstractmethod
    def render_name(self, rng: Random, person: Person, kind: str) -> list[dict[str, str]]:
        """The names list of an application, written with difficulty ``kind``."""

    @abstractmethod
    def render_parent(self, rng: Random, full: str, kind: str) -> str:
        """A parent's register name as the foreign record writes it."""

    @abstractmethod
    def place_text(self, rng: Random, code: str) -> str:
        """Free-text birthplace for a division code."""

    @abstractmethod
    def name_key(self, person: Person) -> str:
        """Romanised name identity: two persons with the same key are namesakes."""

    @abstractmethod
    def emigration_weight(self, person: Person) -> float:
        """How likely this person is to be the subject of a readmission application."""

    @abstractmethod
    def suits(self, kind: str, person: Person) -> float:
        """Extra selection weight of a person for a name difficulty (0 = unusable)."""

    @abstractmethod
    def sibling_given(self, rng: Random, person: Person, sex: str, year: int) -> str:
        """A given name a sibling of ``person`` could have (not theirs)."""

    @abstractmethod
    def new_parent_names(self, rng: Random, person: Person) -> tuple[str, str]:
        """(mother, father) of an unrelated person with the same family name."""

    @abstractmethod
    def other_place(self, rng: Random, code: str, year: int) -> str:
        """A different birthplace, often in the same province or department."""

    def place_in_year(self, rng: Random, code: str, year: int) -> str:
        """The code of the same place for someone born in ``year`` (codes can change)."""
        return code

    def random_person(self, rng: Random, numbers: Numbers, adult: bool = True) -> Person:
        """Someone drawn like a register person (for absent applications), adult if asked."""
        for _ in range(200):
            family = self.make_family(rng, numbers)
            people = [p for p in family if not adult or 18 <= REFERENCE_YEAR - p.birth.year <= 65]
            if people:
                return rng.choice(people)
        raise RuntimeError("could not draw an adult")


def age(person: Person) -> int:
    """Age in whole years in the reference year."""
    return REFERENCE_YEAR - person.birth.year


def passport_issue_years(rng: Random, birth: dt.date, count: int) -> list[int]:
    """Issue years of ``count`` passports, the last current (valid ten years), each issued
    after the holder's first birthday and ten years before the next."""
    latest = rng.randint(max(birth.year + 1, REFERENCE_YEAR - 10), REFERENCE_YEAR - 1)
    years = [latest - 10 * i for i in range(count)]
    return sorted(y for y in years if y > birth.year)
