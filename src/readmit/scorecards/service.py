"""Rating a partner from its indicators under a rule set, with the explanation a joint
readmission committee reads: each factor's value, thresholds, score, weight and trend; the
rules in use, who may read a partner's scorecard, and the cases behind each factor."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.errors import DomainError, Forbidden, NotFound
from readmit.i18n import _
from readmit.scorecards import cases
from readmit.scorecards.periods import Period
from readmit.scorecards.schemas import (
    INDICATORS,
    Count,
    Factor,
    FactorPublic,
    Rating,
    RuleFile,
    RuleFileError,
    RuleSet,
    RuleSetPublic,
    ScorecardPublic,
    load_rule_file,
)
from readmit.scorecards.values import MINIMUM_CASES, Measured, measure
from readmit.search.service import corridors as state_corridors
from readmit.statistics import service as statistics
from readmit.statistics.months import label

Pair = tuple[str, str]

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


NOT_RATED = "not_rated"
RATERS = (Role.analyst, Role.supervisor)
DEFAULT_RULES = Path(__file__).resolve().parent / "data" / "removal-cooperation.yaml"
log = logging.getLogger("readmit")


class RulesUnusable(DomainError):
    """The scorecard rule file in use cannot be read or is not valid."""

    status_code = 503


def rules_path() -> Path:
    """The agency's own rule file (READMIT_SCORECARD_RULES), else the packaged example."""
    return get_settings().scorecard_rules or DEFAULT_RULES


@lru_cache(maxsize=4)
def _read(path: Path, stamp: tuple[int, int]) -> RuleFile:
    """A rule file, read again only once it has changed (`stamp`: its time and size)."""
    return load_rule_file(path)


def rules() -> RuleFile:
    """The rules in use; RulesUnusable (the details in the log) if they cannot be."""
    path = rules_path()
    try:
        found = path.stat()
        return _read(path, (found.st_mtime_ns, found.st_size))
    except (OSError, RuleFileError) as exc:
        log.error("scorecard rules unusable: %s", exc)
        raise RulesUnusable(
            _(
                "The scorecard rules cannot be used; an administrator can find out why "
                "with: readmit scorecards check {path}",
                path=path,
            )
        ) from None


def may_rate(user: User) -> bool:
    """Analysts and supervisors read the scorecards (of partners their state requests)."""
    return user.has_role(*RATERS)


def partners(*, session: Session, user: User) -> list[Pair]:
    """The corridors in which the user's state is the requesting state, the one that rates."""
    pairs = state_corridors(session=session, state=user.state_code)
    return [pair for pair in pairs if pair[0] == user.state_code]


def corridor_of(*, session: Session, user: User, corridor: str | None) -> Pair:
    """The corridor asked for ("USA-CHN"; None: the first partner) if the user may rate in
    it: Forbidden for other roles and for the requested state, NotFound for a corridor that
    is not their state's."""
    if not may_rate(user):
        raise Forbidden(_("only analysts and supervisors read the scorecards"))
    own = partners(session=session, user=user)
    if corridor is None:
        if not own:
            raise Forbidden(_("only a state that requests returns rates its partners"))
        return own[0]
    pairs = state_corridors(session=session, state=user.state_code)
    found = next((p for p in pairs if f"{p[0]}-{p[1]}" == corridor), None)
    if found is None:
        raise NotFound(_("not one of your state's corridors: {corridor}", corridor=corridor))
    if found not in own:
        raise Forbidden(_("only the requesting state rates its partner in a corridor"))
    return found


def _measured(
    session: Session, user: User, pair: Pair, period: Period, now: datetime
) -> dict[str, Measured]:
    totals = statistics.totals(
        session=session,
        user=user,
        corridor=f"{pair[0]}-{pair[1]}",
        first=period.first,
        last=period.last,
        now=now,
    )
    return measure(totals, duration_cases=totals.measured)


def shown(count: int) -> Count:
    """A count as exports show it: "<5" from 1 to 4."""
    return "<5" if 0 < count < MINIMUM_CASES else count


