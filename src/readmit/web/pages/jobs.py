"""Background jobs on the pages: the authority's jobs with a form to start each kind the user
may start, and a job's page with its progress, result, downloads and a cancel button. While
a job runs, its page reads its progress every two seconds (/static/jobs.js, the only script
of the site, allowed on this page alone) and reloads once the job has ended. The pages call
the same service functions as the API."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from readmit.attachments.service import disposition, max_bytes
from readmit.auth.models import LoginSession, User
from readmit.config import get_settings
from readmit.errors import Conflict, Invalid, NotFound
from readmit.i18n import N_, _, ngettext
from readmit.i18n.formats import state_name
from readmit.identity.batch import ENCODINGS
from readmit.jobs import files, service
from readmit.jobs.lifecycle import FINISHED, KIND_LABELS, STATUS_LABELS, kinds_for
from readmit.jobs.models import Job, JobKind, JobStatus
from readmit.jobs.schemas import Engine, StatisticsJobIn
from readmit.search.service import corridors
from readmit.web.deps import DbSession
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
    FormLogin,
    Loc,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)
from readmit.web.templating import SECURITY_HEADERS, render

router = APIRouter(prefix="/jobs")
Reference = Annotated[str, Path(min_length=1, max_length=40)]
FileName = Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[\w.-]+$")]
# A job's page may run its one script, from this site, and read its progress from here.
POLICY = SECURITY_HEADERS["Content-Security-Policy"] + "; script-src 'self'; connect-src 'self'"
FORMS = {
    JobKind.register_load: "register",
    JobKind.verify_batch: "verify",
    JobKind.statistics: "statistics",
}
FIELD_LABELS = {
    "register-file": N_("Register extract"),
    "register-encoding": N_("Text encoding"),
    "verify-file": N_("Applications"),
    "verify-engine": N_("Engine"),
    "statistics-corridor": N_("Corridor"),
    "statistics-from": N_("From month"),
    "statistics-to": N_("To month"),
    "statistics-format": N_("Format"),
}
ENGINE_LABELS = {Engine.single: N_("This server"), Engine.spark: N_("Spark")}
FORMAT_LABELS = {"csv": "CSV", "parquet": "Parquet"}
RESULT_LABELS = {
    "loaded": N_("Rows loaded"),
    "replaced": N_("Of which replaced"),
    "bad": N_("Bad rows, not loaded"),
    "confirm": N_("Recommended: confirm"),
    "review": N_("Recommended: review"),
    "no_match": N_("Recommended: no match"),
    "invalid": N_("Lines that could not be verified"),
    "corridors": N_("Corridors"),
}
DONE = {
    "started": N_("The job was queued; this page follows its progress."),
    "cancelled": N_("The job was cancelled."),
}


def jobs_login(login: CurrentLogin) -> LoginSession:
    """Only users whose roles start some kind of job see the jobs."""
    service.require_any(login.user)
    return login


JobsLogin = Annotated[LoginSession, Depends(jobs_login)]


async def uploaded(request: Request) -> UploadFile | None:
    """The file chosen in the form's file field, if any (the form is parsed once)."""
    value = (await request.form()).get("file")
    return value if isinstance(value, UploadFile) and value.filename else None


Upload = Annotated[UploadFile | None, Depends(uploaded)]


def progress_text(job: Job) -> str:
    """How far the job is, in words: "1,200 of 3,000 rows"."""
    done, total = f"{job.done:,}", f"{job.total or 0:,}"
    if job.total is None:
        return _("{done} done", done=done)
    if job.kind == JobKind.register_load:
        words = ngettext("{done} of {total} row", "{done} of {total} rows", job.total)
    elif job.kind == JobKind.verify_batch:
        words = ngettext("{done} of {total} line", "{done} of {total} lines", job.total)
    else:
        words = ngettext("{done} of {total} export", "{done} of {total} exports", job.total)
    return words.format(done=done, total=total)


