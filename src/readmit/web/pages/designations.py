"""The register of designations for analysts, supervisors and auditors of the state that
holds it: the list with its filters and the reviews falling due, one designation with its
entity, links both ways, evidence and history, and the steps the reader's role may take.
The pages call the same service functions as the API."""

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from followthemoney import model
from sqlalchemy.orm import Session

from readmit.attachments.service import disposition
from readmit.audit.service import describe
from readmit.auth.models import LoginSession, User
from readmit.database.core import utcnow
from readmit.designations import evidence, exchange, ftm, lifecycle, present, service
from readmit.designations.lifecycle import STATUS_LABELS, STEP_LABELS, Step
from readmit.designations.models import Designation, DesignationStatus
from readmit.errors import FieldProblem, Invalid
from readmit.i18n import N_, _
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
from readmit.web.pages.designation_form import (
    COMPANY_KINDS,
    PROPERTY_LABELS,
    RELATION_WORDS,
    SCHEMA_LABELS,
    country_words,
)
from readmit.web.templating import render

router = APIRouter(prefix="/designations")

SOON = timedelta(days=30)  # reviews shown as falling due on the list
PAGE = 50
DONE = {
    "proposed": N_("The designation was proposed; a supervisor other than you decides it."),
    "edited": N_("Your changes were saved."),
    "approve": N_("The designation was approved and is in force."),
    "reject": N_("The proposal was rejected."),
    "review": N_("The review was recorded."),
    "delist": N_("The designation was delisted."),
    "evidence": N_("The evidence was added."),
}
ACTION_LABELS = {
    "note": N_("Note"),
    "next_review": N_("Next review"),
    "reason": N_("Reason"),
    "evidence": N_("File"),
    "description": N_("What it shows"),
}
COUNTRY_PROPS = {"nationality", "jurisdiction", "country", "citizenship", "birthCountry"}
NAME_PROPS = ("name", "alias", "previousName", "weakAlias", "firstName", "lastName")


def reader_login(login: CurrentLogin) -> LoginSession:
    """Only analysts, supervisors and auditors see the register."""
    service.require_reader(login.user)
    return login


ReaderLogin = Annotated[LoginSession, Depends(reader_login)]
Text = Annotated[str | None, Query(max_length=200)]


def statuses() -> dict[str, str]:
    """Each status in the reader's language."""
    return {status.value: _(text) for status, text in STATUS_LABELS.items()}


def schema_words(name: str) -> str:
    """A schema in the reader's language ("Company"), FtM's own label for others."""
    if name in SCHEMA_LABELS:
        return _(SCHEMA_LABELS[name])
    schema = model.get(name)
    return str(schema.label) if schema is not None else name


def property_rows(properties: dict[str, list[str]], schema: str) -> list[tuple[str, list[str]]]:
    """(label, values) of each property, names first; countries by name."""
    found = model.get(schema)
    order = [p for p in NAME_PROPS if p in properties]
    order += sorted(p for p in properties if p not in NAME_PROPS)
    rows = []
    for prop in order:
        if prop in PROPERTY_LABELS:
            label = _(PROPERTY_LABELS[prop])
        else:
            known = found.get(prop) if found is not None else None
            label = str(known.label) if known is not None else prop
        values = properties[prop]
        if prop in COUNTRY_PROPS:
            values = [country_words(v) for v in values]
        elif prop == "sector":
            values = [_(COMPANY_KINDS[v]) if v in COMPANY_KINDS else v for v in values]
        rows.append((label, values))
    return rows


