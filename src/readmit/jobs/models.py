"""A background job: what was asked, by whom for which authority, where it stands, and what
it produced. Everything a page or a worker needs is in this row (and the job's folder under
READMIT_HOME/jobs/), never in one process's memory."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class JobKind(StrEnum):
    """What a job does."""

    register_load = "register_load"
    verify_batch = "verify_batch"
    statistics = "statistics"


class JobStatus(StrEnum):
    """Where a job stands (lifecycle.py has the steps between them)."""

    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"
    cancelled = "cancelled"


class Job(Base):
    """One job. `worker` and `attempts` fence a run: a worker writes progress or its outcome
    only while the row still names it and the attempt it claimed."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default=JobStatus.queued.value)
    # The tenant: the starting user's authority.
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    message: Mapped[str] = mapped_column(String(500), default="")
    # Counts, and the names of the files produced (the only ones that may be downloaded).
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(80))
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
