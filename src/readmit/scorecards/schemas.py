"""A scorecard rule set as its YAML file states it: which indicators count, what is good and
what is poor for each, how much each weighs, and the score each rating needs."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from readmit import yamlfile
from readmit.yamlfile import YamlFileError

_STRICT = ConfigDict(extra="forbid", frozen=True)
MAX_FILE_BYTES = 200_000  # a rule set is a page or two

# The indicators a factor may rate, per corridor and period, and which way is better.
INDICATORS = {
    "days_to_decision_median": "lower",
    "days_to_travel_document_p90": "lower",
    "days_to_departure_median": "lower",
    "share_decided_within_deadline": "higher",
    "share_confirmed": "higher",
    "interviews_granted_share": "higher",
    "charters_accepted_share": "higher",
    "release_to_removal_ratio": "lower",
    "no_show_share": "lower",
}


class Rating(StrEnum):
    """How cooperative a partner is judged, best first."""

    cooperative = "cooperative"
    at_risk = "at_risk"
    uncooperative = "uncooperative"


class Factor(BaseModel):
    """One indicator rated between its poor and its good value."""

    model_config = _STRICT

    indicator: str = Field(description="The indicator rated (see INDICATORS).")
    good: float = Field(description="At this value or better, the factor scores 1.")
    poor: float = Field(description="At this value or worse, the factor scores 0.")
    weight: float = Field(gt=0, le=100, description="Its share of the score, relative to others.")

    @model_validator(mode="after")
    def _known_and_ordered(self) -> Self:
        better = INDICATORS.get(self.indicator)
        if better is None:
            raise ValueError(
                f"unknown indicator {self.indicator!r}; known: {', '.join(sorted(INDICATORS))}"
            )
        if (better == "lower" and self.good >= self.poor) or (
            better == "higher" and self.good <= self.poor
        ):
            raise ValueError(
                f"{self.indicator} is better when {better}: its good value must be "
                f"{'below' if better == 'lower' else 'above'} its poor value"
            )
        return self


class RuleSet(BaseModel):
    """One version of a scorecard's rules."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=200)
    version: int = Field(ge=1)
    in_force_from: date
    cooperative_from: float = Field(gt=0, le=1, description="Least score rated cooperative.")
    at_risk_from: float = Field(ge=0, lt=1, description="Least score rated at risk.")
    minimum_factors: int = Field(ge=1, description="Factors with data needed to rate at all.")
    factors: dict[str, Factor] = Field(min_length=1)

    @model_validator(mode="after")
    def _bands_in_order(self) -> Self:
        if self.at_risk_from >= self.cooperative_from:
            raise ValueError("at_risk_from must be below cooperative_from")
        if self.minimum_factors > len(self.factors):
            raise ValueError("minimum_factors is more than the factors listed")
        return self


class RuleFile(BaseModel):
    """Top level of a scorecard rule file: its versions, oldest first."""

    model_config = _STRICT

    rule_sets: list[RuleSet] = Field(min_length=1)

    @model_validator(mode="after")
    def _versions_increase(self) -> Self:
        yamlfile.check_versions([(r.version, r.in_force_from) for r in self.rule_sets])
        return self


class RuleFileError(YamlFileError):
    """A scorecard rule file could not be read, parsed or validated."""


def load_rule_file(path: Path) -> RuleFile:
    """Read and validate a scorecard rule file; RuleFileError names each field and line."""
    try:
        return yamlfile.read(path, RuleFile, what="scorecard rule file", max_bytes=MAX_FILE_BYTES)
    except YamlFileError as exc:
        raise RuleFileError(str(exc)) from exc


# A count of cases as exports show it: "<5" from 1 to 4, never a case reference.
Count = int | str


class RuleSetPublic(BaseModel):
    """The version of the rules that rated the period."""

    name: str
    version: int
    in_force_from: date
    cooperative_from: float
    at_risk_from: float
    minimum_factors: int


class FactorPublic(BaseModel):
    """One factor of the rating: its value (None: fewer than 5 cases, not enough data), its
    thresholds and weight, its score, its trend and how many cases are behind it."""

    key: str
    indicator: str
    better: str  # "lower" or "higher"
    value: float | None
    previous_value: float | None
    good: float
    poor: float
    weight: float
    score: float | None
    trend: str  # better, worse, steady, unknown
    cases: Count


class ScorecardPublic(BaseModel):
    """A partner's rating for a period and its explanation, for a joint readmission
    committee: aggregates only."""

    requesting_state: str
    requested_state: str
    period: str  # "2026-Q1", or "2026-01 to 2026-05"
    period_from: str
    period_to: str
    previous_from: str
    previous_to: str
    rules_on: date  # the period's last day: the rules in force on it rate the period
    rule_set: RuleSetPublic | None  # None: no rules in force on that day
    rating: str  # cooperative, at_risk, uncooperative, or not_rated
    score: float | None
    factors_with_data: int
    factors: list[FactorPublic]
