"""Indicators per corridor and month, from the applications and their timeline.

Two plain queries (the cases in scope, and their recorded steps) run the same on SQLite and
PostgreSQL; the months, durations and deadlines are worked out here, because the reply
deadline counts working days and holidays (readmit.agreements.deadlines), which SQL cannot.
"""

import csv
import io
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, not_, or_, select
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.deadlines import reply_deadline
from readmit.applications.enums import Procedure
from readmit.applications.models import Application, TimelineEvent
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.protection.models import ProtectionFlag, StatelessnessDecision, TraffickingScreening
from readmit.search.service import corridors as state_corridors
from readmit.statistics.disclosure import Mark, Relation, suppress
from readmit.statistics.schemas import (
    COLUMNS,
    FLOWS,
    Cell,
    CorridorIndicators,
    IndicatorsPublic,
    MonthIndicators,
)
from readmit.tenancy.service import visible_to

VIEWER_ROLES = (Role.analyst, Role.supervisor)
DECISIONS = {"confirm": "confirmed", "reject": "rejected", "deem_accepted": "deemed_accepted"}
STEPS = (*DECISIONS, "withdraw", "suspend", "resume", "issue_travel_document", "depart")
REMOVALS = {"confirm_arrival": "arrived", "report_no_show": "no_shows"}
MAX_MONTHS = 60
TOTAL = "total"

Month = tuple[int, int]


def may_view(user: User) -> bool:
    """Analysts and supervisors read the indicators."""
    return user.has_role(*VIEWER_ROLES)


def parse_month(value: str) -> Month:
    """ "2026-03" as (2026, 3); ValueError otherwise."""
    year, month = value.split("-")
    parsed = (int(year), int(month))
    if len(year) != 4 or not 1 <= parsed[1] <= 12:
        raise ValueError(value)
    return parsed


def parse_period(*, first: str | None, last: str | None) -> tuple[Month | None, Month | None]:
    """The `from` and `to` months as given, or Invalid naming the one that is not a month."""
    found: list[Month | None] = []
    for name, value in (("from", first), ("to", last)):
        try:
            found.append(parse_month(value) if value else None)
        except ValueError:
            problem = _("not a month (YYYY-MM): {value}", value=value)
            raise Invalid([FieldProblem(("query", name), problem)]) from None
    return found[0], found[1]


