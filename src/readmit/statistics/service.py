"""Indicators per corridor and month, read from the monthly cells (readmit.statistics.
aggregates keeps them in step with the cases), with disclosure control applied last."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.search.service import corridors as state_corridors
from readmit.statistics import aggregates
from readmit.statistics.disclosure import THRESHOLD, Mark, Relation, suppress
from readmit.statistics.months import Month, label, month_of, months_between
from readmit.statistics.schemas import (
    COLUMNS,
    FLOWS,
    REQUESTING_ONLY,
    Cell,
    CorridorIndicators,
    IndicatorsPublic,
    MonthIndicators,
)
from readmit.statistics.summing import (
    DURATIONS,
    STOCKS,
    TOTAL,
    Bucket,
    Pair,
    fill,
    measure,
)

VIEWER_ROLES = (Role.analyst, Role.supervisor)
DECISIONS = ("confirmed", "rejected", "deemed_accepted")
MAX_MONTHS = 60


def may_view(user: User) -> bool:
    """Analysts and supervisors read the indicators."""
    return user.has_role(*VIEWER_ROLES)


def _share(within: int, decided: int) -> Cell:
    """The share decided in time; withheld where it would give away a count under 5."""
    if not decided:
        return None
    if decided < 5:
        return Mark.small.value
    if 0 < within < 5 or 0 < decided - within < 5:
        return Mark.withheld.value
    return round(within / decided, 3)


def _table(
    buckets: dict[str, Bucket], labels: list[str], requesting: bool
) -> list[MonthIndicators]:
    """The rows, months then the total, with counts under 5 and their giveaways withheld;
    custody counts only for the requesting state."""
    flows = [name for name in FLOWS if requesting or name not in REQUESTING_ONLY]
    counts: dict[tuple[str, str], int] = {}
    for key in [*labels, TOTAL]:
        for name in flows + ([] if key == TOTAL else list(STOCKS)):
            counts[(key, name)] = buckets[key].counts[name]
    relations = [
        Relation((key, "decided"), tuple((key, name) for name in DECISIONS))
        for key in [*labels, TOTAL]
    ] + [Relation((TOTAL, name), tuple((key, name) for key in labels)) for name in flows]
    marks = suppress(counts, relations)
    shown: dict[str, dict[str, Cell]] = {key: {} for key in [*labels, TOTAL]}
    for (row, name), count in counts.items():
        shown[row][name] = marks[(row, name)].value if (row, name) in marks else count
    rows = []
    for key in [*labels, TOTAL]:
        bucket = buckets[key]
        values = shown[key]
        for kind in DURATIONS:
            median, p90 = measure(bucket.days[kind])
            values[f"{kind}_median"], values[f"{kind}_p90"] = median, p90
        within, decided = bucket.counts["within_deadline"], bucket.counts["decided"]
        values["decided_within_deadline"] = _share(within, decided)
        rows.append(MonthIndicators(month=key, **values))  # type: ignore[arg-type]
    return rows


def _period(first: Month | None, last: Month | None, now: datetime) -> list[Month]:
    """The months asked for (default the last twelve), never past the current one."""
    current = month_of(now)
    last = min(last or current, current)
    first = first or months_between((last[0] - 1, last[1]), last)[1]
    months = months_between(first, last)
    if not months or len(months) > MAX_MONTHS:
        problem = _("choose a period of 1 to {n} whole months", n=MAX_MONTHS)
        raise Invalid([FieldProblem(("query", "from"), problem)])
    return months


def _pairs(session: Session, user: User, corridor: str | None) -> list[Pair]:
    pairs = state_corridors(session=session, state=user.state_code)
    if corridor is not None:
        pairs = [p for p in pairs if f"{p[0]}-{p[1]}" == corridor]
        if not pairs:
            raise NotFound(_("not one of your state's corridors: {corridor}", corridor=corridor))
    return pairs


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
    months = _period(first, last, now)
    pairs = _pairs(session, user, corridor)
    aggregates.settle(session=session)
    labels = [label(m) for m in months]
    found = []
    for pair, buckets in fill(session, user, pairs, months, now).items():
        *rows, total = _table(buckets, labels, requesting=pair[0] == user.state_code)
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
        detail={"corridor": corridor, "from": labels[0], "to": labels[-1]},
    )
    return IndicatorsPublic(period_from=labels[0], period_to=labels[-1], corridors=found)


@dataclass(frozen=True)
class Totals:
    """A corridor's period, unsuppressed, for rating it (never shown as counts): the flows,
    and each duration's (median, 90th percentile) in days, None without cases."""

    counts: dict[str, int]
    # (median, p90) in days; None from fewer than THRESHOLD (5) cases, as on the pages.
    days: dict[str, tuple[float, float] | None]
    measured: dict[str, int] = field(default_factory=dict)  # cases each duration rests on


def totals(
    *,
    session: Session,
    user: User,
    corridor: str,
    first: Month,
    last: Month,
    now: datetime | None = None,
) -> Totals:
    """The period's totals of one of the user's state's corridors, as its scope allows."""
    if not may_view(user):
        raise Forbidden(_("only analysts and supervisors read the statistics"))
    now = now or utcnow()
    months = _period(first, last, now)
    pairs = _pairs(session, user, corridor)
    aggregates.settle(session=session)
    total = fill(session, user, pairs, months, now)[pairs[0]][TOTAL]
    counts = {name: total.counts[name] for name in (*FLOWS, "within_deadline")}
    if pairs[0][0] != user.state_code:
        counts = {name: n for name, n in counts.items() if name not in REQUESTING_ONLY}
    days = {
        kind: None if n < THRESHOLD else (median, p90)
        for kind, (n, median, p90) in total.days.items()
    }
    measured = {kind: n for kind, (n, _median, _p90) in total.days.items()}
    return Totals(counts, days, measured)  # type: ignore[arg-type]


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
