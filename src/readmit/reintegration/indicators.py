"""The progress report's reintegration indicator: per corridor of a state, on one side, the mean
overall sustainability score of the follow-ups made some months after return (12 by default)
and completed in the report's period. The live follow-ups count, and so do the statistics
deleted cases left (OutcomeStat, by month of arrival: a 12-month survey of a returnee who
arrived in March counts in the next March). Fewer than 5 scored surveys show as "<5" (the
statistics' threshold); a mean is not a count, so nothing is added up across corridors."""

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.reintegration.models import FollowUp, FollowUpStatus, OutcomeStat, ReintegrationCase
from readmit.reintegration.retention import ALL_SERVICES, add_scores
from readmit.reintegration.scoring import DIGITS, OVERALL
from readmit.statistics.disclosure import THRESHOLD, Mark
from readmit.statistics.months import Month, following, label, months_between, start
from readmit.statistics.schemas import Cell

FOLLOW_UP_MONTHS = 12


def _shifted(month: Month, back: int) -> Month:
    index = month[0] * 12 + month[1] - 1 - back
    return index // 12, index % 12 + 1


def sustainability(
    *,
    session: Session,
    state: str,
    side: str,
    first: Month,
    last: Month,
    months: int = FOLLOW_UP_MONTHS,
) -> dict[str, Cell]:
    """Each corridor ("USA-GTM") of the state on `side` with a scored survey in the period:
    the mean overall score, or "<5" when fewer than 5 surveys scored it."""
    mine = (
        ReintegrationCase.requesting_state == state
        if side == "requesting"
        else ReintegrationCase.requested_state == state
    )
    sums: dict[str, dict[str, float]] = defaultdict(dict)
    live = session.execute(
        select(
            ReintegrationCase.requesting_state,
            ReintegrationCase.requested_state,
            FollowUp.scores,
        )
        .join(ReintegrationCase, ReintegrationCase.id == FollowUp.case_id)
        .where(
            mine,
            FollowUp.months == months,
            FollowUp.status == FollowUpStatus.completed.value,
            FollowUp.completed_at >= start(first),
            FollowUp.completed_at < start(following(last)),
        )
    )
    for requesting, requested, scores in live:
        corridor = f"{requesting}-{requested}"
        sums[corridor] = add_scores(sums[corridor], scores or {})
    kept_mine = (
        OutcomeStat.requesting_state == state
        if side == "requesting"
        else OutcomeStat.requested_state == state
    )
    arrivals = [label(_shifted(month, months)) for month in months_between(first, last)]
    kept = session.execute(
        select(OutcomeStat.requesting_state, OutcomeStat.requested_state, OutcomeStat.score_sums)
        # Rows per service type count a survey again: the all-services row counts it once.
        .where(
            kept_mine,
            OutcomeStat.months == months,
            OutcomeStat.service_type == ALL_SERVICES,
            OutcomeStat.arrival_month.in_(arrivals),
        )
    )
    for requesting, requested, score_sums in kept:
        corridor = f"{requesting}-{requested}"
        for key, value in (score_sums or {}).items():
            sums[corridor][key] = sums[corridor].get(key, 0.0) + value
    found: dict[str, Cell] = {}
    for corridor, totals in sorted(sums.items()):
        count = int(totals.get(f"{OVERALL}_count", 0))
        if count == 0:
            continue
        found[corridor] = (
            Mark.small.value if count < THRESHOLD else round(totals[OVERALL] / count, DIGITS)
        )
    return found
