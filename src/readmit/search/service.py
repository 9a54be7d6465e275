"""Find cases within what the user's state may see (`tenancy.visible_to`, the one filter);
list the open protection holds of the requesting state; count a supervisor's team's open work
and an analyst's cases per corridor and status. Every list is audited as a read."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.orm import Session, lazyload, selectinload

from readmit.agreements import service as agreements
from readmit.agreements.deadlines import Deadline
from readmit.agreements.models import Agreement
from readmit.applications import service as applications
from readmit.applications.enums import ACTIVE, TERMINAL, Status
from readmit.applications.models import Application, TimelineEvent
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.identity.docnums import normalise_number
from readmit.protection import service as protection
from readmit.protection.models import ProtectionFlag
from readmit.search.keys import MAX_QUERY_WORDS, name_query, query_words
from readmit.search.models import KeyKind, SearchKey
from readmit.search.schemas import CaseQuery
from readmit.tenancy.service import visible_to

# Lifecycle order, for sorting by status.
STATUS_ORDER = {status.value: position for position, status in enumerate(Status)}


@dataclass(frozen=True, slots=True)
class Found:
    """A case found, with its nearest running deadline."""

    application: Application
    deadline: Deadline | None


@dataclass(frozen=True)
class SearchPage:
    """One page of what a search found, and how many it found in all."""

    items: list[Found]
    total: int


def corridors(*, session: Session, state: str) -> list[tuple[str, str]]:
    """(requesting, requested) of every agreement the state is party to."""
    return [
        (a.requesting_state, a.requested_state)
        for a in agreements.list_for_state(session=session, state=state)
    ]


def requests_returns(*, session: Session, state: str) -> bool:
    """True if the state is the requesting party of an agreement (it may hold protection
    data); a state that only answers requests never does."""
    return bool(session.scalar(select(exists().where(Agreement.requesting_state == state))))


def _between(column: Any, start: Any, end: Any) -> list[ColumnElement[bool]]:
    """Whole UTC days from `start` to `end`, both included."""
    found = []
    if start is not None:
        found.append(column >= datetime.combine(start, time.min, UTC))
    if end is not None:
        found.append(column <= datetime.combine(end, time.max, UTC))
    return found


def _keyed(kind: KeyKind, values: Iterable[str]) -> ColumnElement[bool]:
    return Application.id.in_(
        select(SearchKey.application_id).where(
            SearchKey.kind == kind, SearchKey.value.in_(sorted(values))
        )
    )


def _conditions(*, session: Session, user: User, query: CaseQuery) -> list[ColumnElement[bool]]:
    """The query as conditions on applications, after the visibility filter; Invalid when a
    name or number has nothing to look up by."""
    found: list[ColumnElement[bool]] = [visible_to(user)]
    if query.reference:
        found.append(Application.reference.startswith(query.reference, autoescape=True))
    if query.name:
        if query_words(query.name) > MAX_QUERY_WORDS:
            raise Invalid(
                [FieldProblem(("name",), _("enter at most {n} words", n=MAX_QUERY_WORDS))]
            )
        # As written for the requested states of the user's corridors, or the user's own.
        states = [b for _a, b in corridors(session=session, state=user.state_code)]
        names = name_query(query.name, [*states, user.state_code])
        if not names:
            raise Invalid(
                [
                    FieldProblem(
                        ("name",), _("enter a name in letters, Latin or the person's script")
                    )
                ]
            )
        found.append(
            _keyed(KeyKind.name, names.keys) if names.keys else _keyed(KeyKind.part, names.parts)
        )
    if query.document:
        number = normalise_number(query.document)
        if not number:
            raise Invalid(
                [FieldProblem(("document",), _("enter the document's letters and digits"))]
            )
        found.append(_keyed(KeyKind.document, [number]))
    if query.status:
        found.append(Application.status == query.status)
    if query.corridor:
        requesting, _sep, requested = query.corridor.partition("-")
        found += [Application.requesting_state == requesting]
        found += [Application.requested_state == requested]
    if query.overdue:
        # Only cases on the way to a return have a running deadline (see `nearest`).
        found.append(Application.status.in_(ACTIVE))
    found += _between(Application.created_at, query.created_from, query.created_to)
    found += _between(Application.submitted_at, query.submitted_from, query.submitted_to)
    return found


def _sort_column(sort: str) -> Any:
    return {
        "created": Application.created_at,
        "submitted": Application.submitted_at,
        "reference": Application.reference,
        "status": case(STATUS_ORDER, value=Application.status, else_=len(STATUS_ORDER)),
    }[sort]


def nearest(*, session: Session, application: applications.Clocks) -> Deadline | None:
    """The case's running deadline that falls due first."""
    # Clocks run only on the way to a return (`applications.deadlines`): skip the others.
    if application.status not in ACTIVE:
        return None
    running = applications.deadlines(session=session, application=application)
    return min(running, key=lambda d: d.due) if running else None