@router.get("")
def index_page(
    request: Request,
    db: DbSession,
    login: ReaderLogin,
    status: Annotated[str | None, Query(max_length=12)] = None,
    schema: Annotated[str | None, Query(max_length=40)] = None,
    q: Text = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The state's designations with filters, and the reviews falling due in 30 days."""
    user = login.user
    known = status is not None and status in DesignationStatus.__members__
    chosen = DesignationStatus(status) if known and status else None
    rows, total = service.search(
        session=db,
        user=user,
        status=chosen,
        schema=schema or None,
        q=(q or "").strip() or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    today = utcnow().date()
    due, due_total = service.search(session=db, user=user, due_by=today + SOON, limit=PAGE)
    service.record_list(session=db, user=user, count=len(rows) + len(due))
    return render(
        request,
        "designations/index.html",
        {
            "rows": [present.summary(d, e) for d, e in rows],
            "total": total,
            "due": [present.summary(d, e) for d, e in due],
            "due_total": due_total,
            "today": today,
            "soon": today + SOON,
            "filters": {"status": chosen.value if chosen else "", "schema": schema or "", "q": q},
            "statuses": statuses(),
            "schemas": [(name, _(words)) for name, words in SCHEMA_LABELS.items()],
            "schema_words": schema_words,
            "page": page,
            "pages": max(1, -(-total // PAGE)),
            "may_propose": user.has_role(*service.PROPOSERS),
            "may_export": user.has_role(*exchange.EXPORTERS),
        },
    )


@router.get("/export.jsonl")
def export_file(db: DbSession, login: ReaderLogin) -> Response:
    """The register as FollowTheMoney JSON lines (analysts and supervisors)."""
    lines: list[str] = []
    exchange.export_lines(session=db, user=login.user, write=lines.append)
    name = f"designations-{login.user.state_code}.jsonl"
    return Response(
        "".join(lines),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": disposition(name)},
    )


def link_rows(shown: Any, entity_id: int) -> list[dict[str, Any]]:
    """Each link as the designated entity's page says it: "owns Aerovías…"."""
    rows = []
    for link in shown.links:
        outgoing = link.subject.id == entity_id
        other = link.object if outgoing else link.subject
        schema = ftm.schema_of(link.schema_name)
        ends = ftm.link_ends(schema) if schema is not None else ("", "")
        side = ends[0] if outgoing else ends[1]
        words = RELATION_WORDS.get((link.schema_name, side))
        roles = link.properties.get("role", [])
        rows.append(
            {
                "relation": _(words) if words else schema_words(link.schema_name),
                "other": other,
                "roles": roles,
                "since": (link.properties.get("startDate") or [""])[0],
            }
        )
    return rows


def detail(
    request: Request,
    db: Session,
    user: User,
    designation: Designation,
    *,
    done: str | None = None,
    problems: list[tuple[Loc, str]] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The designation's page (with the errors of an action form, if any)."""
    shown = present.designation(session=db, user=user, designation=designation)
    events = service.history(session=db, designation=designation)
    errors = collect(problems or [], lambda loc: str(loc[-1]), ACTION_LABELS)
    context = {
        "d": shown,
        "status": statuses()[shown.status.value],
        "schema": schema_words(shown.entity.schema_name),
        "properties": property_rows(shown.entity.properties, shown.entity.schema_name),
        "links": link_rows(shown, shown.entity.id),
        "statuses": statuses(),
        "schema_words": schema_words,
        "history": describe(session=db, events=events),
        "steps": {step: _(STEP_LABELS[Step(step)]) for step in shown.steps},
        "limit_mb": evidence.max_bytes() // 2**20,
        "values": values or {},
        "errors": errors.fields,
        "summary": errors.summary,
        "status_message": _(DONE[done]) if done in DONE else None,
    }
    code = 422 if problems else 200
    return render(request, "designations/detail.html", context, status_code=code)


@router.get("/{designation_id}")
def detail_page(
    request: Request, db: DbSession, login: ReaderLogin, designation_id: RowId, done: Done = None
) -> Response:
    """One designation; audited."""
    designation = service.get(session=db, user=login.user, designation_id=designation_id)
    service.record_read(session=db, user=login.user, designation=designation)
    return detail(request, db, login.user, designation, done=done)


def _dated(text: str, field: str) -> date | None:
    """A date from a form's field; Invalid naming the field."""
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid([FieldProblem((field,), _("Enter a date as YYYY-MM-DD"))]) from None


def _take(
    request: Request, db: Session, user: User, form: Any, designation_id: int, step: Step
) -> Response:
    """Take a step from the designation's page, or show it again with the reason."""
    designation = service.get(session=db, user=user, designation_id=designation_id)
    values = {name: form.get(name) for name in ("note", "next_review", "reason")}
    try:
        if step in (Step.approve, Step.reject):
            note = form.get("note").strip()[:2000]
            approve = step is Step.approve
            service.decide(
                session=db, user=user, designation=designation, approve=approve, note=note
            )
        elif step is Step.review:
            lifecycle.check(designation=designation, step=step, user=user)
            note = form.get("note").strip()
            if not note:
                raise Invalid([FieldProblem(("note",), _("Say what the review found"))])
            due = _dated(form.get("next_review"), "next_review")
            service.review(session=db, user=user, designation=designation, note=note, next_due=due)
        else:
            lifecycle.check(designation=designation, step=step, user=user)
            reason = form.get("reason").strip()
            if not reason:
                raise Invalid([FieldProblem(("reason",), _("Give the reason for delisting"))])
            service.delist(session=db, user=user, designation=designation, reason=reason)
    except Invalid as exc:
        problems = invalid_problems(exc)
        return detail(request, db, user, designation, problems=problems, values=values)
    return see_other(f"/designations/{designation.id}?done={step.value}")


@router.post("/{designation_id}/approve")
def approve(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, designation_id: RowId
) -> Response:
    """Approve a proposal (a supervisor other than the proposer)."""
    return _take(request, db, login.user, form, designation_id, Step.approve)


@router.post("/{designation_id}/reject")
def reject(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, designation_id: RowId
) -> Response:
    """Reject a proposal (a supervisor other than the proposer)."""
    return _take(request, db, login.user, form, designation_id, Step.reject)


@router.post("/{designation_id}/review")
def review(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, designation_id: RowId
) -> Response:
    """Record the periodic review (supervisors)."""
    return _take(request, db, login.user, form, designation_id, Step.review)


@router.post("/{designation_id}/delist")
def delist(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, designation_id: RowId
) -> Response:
    """Delist a designation in force (supervisors)."""
    return _take(request, db, login.user, form, designation_id, Step.delist)


@router.post("/{designation_id}/evidence")
def add_evidence(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    chosen: Files,
    designation_id: RowId,
) -> Response:
    """Attach a document, or show the page again with the reason next to the field."""
    user = login.user
    designation = service.get(session=db, user=user, designation_id=designation_id)
    lifecycle.check(designation=designation, step=Step.add_evidence, user=user)
    description = form.get("description")
    try:
        if "evidence" not in chosen:
            problem = _("Choose a PDF, JPEG or PNG file to attach")
            raise Invalid([FieldProblem(("evidence",), problem)])
        filename, data = read(chosen["evidence"])
        evidence.add(
            session=db,
            user=user,
            designation=designation,
            filename=filename,
            data=data,
            description=description,
        )
    except Invalid as exc:
        problems = [
            (("evidence",) if loc == ("file",) else loc, message)
            for loc, message in invalid_problems(exc)
        ]
        values = {"description": description}
        return detail(request, db, user, designation, problems=problems, values=values)
    return see_other(f"/designations/{designation.id}?done=evidence#evidence-list")


@router.get("/{designation_id}/evidence/{evidence_id}")
def download_evidence(
    db: DbSession, login: ReaderLogin, designation_id: RowId, evidence_id: RowId
) -> Response:
    """The document, to save; the download is audited."""
    designation = service.get(session=db, user=login.user, designation_id=designation_id)
    found = evidence.download(
        session=db, user=login.user, designation=designation, evidence_id=evidence_id
    )
    return Response(
        found.content,
        media_type=found.media_type,
        headers={"Content-Disposition": disposition(found.filename)},
    )