def _parameters(job: Job) -> list[tuple[str, str]]:
    """What the job was asked to do, in words."""
    p = job.parameters
    shown = []
    if p.get("country"):
        shown.append((_("Register of"), state_name(p["country"])))
    if p.get("filename"):
        shown.append((_("File"), p["filename"]))
    if p.get("encoding") in ENCODINGS:
        shown.append((_("Text encoding"), ENCODINGS[p["encoding"]].label))
    if p.get("engine") in ENGINE_LABELS:
        shown.append((_("Engine"), _(ENGINE_LABELS[Engine(p["engine"])])))
    if job.kind == JobKind.statistics:
        shown.append((_("Corridor"), p.get("corridor") or _("Every corridor")))
        default = _("default: the last twelve months")
        shown.append((_("From month"), p.get("period_from") or default))
        shown.append((_("To month"), p.get("period_to") or default))
        shown.append((_("Format"), FORMAT_LABELS.get(p.get("format", "csv"), "CSV")))
    return shown


def _names(db: Session, jobs: list[Job]) -> dict[int, str]:
    """Who started each job (a colleague of the same authority)."""
    ids = {job.created_by_id for job in jobs}
    return {u.id: u.full_name for u in db.scalars(select(User).where(User.id.in_(ids)))}


def _row(job: Job, names: dict[int, str]) -> dict[str, Any]:
    return {
        "job": job,
        "starter": names.get(job.created_by_id, ""),
        "kind": _(KIND_LABELS[JobKind(job.kind)]),
        "status": _(STATUS_LABELS[JobStatus(job.status)]),
        "progress": progress_text(job),
    }