def _ranked(
    *, session: Session, conditions: list[ColumnElement[bool]], query: CaseQuery, now: datetime
) -> list[tuple[int, Deadline | None]]:
    """Every case found, in the query's order, when the order or a filter needs the
    deadlines (computed here, as the queue computes them)."""
    by_deadline = query.sort == "deadline"
    sort = [] if by_deadline else [_sort_column(query.sort)]
    rows = session.execute(
        select(Application.id, *applications.CLOCK_COLUMNS, *sort).where(*conditions)
    ).all()
    present: list[tuple[Any, int, Deadline | None]] = []
    absent: list[tuple[Any, int, Deadline | None]] = []
    for row in rows:
        due = nearest(session=session, application=row)
        if query.overdue and (due is None or not due.overdue(now)):
            continue
        value = (due.due if due else None) if by_deadline else row[-1]
        (absent if value is None else present).append((value, row.id, due))
    reverse = query.order == "desc"
    present.sort(key=lambda item: (item[0], item[1]), reverse=reverse)
    absent.sort(key=lambda item: item[1], reverse=reverse)
    return [(case_id, due) for _value, case_id, due in present + absent]


def search(
    *,
    session: Session,
    user: User,
    query: CaseQuery,
    limit: int,
    offset: int,
    now: datetime | None = None,
) -> SearchPage:
    """Cases the user may see that match the query, closed ones included: one page in the
    query's order (cases without the sorted value last), and the number found; audited."""
    now = now or utcnow()
    conditions = _conditions(session=session, user=user, query=query)
    due: dict[int, Deadline | None] | None = None
    if query.overdue or query.sort == "deadline":
        ranked = _ranked(session=session, conditions=conditions, query=query, now=now)
        total, due = len(ranked), dict(ranked[offset : offset + limit])
        ids = list(due)
    else:
        total = session.scalar(select(func.count(Application.id)).where(*conditions)) or 0
        column = _sort_column(query.sort)
        desc = query.order == "desc"
        ids = list(
            session.scalars(
                select(Application.id)
                .where(*conditions)
                .order_by(
                    (column.desc() if desc else column.asc()).nulls_last(),
                    Application.id.desc() if desc else Application.id.asc(),
                )
                .limit(limit)
                .offset(offset)
            )
        )
    loaded = {
        a.id: a
        for a in session.scalars(
            select(Application)
            .options(selectinload(Application.names), lazyload(Application.documents))
            .where(Application.id.in_(ids))
        )
    }
    items = [
        Found(
            loaded[i],
            due[i] if due is not None else nearest(session=session, application=loaded[i]),
        )
        for i in ids
    ]
    audit.record(
        session=session,
        actor=user,
        action="application.search",
        entity="application",
        detail={"filters": query.used, "count": len(items), "total": total, "offset": offset},
    )
    return SearchPage(items, total)


def status_words(*, user: User, status: str, requesting_state: str) -> str:
    """A status in the words the user's side reads it in, for a count or a choice (the same
    rule as a case's own label: it is that rule, applied to an unsaved case)."""
    example = Application(status=status, requesting_state=requesting_state)
    return applications.status_label(application=example, user=user)


def status_choices(*, session: Session, user: User) -> list[tuple[str, str]]:
    """(code, words) of the statuses a search may ask for, in lifecycle order. A state that
    only answers requests is offered no draft (it never sees one) and the suspension in the
    words it is told it in."""
    requester = requests_returns(session=session, state=user.state_code)
    side = user.state_code if requester else ""
    return [
        (s.value, status_words(user=user, status=s, requesting_state=side))
        for s in Status
        if requester or s != Status.draft
    ]


# --- protection holds ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hold:
    """An open protection flag, its case and who opened it."""

    flag: ProtectionFlag
    application: Application
    opened_by: str


def may_see_holds(*, session: Session, user: User) -> bool:
    """Whether the user may list open protection holds: a role that sees protection data, in
    a state that requests returns."""
    return user.has_role(*protection.VIEWER_ROLES) and requests_returns(
        session=session, state=user.state_code
    )