def _public(
    pair: Pair,
    period: Period,
    rule_set: RuleSet | None,
    now: dict[str, Measured],
    before: dict[str, Measured],
) -> ScorecardPublic:
    previous = period.previous()
    found = ScorecardPublic(
        requesting_state=pair[0],
        requested_state=pair[1],
        period=period.name,
        period_from=label(period.first),
        period_to=label(period.last),
        previous_from=label(previous.first),
        previous_to=label(previous.last),
        rules_on=period.last_day,
        rule_set=None,
        rating=NOT_RATED,
        score=None,
        factors_with_data=0,
        factors=[],
    )
    if rule_set is None:
        return found
    card = rate(
        rule_set=rule_set,
        values={name: m.value for name, m in now.items()},
        previous={name: m.value for name, m in before.items()},
    )
    factors = [
        FactorPublic(
            key=f.key,
            indicator=f.factor.indicator,
            better=INDICATORS[f.factor.indicator],
            value=f.value,
            previous_value=before[f.factor.indicator].value,
            good=f.factor.good,
            poor=f.factor.poor,
            weight=f.factor.weight,
            score=None if f.score is None else round(f.score, 3),
            trend=f.trend.value,
            cases=shown(now[f.factor.indicator].cases),
        )
        for f in card.factors
    ]
    return found.model_copy(
        update={
            "rule_set": RuleSetPublic.model_validate(rule_set, from_attributes=True),
            "rating": card.rating.value if card.rating else NOT_RATED,
            "score": card.score,
            "factors_with_data": sum(f.value is not None for f in factors),
            "factors": factors,
        }
    )


def _audit(session: Session, user: User, action: str, card: ScorecardPublic, **more: Any) -> None:
    corridor = f"{card.requesting_state}-{card.requested_state}"
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="scorecard",
        entity_id=corridor,
        detail={"corridor": corridor, "period": card.period} | more,
    )


def scorecard(
    *,
    session: Session,
    user: User,
    corridor: str | None,
    period: Period,
    now: datetime | None = None,
    export: str | None = None,
) -> ScorecardPublic:
    """A partner's rating for a period under the rules in force on its last day, each factor
    with its trend against the period of equal length before; audited as read, or as
    exported in the format `export` names."""
    pair = corridor_of(session=session, user=user, corridor=corridor)
    now = now or utcnow()
    rule_set = in_force(rules=rules(), on=period.last_day)
    measured: dict[str, Measured] = {}
    before: dict[str, Measured] = {}
    if rule_set is not None:  # without rules there is nothing to rate
        measured = _measured(session, user, pair, period, now)
        before = _measured(session, user, pair, period.previous(), now)
    found = _public(pair, period, rule_set, measured, before)
    if export is None:
        _audit(session, user, "scorecard.read", found)
    else:
        _audit(session, user, "scorecard.export", found, format=export)
    return found


@dataclass(frozen=True)
class Behind:
    """A page of the cases behind one indicator of a partner's period."""

    requesting_state: str
    requested_state: str
    period: Period
    indicator: str
    listing: cases.Listing


def cases_behind(
    *,
    session: Session,
    user: User,
    corridor: str | None,
    period: Period,
    indicator: str,
    page: int = 1,
) -> Behind:
    """The case references behind one indicator (for the requesting state's analysts and
    supervisors only), a page at a time; audited."""
    pair = corridor_of(session=session, user=user, corridor=corridor)
    if indicator not in cases.EVIDENCE:
        raise NotFound(_("no such indicator: {indicator}", indicator=indicator))
    scope = cases.Scope(user, pair[0], pair[1], period)
    listing = cases.listing(session=session, scope=scope, indicator=indicator, page=page)
    corridor = f"{pair[0]}-{pair[1]}"
    audit.record(
        session=session,
        actor=user,
        action="scorecard.cases",
        entity="scorecard",
        entity_id=corridor,
        detail={"corridor": corridor, "period": period.name, "indicator": indicator, "page": page},
    )
    return Behind(pair[0], pair[1], period, indicator, listing)
