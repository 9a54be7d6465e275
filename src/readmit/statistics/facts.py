"""What each case, and each charter answer, contributes to the monthly cells.

A contribution is (month, name, value, n): `n` events of kind `name` in the month; for a
duration, `value` is its length in tenths of a day; for a stock (pending, overdue), `n` is +1
where a stretch begins and -1 in the month it ends, so the months add up to the stock at
each month's end. The cases are read in batches, so that rebuilding a million is a few
queries per batch rather than per case.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.deadlines import reply_deadline
from readmit.applications.enums import Procedure
from readmit.applications.models import Application, TimelineEvent
from readmit.custody.models import CustodyRecord, CustodyStatus, ReleaseReason
from readmit.interviews.models import Interview, InterviewDecision
from readmit.protection.models import ProtectionFlag, StatelessnessDecision, TraffickingScreening
from readmit.transfers.models import CharterAcceptance, Transfer, TransferCase

# Durations are kept in whole days, as return statistics count them; a finer grain would
# multiply the histogram rows a page sums (see bench/results/statistics.md).
DECISIONS = {"confirm": "confirmed", "reject": "rejected", "deem_accepted": "deemed_accepted"}
ENDINGS = (*DECISIONS, "withdraw")
REMOVALS = {"confirm_arrival": "arrived", "report_no_show": "no_shows"}
DURATIONS = ("decision_days", "document_days", "departure_days")
# Each duration's histogram is kept per year too ("decision_days/year", month "2024"), so a
# period of whole years sums a few rows per day of duration instead of twelve.
PER_YEAR = {name: f"{name}/year" for name in DURATIONS}
STEPS = (*ENDINGS, "submit", "suspend", "resume", "issue_travel_document", "depart", *REMOVALS)
INTERVIEWS = {"granted": "interviews_granted", "held": "interviews_held"}
INTERVIEWS |= {"refused": "interviews_refused"}
PROTECTION = (ProtectionFlag, TraffickingScreening, StatelessnessDecision)
DUE = "readmit.statistics.due"  # session.info: deadlines worked out in this transaction
_COLUMNS = (
    Application.id,
    Application.requesting_state,
    Application.requested_state,
    Application.submitted_at,
    Application.agreement_id,
    Application.agreement_version,
    Application.procedure,
    Application.reply_extended,
)

Contributions = Counter[tuple[str, str, int]]


def month_of(moment: Any) -> str:
    """ "YYYY-MM" of a datetime or date."""
    return f"{moment.year:04d}-{moment.month:02d}"


def days(start: datetime, end: datetime) -> int:
    """The time between two steps in days, rounded to the nearest."""
    return round((end - start).total_seconds() / 86400)


@dataclass
class Fact:
    """A source's corridor, scope and contributions, and a case's open state now."""

    requesting_state: str
    requested_state: str
    untouched: bool = True
    pending_since: datetime | None = None
    due: datetime | None = None
    contributions: Contributions = field(default_factory=Counter)


@dataclass
class _Steps:
    """A case's recorded steps, oldest first, and what else counts for it."""

    application: Any  # a row of _COLUMNS
    steps: list[tuple[str, datetime]] = field(default_factory=list)
    touched: bool = False
    extras: list[tuple[str, str]] = field(default_factory=list)  # (month, name)


def _due(session: Session, application: Any) -> datetime | None:
    """The reply deadline; worked out once per agreement version, day and procedure in a
    transaction (counting working days is most of a recount's time)."""
    key = (
        application.agreement_id,
        application.agreement_version,
        application.submitted_at.date(),
        application.reply_extended,
        application.procedure,
    )
    known: dict[tuple[Any, ...], datetime | None] = session.info.setdefault(DUE, {})
    if key not in known:
        terms = agreements.terms_for(session=session, application=application)
        known[key] = (
            None
            if terms is None
            else reply_deadline(
                terms=terms,
                submitted_at=application.submitted_at,
                extended=application.reply_extended,
                accelerated=application.procedure == Procedure.accelerated,
            ).due
        )
    return known[key]


def _stretches(case: _Steps) -> list[tuple[datetime, datetime | None]]:
    """When the case was pending: from submission (or a resumption) to its decision,
    withdrawal or suspension; none after it ended."""
    found: list[tuple[datetime, datetime | None]] = []
    since: datetime | None = case.application.submitted_at
    for action, at in case.steps:
        if action in ENDINGS or action == "suspend":
            if since is not None:
                found.append((since, at))
                since = None
            if action in ENDINGS:
                return found
        elif action == "resume" and since is None:
            since = at
    if since is not None:
        found.append((since, None))
    return found


