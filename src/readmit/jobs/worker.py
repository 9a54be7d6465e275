"""Worker processes: each claims the oldest queued job, runs it, records its outcome, and
looks for the next, until it is stopped.

While a job runs, a thread of the worker writes its progress and heartbeat at most once a
second (`BEAT_SECONDS`), each in a short transaction of its own. SIGTERM or SIGINT stop the
worker cleanly: a running job is given back (queued again while attempts remain, else
failed, saying so). A worker killed outright leaves a heartbeat that stops moving; any
other worker takes the job back once it is older than READMIT_JOB_TIMEOUT_SECONDS. A worker
started by `readmit serve` also stops when the server's process is gone.

`readmit jobs work --workers N` runs N workers; `readmit serve` starts READMIT_JOB_WORKERS
(default 2) beside the web app."""

import logging
import multiprocessing
import os
import signal
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from sqlalchemy.orm import Session

from readmit.config import get_settings
from readmit.database.core import get_engine, transaction, utcnow
from readmit.database.dialect import READ_ONLY
from readmit.jobs import files, queue
from readmit.jobs.handlers import HANDLERS, UNEXPECTED, Cancelled, Context, JobFailed
from readmit.jobs.models import JobStatus
from readmit.jobs.queue import Ticket

log = logging.getLogger("readmit.jobs")
POLL_SECONDS = 1.0
BEAT_SECONDS = 1.0
STOP_SECONDS = 30.0  # how long a stopping worker may take to give its job back


class Stopping(BaseException):
    """Raised into a running job when its worker is told to stop."""


class Beat:
    """A running job's progress, counted by its handler and written with the heartbeat by a
    thread of its own: a handler that is busy between two counts (estimating the model,
    writing the index) still shows that its worker lives."""

    def __init__(self, ticket: Ticket) -> None:
        self.ticket = ticket
        self.done = 0
        self.gone = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)

    def add(self, n: int = 1) -> None:
        """Count `n` more units; Cancelled once the job is no longer this run's."""
        if self.gone:
            raise Cancelled()
        self.done += n

    def _run(self) -> None:
        while not self._stop.wait(BEAT_SECONDS):
            try:
                with transaction() as session:
                    mine = queue.beat(
                        session=session,
                        ticket=self.ticket,
                        done=self.done,
                        total=None,
                        now=utcnow(),
                    )
            except Exception:
                log.exception(
                    "writing the progress of %s failed; trying again", self.ticket.reference
                )
                continue
            if not mine:
                self.gone = True
                return

    def __enter__(self) -> "Beat":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


class Worker:
    """One worker process's loop."""

    def __init__(self, *, parent: int | None = None) -> None:
        self.name = f"{socket.gethostname()}:{os.getpid()}"[:80]
        self.parent = parent
        self.settings = get_settings()
        self.stopping = False
        self.running = False
        self.wake = threading.Event()

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.stopping = True
        self.wake.set()
        if self.running:
            self.running = False
            raise Stopping()

    def _alive(self) -> bool:
        return not self.stopping and (self.parent is None or os.getppid() == self.parent)

    def run(self) -> None:
        """Claim and run jobs until stopped."""
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        log.info("job worker %s started", self.name)
        while self._alive():
            ticket = self._next()
            if ticket is None:
                self.wake.wait(POLL_SECONDS)
                continue
            self._work(ticket)
        log.info("job worker %s stopped", self.name)

    def _next(self) -> Ticket | None:
        """Take back stale jobs, then claim one; a read first, so that an idle worker takes
        no write lock."""
        now = utcnow()
        stale = queue.stale_before(now, self.settings.job_timeout_seconds)
        reader = Session(bind=get_engine().execution_options(**{READ_ONLY: True}))
        with reader:
            if not queue.waiting(session=reader, stale_before=stale):
                return None
        with transaction() as session:
            for job in queue.sweep(
                session=session,
                stale_before=stale,
                attempts=self.settings.job_attempts,
                now=now,
            ):
                log.warning("job %s: its worker stopped answering; taken back", job.reference)
            return queue.claim(session=session, worker=self.name, now=now)

    def _work(self, ticket: Ticket) -> None:
        """Run one job and record how it ended."""
        home = self.settings.home
        log.info("job %s (%s): attempt %d", ticket.reference, ticket.kind, ticket.attempt)
        try:
            with Beat(ticket) as beat:
                self.running = True
                try:
                    if self.stopping:
                        raise Stopping()
                    result = HANDLERS[ticket.kind](ticket, Context(home=home, progress=beat))
                finally:
                    self.running = False
        except Stopping:
            files.drop_run(home=home, reference=ticket.reference, attempt=ticket.attempt)
            with transaction() as session:
                queue.release(
                    session=session,
                    ticket=ticket,
                    attempts=self.settings.job_attempts,
                    now=utcnow(),
                )
            log.info("job %s given back: the worker is stopping", ticket.reference)
            return
        except Cancelled:
            self._ended(ticket, "cancelled or taken back while running")
            return
        except JobFailed as exc:
            self._failed(ticket, str(exc))
            return
        except Exception:
            log.exception("job %s failed", ticket.reference)
            self._failed(ticket, UNEXPECTED)
            return
        with transaction() as session:
            finished = queue.finish(
                session=session, ticket=ticket, result=result, done=beat.done, now=utcnow()
            )
        if not finished:
            self._ended(ticket, "cancelled or taken back before it finished")
            return
        files.settle(home=home, reference=ticket.reference, keep=ticket.attempt)
        log.info("job %s done", ticket.reference)

    def _failed(self, ticket: Ticket, message: str) -> None:
        home = self.settings.home
        files.drop_run(home=home, reference=ticket.reference, attempt=ticket.attempt)
        with transaction() as session:
            failed = queue.fail(session=session, ticket=ticket, message=message, now=utcnow())
        if failed:
            files.settle(home=home, reference=ticket.reference, keep=None)
        log.info("job %s failed: %s", ticket.reference, message)

    def _ended(self, ticket: Ticket, why: str) -> None:
        """Discard a run whose job is no longer its own; once the job was cancelled, its
        upload too (a job taken back keeps it for its next run)."""
        home = self.settings.home
        files.drop_run(home=home, reference=ticket.reference, attempt=ticket.attempt)
        with transaction() as session:
            cancelled = queue.status_of(session=session, ticket=ticket) == JobStatus.cancelled
        if cancelled:
            files.settle(home=home, reference=ticket.reference, keep=None)
        log.info("job %s: %s; its output was discarded", ticket.reference, why)


def work(parent: int | None = None) -> None:
    """A worker process's body (`parent`: stop when that process is gone)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s jobs[%(process)d] %(levelname)s %(message)s"
    )
    Worker(parent=parent).run()


@contextmanager
def started(count: int) -> Iterator[Sequence[BaseProcess]]:
    """`count` worker processes (fresh interpreters, not forks of this one: its threads and
    connections are not theirs), stopped when the block ends."""
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=work, args=(os.getpid(),), name=f"readmit-jobs-{i + 1}")
        for i in range(count)
    ]
    for process in processes:
        process.start()
    try:
        yield processes
    finally:
        stop(processes)


def stop(processes: Sequence[BaseProcess]) -> None:
    """SIGTERM each worker, wait for it to give its job back, SIGKILL a worker that does not."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()


def run_workers(count: int) -> None:
    """`readmit jobs work`: one worker in this process, or `count` worker processes until
    this one is told to stop."""
    if count == 1:
        work()
        return
    stopping = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with started(count) as processes:
        while not stopping.wait(POLL_SECONDS):
            if not any(p.is_alive() for p in processes):
                break
