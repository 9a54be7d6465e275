"""The cases behind each scorecard factor: the events of the period that make up its value,
read from the case data the way readmit.statistics.facts counts them, a page at a time.

- decisions: each case's first decision (confirmed, rejected, deemed accepted) in the period;
- documents: a first travel document issued in the period, on a confirmed case;
- departures: a first departure in the period, after a travel document;
- interviews: the requested state's answers (granted, put on hold, refused);
- charters: the cases on each charter the requested state answered in the period;
- releases from custody, arrivals confirmed and no-shows reported.

Case references are not statistics: only the requesting state's analysts and supervisors
read these lists (readmit.scorecards.service checks), and every query is scoped through
readmit.tenancy.service.visible_to.
"""

import heapq
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from readmit.agreements import service as agreements
from readmit.agreements.deadlines import reply_deadline
from readmit.applications.enums import Procedure
from readmit.applications.models import Application, TimelineEvent
from readmit.auth.models import User
from readmit.custody.models import CustodyRecord, CustodyStatus
from readmit.interviews.models import Interview, InterviewDecision
from readmit.scorecards.periods import Period
from readmit.statistics import facts
from readmit.statistics.months import following, start
from readmit.tenancy.service import visible_to
from readmit.transfers.models import CharterAcceptance, Transfer, TransferCase

DECISIONS = ("confirm", "reject", "deem_accepted")
CONFIRMATIONS = ("confirm", "deem_accepted")
INTERVIEW_ANSWERS = ("granted", "held", "refused")
PAGE_SIZE = 50

# Which events make up each indicator's value (the keys of scorecards.schemas.INDICATORS).
EVIDENCE: dict[str, tuple[str, ...]] = {
    "days_to_decision_median": ("decisions",),
    "share_decided_within_deadline": ("decisions",),
    "share_confirmed": ("decisions",),
    "days_to_travel_document_p90": ("documents",),
    "days_to_departure_median": ("departures",),
    "interviews_granted_share": ("interviews",),
    "charters_accepted_share": ("charters",),
    "release_to_removal_ratio": ("releases", "arrivals"),
    "no_show_share": ("arrivals", "no_shows"),
}


@dataclass(frozen=True)
class Scope:
    """One corridor of the user's state over a period."""

    user: User
    requesting: str
    requested: str
    period: Period

    @property
    def since(self) -> datetime:
        return start(self.period.first)

    @property
    def until(self) -> datetime:
        return start(following(self.period.last))

    def cases(self) -> list[ColumnElement[bool]]:
        """The corridor's submitted cases the user may see."""
        return [
            Application.requesting_state == self.requesting,
            Application.requested_state == self.requested,
            Application.submitted_at.is_not(None),
            visible_to(self.user),
        ]


@dataclass(frozen=True)
class Row:
    """One event behind a factor: the case, when, what (a code of the `scorecard_event`
    vocabulary), and what the factor reads from it."""

    application_id: int
    reference: str
    at: datetime
    event: str
    days: int | None = None  # the duration the event ends, for the time factors
    in_time: bool | None = None  # a decision by the end of its reply deadline
    flight: str | None = None  # a charter's carrier and flight number


@dataclass(frozen=True)
class Listing:
    """A page of the rows behind a factor, and how many there are in all."""

    rows: list[Row]
    total: int


def _steps(
    scope: Scope, actions: tuple[str, ...], *, first: bool = False, after: tuple[str, ...] = ()
) -> Select[Any]:
    """Timeline steps of the period: every one, or only each case's first of these actions;
    `after`: only on a case that also has one of those steps."""
    step = TimelineEvent
    found: Select[Any] = (
        select(step.at, Application.id, Application.reference, step.action)
        .add_columns(literal(None))
        .join(Application, Application.id == step.application_id)
        .where(step.action.in_(actions), step.at >= scope.since, step.at < scope.until)
        .where(*scope.cases())
    )
    if first:
        earlier = aliased(TimelineEvent)
        found = found.where(
            ~exists().where(
                earlier.application_id == step.application_id,
                earlier.action.in_(actions),
                or_(earlier.at < step.at, and_(earlier.at == step.at, earlier.id < step.id)),
            )
        )
    if after:
        before = aliased(TimelineEvent)
        found = found.where(
            exists().where(before.application_id == step.application_id, before.action.in_(after))
        )
    return found.order_by(step.at, step.id)


