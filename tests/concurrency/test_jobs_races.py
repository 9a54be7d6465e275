"""Background jobs claimed by real worker processes (`readmit jobs work`) racing on one queue,
on SQLite and on PostgreSQL: 20 queued jobs and 4 workers run each job exactly once; a worker
killed outright (SIGKILL) mid-job leaves a job that another worker takes back once its
heartbeat is older than READMIT_JOB_TIMEOUT_SECONDS and runs to the end; a worker stopped
with SIGTERM gives its job back at once. The audit chain stays intact."""

import csv
import io
import json
import os
import random
import re
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.identity.batch import COLUMNS
from readmit.identity.loader import load
from readmit.identity.store import store_path
from readmit.jobs import queue, service
from readmit.jobs.models import Job
from readmit.jobs.schemas import Engine as VerifyEngine
from readmit.synth.project.generator import (
    generate_register,
    make_application,
    register_row,
    write_register_csv,
)
from tests.factories import World
from tests.jobs.running import READMIT, environment, seeded, start, stop, wait_until

JOBS = 20
TIMEOUT = 3  # seconds of silence after which a running job is taken back
ROWS = 30_000  # a register extract that takes a worker several seconds to load


@dataclass
class Queue:
    """A seeded database with no worker yet, and the environment workers run in."""

    engine: Engine
    world: World
    home: Path
    env: dict[str, str]
    logs: Path

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def job(self, reference: str) -> Job:
        with self.session() as session:
            return session.scalars(select(Job).where(Job.reference == reference)).one()

    def actions(self, reference: str) -> list[str]:
        with self.session() as session:
            found = session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.entity == "job", AuditEvent.entity_id == reference)
                .order_by(AuditEvent.seq)
            )
            return list(found)

    def workers(self, count: int, name: str) -> subprocess.Popen[bytes]:
        return start(["jobs", "work", "--workers", str(count)], self.env, self.logs / name)

    def applications(self, batch: int) -> bytes:
        """Five applications about persons of the register loaded for the queue."""
        rng = random.Random(batch)
        people = self.world.registers["CHN"]
        lines = [
            json.dumps(
                {
                    "application_id": f"B{batch}-{i}",
                    "requesting_state": "USA",
                    "requested_state": "CHN",
                    "person": make_application(
                        rng.choice(people), requested_state="CHN", rng=rng, corruption="clean"
                    ),
                },
                ensure_ascii=False,
            )
            for i in range(5)
        ]
        return "\n".join(lines).encode()

    def register_load(self) -> str:
        """A queued load of a large synthetic extract by China's admin."""
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(register_row(p) for p in generate_register(country="CHN", size=ROWS))
        with self.session() as session:
            admin = self.world.user(session, "CHN", Role.admin)
            job = service.start_register_load(
                session=session,
                user=admin,
                home=self.home,
                filename="extract.csv",
                data=text.getvalue().encode(),
                encoding="utf-8",
            )
            session.commit()
            return job.reference


@pytest.fixture(scope="module")
def jobs_queue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Queue]:
    work = tmp_path_factory.mktemp("jobs-races")
    url, engine, world = seeded("jobs_races")
    env = environment(work / "home", url, job_timeout_seconds=str(TIMEOUT), job_attempts="3")
    extract = work / "register.csv"
    write_register_csv(extract, world.registers["CHN"])
    load(path=extract, country="CHN", store=store_path(work / "home", "CHN"))
    yield Queue(engine, world, work / "home", env, work)
    engine.dispose()


def _running(q: Queue, reference: str) -> Job | None:
    """The job once a worker has written progress for it (so it is mid-run)."""
    job = q.job(reference)
    return job if job.status == "running" and job.done > 0 else None


def _audit_intact(q: Queue) -> None:
    verified = subprocess.run(
        [str(READMIT), "audit", "verify"], env=q.env, capture_output=True, text=True, timeout=120
    )
    assert verified.returncode == 0, verified.stderr


