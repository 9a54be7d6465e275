"""Rating a partner from its indicators under a rule set, with the explanation a joint
readmission committee reads: each factor's value, thresholds, score, weight and trend."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from readmit.scorecards.schemas import Factor, Rating, RuleFile, RuleSet

# A change smaller than this share of the distance from poor to good is no change.
STEADY = 0.05


class Trend(StrEnum):
    """How a factor moved since the previous period."""

    better = "better"
    worse = "worse"
    steady = "steady"
    unknown = "unknown"


@dataclass(frozen=True)
class FactorScore:
    """One factor of a rating: None values mean the period had no data for it."""

    key: str
    factor: Factor
    value: float | None
    score: float | None
    trend: Trend


@dataclass(frozen=True)
class Scorecard:
    """A rating with its score and every factor behind it; no rating without enough data."""

    rule_set: RuleSet
    rating: Rating | None
    score: float | None
    factors: list[FactorScore]


def in_force(*, rules: RuleFile, on: date) -> RuleSet | None:
    """The version of the rules in force on a day (the latest begun), or None."""
    begun = [r for r in rules.rule_sets if r.in_force_from <= on]
    return begun[-1] if begun else None


def factor_score(factor: Factor, value: float) -> float:
    """1 at the good value or better, 0 at the poor value or worse, linear between."""
    share = (value - factor.poor) / (factor.good - factor.poor)
    return min(1.0, max(0.0, share))


def trend(factor: Factor, value: float | None, previous: float | None) -> Trend:
    """Better, worse or steady against the previous period, in the factor's direction."""
    if value is None or previous is None:
        return Trend.unknown
    change = (value - previous) / (factor.good - factor.poor)
    if abs(change) < STEADY:
        return Trend.steady
    return Trend.better if change > 0 else Trend.worse


def rate(
    *,
    rule_set: RuleSet,
    values: Mapping[str, float | None],
    previous: Mapping[str, float | None] | None = None,
) -> Scorecard:
    """The rating a rule set gives these indicator values; factors without data are left out
    of the weighted mean, and too few of them leave the partner unrated."""
    before = previous or {}
    factors = []
    for key, factor in rule_set.factors.items():
        value = values.get(factor.indicator)
        score = None if value is None else factor_score(factor, value)
        moved = trend(factor, value, before.get(factor.indicator))
        factors.append(FactorScore(key, factor, value, score, moved))
    scored = [f for f in factors if f.score is not None]
    if len(scored) < rule_set.minimum_factors:
        return Scorecard(rule_set, None, None, factors)
    weight = sum(f.factor.weight for f in scored)
    score = sum(f.factor.weight * (f.score or 0.0) for f in scored) / weight
    if score >= rule_set.cooperative_from:
        rating = Rating.cooperative
    elif score >= rule_set.at_risk_from:
        rating = Rating.at_risk
    else:
        rating = Rating.uncooperative
    return Scorecard(rule_set, rating, round(score, 4), factors)
