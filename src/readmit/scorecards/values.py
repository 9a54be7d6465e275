"""The scorecard's indicators worked out from a period's statistics totals.

Each indicator is a share or ratio of two sums of counts, or the median or 90th percentile of
a duration. A value that would rest on fewer than MINIMUM_CASES cases (a denominator under 5,
a duration measured on under 5 cases) is None, "not enough data": a rating never turns on, or
gives away, a handful of cases.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from readmit.statistics.service import Totals

MINIMUM_CASES = 5


@dataclass(frozen=True)
class Ratio:
    """The sum of `numerator` counts over the sum of `denominator` counts; the cases behind
    it are the denominator's, and `also` those of the numerator outside it."""

    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Duration:
    """A duration's median or 90th percentile, in days."""

    kind: str  # "decision_days", "document_days" or "departure_days"
    p90: bool


# What each indicator of readmit.scorecards.schemas.INDICATORS is made of.
BASES: dict[str, Ratio | Duration] = {
    "days_to_decision_median": Duration("decision_days", p90=False),
    "days_to_travel_document_p90": Duration("document_days", p90=True),
    "days_to_departure_median": Duration("departure_days", p90=False),
    "share_decided_within_deadline": Ratio(("within_deadline",), ("decided",)),
    "share_confirmed": Ratio(("confirmed", "deemed_accepted"), ("decided",)),
    "interviews_granted_share": Ratio(
        ("interviews_granted",),
        ("interviews_granted", "interviews_held", "interviews_refused"),
    ),
    "charters_accepted_share": Ratio(
        ("charters_accepted",), ("charters_accepted", "charters_refused")
    ),
    # Releases against removals: a release is no removal, so both are cases behind it.
    "release_to_removal_ratio": Ratio(("releases",), ("arrived",), also=("releases",)),
    "no_show_share": Ratio(("no_shows",), ("arrived", "no_shows")),
}
# The count of the totals that a duration is measured on; the others are counted apart.
DURATION_CASES = {"decision_days": "decided"}
RATIOS = ("release_to_removal_ratio",)  # a ratio, not a share of a whole


def unit(indicator: str) -> str:
    """How an indicator's values read: "days", "share" (of a whole) or "ratio"."""
    if isinstance(BASES[indicator], Duration):
        return "days"
    return "ratio" if indicator in RATIOS else "share"


@dataclass(frozen=True)
class Measured:
    """An indicator's value (None: not enough data) and the number of cases behind it."""

    value: float | None
    cases: int


def _sum(counts: Mapping[str, int], names: tuple[str, ...]) -> int | None:
    """The sum of these counts; None when one is not in the totals (withheld from the
    viewer's state)."""
    if any(name not in counts for name in names):
        return None
    return sum(counts[name] for name in names)


def measure(
    totals: Totals, *, duration_cases: Mapping[str, int] | None = None
) -> dict[str, Measured]:
    """Every indicator of the period. `duration_cases` gives the number of cases each duration
    was measured on ("document_days": n) where the totals have no count of them."""
    counts = totals.counts
    measured_on = {kind: counts.get(name, 0) for kind, name in DURATION_CASES.items()}
    measured_on |= dict(duration_cases or {})
    found = {}
    for indicator, basis in BASES.items():
        if isinstance(basis, Duration):
            cases = measured_on.get(basis.kind, 0)
            days = totals.days.get(basis.kind)
            value = None
            if days is not None and cases >= MINIMUM_CASES:
                value = days[1] if basis.p90 else days[0]
            found[indicator] = Measured(value, cases)
            continue
        over = _sum(counts, basis.denominator)
        part = _sum(counts, basis.numerator)
        beside = _sum(counts, basis.also)
        if over is None or part is None or beside is None:
            found[indicator] = Measured(None, 0)
            continue
        value = round(part / over, 3) if over >= MINIMUM_CASES else None
        found[indicator] = Measured(value, over + beside)
    return found
