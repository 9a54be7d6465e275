"""Summing the monthly cells into a corridor's months and period total, for one viewer.

Flows of the chosen months are summed in the database (one grouped query for all the
viewer's corridors); each month's median and 90th percentile are read as kept, the period's
worked out from its months' histograms summed in the database; month-end stocks add up their
monthly changes from the start; the current month's are counted from the cases open now.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.statistics.disclosure import Mark
from readmit.statistics.facts import DURATIONS, PER_YEAR
from readmit.statistics.models import StatisticsCell, StatisticsFact, StatisticsMeasure
from readmit.statistics.months import Month, label, month_of
from readmit.statistics.schemas import FLOWS, REQUESTING_ONLY, Cell

STOCKS = ("pending", "overdue")
COUNTED = (*FLOWS, "within_deadline")  # summed per month; within_deadline makes a share
TOTAL = "total"
Pair = tuple[str, str]


# How many cases a duration was measured on, and its median and 90th percentile in days.
Durations = tuple[int, float | None, float | None]
NONE: Durations = (0, None, None)


@dataclass
class Bucket:
    """What happened in one month (or the whole period) of one corridor."""

    counts: Counter[str] = field(default_factory=Counter)
    days: dict[str, Durations] = field(default_factory=lambda: dict.fromkeys(DURATIONS, NONE))


def _rank(histogram: Counter[int], rank: int) -> int:
    """The `rank`-th smallest value (from 1) of a histogram {value: how many}."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise ValueError(rank)