def _interviews(scope: Scope) -> Select[Any]:
    answer = InterviewDecision
    return (
        select(answer.decided_at, Application.id, Application.reference, answer.decision)
        .add_columns(literal(None))
        .join(Interview, Interview.id == answer.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .where(answer.decision.in_(INTERVIEW_ANSWERS))
        .where(answer.decided_at >= scope.since, answer.decided_at < scope.until)
        .where(*scope.cases())
        .order_by(answer.decided_at, answer.id)
    )


def _charters(scope: Scope) -> Select[Any]:
    answer = CharterAcceptance
    event = case((answer.accepted.is_(True), "charter_accepted"), else_="charter_refused")
    flight = Transfer.carrier + " " + Transfer.flight_number
    return (
        select(answer.decided_at, Application.id, Application.reference, event, flight)
        .join(Transfer, Transfer.id == answer.transfer_id)
        .join(TransferCase, TransferCase.transfer_id == Transfer.id)
        .join(Application, Application.id == TransferCase.application_id)
        .where(Transfer.requesting_state == scope.requesting)
        .where(Transfer.requested_state == scope.requested)
        .where(answer.decided_at >= scope.since, answer.decided_at < scope.until)
        .where(*scope.cases())
        .order_by(answer.decided_at, answer.id, Application.id)
    )


def _releases(scope: Scope) -> Select[Any]:
    record = CustodyRecord
    return (
        select(record.since, Application.id, Application.reference, literal("released"))
        .add_columns(literal(None))
        .join(Application, Application.id == record.application_id)
        .where(record.status == CustodyStatus.released.value)
        .where(record.since >= scope.since.date(), record.since < scope.until.date())
        .where(*scope.cases())
        .order_by(record.since, record.id)
    )


SOURCES: dict[str, Callable[[Scope], Select[Any]]] = {
    "decisions": lambda scope: _steps(scope, DECISIONS, first=True),
    "documents": lambda scope: _steps(
        scope, ("issue_travel_document",), first=True, after=CONFIRMATIONS
    ),
    "departures": lambda scope: _steps(
        scope, ("depart",), first=True, after=("issue_travel_document",)
    ),
    "interviews": _interviews,
    "charters": _charters,
    "releases": _releases,
    "arrivals": lambda scope: _steps(scope, ("confirm_arrival",)),
    "no_shows": lambda scope: _steps(scope, ("report_no_show",)),
}


def count(*, session: Session, scope: Scope, source: str) -> int:
    """How many events of one source the period has."""
    query = SOURCES[source](scope).order_by(None)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _moment(value: datetime | date) -> datetime:
    """A step's time, or a custody date as its midnight UTC, so both sort together."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=UTC)


def _first_steps(session: Session, ids: list[int], actions: tuple[str, ...]) -> dict[int, datetime]:
    """Each case's first of these steps."""
    return dict(
        session.execute(  # type: ignore[arg-type]
            select(TimelineEvent.application_id, func.min(TimelineEvent.at))
            .where(TimelineEvent.application_id.in_(ids), TimelineEvent.action.in_(actions))
            .group_by(TimelineEvent.application_id)
        ).all()
    )


def _days(begun: datetime | None, ended: datetime) -> int | None:
    """Days between two steps, rounded as the statistics count them."""
    return None if begun is None else facts.days(begun, ended)


def _in_time(session: Session, application: Application, decided: datetime) -> bool | None:
    """Whether a decision came by the end of the case's reply deadline."""
    terms = agreements.terms_for(session=session, application=application)
    if terms is None or application.submitted_at is None:
        return None
    due = reply_deadline(
        terms=terms,
        submitted_at=application.submitted_at,
        extended=application.reply_extended,
        accelerated=application.procedure == Procedure.accelerated,
    ).due
    return decided <= due


def _explained(session: Session, rows: list[Row], sources: tuple[str, ...]) -> list[Row]:
    """The rows with what the time and deadline factors read from them."""
    ids = [row.application_id for row in rows]
    if "decisions" in sources:
        cases = {
            a.id: a for a in session.scalars(select(Application).where(Application.id.in_(ids)))
        }
        return [
            replace(
                row,
                days=_days(cases[row.application_id].submitted_at, row.at),
                in_time=_in_time(session, cases[row.application_id], row.at),
            )
            for row in rows
        ]
    since = {"documents": CONFIRMATIONS, "departures": ("issue_travel_document",)}
    for source, actions in since.items():
        if source in sources:
            begun = _first_steps(session, ids, actions)
            return [replace(row, days=_days(begun.get(row.application_id), row.at)) for row in rows]
    return rows


def listing(
    *, session: Session, scope: Scope, indicator: str, page: int = 1, size: int = PAGE_SIZE
) -> Listing:
    """A page of the events behind an indicator, oldest first, and how many there are."""
    sources = EVIDENCE[indicator]
    offset = (page - 1) * size
    found = []
    for source in sources:
        query = SOURCES[source](scope).limit(offset + size)
        found.append(
            [
                Row(application_id, reference, _moment(at), event, flight=flight)
                for at, application_id, reference, event, flight in session.execute(query)
            ]
        )
    merged = list(heapq.merge(*found, key=lambda row: (row.at, row.reference)))
    rows = _explained(session, merged[offset : offset + size], sources)
    total = sum(count(session=session, scope=scope, source=source) for source in sources)
    return Listing(rows, total)
