"""JSON API of background jobs: start each kind (a register extract or a file of applications
as a multipart upload, a statistics export as JSON), list them, read one with its progress,
cancel one, and download what it made. A user sees their own authority's jobs of the kinds
their roles start; another authority's job is a 404."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, UploadFile
from fastapi.responses import FileResponse

from readmit.attachments.service import disposition, max_bytes
from readmit.config import get_settings
from readmit.jobs import files, service
from readmit.jobs.models import Job, JobKind, JobStatus
from readmit.jobs.schemas import Engine, JobPublic, JobsPublic, StatisticsJobIn
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/jobs", tags=["jobs"])
Reference = Annotated[str, Path(min_length=1, max_length=40)]
FileName = Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[\w.-]+$")]
Limit = Annotated[int, Query(ge=1, le=service.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]
ONE = "/{reference}"
FILES: dict[str, Any] = {"content": {media: {} for media in files.MEDIA_TYPES.values()}}


def current_job(db: DbSession, user: ApiUser, reference: Reference) -> Job:
    """A job the caller may see, or 404 (403 for a role that starts no job)."""
    return service.get(session=db, user=user, reference=reference)


CurrentJob = Annotated[Job, Depends(current_job)]


def _read(file: UploadFile) -> tuple[str, bytes]:
    """The upload's name and bytes, read up to one byte past the limit."""
    return file.filename or "", file.file.read(max_bytes() + 1)


@router.post("/register-load", status_code=201, response_model=JobPublic)
def start_register_load(
    db: DbSession,
    user: ApiUser,
    file: UploadFile,
    encoding: Annotated[str, Form(max_length=20)] = "utf-8",
) -> JobPublic:
    """Queue a load of a register extract (CSV or Parquet, as `readmit registry load` reads
    it) into the caller's state's register."""
    name, data = _read(file)
    job = service.start_register_load(
        session=db, user=user, home=get_settings().home, filename=name, data=data, encoding=encoding
    )
    return service.public(session=db, job=job)


@router.post("/verify-batch", status_code=201, response_model=JobPublic)
def start_verify_batch(
    db: DbSession,
    user: ApiUser,
    file: UploadFile,
    engine: Annotated[Engine, Form()] = Engine.single,
) -> JobPublic:
    """Queue a file of applications (JSON lines, as `readmit verify` reads them) for
    verification against the caller's state's register."""
    name, data = _read(file)
    job = service.start_verify_batch(
        session=db, user=user, home=get_settings().home, filename=name, data=data, engine=engine
    )
    return service.public(session=db, job=job)


@router.post("/statistics", status_code=201, response_model=JobPublic)
def start_statistics(payload: StatisticsJobIn, db: DbSession, user: ApiUser) -> JobPublic:
    """Queue an export of the indicators (CSV or Parquet) for a corridor and period."""
    job = service.start_statistics(session=db, user=user, payload=payload)
    return service.public(session=db, job=job)


@router.get("", response_model=JobsPublic)
def list_jobs(
    db: DbSession,
    user: ApiUser,
    status: JobStatus | None = None,
    kind: JobKind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JobsPublic:
    """The caller's authority's jobs of the kinds they start, newest first."""
    found, total = service.search(
        session=db, user=user, status=status, kind=kind, limit=limit, offset=offset
    )
    return JobsPublic(items=[service.public(session=db, job=j) for j in found], total=total)


@router.get(ONE, response_model=JobPublic)
def get_job(job: CurrentJob, db: DbSession) -> JobPublic:
    """One job, with its progress and, once done, its result."""
    return service.public(session=db, job=job)


@router.post(f"{ONE}/cancel", response_model=JobPublic)
def cancel_job(job: CurrentJob, db: DbSession, user: ApiUser) -> JobPublic:
    """Cancel a queued or running job (409 once it has ended)."""
    cancelled = service.cancel(session=db, user=user, job=job, home=get_settings().home)
    return service.public(session=db, job=cancelled)


@router.get(f"{ONE}/files/{{name}}", responses={200: FILES}, response_class=FileResponse)
def download(job: CurrentJob, name: FileName, db: DbSession, user: ApiUser) -> FileResponse:
    """A file the job made (results, bad rows, an export); the download is audited."""
    path = service.download(session=db, user=user, job=job, name=name, home=get_settings().home)
    return FileResponse(
        path,
        media_type=files.media_type(name),
        headers={"Content-Disposition": disposition(name)},
    )
