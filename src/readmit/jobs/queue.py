"""The queue as the workers use it, each call in the caller's (short) transaction.

A worker claims the oldest queued job (`dialect.skip_locked`: on PostgreSQL concurrent
claimants skip each other's rows, on SQLite the writer's lock serialises them), then writes
its progress with a heartbeat, and finally its outcome. Every write after the claim is fenced
by the run: the row must still name this worker and this attempt and be running, so a worker
that was taken for dead, or whose job was cancelled, changes nothing. A running job whose
heartbeat is older than the timeout is queued again while attempts remain, else failed."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, exists, or_, select, update
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.database.dialect import lock_for_update, skip_locked
from readmit.i18n import N_
from readmit.jobs import lifecycle
from readmit.jobs.lifecycle import Step
from readmit.jobs.models import Job, JobStatus

# Stored with the job, in English; pages show them in the reader's language.
REQUEUED = N_("The worker running this job stopped; the job was queued again.")
NO_ATTEMPT_LEFT = N_("The worker running this job stopped, and the job has no attempt left.")


@dataclass(frozen=True)
class Ticket:
    """One run of a job, as its worker holds it (a copy: the session that claimed it is
    closed)."""

    id: int
    reference: str
    kind: str
    parameters: dict[str, Any]
    authority_id: int
    created_by_id: int
    total: int | None
    worker: str
    attempt: int


def _run(ticket: Ticket) -> Any:
    return and_(
        Job.id == ticket.id,
        Job.worker == ticket.worker,
        Job.attempts == ticket.attempt,
        Job.status == JobStatus.running.value,
    )


def _system(session: Session, action: str, job: Job, **detail: Any) -> None:
    """A step no user took, filed with the job's authority for its auditors."""
    audit.record(
        session=session,
        actor=None,
        action=action,
        entity="job",
        entity_id=job.reference,
        detail={"reference": job.reference, "kind": job.kind, **detail},
        authority_id=job.authority_id,
    )


def waiting(*, session: Session, stale_before: datetime) -> bool:
    """Whether a job waits to be claimed or taken back (a cheap read before a write)."""
    queued = exists().where(Job.status == JobStatus.queued.value)
    stale = exists().where(Job.status == JobStatus.running.value, Job.heartbeat_at < stale_before)
    return bool(session.scalar(select(or_(queued, stale))))


def claim(*, session: Session, worker: str, now: datetime) -> Ticket | None:
    """The oldest queued job, now running for this worker; None when the queue is empty."""
    statement = select(Job).where(Job.status == JobStatus.queued.value).order_by(Job.id).limit(1)
    job = session.scalars(skip_locked(statement, session)).first()
    if job is None:
        return None
    lifecycle.move(job=job, step=Step.claim)
    job.worker, job.attempts, job.heartbeat_at = worker, job.attempts + 1, now
    job.started_at, job.done, job.message = now, 0, ""
    session.flush()
    return Ticket(
        id=job.id,
        reference=job.reference,
        kind=job.kind,
        parameters=dict(job.parameters),
        authority_id=job.authority_id,
        created_by_id=job.created_by_id,
        total=job.total,
        worker=worker,
        attempt=job.attempts,
    )


def beat(*, session: Session, ticket: Ticket, done: int, total: int | None, now: datetime) -> bool:
    """Write the run's progress and heartbeat; False when the run is no longer this
    worker's (cancelled, or taken back after a stale heartbeat)."""
    values: dict[str, Any] = {"done": done, "heartbeat_at": now}
    if total is not None:
        values["total"] = total
    result = cast(
        CursorResult[Any], session.execute(update(Job).where(_run(ticket)).values(values))
    )
    return result.rowcount == 1


def status_of(*, session: Session, ticket: Ticket) -> JobStatus:
    """Where the run's job stands now."""
    return JobStatus(session.scalars(select(Job.status).where(Job.id == ticket.id)).one())


def _mine(session: Session, ticket: Ticket) -> Job | None:
    """The run's job, locked, while it is still this run's."""
    return session.scalars(lock_for_update(select(Job).where(_run(ticket)), session)).first()


def finish(
    *, session: Session, ticket: Ticket, result: dict[str, Any], done: int, now: datetime
) -> bool:
    """Record the run's result (done); False when the run is no longer this worker's."""
    job = _mine(session, ticket)
    if job is None:
        return False
    lifecycle.move(job=job, step=Step.finish)
    job.result, job.done, job.finished_at, job.worker = result, done, now, None
    job.total = max(job.total or 0, done)
    _system(session, "job.finish", job)
    session.flush()
    return True


def fail(*, session: Session, ticket: Ticket, message: str, now: datetime) -> bool:
    """Record why the run failed; False when the run is no longer this worker's."""
    job = _mine(session, ticket)
    if job is None:
        return False
    lifecycle.move(job=job, step=Step.fail)
    job.message, job.finished_at, job.worker = message[:500], now, None
    _system(session, "job.fail", job, message=job.message)
    session.flush()
    return True


def _take_back(session: Session, job: Job, attempts: int, now: datetime) -> None:
    """A running job whose worker is gone: queued again while attempts remain, else failed."""
    if job.attempts < attempts:
        lifecycle.move(job=job, step=Step.requeue)
        job.worker, job.done, job.message = None, 0, REQUEUED
        _system(session, "job.requeue", job, attempts=job.attempts)
        return
    lifecycle.move(job=job, step=Step.fail)
    job.worker, job.finished_at, job.message = None, now, NO_ATTEMPT_LEFT
    _system(session, "job.fail", job, message=job.message)


def release(*, session: Session, ticket: Ticket, attempts: int, now: datetime) -> bool:
    """Give back a run its worker is stopping (SIGTERM, SIGINT); False when it was no
    longer this worker's."""
    job = _mine(session, ticket)
    if job is None:
        return False
    _take_back(session, job, attempts, now)
    session.flush()
    return True


def sweep(*, session: Session, stale_before: datetime, attempts: int, now: datetime) -> list[Job]:
    """Take back every running job whose heartbeat is older than `stale_before`."""
    statement = select(Job).where(
        Job.status == JobStatus.running.value, Job.heartbeat_at < stale_before
    )
    found = list(session.scalars(skip_locked(statement.order_by(Job.id), session)))
    for job in found:
        _take_back(session, job, attempts, now)
    session.flush()
    return found


def stale_before(now: datetime, timeout_seconds: int) -> datetime:
    """The heartbeat older than which a running job's worker is taken for dead."""
    return now - timedelta(seconds=timeout_seconds)