def _case_fact(session: Session, case: _Steps) -> Fact:
    application = case.application
    submitted = application.submitted_at
    due = _due(session, application)
    fact = Fact(application.requesting_state, application.requested_state, not case.touched)
    add = fact.contributions
    add[(month_of(submitted), "submitted", 0)] += 1
    first: dict[str, datetime] = {}
    for action, at in case.steps:
        first.setdefault(action, at)
        if action in REMOVALS:
            # Each counts: a no-show sends the case back for a new document and flight.
            add[(month_of(at), REMOVALS[action], 0)] += 1
    decisions = sorted((at, action) for action, at in first.items() if action in DECISIONS)
    if decisions:
        at, action = decisions[0]
        add[(month_of(at), DECISIONS[action], 0)] += 1
        add[(month_of(at), "decided", 0)] += 1
        add[(month_of(at), "decision_days", days(submitted, at))] += 1
        if due is not None and at <= due:
            add[(month_of(at), "within_deadline", 0)] += 1
    confirmed = min((first[a] for a in ("confirm", "deem_accepted") if a in first), default=None)
    document, departure = first.get("issue_travel_document"), first.get("depart")
    if confirmed is not None and document is not None:
        add[(month_of(document), "document_days", days(confirmed, document))] += 1
    if document is not None and departure is not None:
        add[(month_of(departure), "departure_days", days(document, departure))] += 1
    for start, end in _stretches(case):
        add[(month_of(start), "pending", 0)] += 1
        overdue = max(start, due) if due is not None else None
        if end is not None:
            add[(month_of(end), "pending", 0)] -= 1
        if overdue is not None and (end is None or month_of(overdue) < month_of(end)):
            add[(month_of(overdue), "overdue", 0)] += 1
            if end is not None:
                add[(month_of(end), "overdue", 0)] -= 1
        if end is None:
            fact.pending_since, fact.due = start, due
    for month, name in case.extras:
        add[(month, name, 0)] += 1
    return fact


def _batch(session: Session, ids: list[int]) -> dict[int, _Steps]:
    """The submitted cases among `ids`, with everything that counts for them."""
    cases = {
        row.id: _Steps(row)
        for row in session.execute(
            select(*_COLUMNS).where(Application.id.in_(ids), Application.submitted_at.is_not(None))
        )
    }
    found = list(cases)
    # The steps that count are picked here, not in SQL: a filter on the action would lead the
    # planner to the (action, at) index and a scan of every case's timeline.
    rows = session.execute(
        select(TimelineEvent.application_id, TimelineEvent.action, TimelineEvent.at)
        .where(TimelineEvent.application_id.in_(found))
        .order_by(TimelineEvent.application_id, TimelineEvent.at, TimelineEvent.id)
    )
    for application_id, action, at in rows:
        if action in STEPS:
            cases[application_id].steps.append((action, at))
    for model in PROTECTION:
        touched = select(model.application_id).where(model.application_id.in_(found))
        for application_id in session.scalars(touched.distinct()):
            cases[application_id].touched = True
    for application_id, at in session.execute(
        select(Interview.application_id, Interview.requested_at).where(
            Interview.application_id.in_(found)
        )
    ):
        cases[application_id].extras.append((month_of(at), "interviews_requested"))
    for application_id, decision, at in session.execute(
        select(Interview.application_id, InterviewDecision.decision, InterviewDecision.decided_at)
        .join(Interview, Interview.id == InterviewDecision.interview_id)
        .where(Interview.application_id.in_(found))
    ):
        if decision in INTERVIEWS:
            cases[application_id].extras.append((month_of(at), INTERVIEWS[decision]))
    for application_id, since, reason in session.execute(
        select(CustodyRecord.application_id, CustodyRecord.since, CustodyRecord.release_reason)
        .where(CustodyRecord.application_id.in_(found))
        .where(CustodyRecord.status == CustodyStatus.released.value)
    ):
        cases[application_id].extras.append((month_of(since), "releases"))
        if reason == ReleaseReason.removal_not_reasonably_foreseeable.value:
            cases[application_id].extras.append((month_of(since), "releases_not_foreseeable"))
    for application_id, arrived in session.execute(
        select(TransferCase.application_id, TransferCase.outcome_at).where(
            TransferCase.application_id.in_(found),
            TransferCase.reintegration_referral.is_(True),
            TransferCase.outcome_at.is_not(None),
        )
    ):
        cases[application_id].extras.append((month_of(arrived), "reintegration_referrals"))
    return cases


def cases(session: Session, ids: Iterable[int]) -> Iterator[tuple[int, Fact | None]]:
    """Each case's fact (None for one not submitted, or gone), in batches of 500."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found = _batch(session, chunk)
        for application_id in chunk:
            case = found.get(application_id)
            yield application_id, None if case is None else _case_fact(session, case)


def charters(session: Session, ids: Iterable[int]) -> Iterator[tuple[int, Fact | None]]:
    """Each charter's answer as a fact: accepted or refused in the month it was given."""
    wanted = sorted(set(ids))
    answers: dict[int, Fact] = {}
    for transfer_id, requesting, requested, accepted, at in session.execute(
        select(
            Transfer.id,
            Transfer.requesting_state,
            Transfer.requested_state,
            CharterAcceptance.accepted,
            CharterAcceptance.decided_at,
        )
        .join(CharterAcceptance, CharterAcceptance.transfer_id == Transfer.id)
        .where(Transfer.id.in_(wanted))
    ):
        fact = Fact(requesting, requested)
        name = "charters_accepted" if accepted else "charters_refused"
        fact.contributions[(month_of(at), name, 0)] += 1
        answers[transfer_id] = fact
    for transfer_id in wanted:
        yield transfer_id, answers.get(transfer_id)


def all_keys(session: Session) -> Iterator[tuple[str, list[int]]]:
    """Every submitted case and answered charter, in batches of ids, for a rebuild."""
    ids = session.scalars(
        select(Application.id).where(Application.submitted_at.is_not(None)).order_by(Application.id)
    ).all()
    for start in range(0, len(ids), 5000):
        yield "case", list(ids[start : start + 5000])
    answered = select(Transfer.id).where(
        exists().where(CharterAcceptance.transfer_id == Transfer.id)
    )
    yield "charter", list(session.scalars(answered.order_by(Transfer.id)))


SOURCES = {"case": cases, "charter": charters}
