"""Legal pathways for safe mobility officers, supervisors and auditors of the state that runs
the programmes: its programmes with what is left of their ceilings this fiscal year, the
officer's open cases and the overdue ones, and one case with its rules explained, its
possible duplicates, the readmission cross-check and the steps the reader's role may take.
The pages call the same service functions as the API."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.attachments.service import disposition
from readmit.auth.models import LoginSession, User
from readmit.database.core import utcnow
from readmit.errors import FieldProblem, Invalid
from readmit.i18n import N_, _
from readmit.pathways import (
    allocation,
    crosscheck,
    documents,
    duplicates,
    fiscal,
    lifecycle,
    permits,
    present,
    programmes,
    referral,
    service,
)
from readmit.pathways.definitions import ProgrammeFile
from readmit.pathways.lifecycle import STATUS_LABELS, STEP_LABELS, Step
from readmit.pathways.models import CaseStatus, PathwayCase, PathwayKind
from readmit.tenancy.service import held_by
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.attachments import Files, read
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
    FormLogin,
    Loc,
    PostedForm,
    collect,
    invalid_problems,
    see_other,
)
from readmit.web.templating import render

router = APIRouter(prefix="/pathways")

PAGE = 50
KIND_LABELS = {
    PathwayKind.resettlement: N_("Refugee resettlement"),
    PathwayKind.family_reunification_parole: N_("Family reunification parole"),
    PathwayKind.temporary_work: N_("Temporary work"),
    PathwayKind.regularisation: N_("Regularisation"),
}
OUTCOME_LABELS = {"met": N_("Met"), "not_met": N_("Not met"), "unknown": N_("Unknown")}
BUCKET_LABELS = {"total": N_("All places")}
# The steps a button on the case page takes, and the success message of each.
BUTTONS = (
    Step.screen,
    Step.refer,
    Step.interview,
    Step.approve,
    Step.book_travel,
    Step.arrive,
    Step.issue_permit,
    Step.renew_permit,
    Step.refuse,
    Step.withdraw,
)
DONE = {
    "intake": N_("The person was taken in; the programme's rules were evaluated."),
    "approved": N_("The case was approved: a place was taken under the programme's ceiling."),
    "waitlisted": N_("No place is left under the ceiling: the case is on the waitlist."),
    "message": N_("Your message was sent."),
    "document": N_("The document was added and the rules evaluated again."),
    "referred_elsewhere": N_("A case was opened in the other programme; this one is withdrawn."),
}
ACTION_LABELS = {
    "note": N_("Note"),
    "body": N_("Message"),
    "kind": N_("Document"),
    "document": N_("File"),
    "programme": N_("Programme"),
}
Reference = Annotated[str, Path(pattern=r"^PW-[A-Z]{3}-\d{4}-\d{6,12}$", max_length=40)]


def reader_login(login: CurrentLogin) -> LoginSession:
    """Only safe mobility officers, supervisors and auditors see the pathway pages."""
    service.require_reader(login.user)
    return login


ReaderLogin = Annotated[LoginSession, Depends(reader_login)]


def statuses() -> dict[str, str]:
    """Each status in the reader's language."""
    return {status.value: _(text) for status, text in STATUS_LABELS.items()}


def bucket_words(bucket: str) -> str:
    """A ceiling's bucket as the reader says it: all places, a region, a period."""
    if bucket in BUCKET_LABELS:
        return _(BUCKET_LABELS[bucket])
    kind, _sep, name = bucket.partition(":")
    words = name.replace("_", " ")
    return _("Region: {name}", name=words) if kind == "region" else _("Period: {name}", name=words)


def ceilings(db: Session, user: User) -> list[dict[str, Any]]:
    """The state's programmes with what is left of each ceiling this fiscal year."""
    today = utcnow().date()
    found = []
    for programme in programmes.list_current(session=db, user=user):
        file = programmes.definition(programme)
        year = fiscal.fiscal_year_of(today, file.fiscal_year_start_month)
        found.append(
            {
                "programme": programme,
                "kind": _(KIND_LABELS[file.kind]),
                "uncapped": file.uncapped,
                "fiscal_year": year,
                "left": allocation.remaining(
                    session=db, user=user, programme_code=programme.code, fiscal_year=year
                ),
            }
        )
    return found


