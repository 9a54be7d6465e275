"""Starting, reading, cancelling and downloading jobs, as their authority's users may: a user
sees the jobs of their own authority (`tenancy.kept_by`) of the kinds their roles start; a
role that starts no kind, or not this one, is refused (403). Each change and download is
audited in the caller's transaction."""

import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from readmit.attachments.service import clean_filename
from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.jobs import files, lifecycle
from readmit.jobs.handlers import register_of
from readmit.jobs.lifecycle import FINISHED, STARTERS, Step, kinds_for
from readmit.jobs.models import Job, JobKind, JobStatus
from readmit.jobs.schemas import Engine, JobPublic, StatisticsJobIn
from readmit.search.service import corridors
from readmit.statistics.months import parse_month
from readmit.tenancy.service import kept_by

MAX_PAGE = 200


def visible_jobs(user: User) -> ColumnElement[bool]:
    """The only way jobs are scoped: the user's own authority's, of kinds they may start."""
    return and_(kept_by(user, Job.authority_id), Job.kind.in_([k.value for k in kinds_for(user)]))


def require_any(user: User) -> None:
    """403 for a role that starts no kind of job."""
    if not kinds_for(user):
        raise Forbidden(_("Your role starts no background job."))


def require_starter(user: User, kind: JobKind) -> None:
    """403 unless the user's roles start this kind of job."""
    if not user.has_role(*STARTERS[kind]):
        raise Forbidden(_("Your role may not start this kind of job."))


def get(*, session: Session, user: User, reference: str) -> Job:
    """A job the user may see; 403 for a role that sees none, NotFound otherwise."""
    require_any(user)
    found = session.scalar(select(Job).where(Job.reference == reference, visible_jobs(user)))
    if found is None:
        raise NotFound(_("No job {reference}.", reference=reference))
    return found


def search(
    *,
    session: Session,
    user: User,
    status: JobStatus | None = None,
    kind: JobKind | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Job], int]:
    """The jobs the user may see, newest first, and how many there are."""
    require_any(user)
    filters = [visible_jobs(user)]
    if status is not None:
        filters.append(Job.status == status.value)
    if kind is not None:
        filters.append(Job.kind == kind.value)
    total = session.scalar(select(func.count()).select_from(Job).where(*filters))
    rows = session.scalars(
        select(Job).where(*filters).order_by(Job.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total or 0


def _audit(session: Session, user: User, action: str, job: Job, **detail: Any) -> None:
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="job",
        entity_id=job.reference,
        detail={"reference": job.reference, "kind": job.kind, **detail},
    )


def _queued(
    session: Session,
    user: User,
    kind: JobKind,
    reference: str,
    parameters: dict[str, Any],
    total: int | None,
) -> Job:
    job = Job(
        reference=reference,
        kind=kind.value,
        status=JobStatus.queued.value,
        authority_id=user.authority_id,
        created_by_id=user.id,
        parameters=parameters,
        total=total,
    )
    session.add(job)
    session.flush()
    _audit(session, user, "job.start", job)
    return job


def new_reference() -> str:
    """A job's public id: random, so that it tells nothing of other authorities' jobs."""
    return f"JOB-{secrets.token_hex(5).upper()}"


def start_register_load(
    *, session: Session, user: User, home: Path, filename: str, data: bytes, encoding: str
) -> Job:
    """Queue a load of a register extract (CSV or Parquet) into the user's state's register,
    once the file has been read through (a file unreadable as a whole is a 422)."""
    require_starter(user, JobKind.register_load)
    codec = files.encoding_of(encoding)
    reference = new_reference()
    rows = files.store_register(
        home=home, reference=reference, filename=filename, data=data, codec=codec
    )
    parameters = {
        "filename": clean_filename(filename),
        "encoding": codec,
        "country": user.state_code,
    }
    return _queued(session, user, JobKind.register_load, reference, parameters, rows)


def start_verify_batch(
    *, session: Session, user: User, home: Path, filename: str, data: bytes, engine: Engine
) -> Job:
    """Queue a file of applications (JSON lines, as `readmit verify` reads them) for
    verification against the user's state's register, by the single-machine engine or
    Spark; 409 while no register is loaded."""
    require_starter(user, JobKind.verify_batch)
    country = user.state_code
    if not register_of(home, country, engine).exists():
        raise Conflict(_("No register is loaded for {country}: load one first.", country=country))
    reference = new_reference()
    lines = files.store_applications(home=home, reference=reference, filename=filename, data=data)
    parameters = {
        "filename": clean_filename(filename),
        "engine": engine.value,
        "country": country,
    }
    return _queued(session, user, JobKind.verify_batch, reference, parameters, lines)


def start_statistics(*, session: Session, user: User, payload: StatisticsJobIn) -> Job:
    """Queue an export of the indicators (one of the state's corridors, or all) for a period,
    as the statistics page downloads them."""
    require_starter(user, JobKind.statistics)
    for name in ("period_from", "period_to"):
        value = getattr(payload, name)
        try:
            if value is not None:
                parse_month(value)
        except ValueError:
            problem = _("not a month (YYYY-MM): {value}", value=value)
            raise Invalid([FieldProblem(("body", name), problem)]) from None
    pairs = [f"{a}-{b}" for a, b in corridors(session=session, state=user.state_code)]
    if payload.corridor is not None and payload.corridor not in pairs:
        raise NotFound(
            _("not one of your state's corridors: {corridor}", corridor=payload.corridor)
        )
    parameters = payload.model_dump()
    return _queued(session, user, JobKind.statistics, new_reference(), parameters, 1)


def lock(session: Session, job: Job) -> Job:
    """The job, locked against a worker's or another user's concurrent step."""
    statement = select(Job).where(Job.id == job.id)
    locked = lock_for_update(statement, session).execution_options(populate_existing=True)
    return session.scalars(locked).one()


def cancel(*, session: Session, user: User, job: Job, home: Path) -> Job:
    """Cancel a queued or running job (409 once it has ended); a running job's worker stops
    at its next progress and discards what it made."""
    job = lock(session, job)
    was = JobStatus(job.status)
    lifecycle.move(job=job, step=Step.cancel)
    job.finished_at = utcnow()
    session.flush()
    if was is JobStatus.queued:
        files.settle(home=home, reference=job.reference, keep=None)
    _audit(session, user, "job.cancel", job)
    return job


def download(*, session: Session, user: User, job: Job, name: str, home: Path) -> Path:
    """One of the files the job produced (never any other path); audited."""
    if name not in job.result.get("files", []):
        raise NotFound(_("The job made no file {name}.", name=name))
    path = files.produced(home, job.reference, job.attempts, name)
    if not path.is_file():
        raise NotFound(_("The job made no file {name}.", name=name))
    _audit(session, user, "job.download", job, file=name)
    return path


def public(*, session: Session, job: Job) -> JobPublic:
    """The job as its authority's users see it."""
    starter = session.get(User, job.created_by_id)
    total = job.total
    return JobPublic(
        reference=job.reference,
        kind=JobKind(job.kind),
        status=JobStatus(job.status),
        created_by=starter.full_name if starter else "",
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        done=job.done,
        total=total,
        percent=min(100, job.done * 100 // total) if total else None,
        message=job.message,
        attempts=job.attempts,
        parameters=job.parameters,
        result=job.result,
        files=list(job.result.get("files", [])),
        allowed=[] if JobStatus(job.status) in FINISHED else [Step.cancel.value],
    )
