"""A rating's explanation as files for a joint readmission committee: CSV (a row per factor)
and JSON (the API's answer). Aggregates only: counts under 5 are "<5", and no case reference
or personal data is in them."""

import csv
import io

from readmit.scorecards.schemas import ScorecardPublic

COLUMNS = (
    "requesting_state",
    "requested_state",
    "period",
    "period_from",
    "period_to",
    "rule_set",
    "rule_set_version",
    "rating",
    "score",
    "factor",
    "indicator",
    "better",
    "value",
    "previous_value",
    "good",
    "poor",
    "weight",
    "factor_score",
    "trend",
    "cases",
)


def _cell(value: object) -> object:
    return "" if value is None else value


def to_csv(card: ScorecardPublic) -> str:
    """One row per factor (a single row without factors when no rules were in force)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rules = card.rule_set
    head = [
        card.requesting_state,
        card.requested_state,
        card.period,
        card.period_from,
        card.period_to,
        rules.name if rules else "",
        rules.version if rules else "",
        card.rating,
        _cell(card.score),
    ]
    for f in card.factors:
        values = (f.value, f.previous_value, f.good, f.poor, f.weight, f.score)
        writer.writerow(
            [*head, f.key, f.indicator, f.better, *map(_cell, values), f.trend, f.cases]
        )
    if not card.factors:
        writer.writerow(head + [""] * (len(COLUMNS) - len(head)))
    return out.getvalue()


def to_json(card: ScorecardPublic) -> str:
    """The scorecard as the API returns it."""
    return card.model_dump_json(indent=2)


def filename(card: ScorecardPublic, suffix: str) -> str:
    """scorecard-USA-CHN-2026-01-2026-03.csv: what was downloaded, in its name."""
    corridor = f"{card.requesting_state}-{card.requested_state}"
    return f"scorecard-{corridor}-{card.period_from}-{card.period_to}.{suffix}"
