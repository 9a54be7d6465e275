"""`readmit check`: scan the database for states the rules forbid. Each check is one query
over the whole table, so a check of a large deployment reads every row once."""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from readmit.applications.enums import TERMINAL, Status
from readmit.applications.models import Application, TimelineEvent
from readmit.audit.service import verify_chain
from readmit.pathways.models import Ceiling, PathwayCase
from readmit.protection.models import ProtectionFlag
from readmit.statistics.aggregates import differences
from readmit.transfers.models import TransferCase
from readmit.traveldocs.models import TravelDocument
from readmit.verification.models import Decision

ON_A_FLIGHT = frozenset({Status.transfer_scheduled, Status.departed})


@dataclass(frozen=True)
class Violation:
    """One broken rule, located by the case it concerns (or the audit chain)."""

    rule: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.where}: {self.detail}"


def _reference(session: Session, application_id: int) -> str:
    return session.scalar(
        select(Application.reference).where(Application.id == application_id)
    ) or (f"application {application_id}")


def _open_holds(session: Session) -> Iterator[Violation]:
    """An open protection hold on a case that is neither suspended nor finished."""
    allowed = [Status.suspended, *TERMINAL]
    rows = session.execute(
        select(Application.reference, Application.status)
        .join(ProtectionFlag, ProtectionFlag.application_id == Application.id)
        .where(ProtectionFlag.cleared_at.is_(None), Application.status.not_in(allowed))
        .distinct()
    )
    for reference, status in rows:
        yield Violation("open hold", reference, f"an open protection hold on a {status} case")


def _more_than_one(
    session: Session,
    column: InstrumentedAttribute[int],
    condition: ColumnElement[bool],
    rule: str,
    what: str,
) -> Iterator[Violation]:
    rows = session.execute(
        select(column, func.count()).where(condition).group_by(column).having(func.count() > 1)
    )
    for application_id, count in rows:
        yield Violation(rule, _reference(session, application_id), f"{count} {what}")


def _duplicates(session: Session) -> Iterator[Violation]:
    """Two final decisions, two live manifest entries, two valid travel documents."""
    yield from _more_than_one(
        session,
        Decision.application_id,
        Decision.kind.in_(["confirm", "reject"]),
        "two decisions",
        "confirm/reject decisions",
    )
    yield from _more_than_one(
        session,
        TransferCase.application_id,
        TransferCase.outcome.is_(None),
        "two manifests",
        "manifests carry the case at once",
    )
    yield from _more_than_one(
        session,
        TravelDocument.application_id,
        TravelDocument.revoked_at.is_(None),
        "two travel documents",
        "unrevoked travel documents",
    )


def _case_states(session: Session) -> Iterator[Violation]:
    """Suspension bookkeeping, submission time and flights agree with the status."""
    live = select(TransferCase.application_id).where(TransferCase.outcome.is_(None))
    rows = session.execute(
        select(
            Application.id,
            Application.reference,
            Application.status,
            Application.status_before_suspension,
            Application.submitted_at,
            Application.id.in_(live),
        )
    )
    for _id, reference, status, before, submitted_at, on_manifest in rows:
        if (status == Status.suspended) != (before is not None):
            yield Violation("suspension", reference, f"{status} with prior status {before}")
        if status not in (Status.draft, Status.suspended, *TERMINAL) and submitted_at is None:
            yield Violation("submission", reference, f"{status} but never submitted")
        if status in ON_A_FLIGHT and not on_manifest:
            yield Violation("flight", reference, f"{status} but on no manifest")


def _timelines(session: Session) -> Iterator[Violation]:
    """Each case's steps form a path: every step starts where the previous one ended, and
    the last one ends at the case's status."""
    status_of = {
        i: status for i, status in session.execute(select(Application.id, Application.status))
    }
    steps = session.execute(
        select(TimelineEvent.application_id, TimelineEvent.from_status, TimelineEvent.to_status)
        .where(TimelineEvent.to_status.is_not(None))
        .order_by(TimelineEvent.application_id, TimelineEvent.id)
        .execution_options(yield_per=5000)
    )
    current: int | None = None
    reached: str | None = None
    broken: set[int] = set()
    for application_id, source, target in steps:
        if application_id != current:
            if current is not None and reached != status_of.get(current):
                broken.add(current)
            current, reached = application_id, None
        if reached is not None and source != reached:
            broken.add(application_id)
        reached = target
    if current is not None and reached != status_of.get(current):
        broken.add(current)
    for application_id in sorted(broken):
        yield Violation(
            "timeline",
            _reference(session, application_id),
            f"the steps do not lead to its status ({status_of.get(application_id)})",
        )


def _statistics(session: Session) -> Iterator[Violation]:
    """Monthly cells that do not add up to what the cases contribute."""
    for difference in differences(session=session):
        yield Violation("statistics", "monthly cells", difference)


def _ceilings(session: Session) -> Iterator[Violation]:
    """Legal-pathway ceilings whose count of places taken is not the cases holding one, or
    that hold more places than they have."""
    held: dict[tuple[str, str, int | None, str], int] = {}
    rows = session.execute(
        select(
            PathwayCase.state_code,
            PathwayCase.programme_code,
            PathwayCase.fiscal_year,
            PathwayCase.buckets,
        ).where(PathwayCase.fiscal_year.is_not(None))
    )
    for state, programme, year, buckets in rows:
        for bucket in buckets or ():
            key = (state, programme, year, bucket)
            held[key] = held.get(key, 0) + 1
    for ceiling in session.scalars(select(Ceiling).order_by(Ceiling.id)):
        where = f"{ceiling.programme_code} FY{ceiling.fiscal_year} {ceiling.bucket}"
        key = (ceiling.state_code, ceiling.programme_code, ceiling.fiscal_year, ceiling.bucket)
        cases = held.get(key, 0)
        if ceiling.allocated != cases:
            yield Violation(
                "ceiling", where, f"{ceiling.allocated} places taken; cases holding one: {cases}"
            )
        if ceiling.allocated > ceiling.capacity:
            yield Violation(
                "ceiling", where, f"{ceiling.allocated} places taken of {ceiling.capacity}"
            )


def check(*, session: Session) -> list[Violation]:
    """Every violation found, cases first, then the statistics, then the audit chain."""
    found = [
        *_open_holds(session),
        *_duplicates(session),
        *_case_states(session),
        *_timelines(session),
        *_ceilings(session),
        *_statistics(session),
    ]
    report = verify_chain(session=session)
    if not report.ok:
        found.append(
            Violation("audit chain", f"event {report.first_bad_seq}", report.problem or "")
        )
    return found
