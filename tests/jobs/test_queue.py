"""The queue as workers use it, on the test database: claims take the oldest queued job
once; progress, results and failures are written only by the run that holds the job (the
worker and attempt it claimed); a job whose heartbeat stopped is queued again while attempts
remain, and failed after; each outcome is audited with the job's authority."""

from datetime import timedelta

from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.jobs import queue, service
from readmit.jobs.models import JobStatus
from tests.factories import World
from tests.jobs.cases import actions, statistics_job


def test_claims_take_each_queued_job_once_oldest_first(db: Session, world: World) -> None:
    first, second = statistics_job(db, world), statistics_job(db, world)
    now = utcnow()
    a = queue.claim(session=db, worker="a:1", now=now)
    b = queue.claim(session=db, worker="b:2", now=now)
    assert a and b and (a.reference, b.reference) == (first.reference, second.reference)
    assert queue.claim(session=db, worker="c:3", now=now) is None
    db.refresh(first)
    assert (first.status, first.worker, first.attempts) == ("running", "a:1", 1)


def test_only_the_run_that_holds_a_job_writes_to_it(db: Session, world: World) -> None:
    job = statistics_job(db, world)
    ticket = queue.claim(session=db, worker="a:1", now=utcnow())
    assert ticket is not None
    assert queue.beat(session=db, ticket=ticket, done=1, total=None, now=utcnow())
    other = queue.Ticket(**{**ticket.__dict__, "attempt": 2})
    assert not queue.beat(session=db, ticket=other, done=5, total=9, now=utcnow())
    assert not queue.finish(session=db, ticket=other, result={}, done=5, now=utcnow())
    db.refresh(job)
    assert (job.status, job.done, job.total) == ("running", 1, 1)
    analyst = world.user(db, "USA", Role.analyst)
    service.cancel(session=db, user=analyst, job=job, home=get_settings().home)
    assert not queue.beat(session=db, ticket=ticket, done=1, total=None, now=utcnow())
    assert not queue.finish(session=db, ticket=ticket, result={"files": []}, done=1, now=utcnow())
    db.refresh(job)
    assert job.status == "cancelled"
    assert actions(db, job) == ["job.start", "job.cancel"]


def test_a_finished_run_keeps_its_result_and_is_audited(db: Session, world: World) -> None:
    job = statistics_job(db, world)
    ticket = queue.claim(session=db, worker="a:1", now=utcnow())
    assert ticket is not None
    result = {"corridors": 2, "files": ["x.csv"]}
    assert queue.finish(session=db, ticket=ticket, result=result, done=1, now=utcnow())
    db.refresh(job)
    assert (job.status, job.result, job.worker) == ("done", result, None)
    assert actions(db, job) == ["job.start", "job.finish"]


def test_a_silent_worker_loses_its_job_until_no_attempt_is_left(db: Session, world: World) -> None:
    job = statistics_job(db, world)
    start = utcnow()
    for attempt in (1, 2):
        ticket = queue.claim(session=db, worker=f"w:{attempt}", now=start)
        assert ticket and ticket.attempt == attempt
        fresh = queue.sweep(
            session=db, stale_before=start - timedelta(seconds=1), attempts=2, now=start
        )
        assert fresh == []  # its heartbeat is recent
        later = start + timedelta(seconds=61)
        taken = queue.sweep(
            session=db, stale_before=queue.stale_before(later, 60), attempts=2, now=later
        )
        assert [j.reference for j in taken] == [job.reference]
        assert not queue.beat(session=db, ticket=ticket, done=1, total=None, now=later)
    db.refresh(job)
    assert (job.status, job.attempts) == ("failed", 2)
    assert job.message == queue.NO_ATTEMPT_LEFT
    assert actions(db, job) == ["job.start", "job.requeue", "job.fail"]


def test_a_stopping_worker_gives_its_job_back(db: Session, world: World) -> None:
    job = statistics_job(db, world)
    ticket = queue.claim(session=db, worker="a:1", now=utcnow())
    assert ticket is not None
    assert queue.release(session=db, ticket=ticket, attempts=3, now=utcnow())
    db.refresh(job)
    assert (job.status, job.worker, job.message) == (JobStatus.queued, None, queue.REQUEUED)
    again = queue.claim(session=db, worker="b:2", now=utcnow())
    assert again and again.attempt == 2