def _mine(db: Session, user: User) -> list[PathwayCase]:
    """The user's own pending cases (those they took in), the oldest deadline first."""
    pending = [status.value for status in lifecycle.PENDING]
    return list(
        db.scalars(
            select(PathwayCase)
            .where(
                held_by(user, PathwayCase.state_code),
                PathwayCase.created_by_id == user.id,
                PathwayCase.status.in_(pending),
            )
            .order_by(PathwayCase.due_at.is_(None), PathwayCase.due_at, PathwayCase.id)
            .limit(PAGE)
        )
    )


@router.get("")
def index_page(
    request: Request,
    db: DbSession,
    login: ReaderLogin,
    status: Annotated[str | None, Query(max_length=20)] = None,
    done: Done = None,
) -> Response:
    """Programmes and their places left, the user's open cases, the overdue ones and the
    state's cases (by status)."""
    user = login.user
    chosen = CaseStatus(status) if status and status in CaseStatus.__members__ else None
    rows, total = service.listing(session=db, user=user, status=chosen, limit=PAGE)
    overdue, overdue_total = service.listing(session=db, user=user, overdue=True, limit=PAGE)
    return render(
        request,
        "pathways/index.html",
        {
            "programmes": ceilings(db, user),
            "bucket_words": bucket_words,
            "mine": [present.summary(case) for case in _mine(db, user)],
            "overdue": [present.summary(case) for case in overdue],
            "overdue_total": overdue_total,
            "rows": [present.summary(case) for case in rows],
            "total": total,
            "statuses": statuses(),
            "chosen": chosen.value if chosen else "",
            "may_intake": user.has_role(*lifecycle.INTAKE),
            "status_message": _(DONE[done]) if done in DONE else None,
        },
    )


def fact_rows(file: ProgrammeFile, facts: dict[str, Any]) -> list[tuple[str, str]]:
    """Each question of the programme with its answer in words ("—" unanswered)."""
    rows = []
    for fact in file.facts:
        value = facts.get(fact.id)
        if value is None:
            shown = "—"
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        else:
            shown = fact.choice_labels.get(str(value), str(value))
        rows.append((fact.label, shown))
    return rows