def test_each_of_many_jobs_runs_exactly_once(jobs_queue: Queue) -> None:
    """Four workers wait on an empty queue; 20 verification jobs arrive in one commit."""
    q = jobs_queue
    log = q.logs / "four.log"
    workers = q.workers(4, "four.log")
    try:
        wait_until(lambda: log.read_text().count(" started\n") == 4, timeout=120)
        with q.session() as session:
            verifier = q.world.user(session, "CHN", Role.verifier)
            references = [
                service.start_verify_batch(
                    session=session,
                    user=verifier,
                    home=q.home,
                    filename=f"batch-{i}.jsonl",
                    data=q.applications(i),
                    engine=VerifyEngine.single,
                ).reference
                for i in range(JOBS)
            ]
            session.commit()
        wait_until(lambda: all(q.job(r).status == "done" for r in references), timeout=300)
    finally:
        stop(workers)
    jobs = [q.job(r) for r in references]
    assert [(j.status, j.attempts, j.done, j.total) for j in jobs] == [("done", 1, 5, 5)] * JOBS
    assert all(j.result["confirm"] + j.result["review"] == 5 for j in jobs)
    assert all(q.actions(r) == ["job.start", "job.finish"] for r in references)
    # Each run is logged once as it starts: which worker took which job.
    text = log.read_text()
    runs = re.findall(r"jobs\[(\d+)\] INFO job (JOB-\w+) \(verify_batch\): attempt", text)
    assert sorted(r for _, r in runs) == sorted(references)
    assert len({pid for pid, _ in runs}) > 1, text  # the workers did race for them
    assert text.count(" stopped\n") == 4, text
    _audit_intact(q)


def test_a_killed_worker_s_job_is_taken_back_and_finished(jobs_queue: Queue) -> None:
    q = jobs_queue
    reference = q.register_load()
    workers = q.workers(2, "killed.log")
    try:
        running = wait_until(lambda: _running(q, reference), timeout=120, every=0.1)
        pid = int(str(running.worker).rsplit(":", 1)[1])
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: q.job(reference).attempts == 2, timeout=60)
        assert "job.requeue" in q.actions(reference)
        done = wait_until(lambda: q.job(reference).status == "done" and q.job(reference), 180)
    finally:
        stop(workers)
    assert (done.attempts, done.done, done.total) == (2, ROWS, ROWS)
    assert done.result["loaded"] == ROWS and done.result["bad"] == 0
    assert q.actions(reference) == ["job.start", "job.requeue", "job.finish"]
    _audit_intact(q)


def test_a_worker_stopped_with_sigterm_gives_its_job_back(jobs_queue: Queue) -> None:
    q = jobs_queue
    reference = q.register_load()
    worker = q.workers(1, "stopped.log")
    wait_until(lambda: _running(q, reference), timeout=120, every=0.1)
    assert stop(worker, signal.SIGTERM) == 0
    job = q.job(reference)
    assert (job.status, job.worker, job.attempts) == ("queued", None, 1)
    assert job.message == queue.REQUEUED
    again = q.workers(1, "again.log")
    try:
        wait_until(lambda: q.job(reference).status == "done", timeout=180)
    finally:
        stop(again)
    assert q.job(reference).attempts == 2
    assert q.actions(reference) == ["job.start", "job.requeue", "job.finish"]


def test_a_job_cancelled_while_it_runs_stops_and_keeps_nothing(jobs_queue: Queue) -> None:
    q = jobs_queue
    reference = q.register_load()
    worker = q.workers(1, "cancelled.log")
    try:
        wait_until(lambda: _running(q, reference), timeout=120, every=0.1)
        with q.session() as session:
            admin = q.world.user(session, "CHN", Role.admin)
            job = service.get(session=session, user=admin, reference=reference)
            service.cancel(session=session, user=admin, job=job, home=q.home)
            session.commit()
        folder = q.home / "jobs" / reference
        wait_until(lambda: not folder.exists() or not any(folder.iterdir()), timeout=60)
    finally:
        stop(worker)
    job = q.job(reference)
    assert (job.status, job.attempts) == ("cancelled", 1)
    assert q.actions(reference) == ["job.start", "job.cancel"]
    assert "its output was discarded" in (q.logs / "cancelled.log").read_text()
