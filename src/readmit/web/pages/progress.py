"""Progress reports under a declaration, for analysts and supervisors of its signatories: the
state's own figures, its reports (an analyst drafts, a supervisor submits) and the combined
report of every signatory. The pages call the same service functions as the API."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.auth.models import LoginSession, Role, User
from readmit.database.core import utcnow
from readmit.errors import Forbidden, Invalid
from readmit.i18n import N_, _
from readmit.progress import service
from readmit.progress.lifecycle import STATUS_LABELS
from readmit.progress.models import ProgressReport, ReportStatus
from readmit.progress.schemas import Declaration, ReportCreate
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import (
    CurrentLogin,
    FormLogin,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)
from readmit.web.templating import render

router = APIRouter(prefix="/progress")

MonthText = Annotated[str | None, Query(max_length=7)]
DONE = {
    "drafted": N_("The draft was created."),
    "saved": N_("Your changes were saved."),
    "submitted": N_("The report was submitted; its figures are kept as they are now."),
}
PERIOD_LABELS = {"period_from": N_("From month"), "period_to": N_("To month")}


def reader_login(login: CurrentLogin) -> LoginSession:
    """Only analysts and supervisors read the progress reports."""
    if not login.user.has_role(*service.READERS):
        raise Forbidden(_("Only analysts and supervisors may read the progress reports."))
    return login


ReaderLogin = Annotated[LoginSession, Depends(reader_login)]


def last_half_year(now: datetime) -> tuple[str, str]:
    """The calendar half-year before the current one, as ("YYYY-MM", "YYYY-MM")."""
    if now.month <= 6:
        return f"{now.year - 1}-07", f"{now.year - 1}-12"
    return f"{now.year}-01", f"{now.year}-06"


def _period_field(loc: tuple[str | int, ...]) -> str:
    return str(loc[-1]) if loc and str(loc[-1]) in PERIOD_LABELS else "period_from"


@router.get("")
def index_page(request: Request, login: ReaderLogin) -> Response:
    """The declarations, and whether the user's state signed each."""
    state = login.user.state_code
    rows = [
        (key, declaration, state in declaration.signatories)
        for key, declaration in service.declarations().items()
    ]
    return render(request, "progress/index.html", {"declarations": rows, "state": state})


def _declaration_page(
    request: Request,
    db: Session,
    user: User,
    key: str,
    *,
    values: dict[str, str] | None = None,
    problems: list[tuple[tuple[str | int, ...], str]] | None = None,
) -> Response:
    declaration = service.signatory_of(user=user, key=key)
    first, last = last_half_year(utcnow())
    errors = collect(problems or [], _period_field, PERIOD_LABELS)
    return render(
        request,
        "progress/declaration.html",
        {
            "key": key,
            "declaration": declaration,
            "reports": service.list_reports(session=db, user=user, key=key),
            "statuses": {status.value: _(text) for status, text in STATUS_LABELS.items()},
            "period_of": service.period_of,
            "values": values or {"period_from": first, "period_to": last},
            "errors": errors.fields,
            "summary": errors.summary,
        },
        status_code=422 if problems else 200,
    )


@router.get("/declarations/{declaration}")
def declaration_page(
    request: Request, db: DbSession, login: ReaderLogin, declaration: str
) -> Response:
    """The declaration, the state's reports, a form to draft one and one to read the combined
    report."""
    return _declaration_page(request, db, login.user, declaration)


@router.post("/declarations/{declaration}/reports")
def draft_report(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, declaration: str
) -> Response:
    """Draft the state's report for the period chosen."""
    values = {name: form.get(name).strip() for name in PERIOD_LABELS}
    try:
        payload = ReportCreate.model_validate(values)
        report = service.create_draft(session=db, user=login.user, key=declaration, payload=payload)
    except ValidationError as exc:
        problems = pydantic_problems(exc)
        return _declaration_page(
            request, db, login.user, declaration, values=values, problems=problems
        )
    except Invalid as exc:
        problems = invalid_problems(exc)
        return _declaration_page(
            request, db, login.user, declaration, values=values, problems=problems
        )
    return see_other(f"/progress/reports/{report.id}?done=drafted")


def _report_page(
    request: Request,
    db: Session,
    user: User,
    report: ProgressReport,
    *,
    done: str | None = None,
    texts: dict[str, str] | None = None,
    problems: list[tuple[tuple[str | int, ...], str]] | None = None,
) -> Response:
    shown = service.public(session=db, user=user, report=report)
    declaration = service.get_declaration(key=report.declaration)
    errors = collect(problems or [], lambda loc: f"narrative-{loc[-1]}", {})
    draft = report.status == ReportStatus.draft.value
    context: dict[str, Any] = {
        "report": shown,
        "declaration": declaration,
        "status": _(STATUS_LABELS[ReportStatus(report.status)]),
        "draft": draft,
        "may_submit": draft and user.has_role(Role.supervisor),
        "texts": texts
        if texts is not None
        else {i.key: i.narrative or "" for i in shown.indicators},
        "status_message": _(DONE[done]) if done in DONE else None,
        "errors": errors.fields,
        "summary": errors.summary,
    }
    return render(request, "progress/report.html", context, status_code=422 if problems else 200)


@router.get("/reports/{report_id}")
def report_page(
    request: Request,
    db: DbSession,
    login: ReaderLogin,
    report_id: RowId,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """One of the state's reports: a draft with its figures as they stand now and its
    narratives to write; a submitted one as submitted."""
    report = service.get(session=db, user=login.user, report_id=report_id)
    return _report_page(request, db, login.user, report, done=done)


@router.post("/reports/{report_id}")
def save_narratives(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, report_id: RowId
) -> Response:
    """Save a draft's narratives."""
    report = service.get(session=db, user=login.user, report_id=report_id)
    declaration: Declaration = service.get_declaration(key=report.declaration)
    texts = {i.key: form.get(f"narrative-{i.key}") for i in declaration.indicators}
    try:
        service.update_narratives(session=db, user=login.user, report=report, texts=texts)
    except Invalid as exc:
        problems = invalid_problems(exc)
        return _report_page(request, db, login.user, report, texts=texts, problems=problems)
    return see_other(f"/progress/reports/{report.id}?done=saved")


@router.post("/reports/{report_id}/submit")
def submit_report(db: DbSession, login: FormLogin, report_id: RowId) -> Response:
    """Submit a draft (supervisors)."""
    report = service.get(session=db, user=login.user, report_id=report_id)
    service.submit(session=db, user=login.user, report=report)
    return see_other(f"/progress/reports/{report.id}?done=submitted")


@router.get("/declarations/{declaration}/combined")
def combined_page(
    request: Request,
    db: DbSession,
    login: ReaderLogin,
    declaration: str,
    first: Annotated[MonthText, Query(alias="from")] = None,
    last: Annotated[MonthText, Query(alias="to")] = None,
) -> Response:
    """Every signatory's submitted report for the period (default: the last half-year)."""
    service.signatory_of(user=login.user, key=declaration)
    default = last_half_year(utcnow())
    start, end = service.parse_period(first=first or default[0], last=last or default[1])
    report = service.combined(session=db, user=login.user, key=declaration, first=start, last=end)
    return render(
        request,
        "progress/combined.html",
        {"combined": report, "declaration": service.get_declaration(key=declaration)},
    )
