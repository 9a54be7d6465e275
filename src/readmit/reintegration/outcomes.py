"""Sustainability outcomes: mean scores of completed follow-ups by programme, service type or
region, per follow-up (3, 6, 12 months...).

- A provider's reintegration officers see their own cases' outcomes, exact.
- Analysts and supervisors of either state see aggregates over their state's corridors on one
  side (as requesting or as requested state), per partner state, counting the live cases and
  the statistics left by cases deleted after retention (OutcomeStat). Counts from 1 to 4 are
  withheld ("<5") and, where a row of cells adds up to a total (programme, region: each
  survey in one group), one more cell is withheld ("x") so that none can be worked out by
  subtraction (readmit.statistics.disclosure). A withheld count's means are withheld too.
  By service type a survey counts once for each type of its case's plan, so the cells do
  not add up to a total and only small counts are withheld.

A mean is over the surveys that scored it (a dimension may be "not scored"); None when none
did."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from readmit.auth.models import Role, User
from readmit.errors import Forbidden
from readmit.i18n import _
from readmit.reintegration import access, programme
from readmit.reintegration.followup_schemas import (
    AggregateRow,
    AggregatesPublic,
    Grouping,
    OutcomeRow,
    OutcomesPublic,
)
from readmit.reintegration.models import (
    FollowUp,
    FollowUpStatus,
    OutcomeStat,
    ReintegrationCase,
    Service,
    ServiceStatus,
)
from readmit.reintegration.retention import ALL_SERVICES, add_scores
from readmit.reintegration.scoring import DIGITS, OVERALL
from readmit.statistics.disclosure import Relation, suppress

AGGREGATE_READERS = (Role.analyst, Role.supervisor)
TOTAL = "*"
Key = tuple[str, str, int]  # partner state ("" for a provider's own), group, months


class Tally:
    """Surveys of one cell and, per score, its sum and how many scored it."""

    def __init__(self) -> None:
        self.surveys = 0
        self.sums: dict[str, float] = {}

    def add(self, surveys: int, sums: dict[str, float]) -> None:
        """Add surveys and their score sums (as retention.add_scores keeps them)."""
        self.surveys += surveys
        for key, value in sums.items():
            self.sums[key] = self.sums.get(key, 0.0) + value

    def means(self, keys: Iterable[str]) -> dict[str, float | None]:
        """Each score's mean, None when no survey scored it."""
        found: dict[str, float | None] = {}
        for key in keys:
            count = self.sums.get(f"{key}_count", 0)
            found[key] = round(self.sums[key] / count, DIGITS) if count else None
        return found


def score_keys() -> list[str]:
    """Every dimension of every programme, then "overall"."""
    keys: dict[str, None] = {}
    for rules in programme.programmes().values():
        keys.update(dict.fromkeys(d.key for d in rules.formula.dimensions))
    return [*keys, OVERALL]


def _group_column(by: Grouping) -> Any:
    return {"programme": ReintegrationCase.programme_code, "region": ReintegrationCase.region}[by]


def _live(
    session: Session, by: Grouping, scope: ColumnElement[bool], partner: Any
) -> dict[Key, Tally]:
    """Completed follow-ups of the cases in scope, tallied per (partner, group, months)."""
    tallies: dict[Key, Tally] = defaultdict(Tally)
    if by == "service_type":
        # A survey counts once per type of its case's plan, however many services of a type.
        typed = session.execute(
            select(FollowUp.id, partner, Service.service_type, FollowUp.months, FollowUp.scores)
            .select_from(FollowUp)
            .join(ReintegrationCase, ReintegrationCase.id == FollowUp.case_id)
            .join(Service, Service.case_id == ReintegrationCase.id)
            .where(
                scope,
                FollowUp.status == FollowUpStatus.completed.value,
                Service.status != ServiceStatus.cancelled.value,
            )
        )
        seen: set[tuple[int, str]] = set()
        for survey, other, group, months, scores in typed:
            if (survey, group) not in seen:
                seen.add((survey, group))
                tallies[(other, group, months)].add(1, add_scores({}, scores))
        return tallies
    rows = session.execute(
        select(partner, _group_column(by), FollowUp.months, FollowUp.scores)
        .select_from(FollowUp)
        .join(ReintegrationCase, ReintegrationCase.id == FollowUp.case_id)
        .where(scope, FollowUp.status == FollowUpStatus.completed.value)
    )
    for other, group, months, scores in rows:
        tallies[(other, group, months)].add(1, add_scores({}, scores))
    return tallies