def _next(month: Month) -> Month:
    return (month[0] + month[1] // 12, month[1] % 12 + 1)


def _start(month: Month) -> datetime:
    return datetime(month[0], month[1], 1, tzinfo=UTC)


def _label(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _month_of(moment: datetime) -> Month:
    return (moment.year, moment.month)


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included."""
    found, month = [], first
    while month <= last:
        found.append(month)
        month = _next(month)
    return found


def _untouched_by_protection() -> ColumnElement[bool]:
    """No protection flag, trafficking screening or statelessness decision, ever."""
    return not_(
        or_(
            *(
                exists().where(model.application_id == Application.id)
                for model in (ProtectionFlag, TraffickingScreening, StatelessnessDecision)
            )
        )
    )


def scope(user: User) -> ColumnElement[bool]:
    """Submitted cases the user's state may see; for the requested state, only those that
    never touched protection (these figures must not tell it of any)."""
    return and_(
        visible_to(user),
        Application.submitted_at.is_not(None),
        or_(Application.requesting_state == user.state_code, _untouched_by_protection()),
    )


@dataclass
class _Case:
    """One case's clocks: its terms and the first time of each step."""

    row: Any
    first: dict[str, datetime] = field(default_factory=dict)
    suspensions: list[tuple[datetime, bool]] = field(default_factory=list)
    removals: list[tuple[str, datetime]] = field(default_factory=list)

    @property
    def decided(self) -> tuple[str, datetime] | None:
        found = [(at, action) for action, at in self.first.items() if action in DECISIONS]
        return (min(found)[1], min(found)[0]) if found else None

    def suspended_at(self, moment: datetime) -> bool:
        """Whether the last suspend or resume before `moment` was a suspension."""
        before = [suspended for at, suspended in self.suspensions if at < moment]
        return bool(before) and before[-1]


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _measure(values: list[float]) -> tuple[Cell, Cell]:
    """Median and 90th percentile in days (one decimal); "<5" from fewer than 5 cases."""
    if not values:
        return None, None
    if len(values) < 5:
        return Mark.small.value, Mark.small.value
    return round(statistics.median(values), 1), round(percentile(values, 0.9), 1)


def _share(within: int, decided: int) -> Cell:
    """The share decided in time; withheld where it would give away a count under 5."""
    if not decided:
        return None
    if decided < 5:
        return Mark.small.value
    if 0 < within < 5 or 0 < decided - within < 5:
        return Mark.withheld.value
    return round(within / decided, 3)


@dataclass
class _Bucket:
    """What happened in one month (or the whole period) of one corridor."""

    counts: dict[str, int] = field(default_factory=dict)
    decision_days: list[float] = field(default_factory=list)
    document_days: list[float] = field(default_factory=list)
    departure_days: list[float] = field(default_factory=list)
    within: int = 0

    def add(self, name: str, amount: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + amount


def _load(session: Session, user: User, pair: tuple[str, str], end: datetime) -> list[_Case]:
    """The corridor's cases in scope submitted before `end`, with their steps before it."""
    corridor = and_(
        Application.requesting_state == pair[0],
        Application.requested_state == pair[1],
        scope(user),
        Application.submitted_at < end,
    )
    rows = session.execute(
        select(
            Application.id,
            Application.submitted_at,
            Application.agreement_id,
            Application.agreement_version,
            Application.procedure,
            Application.reply_extended,
        )
        .where(corridor)
        .order_by(Application.id)
    ).all()
    cases = {row.id: _Case(row) for row in rows}
    steps = session.execute(
        select(TimelineEvent.application_id, TimelineEvent.action, TimelineEvent.at)
        .join(Application, Application.id == TimelineEvent.application_id)
        .where(
            corridor,
            TimelineEvent.action.in_([*STEPS, *REMOVALS]),
            TimelineEvent.at < end,
        )
        .order_by(TimelineEvent.at, TimelineEvent.id)
    ).all()
    for application_id, action, at in steps:
        case = cases[application_id]
        if action in REMOVALS:
            # Each counts: a no-show sends the case back for a new document and flight.
            case.removals.append((REMOVALS[action], at))
            continue
        case.first.setdefault(action, at)
        if action in ("suspend", "resume"):
            case.suspensions.append((at, action == "suspend"))
    return list(cases.values())


def _due(session: Session, case: _Case) -> datetime | None:
    terms = agreements.terms_for(session=session, application=case.row)
    if terms is None:
        return None
    return reply_deadline(
        terms=terms,
        submitted_at=case.row.submitted_at,
        extended=case.row.reply_extended,
        accelerated=case.row.procedure == Procedure.accelerated,
    ).due


def _fill(
    session: Session, cases: Iterable[_Case], months: list[Month], now: datetime
) -> dict[str, _Bucket]:
    """Count every case into the month of each of its steps, and the stocks at month ends."""
    buckets = {_label(m): _Bucket() for m in months} | {TOTAL: _Bucket()}
    period = {_label(m) for m in months}

    def into(moment: datetime) -> list[_Bucket]:
        label = _label(_month_of(moment))
        return [buckets[label], buckets[TOTAL]] if label in period else []

    for case in cases:
        submitted = case.row.submitted_at
        due = _due(session, case)
        for bucket in into(submitted):
            bucket.add("submitted")
        decided = case.decided
        if decided is not None:
            action, at = decided
            for bucket in into(at):
                bucket.add(DECISIONS[action])
                bucket.add("decided")
                bucket.decision_days.append(_days(submitted, at))
                bucket.within += due is not None and at <= due
        confirmed = min(
            (at for action, at in case.first.items() if action in ("confirm", "deem_accepted")),
            default=None,
        )
        document = case.first.get("issue_travel_document")
        departure = case.first.get("depart")
        if confirmed is not None and document is not None:
            for bucket in into(document):
                bucket.document_days.append(_days(confirmed, document))
        if document is not None and departure is not None:
            for bucket in into(departure):
                bucket.departure_days.append(_days(document, departure))
        for name, at in case.removals:
            for bucket in into(at):
                bucket.add(name)
        ended = [at for action, at in case.first.items() if action in (*DECISIONS, "withdraw")]
        for month in months:
            moment = min(_start(_next(month)), now)
            if submitted >= moment or any(at < moment for at in ended):
                continue
            if case.suspended_at(moment):
                continue
            bucket = buckets[_label(month)]
            bucket.add("pending")
            if due is not None and due < moment:
                bucket.add("overdue")
    return buckets


def _table(buckets: dict[str, _Bucket], months: list[Month]) -> list[MonthIndicators]:
    """The rows, months then the total, with counts under 5 and their giveaways withheld."""
    labels = [_label(m) for m in months]
    counts: dict[tuple[str, str], int] = {}
    for label in [*labels, TOTAL]:
        for name in FLOWS:
            counts[(label, name)] = buckets[label].counts.get(name, 0)
        if label != TOTAL:
            for name in ("pending", "overdue"):
                counts[(label, name)] = buckets[label].counts.get(name, 0)
    relations = [
        Relation((label, "decided"), tuple((label, name) for name in DECISIONS.values()))
        for label in [*labels, TOTAL]
    ] + [Relation((TOTAL, name), tuple((label, name) for label in labels)) for name in FLOWS]
    marks = suppress(counts, relations)
    rows = []
    for label in [*labels, TOTAL]:
        bucket = buckets[label]
        values: dict[str, Cell] = {
            name: marks[(label, name)].value if (label, name) in marks else count
            for (row, name), count in counts.items()
            if row == label
        }
        for kind in ("decision", "document", "departure"):
            median, p90 = _measure(getattr(bucket, f"{kind}_days"))
            values[f"{kind}_days_median"], values[f"{kind}_days_p90"] = median, p90
        values["decided_within_deadline"] = _share(bucket.within, bucket.counts.get("decided", 0))
        rows.append(MonthIndicators(month=label, **values))  # type: ignore[arg-type]
    return rows


def indicators(
    *,
    session: Session,
    user: User,
    corridor: str | None = None,
    first: Month | None = None,
    last: Month | None = None,
    now: datetime | None = None,
) -> IndicatorsPublic:
    """The indicators of the user's state's corridors (or one, "USA-CHN") per month from
    `first` to `last` (default: the last twelve months, up to the current one); audited."""
    if not may_view(user):
        raise Forbidden(_("only analysts and supervisors read the statistics"))
    now = now or utcnow()
    current = _month_of(now)
    last = min(last or current, current)
    first = first or months_between((last[0] - 1, last[1]), last)[1]
    months = months_between(first, last)
    if not months or len(months) > MAX_MONTHS:
        problem = _("choose a period of 1 to {n} whole months", n=MAX_MONTHS)
        raise Invalid([FieldProblem(("query", "from"), problem)])
    pairs = state_corridors(session=session, state=user.state_code)
    if corridor is not None:
        pairs = [p for p in pairs if f"{p[0]}-{p[1]}" == corridor]
        if not pairs:
            raise NotFound(_("not one of your state's corridors: {corridor}", corridor=corridor))
    end = min(_start(_next(last)), now)
    found = []
    for pair in pairs:
        buckets = _fill(session, _load(session, user, pair, end), months, now)
        *rows, total = _table(buckets, months)
        found.append(
            CorridorIndicators(
                requesting_state=pair[0], requested_state=pair[1], months=rows, total=total
            )
        )
    audit.record(
        session=session,
        actor=user,
        action="statistics.indicators",
        entity="statistics",
        detail={"corridor": corridor, "from": _label(first), "to": _label(last)},
    )
    return IndicatorsPublic(period_from=_label(first), period_to=_label(last), corridors=found)


def to_csv(*, report: IndicatorsPublic) -> str:
    """The indicators as CSV, one row per corridor and month (then its total), cells as shown."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["requesting_state", "requested_state", "month", *COLUMNS])
    for corridor in report.corridors:
        for row in [*corridor.months, corridor.total]:
            values = row.model_dump()
            writer.writerow(
                [
                    corridor.requesting_state,
                    corridor.requested_state,
                    row.month,
                    *("" if values[name] is None else values[name] for name in COLUMNS),
                ]
            )
    return out.getvalue()
