"""Admissions and pending cases of a state's legal pathways, per programme, nationality and
month, with the disclosure control of the other statistics (`readmit.statistics.disclosure`).

An admission is a case's first arrival or, for regularisation, its first permit (a renewal
admits no one again), counted in the month of that event. A case is pending at a month's end
(or now, for the current month) from its intake until its first step out of
`lifecycle.PENDING` (arrival, permit, refusal or withdrawal).

The table's relations: each month's programme total is the sum of its nationalities, each
nationality's period total the sum of its months, and the state's totals (all programmes)
the sums of the programmes' totals and of their months. A count under 5 is "<5"; a cell that
would give it away by subtraction within one of these relations is "x"."""

import csv
import io
from collections import Counter
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Subquery, and_, func, or_, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.pathways.lifecycle import PENDING
from readmit.pathways.models import CaseEvent, CaseStatus, PathwayCase, Programme
from readmit.statistics.disclosure import Relation, suppress
from readmit.statistics.months import Month, following, label, month_of, months_between, start
from readmit.statistics.schemas import Cell
from readmit.tenancy.service import held_by

VIEWER_ROLES = (Role.analyst, Role.supervisor)
MAX_MONTHS = 60
ALL = "all"
TOTAL = "total"
ADMISSIONS, PENDING_CASES = "admissions", "pending"
ADMITTED = (CaseStatus.arrived.value, CaseStatus.permit_issued.value)
LEFT = tuple(status.value for status in CaseStatus if status not in PENDING)

Key = tuple[str, str, str, str]  # (measure, programme or ALL, nationality or ALL, month or TOTAL)


class MonthCells(BaseModel):
    """One month ("YYYY-MM"), or the period ("total": admissions only)."""

    month: str
    admissions: Cell
    pending: Cell = None


class NationalityRow(BaseModel):
    """A nationality (ISO alpha-3), or "all" of the programme's: its months, then the period."""

    nationality: str
    months: list[MonthCells]


class ProgrammeStatistics(BaseModel):
    """A programme's rows (its nationalities, then "all"); `programme` "all" for the state's
    totals over its programmes."""

    programme: str
    title: str
    kind: str
    rows: list[NationalityRow]


class PathwayStatisticsPublic(BaseModel):
    """Admissions and pending cases of the caller's state's programmes over whole months."""

    state: str
    period_from: str
    period_to: str
    programmes: list[ProgrammeStatistics]
    total: ProgrammeStatistics


def may_view(user: User) -> bool:
    """Analysts and supervisors read the statistics of their state's programmes."""
    return user.has_role(*VIEWER_ROLES)


def runs_programmes(*, session: Session, user: User) -> bool:
    """Whether the user's state runs at least one legal pathway programme."""
    found = session.scalar(select(Programme.id).where(held_by(user, Programme.state_code)).limit(1))
    return found is not None


def period(*, first: Month | None, last: Month | None, now: datetime) -> list[Month]:
    """The months asked for (default the last twelve), never past the current one."""
    current = month_of(now)
    last = min(last or current, current)
    first = first or months_between((last[0] - 1, last[1]), last)[1]
    months = months_between(first, last)
    if not months or len(months) > MAX_MONTHS:
        problem = _("choose a period of 1 to {n} whole months", n=MAX_MONTHS)
        raise Invalid([FieldProblem(("query", "from"), problem)])
    return months


def _programmes(session: Session, user: User, code: str | None) -> list[Programme]:
    """The newest version of each of the state's programmes (or the one asked for)."""
    newest = (
        select(Programme.code, func.max(Programme.version).label("version"))
        .where(held_by(user, Programme.state_code))
        .group_by(Programme.code)
        .subquery()
    )
    query = (
        select(Programme)
        .join(newest, and_(Programme.code == newest.c.code, Programme.version == newest.c.version))
        .where(held_by(user, Programme.state_code))
        .order_by(Programme.code)
    )
    if code is not None:
        query = query.where(Programme.code == code)
    found = list(session.scalars(query))
    if code is not None and not found:
        raise NotFound(_("not one of your state's programmes: {code}", code=code))
    return found


def _first_event(statuses: tuple[str, ...]) -> Subquery:
    """Each case's first step into one of these statuses, and when."""
    return (
        select(CaseEvent.case_id, func.min(CaseEvent.at).label("at"))
        .where(CaseEvent.to_status.in_(statuses))
        .group_by(CaseEvent.case_id)
        .subquery()
    )


def _grouped(
    session: Session, user: User, codes: list[str], events: Subquery, where: ColumnElement[bool]
) -> Counter[tuple[str, str]]:
    """Cases of these programmes (with their first event, if any) per programme and
    nationality."""
    rows = session.execute(
        select(PathwayCase.programme_code, PathwayCase.nationality, func.count())
        .outerjoin(events, events.c.case_id == PathwayCase.id)
        .where(held_by(user, PathwayCase.state_code), PathwayCase.programme_code.in_(codes), where)
        .group_by(PathwayCase.programme_code, PathwayCase.nationality)
    )
    return Counter({(code, nationality): n for code, nationality, n in rows})