def for_provider(*, session: Session, user: User, by: Grouping) -> OutcomesPublic:
    """The provider's own cases' outcomes by programme, service type or region."""
    if not user.has_role(Role.reintegration_officer):
        raise Forbidden(_("Only reintegration officers see their programme's outcomes."))
    scope = access.visible_cases(user) & (
        ReintegrationCase.provider_authority_id == user.authority_id
    )
    tallies = _live(session, by, scope, ReintegrationCase.requested_state)
    merged: dict[tuple[str, int], Tally] = defaultdict(Tally)
    for (_partner, group, months), tally in tallies.items():
        merged[(group, months)].add(tally.surveys, tally.sums)
    keys = score_keys()
    rows = [
        OutcomeRow(group=group, months=months, surveys=t.surveys, means=t.means(keys))
        for (group, months), t in sorted(merged.items())
    ]
    return OutcomesPublic(by=by, rows=rows)


def _kept(session: Session, by: Grouping, mine: Any, partner: Any) -> dict[Key, Tally]:
    """What deleted cases left in OutcomeStat, tallied like the live ones."""
    column = {
        "programme": OutcomeStat.programme_code,
        "region": OutcomeStat.region,
        "service_type": OutcomeStat.service_type,
    }[by]
    which = (
        OutcomeStat.service_type != ALL_SERVICES
        if by == "service_type"
        else OutcomeStat.service_type == ALL_SERVICES
    )
    tallies: dict[Key, Tally] = defaultdict(Tally)
    rows = session.execute(
        select(
            partner, column, OutcomeStat.months, OutcomeStat.surveys, OutcomeStat.score_sums
        ).where(mine, which)
    )
    for other, group, months, surveys, sums in rows:
        tallies[(other, group, months)].add(surveys, sums)
    return tallies


def aggregates(
    *, session: Session, user: User, by: Grouping, side: str = "requesting"
) -> AggregatesPublic:
    """The state's outcomes as requesting or requested state, per partner, with
    disclosure control; analysts and supervisors."""
    if not user.has_role(*AGGREGATE_READERS):
        raise Forbidden(_("Only analysts and supervisors see the reintegration aggregates."))
    state = user.state_code
    if side == "requesting":
        mine, partner = (
            ReintegrationCase.requesting_state == state,
            ReintegrationCase.requested_state,
        )
        kept_mine, kept_partner = OutcomeStat.requesting_state == state, OutcomeStat.requested_state
    else:
        mine, partner = (
            ReintegrationCase.requested_state == state,
            ReintegrationCase.requesting_state,
        )
        kept_mine, kept_partner = OutcomeStat.requested_state == state, OutcomeStat.requesting_state
    tallies = _live(session, by, mine, partner)
    for key, tally in _kept(session, by, kept_mine, kept_partner).items():
        tallies[key].add(tally.surveys, tally.sums)
    relations: list[Relation[Key]] = []
    if by != "service_type":
        parts: dict[tuple[str, int], list[Key]] = defaultdict(list)
        for key in sorted(tallies):
            parts[(key[0], key[2])].append(key)
        for (other, months), cells in sorted(parts.items()):
            total = (other, TOTAL, months)
            for cell in cells:
                tallies[total].add(tallies[cell].surveys, tallies[cell].sums)
            relations.append(Relation(total=total, parts=tuple(cells)))
    counts = {key: tally.surveys for key, tally in tallies.items()}
    marks = suppress(counts, relations)
    keys = score_keys()
    rows = []
    for key, tally in sorted(tallies.items()):
        mark = marks.get(key)
        means: dict[str, Any] = (
            tally.means(keys) if mark is None else dict.fromkeys(keys, mark.value)
        )
        rows.append(
            AggregateRow(
                partner=key[0],
                group=key[1],
                months=key[2],
                surveys=tally.surveys if mark is None else mark.value,
                means=means,
            )
        )
    return AggregatesPublic(by=by, side=side, rows=rows)  # type: ignore[arg-type]
