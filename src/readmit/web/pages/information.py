"""Answering a request for information: a form with the requested state's question, the
answer and documents to send with it (multipart, no script needed). Sending it stores the
answer as a message, shares the documents and returns the case to verification."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.applications import information
from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.applications.schemas import InfoAnswerIn
from readmit.attachments import service as attachments
from readmit.attachments.models import PROTECTION_KINDS, AttachmentKind
from readmit.auth.models import User
from readmit.errors import Invalid
from readmit.i18n import _
from readmit.labels import label
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.attachments import Files, read
from readmit.web.pages.common import (
    CurrentLogin,
    FormErrors,
    FormLogin,
    Loc,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)
from readmit.web.templating import render

router = APIRouter()

ROWS = 3  # documents sent with one answer
FIELDS = ["answer"] + [f"attachment-{i}-{part}" for i in range(ROWS) for part in ("kind", "file")]


def _labels() -> dict[str, str]:
    """Each field's name in the error summary, in the reader's language."""
    labels = {"answer": _("Your answer")}
    for i in range(ROWS):
        labels[f"attachment-{i}-kind"] = _("Document {n}, type", n=i + 1)
        labels[f"attachment-{i}-file"] = _("Document {n}", n=i + 1)
    return labels


def _kinds(user: User, application: Application) -> list[AttachmentKind]:
    """What may go with an answer: anything the user attaches, except protection evidence."""
    return [k for k in attachments.kinds_for(user, application) if k not in PROTECTION_KINDS]


def _page(
    request: Request,
    db: Session,
    user: User,
    application: Application,
    values: dict[str, str],
    errors: FormErrors | None = None,
    refill: bool = False,
) -> Response:
    errors = errors or FormErrors()
    context: dict[str, Any] = {
        "application": application,
        "question": information.question(session=db, application=application),
        "values": values,
        "errors": errors.fields,
        "summary": errors.summary,
        "kinds": [(k.value, label(k.value, "attachment")) for k in _kinds(user, application)],
        "rows": range(ROWS),
        "limit_mb": attachments.max_bytes() // attachments.MiB,
        "refill": refill,
    }
    return render(
        request, "applications/provide_info.html", context, status_code=422 if errors else 200
    )


@router.get("/applications/{application_id}/provide-info")
def answer_form(
    request: Request, db: DbSession, login: CurrentLogin, application_id: RowId
) -> Response:
    """The question, and the form for the answer."""
    user = login.user
    application = applications.read(session=db, user=user, application_id=application_id)
    information.require_answerer(user, application)
    return _page(request, db, user, application, dict.fromkeys(FIELDS, ""))


@router.post("/applications/{application_id}/provide-info")
def send_answer(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    chosen: Files,
    application_id: RowId,
) -> Response:
    """Send the answer with its documents, or show the form again with what stands in the way."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    information.require_answerer(user, application)
    values = {key: form.get(key) for key in FIELDS}
    problems: list[tuple[Loc, str]] = []
    answer = ""
    try:
        answer = InfoAnswerIn.model_validate({"answer": values["answer"]}).answer
    except ValidationError as exc:
        problems += [(("answer",), message) for _loc, message in pydantic_problems(exc)]
    prepared = []
    for i in range(ROWS):
        file_field, kind_field = f"attachment-{i}-file", f"attachment-{i}-kind"
        upload, kind = chosen.get(file_field), values[kind_field]
        if upload is None:
            if kind:
                problems.append(((file_field,), _("Choose the file, or leave the type blank")))
            continue
        if kind not in _kinds(user, application):
            problems.append(((kind_field,), _("Choose the type of document")))
            continue
        filename, data = read(upload)
        try:
            prepared.append(
                attachments.prepare(
                    user=user,
                    application=application,
                    kind=AttachmentKind(kind),
                    filename=filename,
                    data=data,
                    shared=True,
                    field=(file_field,),
                )
            )
        except Invalid as exc:
            problems += invalid_problems(exc)
    if not problems:
        information.provide(
            session=db, user=user, application=application, answer=answer, uploads=prepared
        )
        return see_other(f"/applications/{application.id}?done=info_provided#messages")
    errors = collect(problems, lambda loc: str(loc[0]), _labels())
    return _page(request, db, user, application, values, errors, refill=bool(chosen))
