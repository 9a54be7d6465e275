"""Fellegi–Sunter weights: log2(m/u) per comparison level, term-frequency adjusted names,
dependent evidence collapsed, and calibrated probabilities across all candidates.

The probabilities start as the priors of `comparisons`; `estimate` replaces them with what the
data say (u from the register's own distributions, m by EM over the applications being
verified), and the model's version names the parameters it holds."""

import hashlib
import json
import math
from dataclasses import dataclass, field

from readmit.identity.comparisons import (
    BIRTH_DATE,
    COMPARISONS,
    DATE_CONTEXT_LEVELS,
    IMPLIED_BY_ID,
    NULL,
    PART_SHARE,
    sentence,
)
from readmit.identity.explanations import IMPLIED
from readmit.identity.features import Comparison

Table = dict[str, dict[str, float]]  # parameter key ("field" or "field/context") -> level -> p


def key_of(comparison: Comparison) -> str:
    """The parameter key of a comparison: its field, and its context where it has one."""
    return f"{comparison.field}/{comparison.context}" if comparison.context else comparison.field


def prior_tables() -> tuple[Table, Table]:
    """m and u as the comparisons' priors; date m normalised within each context."""
    m: Table = {}
    u: Table = {}
    for spec in COMPARISONS.values():
        if spec is BIRTH_DATE:
            for context, names in DATE_CONTEXT_LEVELS.items():
                ms = {n: spec.level(n).m for n in names}
                total = sum(ms.values())
                m[f"birth_date/{context}"] = {n: v / total for n, v in ms.items()}
                u[f"birth_date/{context}"] = {n: spec.level(n).u for n in names}
        else:
            m[spec.field] = {level.name: level.m for level in spec.levels}
            u[spec.field] = {level.name: level.u for level in spec.levels}
    return m, u


@dataclass(frozen=True)
class Parameters:
    """m and u per parameter key and level, and where they come from."""

    m: Table
    u: Table
    source: str = "priors"

    @classmethod
    def priors(cls) -> "Parameters":
        """The comparisons' prior probabilities."""
        m, u = prior_tables()
        return cls(m, u, "priors")

    def to_json(self) -> str:
        """As stored with the register."""
        return json.dumps({"m": self.m, "u": self.u, "source": self.source}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Parameters":
        """From the stored form; keys the priors have and the stored form lacks keep the prior."""
        data = json.loads(text)
        base_m, base_u = prior_tables()
        for table, stored in ((base_m, data["m"]), (base_u, data["u"])):
            for key, levels in stored.items():
                table.setdefault(key, {}).update(levels)
        return cls(base_m, base_u, str(data.get("source", "stored")))


@dataclass(frozen=True)
class Model:
    """The weights, the prior and the confirmation rule, with a stable version string."""

    parameters: Parameters = field(default_factory=Parameters.priors)
    share_in_register: float = 0.67
    max_wrong: float = 1e-4
    min_gap_bits: float = 6.6

    @property
    def version(self) -> str:
        """Changes whenever a weight or rule changes; stored with every recommendation."""
        blob = json.dumps(
            [
                self.parameters.m,
                self.parameters.u,
                self.share_in_register,
                self.max_wrong,
                self.min_gap_bits,
            ],
            sort_keys=True,
        )
        return "fs-2." + hashlib.sha256(blob.encode()).hexdigest()[:10]

    def prior_bits(self, register_size: int) -> float:
        """Log2 prior odds of "this register person" against "nobody in the register"."""
        # The hypotheses are one per person (share / size each) and one for absence
        # (1 - share): the odds of a person are against absence, not against everyone else.
        share = self.share_in_register
        return math.log2(share / (max(register_size, 1) * (1 - share)))

    def u_of(self, comparison: Comparison, *, name_count: int, register_size: int) -> float:
        """The chance agreement of a comparison, with term frequencies where they apply."""
        u = self.parameters.u[key_of(comparison)][comparison.level]
        if comparison.field == "name" and comparison.level == "exact" and name_count:
            # Term frequency on the romanised key: the chance that a national other than this
            # person writes so is the share of the register who do (a common name is weak
            # evidence, a name no one else holds strong).
            return name_count / max(register_size, 1)
        if comparison.field == "name" and comparison.level in PART_SHARE and name_count:
            # A part of the name says as much as it is rare (王 7%, Boothroyd 1 in 5,000).
            share = PART_SHARE[comparison.level][1]
            return max(name_count / max(register_size, 1) * share, 1e-7)
        return u

    def weigh(
        self,
        comparison: Comparison,
        *,
        name_count: int,
        register_size: int,
        id_agrees: bool,
    ) -> float:
        """The weight of one comparison, in bits (run for every candidate: no strings)."""
        if comparison.level == NULL:
            return 0.0
        if id_agrees and comparison.field in IMPLIED_BY_ID and comparison.level == "exact":
            return 0.0
        m = self.parameters.m[key_of(comparison)][comparison.level]
        u = self.u_of(comparison, name_count=name_count, register_size=register_size)
        return math.log2(m / u)

    def explain(self, comparison: Comparison, *, name_count: int, id_agrees: bool) -> str:
        """Why a comparison weighs what it does, in words an officer reads."""
        if id_agrees and comparison.field in IMPLIED_BY_ID and comparison.level == "exact":
            return IMPLIED.format(sentence=sentence(comparison.field, comparison.level))
        return sentence(comparison.field, comparison.level, count=name_count)