def open_holds(*, session: Session, user: User, limit: int, offset: int) -> tuple[list[Hold], int]:
    """Open protection holds on the cases the user's state requested, longest held first,
    and how many there are; audited. A state that requests no returns gets 404 (the list is
    not theirs to learn of), a role that may not see protection data 403."""
    if not requests_returns(session=session, state=user.state_code):
        raise NotFound(_("Not Found"))
    if not user.has_role(*protection.VIEWER_ROLES):
        raise Forbidden(_("only protection officers, supervisors and case officers see holds"))
    condition = (
        visible_to(user)
        & (Application.requesting_state == user.state_code)
        & ProtectionFlag.cleared_at.is_(None)
    )
    joined = select(ProtectionFlag).join(
        Application, ProtectionFlag.application_id == Application.id
    )
    total = session.scalar(select(func.count()).select_from(joined.where(condition).subquery()))
    rows = session.execute(
        select(ProtectionFlag, Application, User.full_name)
        .join(Application, ProtectionFlag.application_id == Application.id)
        .join(User, ProtectionFlag.opened_by_id == User.id)
        .options(lazyload(Application.documents))
        .where(condition)
        .order_by(ProtectionFlag.opened_at, ProtectionFlag.id)
        .limit(limit)
        .offset(offset)
    ).all()
    holds = [Hold(flag, application, name) for flag, application, name in rows]
    audit.record(
        session=session,
        actor=user,
        action="protection.holds_read",
        entity="protection_flag",
        detail={"count": len(holds), "total": total or 0, "offset": offset},
    )
    return holds, total or 0


# --- a supervisor's team ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfficerLoad:
    """One officer's open work: cases opened, cases they took a step on, and how many of
    those are past a deadline."""

    officer: User
    opened: int
    worked: int
    overdue: int


def workload(*, session: Session, user: User, now: datetime | None = None) -> list[OfficerLoad]:
    """Open cases per officer of the supervisor's authority. Cases are attributed to whoever
    opened them and to whoever took a step on them (no case is assigned to anyone); the
    users listed are the active ones and any deactivated one with open work; audited."""
    if not user.has_role(Role.supervisor):
        raise Forbidden(_("only supervisors see their team's workload"))
    now = now or utcnow()
    team = {
        u.id: u
        for u in session.scalars(
            select(User).where(User.authority_id == user.authority_id).order_by(User.full_name)
        )
    }
    open_cases = visible_to(user) & Application.status.not_in(TERMINAL)
    opened = dict(
        session.execute(
            select(Application.created_by_id, func.count(Application.id))
            .where(open_cases, Application.created_by_id.in_(list(team)))
            .group_by(Application.created_by_id)
        ).all()
    )
    steps = session.execute(
        select(TimelineEvent.actor_id, Application.id, *applications.CLOCK_COLUMNS)
        .join(Application, TimelineEvent.application_id == Application.id)
        .where(open_cases, TimelineEvent.actor_id.in_(list(team)))
        .distinct()
    ).all()
    worked: dict[int, set[int]] = {}
    late: dict[int, bool] = {}
    for row in steps:
        worked.setdefault(row.actor_id, set()).add(row.id)
        if row.id not in late:
            due = nearest(session=session, application=row)
            late[row.id] = due is not None and due.overdue(now)
    loads = [
        OfficerLoad(
            officer,
            opened.get(officer_id, 0),
            len(worked.get(officer_id, ())),
            sum(late[i] for i in worked.get(officer_id, ())),
        )
        for officer_id, officer in team.items()
    ]
    loads = [load for load in loads if load.officer.is_active or load.opened or load.worked]
    audit.record(
        session=session,
        actor=user,
        action="workload.read",
        entity="user",
        detail={"officers": len(loads)},
    )
    return loads


# --- an analyst's overview -------------------------------------------------------------


@dataclass(frozen=True)
class CorridorCounts:
    """The cases of one corridor the user's state may see, per status."""

    requesting: str
    requested: str
    statuses: list[tuple[str, str, int]]  # (code, words, cases)

    @property
    def total(self) -> int:
        """Cases in the corridor."""
        return sum(count for *_words, count in self.statuses)


def corridor_counts(*, session: Session, user: User) -> list[CorridorCounts]:
    """Per corridor of the user's state, how many visible cases are in each status (in
    lifecycle order, statuses with none left out); audited."""
    rows = session.execute(
        select(
            Application.requesting_state,
            Application.requested_state,
            Application.status,
            func.count(Application.id),
        )
        .where(visible_to(user))
        .group_by(Application.requesting_state, Application.requested_state, Application.status)
    ).all()
    counted: dict[tuple[str, str], dict[str, int]] = {}
    for requesting, requested, status, count in rows:
        counted.setdefault((requesting, requested), {})[status] = count
    pairs = dict.fromkeys([*corridors(session=session, state=user.state_code), *counted])
    found = [
        CorridorCounts(
            requesting,
            requested,
            [
                (s, status_words(user=user, status=s, requesting_state=requesting), n)
                for s, n in sorted(
                    counted.get((requesting, requested), {}).items(),
                    key=lambda item: STATUS_ORDER.get(item[0], 99),
                )
            ],
        )
        for requesting, requested in pairs
    ]
    audit.record(
        session=session,
        actor=user,
        action="application.counts",
        entity="application",
        detail={"corridors": len(found)},
    )
    return found