def _list_page(
    request: Request,
    db: Session,
    user: User,
    *,
    form: str | None = None,
    problems: list[tuple[Loc, str]] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    def field_for(loc: Loc) -> str:
        name = {"period_from": "from", "period_to": "to"}.get(str(loc[-1]), str(loc[-1]))
        return f"{form}-{name}"

    errors = collect(problems or [], field_for, FIELD_LABELS)
    found, total = service.search(session=db, user=user, limit=service.MAX_PAGE)
    kinds = kinds_for(user)
    names = _names(db, found)
    context = {
        "forms": [FORMS[kind] for kind in kinds],
        "jobs": [_row(job, names) for job in found],
        "more": total - len(found),
        "limit_mb": max_bytes() // 2**20,
        "encodings": [(e.option, e.label) for e in ENCODINGS.values()],
        "engines": [(engine.value, _(ENGINE_LABELS[engine])) for engine in Engine],
        "formats": list(FORMAT_LABELS.items()),
        "corridors": [f"{a}-{b}" for a, b in corridors(session=db, state=user.state_code)],
        "country": state_name(user.state_code),
        "values": values or {},
        "errors": errors.fields,
        "summary": errors.summary,
    }
    return render(request, "jobs/index.html", context, status_code=422 if problems else 200)


@router.get("")
def jobs_page(request: Request, db: DbSession, login: JobsLogin) -> Response:
    """The authority's jobs, newest first, and a form for each kind the user may start."""
    return _list_page(request, db, login.user)


def _started(
    request: Request,
    db: Session,
    user: User,
    form: str,
    values: dict[str, str],
    start: Callable[[], Job],
) -> Response:
    """Start a job, then follow it on its page; a refusal is shown on the form."""
    try:
        job = start()
    except Invalid as exc:
        problems = invalid_problems(exc)
    except (Conflict, NotFound) as exc:
        problems = [(("file" if form != "statistics" else "corridor",), str(exc))]
    else:
        return see_other(f"/jobs/{job.reference}?done=started")
    return _list_page(request, db, user, form=form, problems=problems, values=values)


def _read(upload: UploadFile | None) -> tuple[str, bytes]:
    if upload is None:
        return "", b""
    return upload.filename or "", upload.file.read(max_bytes() + 1)


@router.post("/register-load")
def start_register_load(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, upload: Upload
) -> Response:
    """Queue a register load from the uploaded extract."""
    service.require_starter(login.user, JobKind.register_load)
    name, data = _read(upload)
    encoding = form.get("encoding") or "utf-8"
    return _started(
        request,
        db,
        login.user,
        "register",
        {"register-encoding": encoding},
        lambda: service.start_register_load(
            session=db,
            user=login.user,
            home=get_settings().home,
            filename=name,
            data=data,
            encoding=encoding,
        ),
    )


@router.post("/verify-batch")
def start_verify_batch(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, upload: Upload
) -> Response:
    """Queue a batch verification of the uploaded applications."""
    service.require_starter(login.user, JobKind.verify_batch)
    name, data = _read(upload)
    chosen = form.get("engine") or Engine.single.value
    if chosen not in {e.value for e in Engine}:
        problem: list[tuple[Loc, str]] = [(("engine",), _("Choose one of the options"))]
        return _list_page(request, db, login.user, form="verify", problems=problem)
    return _started(
        request,
        db,
        login.user,
        "verify",
        {"verify-engine": chosen},
        lambda: service.start_verify_batch(
            session=db,
            user=login.user,
            home=get_settings().home,
            filename=name,
            data=data,
            engine=Engine(chosen),
        ),
    )


@router.post("/statistics")
def start_statistics(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm
) -> Response:
    """Queue an export of the indicators."""
    service.require_starter(login.user, JobKind.statistics)
    values = {
        "statistics-corridor": form.get("corridor"),
        "statistics-from": form.get("from"),
        "statistics-to": form.get("to"),
        "statistics-format": form.get("format"),
    }
    try:
        payload = StatisticsJobIn(
            corridor=form.text("corridor"),
            period_from=form.text("from"),
            period_to=form.text("to"),
            format=form.text("format") or "csv",  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        problems = [(("body", *p[0]), p[1]) for p in pydantic_problems(exc)]
        return _list_page(
            request, db, login.user, form="statistics", problems=problems, values=values
        )
    return _started(
        request,
        db,
        login.user,
        "statistics",
        values,
        lambda: service.start_statistics(session=db, user=login.user, payload=payload),
    )


def current_job(db: DbSession, login: JobsLogin, reference: Reference) -> Job:
    """A job of the user's authority they may see, or 404."""
    return service.get(session=db, user=login.user, reference=reference)


CurrentJob = Annotated[Job, Depends(current_job)]


@router.get("/{reference}")
def job_page(request: Request, db: DbSession, job: CurrentJob, done: Done = None) -> Response:
    """A job: what was asked, its progress (kept current while it runs), its result and
    files, and a button to cancel it while it has not ended."""
    result = job.result or {}
    context = {
        "job": job,
        "row": _row(job, _names(db, [job])),
        "finished": JobStatus(job.status) in FINISHED,
        "parameters": _parameters(job),
        "counts": [
            (_(words), result[key]) for key, words in RESULT_LABELS.items() if key in result
        ],
        "message": _(job.message) if job.message else "",
        "status_message": _(DONE[done]) if done in DONE else None,
    }
    response = render(request, "jobs/job.html", context)
    response.headers["Content-Security-Policy"] = POLICY
    return response


@router.get("/{reference}/progress")
def job_progress(job: CurrentJob) -> JSONResponse:
    """The job's progress for its page's script: the bar's value and maximum, its words."""
    return JSONResponse(
        {
            "finished": JobStatus(job.status) in FINISHED,
            "status": _(STATUS_LABELS[JobStatus(job.status)]),
            "value": job.done,
            "max": job.total,
            "text": progress_text(job),
        }
    )


@router.post("/{reference}/cancel")
def cancel_job(db: DbSession, job: CurrentJob, login: FormLogin) -> Response:
    """Cancel the job, and come back to its page."""
    service.cancel(session=db, user=login.user, job=job, home=get_settings().home)
    return see_other(f"/jobs/{job.reference}?done=cancelled")


@router.get("/{reference}/files/{name}")
def download(db: DbSession, job: CurrentJob, name: FileName, login: JobsLogin) -> Response:
    """A file the job made, as a download; audited."""
    path = service.download(
        session=db, user=login.user, job=job, name=name, home=get_settings().home
    )
    return FileResponse(
        path, media_type=files.media_type(name), headers={"Content-Disposition": disposition(name)}
    )
