"""Fellegi–Sunter weights: log2(m/u) per comparison level, term-frequency adjusted names,
dependent evidence collapsed, and calibrated probabilities across all candidates."""

import hashlib
import json
import math
from dataclasses import dataclass, field

from readmit.identity.features import Comparison

# (m, u) per level: m = P(level | same person), u = P(level | different persons).
# m reflects how foreign records corrupt fields (the synthetic generator's profiles);
# u is what chance agreement costs in a national register. Null levels carry no weight.
DEFAULT_LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "name": {
        "exact": (0.80, 1e-4),
        "family_exact_given_similar": (0.10, 5e-4),
        "family_similar_given_exact": (0.04, 2e-4),
        "family_exact_given_weak": (0.04, 0.01),
        "both_similar": (0.02, 1e-4),
        # Given names alone repeat far more than full names (José, María, 伟).
        "given_exact_family_differs": (0.03, 2e-3),
        "else": (0.03, 0.99),
    },
    "birth_date": {
        "exact": (0.72, 4.6e-5),
        "year_month": (0.06, 1.4e-3),
        "year_only": (0.06, 0.017),
        "transposed": (0.03, 4.6e-5),
        "off_by_days": (0.04, 5e-4),
        "off_by_year": (0.04, 1e-4),
        "placeholder_agrees": (0.02, 0.017),
        "digit_typo": (0.03, 2.5e-3),
        "different": (0.03, 0.98),
    },
    "sex": {"exact": (0.98, 0.5), "different": (0.02, 0.5)},
    "birth_place": {
        "exact": (0.70, 0.03),
        "same_level2": (0.12, 0.08),
        "same_level1": (0.08, 0.25),
        "different": (0.10, 0.64),
    },
    "national_id": {
        "exact": (0.97, 1e-9),
        "invalid_checksum_one_edit": (0.02, 1e-8),
        "unchecked_one_edit": (0.02, 1e-5),
        "unchecked_different": (0.05, 1.0),
        "different": (0.01, 1.0),
    },
    "passport": {
        "exact": (0.90, 1e-9),
        "ocr_confusion": (0.05, 1e-8),
        "one_edit": (0.03, 1e-7),
        "different": (0.02, 1.0),
    },
    "parents": {"both": (0.60, 1e-4), "one": (0.25, 5e-3), "conflict": (0.15, 0.99)},
}
# Share of register persons whose given name is similar / weakly similar to a random one:
# with the surname's own frequency, the chance agreement of the family-exact levels.
GIVEN_SHARE = {"family_exact_given_similar": 0.005, "family_exact_given_weak": 0.05}
IMPLIED_BY_ID = frozenset({"birth_date", "sex", "birth_place"})
HARD_EVIDENCE = {
    "national_id": {"exact", "invalid_checksum_one_edit"},
    "passport": {"exact", "ocr_confusion"},
    "parents": {"both"},
    "birth_place": {"exact"},
    "face": {"strong"},
}


@dataclass(frozen=True)
class Model:
    """The weights, the prior and the confirmation rule, with a stable version string."""

    levels: dict[str, dict[str, tuple[float, float]]] = field(
        default_factory=lambda: DEFAULT_LEVELS
    )
    share_in_register: float = 0.67
    max_wrong: float = 1e-4
    min_gap_bits: float = 6.6
    common_name_count: int = 5

    @property
    def version(self) -> str:
        """Changes whenever a weight or rule changes; stored with every recommendation."""
        blob = json.dumps(
            [
                self.levels,
                self.share_in_register,
                self.max_wrong,
                self.min_gap_bits,
                self.common_name_count,
            ],
            sort_keys=True,
        )
        return "fs-1." + hashlib.sha256(blob.encode()).hexdigest()[:10]

    def prior_bits(self, register_size: int) -> float:
        """Log2 odds that a random register person is the applicant."""
        p = self.share_in_register / max(register_size, 1)
        return math.log2(p / (1 - p))

    def weigh(
        self,
        comparison: Comparison,
        *,
        name_count: int,
        register_size: int,
        id_agrees: bool,
        family_count: int = 0,
    ) -> float:
        """The weight of one comparison, in bits (run for every candidate: no strings)."""
        if comparison.level == "null":
            return 0.0
        if id_agrees and comparison.field in IMPLIED_BY_ID and comparison.level == "exact":
            return 0.0
        m, u = self.levels[comparison.field][comparison.level]
        if comparison.field == "name" and comparison.level == "exact" and name_count:
            # Term frequency on the romanised key: a common name is weak evidence.
            u = max(u, name_count / max(register_size, 1))
        elif comparison.level in GIVEN_SHARE and family_count:
            # Surname agreement says as much as the surname is rare (王 7%, Boothroyd 1 in 5,000).
            u = max(family_count / max(register_size, 1) * GIVEN_SHARE[comparison.level], 1e-7)
        return math.log2(m / u)

    def explain(
        self, comparison: Comparison, *, name_count: int, id_agrees: bool, family_count: int = 0
    ) -> str:
        """Why a comparison weighs what it does, for the officer."""
        if comparison.level == "null":
            return "not comparable"
        if id_agrees and comparison.field in IMPLIED_BY_ID and comparison.level == "exact":
            return "implied by the national ID (not independent)"
        if comparison.field == "name" and comparison.level == "exact" and name_count:
            return f"name shared by {name_count} register persons"
        if comparison.level in GIVEN_SHARE and family_count:
            return f"surname shared by {family_count} register persons"
        m, u = self.levels[comparison.field][comparison.level]
        return f"m={m:g}, u={u:g}"