def detail(
    request: Request,
    db: Session,
    user: User,
    case: PathwayCase,
    *,
    done: str | None = None,
    problems: list[tuple[Loc, str]] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The case's page (with the errors of an action form, if any)."""
    shown = present.case(session=db, user=user, case=case)
    file = service.file_of(db, case)
    steps = set(shown.steps)
    errors = collect(problems or [], lambda loc: str(loc[-1]), ACTION_LABELS)
    may_refer = Step.withdraw.value in steps and user.has_role(*lifecycle.INTAKE)
    context = {
        "c": shown,
        "file": file,
        "kind": _(KIND_LABELS[file.kind]),
        "status": statuses()[shown.status.value],
        "facts": fact_rows(file, shown.facts),
        "outcomes": {key: _(text) for key, text in OUTCOME_LABELS.items()},
        "priority": next(
            (p.label for p in file.priority_categories if p.id == shown.priority_category), ""
        ),
        "waitlist": allocation.waitlist_position(session=db, case=case),
        "duplicates": duplicates.possible_duplicates(session=db, user=user, case=case),
        "readmission": crosscheck.readmission_flags(session=db, user=user, case=case),
        "permits": permits.permits_of(session=db, case=case),
        "elsewhere": referral.suggestions(session=db, user=user, case=case) if may_refer else [],
        "document_kinds": [(d.kind, d.label) for d in file.documents],
        "document_labels": {d.kind: d.label for d in file.documents},
        "buttons": [(s.value, _(STEP_LABELS[s])) for s in BUTTONS if s.value in steps],
        "steps": steps,
        "statuses": statuses(),
        "step_labels": {s.value: _(text) for s, text in STEP_LABELS.items()}
        | {"intake": _("Taken in")},
        "values": values or {},
        "errors": errors.fields,
        "summary": errors.summary,
        "status_message": _message(done),
    }
    code = 422 if problems else 200
    return render(request, "pathways/case.html", context, status_code=code)


def _message(done: str | None) -> str | None:
    if done in DONE:
        return _(DONE[done])
    if done and done in Step.__members__:
        return _("Step recorded: {step}.", step=_(STEP_LABELS[Step(done)]))
    return None


@router.get("/cases/{reference}")
def case_page(
    request: Request, db: DbSession, login: ReaderLogin, reference: Reference, done: Done = None
) -> Response:
    """One case; audited."""
    case = service.get(session=db, user=login.user, reference=reference)
    service.record_read(session=db, user=login.user, case=case)
    return detail(request, db, login.user, case, done=done)


@router.post("/cases/{reference}/steps/{step}")
def take_step(
    db: DbSession, login: FormLogin, form: PostedForm, reference: Reference, step: str
) -> Response:
    """One of the case's buttons: the lifecycle decides whether this user may take it now."""
    user = login.user
    case = service.get(session=db, user=user, reference=reference)
    chosen = Step(step) if step in {s.value for s in BUTTONS} else None
    if chosen is None:
        raise Invalid([FieldProblem(("path", "step"), _("not a step of a pathway case"))])
    note = form.get("note").strip()[:2000]
    done = chosen.value
    if chosen is Step.approve:
        case = allocation.approve(session=db, user=user, case=case, note=note)
        done = case.status
    elif chosen is Step.issue_permit:
        permits.issue(session=db, user=user, case=case)
    elif chosen is Step.renew_permit:
        permits.renew(session=db, user=user, case=case)
    else:
        case = service.step(session=db, user=user, case=case, step=chosen, note=note)
    return see_other(f"/pathways/cases/{case.reference}?done={done}")


@router.post("/cases/{reference}/messages")
def send_message(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, reference: Reference
) -> Response:
    """A message to the other officers of the case, or the page again saying what is wrong."""
    user = login.user
    case = service.get(session=db, user=user, reference=reference)
    body = form.get("body").strip()
    if not body or len(body) > 5000:
        problems: list[tuple[Loc, str]] = [
            (("body",), _("Write a message of up to 5000 characters"))
        ]
        return detail(request, db, user, case, problems=problems, values={})
    service.message(session=db, user=user, case=case, body=body)
    return see_other(f"/pathways/cases/{case.reference}?done=message#messages")


@router.post("/cases/{reference}/documents")
def add_document(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    chosen: Files,
    reference: Reference,
) -> Response:
    """Add a document the programme asks for, or show the page again with the reason."""
    user = login.user
    case = service.get(session=db, user=user, reference=reference)
    kind = form.get("kind")
    try:
        if "document" not in chosen:
            problem = _("Choose a PDF, JPEG or PNG file to add")
            raise Invalid([FieldProblem(("document",), problem)])
        filename, data = read(chosen["document"])
        documents.add(session=db, user=user, case=case, kind=kind, filename=filename, data=data)
    except Invalid as exc:
        problems = [
            (("document",) if loc == ("file",) else loc, message)
            for loc, message in invalid_problems(exc)
        ]
        return detail(request, db, user, case, problems=problems, values={"kind": kind})
    return see_other(f"/pathways/cases/{case.reference}?done=document#documents")


@router.get("/cases/{reference}/documents/{document_id}")
def download_document(
    db: DbSession, login: ReaderLogin, reference: Reference, document_id: RowId
) -> Response:
    """The document, to save; the download is audited."""
    case = service.get(session=db, user=login.user, reference=reference)
    found = documents.download(session=db, user=login.user, case=case, document_id=document_id)
    return Response(
        found.content,
        media_type=found.media_type,
        headers={"Content-Disposition": disposition(found.filename)},
    )


@router.post("/cases/{reference}/refer-elsewhere")
def refer_elsewhere(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, reference: Reference
) -> Response:
    """Open a case in another programme for the same person; this one is withdrawn."""
    user = login.user
    case = service.get(session=db, user=user, reference=reference)
    code = form.get("programme")
    try:
        if not code:
            raise Invalid([FieldProblem(("programme",), _("Choose a programme"))])
        new = referral.refer_elsewhere(session=db, user=user, case=case, programme_code=code)
    except Invalid as exc:
        problems: list[tuple[Loc, str]] = [
            (("programme",), message) for _loc, message in invalid_problems(exc)
        ]
        return detail(request, db, user, case, problems=problems, values={"programme": code})
    return see_other(f"/pathways/cases/{new.reference}?done=referred_elsewhere")
