"""Taking a person in (/pathways/intake): choose one of the state's programmes, then one form
with its intake places, the person, the programme's own questions (each by its type, from
the programme's file) and its documents; the same service as the API evaluates the rules."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.attachments import service as attachments
from readmit.auth.models import LoginSession, User
from readmit.errors import FieldProblem, Invalid, NotFound
from readmit.i18n import N_, _
from readmit.pathways import documents, programmes, service
from readmit.pathways.definitions import Fact, ProgrammeFile
from readmit.pathways.models import Programme
from readmit.pathways.schemas import CaseCreate
from readmit.web.deps import DbSession
from readmit.web.pages.attachments import Files, read
from readmit.web.pages.common import (
    CurrentLogin,
    FormLogin,
    Loc,
    Posted,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)
from readmit.web.pages.pathways import KIND_LABELS
from readmit.web.templating import render

router = APIRouter(prefix="/pathways")

PERSON = ("family_name", "given_names", "birth_date", "sex", "nationality", "document_number")
LABELS = {
    "programme": N_("Programme"),
    "intake_place": N_("Place of intake"),
    "family_name": N_("Family name"),
    "given_names": N_("Given names"),
    "birth_date": N_("Date of birth"),
    "sex": N_("Sex"),
    "nationality": N_("Nationality"),
    "document_number": N_("Document number"),
    "priority_category": N_("Priority category"),
}
SEXES = (("F", N_("Female")), ("M", N_("Male")), ("X", N_("Unspecified")))


def intake_login(login: CurrentLogin) -> LoginSession:
    """Only safe mobility officers and supervisors take people in."""
    service.require_intake(login.user)
    return login


IntakeLogin = Annotated[LoginSession, Depends(intake_login)]


def _chosen(db: Session, user: User, code: str) -> Programme | None:
    if not code:
        return None
    try:
        return programmes.current(session=db, user=user, code=code)
    except NotFound:
        return None


def _answer(fact: Fact, text: str) -> Any:
    """A form field's text as the fact's answer (None: not answered); Invalid if a number
    is not one."""
    text = text.strip()
    if not text:
        return None
    if fact.type == "boolean":
        return {"yes": True, "no": False}.get(text)
    if fact.type == "country":
        return text.upper()
    if fact.type == "number":
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            raise Invalid([FieldProblem(("fact", fact.id), _("Enter a number"))]) from None
    return text


def _field_for(loc: Loc) -> str:
    """Where a problem's location puts it on the form."""
    parts = [str(p) for p in loc if p != "body"]
    if parts[:1] in (["facts"], ["fact"]) and len(parts) > 1:
        return f"fact-{parts[1]}"
    if parts[:1] == ["document"] and len(parts) > 1:
        return f"document-{parts[1]}"
    return parts[0] if parts else "programme"


def _form(
    request: Request,
    db: Session,
    user: User,
    programme: Programme | None,
    values: dict[str, str],
    problems: list[tuple[Loc, str]] | None = None,
) -> Response:
    file: ProgrammeFile | None = programmes.definition(programme) if programme else None
    labels = dict(LABELS)
    if file is not None:
        labels |= {f"fact-{fact.id}": fact.label for fact in file.facts}
        labels |= {f"document-{d.kind}": d.label for d in file.documents}
    errors = collect(problems or [], _field_for, labels)
    current = programmes.list_current(session=db, user=user)
    context = {
        "programme": programme,
        "file": file,
        "kind": _(KIND_LABELS[file.kind]) if file else "",
        "choices": [(p.code, p.title) for p in current],
        "places": [(p.code, f"{p.name} ({p.state})") for p in file.intake_places] if file else [],
        "categories": [(p.id, p.label) for p in file.priority_categories] if file else [],
        "sexes": [(code, _(words)) for code, words in SEXES],
        "limit_mb": attachments.max_bytes() // 2**20,
        "values": values,
        "errors": errors.fields,
        "summary": errors.summary,
    }
    status = 422 if problems else 200
    return render(request, "pathways/intake.html", context, status_code=status)


@router.get("/intake")
def intake_page(
    request: Request,
    db: DbSession,
    login: IntakeLogin,
    programme: Annotated[str, Query(max_length=60)] = "",
) -> Response:
    """The programme to choose, then its intake form."""
    chosen = _chosen(db, login.user, programme)
    return _form(request, db, login.user, chosen, {"sex": "X"})


def _documents(file: ProgrammeFile, chosen: Files) -> list[tuple[str, str, bytes]]:
    """The files chosen for the programme's documents, checked before anything is recorded;
    Invalid naming each refused one."""
    found, problems = [], []
    for document in file.documents:
        upload = chosen.get(f"document-{document.kind}")
        if upload is None:
            continue
        filename, data = read(upload)
        try:
            attachments.checked(filename, data, ("document", document.kind))
        except Invalid as exc:
            problems += exc.problems
            continue
        found.append((document.kind, filename, data))
    if problems:
        raise Invalid(problems)
    return found


def _payload(file: ProgrammeFile, code: str, form: Posted) -> CaseCreate:
    answers = {}
    for fact in file.facts:
        value = _answer(fact, form.get(f"fact-{fact.id}"))
        if value is not None:
            answers[fact.id] = value
    return CaseCreate.model_validate(
        {
            "programme": code,
            "intake_place": form.get("intake_place"),
            "priority_category": form.get("priority_category"),
            "facts": answers,
            **{name: form.get(name).strip() for name in PERSON},
        }
        | {"nationality": form.get("nationality").strip().upper()}
    )


@router.post("/intake")
def take_in(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, chosen: Files
) -> Response:
    """Take the person in and add their documents, or show the form again with each problem
    at its field (nothing is recorded then)."""
    user = login.user
    service.require_intake(user)
    code = form.get("programme")
    programme = _chosen(db, user, code)
    if programme is None:
        problems: list[tuple[Loc, str]] = [
            (("programme",), _("Choose one of your state's programmes"))
        ]
        return _form(request, db, user, None, {}, problems)
    file = programmes.definition(programme)
    values = {name: form.get(name) for name in (*PERSON, "intake_place", "priority_category")}
    values |= {f"fact-{fact.id}": form.get(f"fact-{fact.id}") for fact in file.facts}
    try:
        uploads = _documents(file, chosen)
        case = service.intake(session=db, user=user, payload=_payload(file, code, form))
    except ValidationError as exc:
        return _form(request, db, user, programme, values, pydantic_problems(exc))
    except Invalid as exc:
        return _form(request, db, user, programme, values, invalid_problems(exc))
    for kind, filename, data in uploads:
        documents.add(session=db, user=user, case=case, kind=kind, filename=filename, data=data)
    return see_other(f"/pathways/cases/{case.reference}?done=intake")