def durations(histogram: Counter[int]) -> Durations:
    """How many cases, their median and 90th percentile (nearest rank) in days."""
    n = sum(histogram.values())
    if not n:
        return NONE
    middle = (_rank(histogram, (n + 1) // 2) + _rank(histogram, n // 2 + 1)) / 2
    return n, middle, float(_rank(histogram, max(1, math.ceil(0.9 * n))))


def measure(found: Durations) -> tuple[Cell, Cell]:
    """Median and 90th percentile as shown: "<5" from fewer than 5 cases."""
    n, median, p90 = found
    if not n:
        return None, None
    if n < 5:
        return Mark.small.value, Mark.small.value
    return median, p90


Table = type[StatisticsCell] | type[StatisticsFact] | type[StatisticsMeasure]


def _sides(
    table: Table, state: str, pairs: list[Pair], *, own: ColumnElement[bool] | None
) -> ColumnElement[bool]:
    """The corridors as the state's two sides: those it requests in (with `own`, if any) and
    those it is requested in (only cases that never touched protection). Each side names its
    states one column at a time, so PostgreSQL walks the primary key to exactly those rows
    instead of every corridor of the state (a tuple IN is only a filter there)."""
    asking = [requested for requesting, requested in pairs if requesting == state]
    asked = [requesting for requesting, requested in pairs if requested == state]
    sides = []
    if asking:
        mine = and_(table.requesting_state == state, table.requested_state.in_(asking))
        sides.append(mine if own is None else and_(mine, own))
    if asked:
        sides.append(
            and_(
                table.requesting_state.in_(asked),
                table.requested_state == state,
                table.untouched.is_(True),
            )
        )
    return or_(*sides) if sides else false()


def _viewer(user: User, table: Table, pairs: list[Pair]) -> ColumnElement[bool]:
    """What the user's state may count of these corridors: all their cases as requesting
    state, only those that never touched protection as requested state."""
    return _sides(table, user.state_code, pairs, own=None)


def _measured(user: User, pairs: list[Pair]) -> ColumnElement[bool]:
    """The kept measures the user's state reads: over all cases as requesting state, over
    those that never touched protection as requested state."""
    kept = StatisticsMeasure
    return _sides(kept, user.state_code, pairs, own=kept.untouched.is_(False))


def fill(
    session: Session, user: User, pairs: list[Pair], months: list[Month], now: datetime
) -> dict[Pair, dict[str, Bucket]]:
    """Each corridor's buckets: one per month ("YYYY-MM") and the period's TOTAL."""
    labels = [label(m) for m in months]
    found = {pair: {name: Bucket() for name in [*labels, TOTAL]} for pair in pairs}
    corridor = (StatisticsCell.requesting_state, StatisticsCell.requested_state)
    cell = StatisticsCell
    flows = session.execute(
        select(*corridor, cell.month, cell.name, func.sum(cell.n))
        .where(_viewer(user, cell, pairs), cell.month.between(labels[0], labels[-1]))
        .where(cell.name.in_(COUNTED))
        .group_by(*corridor, cell.month, cell.name)
    )
    for requesting, requested, month, name, n in flows:
        buckets = found.get((requesting, requested))
        if buckets is None or (name in REQUESTING_ONLY and requesting != user.state_code):
            continue
        buckets[month].counts[name] += n
        buckets[TOTAL].counts[name] += n
    kept = StatisticsMeasure
    for requesting, requested, month, name, n, median, p90 in session.execute(
        select(kept.requesting_state, kept.requested_state, kept.month, kept.name)
        .add_columns(kept.cases, kept.median, kept.p90)
        .where(_measured(user, pairs), kept.month.between(labels[0], labels[-1]))
    ):
        if (requesting, requested) in found:
            found[(requesting, requested)][month].days[name] = (n, median, p90)
    histograms: dict[tuple[str, str, str], Counter[int]] = {}
    years = sorted(
        {m[:4] for m in labels if all(f"{m[:4]}-{i:02d}" in labels for i in range(1, 13))}
    )
    rest = [m for m in labels if m[:4] not in years]
    by_name = {per_year: name for name, per_year in PER_YEAR.items()}
    for requesting, requested, name, value, n in session.execute(
        select(*corridor, cell.name, cell.value, func.sum(cell.n))
        .where(_viewer(user, cell, pairs))
        .where(
            or_(
                and_(cell.month.in_(years), cell.name.in_(PER_YEAR.values())),
                and_(cell.month.in_(rest), cell.name.in_(DURATIONS)),
            )
        )
        .group_by(*corridor, cell.name, cell.value)
    ):
        kind = by_name.get(name, name)
        histograms.setdefault((requesting, requested, kind), Counter())[value] += n
    for (requesting, requested, name), histogram in histograms.items():
        if (requesting, requested) in found:
            found[(requesting, requested)][TOTAL].days[name] = durations(histogram)
    current = label(month_of(now))
    stocks = session.execute(
        select(*corridor, cell.month, cell.name, func.sum(cell.n))
        .where(_viewer(user, cell, pairs), cell.name.in_(STOCKS))
        .where(cell.month <= labels[-1], cell.month < current)
        .group_by(*corridor, cell.month, cell.name)
    )
    changes: dict[Pair, dict[str, Counter[str]]] = {}
    for requesting, requested, month, name, n in stocks:
        changes.setdefault((requesting, requested), {}).setdefault(month, Counter())[name] += n
    for pair, buckets in found.items():
        history = sorted(changes.get(pair, {}).items())
        stock: Counter[str] = Counter()
        for key in (k for k in labels if k < current):
            while history and history[0][0] <= key:
                stock.update(history.pop(0)[1])
            for name in STOCKS:
                buckets[key].counts[name] = stock[name]
    if current in labels:
        for buckets in found.values():
            buckets[current].counts.update(dict.fromkeys(STOCKS, 0))
        for pair, pending, overdue in _open_now(session, user, pairs, now):
            if pair in found:
                found[pair][current].counts.update(pending=pending, overdue=overdue)
    return found


def _open_now(
    session: Session, user: User, pairs: list[Pair], now: datetime
) -> list[tuple[Pair, int, int]]:
    """Each corridor's cases pending now, and how many of them are past their deadline."""
    fact = StatisticsFact
    rows = session.execute(
        select(fact.requesting_state, fact.requested_state, func.count())
        .add_columns(func.count().filter(fact.due < now))
        .where(_viewer(user, fact, pairs), fact.pending_since < now)
        .group_by(fact.requesting_state, fact.requested_state)
    )
    return [((a, b), pending, overdue) for a, b, pending, overdue in rows]
