"""Sustainability scores of one follow-up survey, by the programme's formula (its YAML file).

Each answer is an option of its indicator, and each option has a score from 0 to 1 (or none:
"not applicable", e.g. no school-age children, which counts as unanswered).

- A dimension's score is the weighted mean of the scores of its answered indicators:
  sum(weight_i * score_i) / sum(weight_i) over those indicators. An unanswered indicator is
  left out of both sums, so the others' weights are scaled up to fill its place.
- A dimension with fewer answered indicators than the formula's `min_answered` is "not
  scored" (None): a score from one or two answers would say more than the survey did.
- The overall score is the weighted mean of the dimension scores with the dimensions'
  weights; it is not scored when any dimension is not, so overall scores always cover the
  same dimensions and can be compared and averaged.

Scores are rounded to 4 decimals and stored with the programme's `version`, so that a score
computed under older weights is never mistaken for one under the current ones."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readmit.errors import FieldProblem, Invalid
from readmit.i18n import _
from readmit.reintegration.programme import Programme

DIGITS = 4
OVERALL = "overall"


@dataclass(frozen=True)
class Scores:
    """The scores of one survey: per dimension and overall (None: not scored)."""

    dimensions: dict[str, float | None]
    overall: float | None
    answered: dict[str, int]
    version: str

    def as_json(self) -> dict[str, Any]:
        """What a follow-up stores: each dimension's score, the overall score, and how many
        indicators were answered per dimension."""
        return {**self.dimensions, OVERALL: self.overall, "answered": self.answered}


def problems(programme: Programme, answers: Mapping[str, Any]) -> list[FieldProblem]:
    """Answers naming an unknown indicator or an option the indicator does not have."""
    found: list[FieldProblem] = []
    for key, value in answers.items():
        indicator = programme.indicator(key)
        loc: tuple[str | int, ...] = ("body", "answers", key)
        if indicator is None:
            found.append(FieldProblem(loc, _("not an indicator of this survey")))
        elif value is not None and (not isinstance(value, str) or indicator.option(value) is None):
            options = ", ".join(o.key for o in indicator.options)
            found.append(FieldProblem(loc, _("choose one of: {options}", options=options)))
    return found


Pair = tuple[float, float]


def _mean(pairs: list[Pair]) -> float:
    """The weighted mean of (weight, value) pairs."""
    return sum(w * v for w, v in pairs) / sum(w for w, _v in pairs)


def _pairs(programme: Programme, answers: Mapping[str, Any], dimension: str) -> list[Pair]:
    """(weight, score) of the dimension's answered indicators."""
    pairs: list[Pair] = []
    for indicator in programme.of_dimension(dimension):
        choice = answers.get(indicator.key)
        option = indicator.option(choice) if choice is not None else None
        if option is not None and option.score is not None:
            pairs.append((indicator.weight, option.score))
    return pairs


def score(programme: Programme, answers: Mapping[str, Any]) -> Scores:
    """Score a survey's answers (indicator key: option key; absent or None: unanswered);
    Invalid naming each answer that is not one of its indicator's options."""
    wrong = problems(programme, answers)
    if wrong:
        raise Invalid(wrong)
    means: dict[str, float | None] = {}
    answered: dict[str, int] = {}
    for dimension in programme.formula.dimensions:
        pairs = _pairs(programme, answers, dimension.key)
        answered[dimension.key] = len(pairs)
        enough = len(pairs) >= programme.formula.min_answered
        means[dimension.key] = _mean(pairs) if enough else None
    overall: float | None = None
    weighted = [(d.weight, means[d.key]) for d in programme.formula.dimensions]
    if all(mean is not None for _w, mean in weighted):
        # From the unrounded dimension means: rounding once keeps the overall exact.
        overall = round(_mean([(w, m) for w, m in weighted if m is not None]), DIGITS)
    dimensions = {k: None if m is None else round(m, DIGITS) for k, m in means.items()}
    return Scores(dimensions, overall, answered, programme.version)