def _counts(
    session: Session, user: User, codes: list[str], months: list[Month], now: datetime
) -> dict[Key, int]:
    """The raw counts of every (measure, programme, nationality, month), nonzero ones only."""
    counts: dict[Key, int] = {}
    admitted, left = _first_event(ADMITTED), _first_event(LEFT)
    for month in months:
        begins, ends = start(month), start(following(month))
        cut = min(ends, now)
        arrivals = _grouped(
            session,
            user,
            codes,
            admitted,
            and_(admitted.c.at >= begins, admitted.c.at < ends),
        )
        open_cases = _grouped(
            session,
            user,
            codes,
            left,
            and_(PathwayCase.created_at <= cut, or_(left.c.at.is_(None), left.c.at > cut)),
        )
        for measure, found in ((ADMISSIONS, arrivals), (PENDING_CASES, open_cases)):
            for (code, nationality), n in found.items():
                counts[(measure, code, nationality, label(month))] = n
    return counts


def _cells(
    counts: dict[Key, int], codes: list[str], labels: list[str]
) -> tuple[dict[Key, int], dict[str, list[str]], list[Relation[Key]]]:
    """Every cell of the table with its count (totals added), each programme's nationalities,
    and the relations between the cells."""
    nationalities = {code: sorted({n for (_m, c, n, _l) in counts if c == code}) for code in codes}
    cells: dict[Key, int] = {}
    relations: list[Relation[Key]] = []
    for measure in (ADMISSIONS, PENDING_CASES):
        for month in labels:
            for code in codes:
                parts = [(measure, code, n, month) for n in nationalities[code]]
                for part in parts:
                    cells[part] = counts.get(part, 0)
                cells[(measure, code, ALL, month)] = sum(cells[p] for p in parts)
                relations.append(Relation((measure, code, ALL, month), tuple(parts)))
            programmes = tuple((measure, code, ALL, month) for code in codes)
            cells[(measure, ALL, ALL, month)] = sum(cells[p] for p in programmes)
            relations.append(Relation((measure, ALL, ALL, month), programmes))
    for code in [*codes, ALL]:
        for nationality in [*nationalities.get(code, []), ALL]:
            parts = [(ADMISSIONS, code, nationality, month) for month in labels]
            total = (ADMISSIONS, code, nationality, TOTAL)
            cells[total] = sum(cells[p] for p in parts)
            relations.append(Relation(total, tuple(parts)))
        if code != ALL:
            by_nationality = tuple((ADMISSIONS, code, n, TOTAL) for n in nationalities[code])
            relations.append(Relation((ADMISSIONS, code, ALL, TOTAL), by_nationality))
    by_programme = tuple((ADMISSIONS, code, ALL, TOTAL) for code in codes)
    relations.append(Relation((ADMISSIONS, ALL, ALL, TOTAL), by_programme))
    return cells, nationalities, relations


def _rows(
    cells: dict[Key, int],
    marks: dict[Key, str],
    code: str,
    nationalities: list[str],
    labels: list[str],
) -> list[NationalityRow]:
    def shown(key: Key) -> Cell:
        return marks[key] if key in marks else cells[key]

    rows = []
    for nationality in [*nationalities, ALL]:
        months = [
            MonthCells(
                month=month,
                admissions=shown((ADMISSIONS, code, nationality, month)),
                pending=shown((PENDING_CASES, code, nationality, month)),
            )
            for month in labels
        ]
        months.append(
            MonthCells(month=TOTAL, admissions=shown((ADMISSIONS, code, nationality, TOTAL)))
        )
        rows.append(NationalityRow(nationality=nationality, months=months))
    return rows


def table(
    *,
    session: Session,
    user: User,
    first: Month | None = None,
    last: Month | None = None,
    programme: str | None = None,
    now: datetime | None = None,
) -> PathwayStatisticsPublic:
    """The state's programmes (or one) per nationality and month from `first` to `last`
    (default the last twelve months), small counts and their giveaways withheld; audited."""
    if not may_view(user):
        raise Forbidden(_("only analysts and supervisors read the statistics"))
    now = now or utcnow()
    months = period(first=first, last=last, now=now)
    labels = [label(month) for month in months]
    programmes = _programmes(session, user, programme)
    codes = [p.code for p in programmes]
    counts = _counts(session, user, codes, months, now) if codes else {}
    cells, nationalities, relations = _cells(counts, codes, labels)
    marks = {key: mark.value for key, mark in suppress(cells, relations).items()}
    found = [
        ProgrammeStatistics(
            programme=p.code,
            title=p.title,
            kind=p.kind,
            rows=_rows(cells, marks, p.code, nationalities[p.code], labels),
        )
        for p in programmes
    ]
    total = ProgrammeStatistics(
        programme=ALL, title="", kind="", rows=_rows(cells, marks, ALL, [], labels)
    )
    audit.record(
        session=session,
        actor=user,
        action="pathways.statistics",
        entity="statistics",
        detail={"programme": programme, "from": labels[0], "to": labels[-1]},
    )
    return PathwayStatisticsPublic(
        state=user.state_code,
        period_from=labels[0],
        period_to=labels[-1],
        programmes=found,
        total=total,
    )


def admissions(report: PathwayStatisticsPublic) -> Cell:
    """The period's admissions over all the state's programmes, as the table shows them."""
    return report.total.rows[-1].months[-1].admissions


def to_csv(*, report: PathwayStatisticsPublic) -> str:
    """The table as CSV: a row per programme, nationality and month (then the period's total),
    cells as shown ("<5", "x"); the state's totals as programme "all"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["programme", "nationality", "month", ADMISSIONS, PENDING_CASES])
    for item in [*report.programmes, report.total]:
        for row in item.rows:
            for cells in row.months:
                writer.writerow(
                    [
                        item.programme,
                        row.nationality,
                        cells.month,
                        *(
                            "" if value is None else value
                            for value in (cells.admissions, cells.pending)
                        ),
                    ]
                )
    return out.getvalue()
