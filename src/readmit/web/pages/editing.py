"""Editing an application on the same form that opens one: prefilled, checked the same way,
each problem next to its field with what was typed kept; a case changed by someone else
since the form was opened is refused on the form, never overwritten."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from readmit.applications import editing
from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.applications.schemas import ApplicationUpdate
from readmit.errors import Conflict, Invalid
from readmit.i18n import _
from readmit.web.deps import DbSession, RowId
from readmit.web.pages import application_form, mrz_scan
from readmit.web.pages.applications import form_page
from readmit.web.pages.common import (
    CurrentLogin,
    FormLogin,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)

router = APIRouter()


def _edit(application: Application, version: str | int) -> dict[str, Any]:
    """What the form needs to know about the application being edited."""
    return {
        "id": application.id,
        "reference": application.reference,
        "version": version,
        "fixed": application.status != Status.draft,
        "requested_state": application.requested_state,
        "procedure": application.procedure,
    }


@router.get("/applications/{application_id}/edit")
def edit_form(
    request: Request, db: DbSession, login: CurrentLogin, application_id: RowId
) -> Response:
    """The form, prefilled with the particulars as they are now."""
    user = login.user
    application = applications.read(session=db, user=user, application_id=application_id)
    editing.require_editor(user, application)
    values = application_form.values_of(application, applications.person_of(application))
    return form_page(request, db, user, values, edit=_edit(application, application.version))


@router.post("/applications/{application_id}/edit")
def save_edit(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Save the edit, or show the form again as typed with what stands in the way."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    editing.require_editor(user, application)
    parsed = application_form.parse(form)
    sent = {"version": form.get("version"), "person": parsed.payload["person"]}
    if application.status == Status.draft:
        sent |= {k: parsed.payload[k] for k in ("requested_state", "procedure")}
    status_code = 422
    try:
        payload = ApplicationUpdate.model_validate(sent)
        changes = editing.update(session=db, user=user, application=application, payload=payload)
    except ValidationError as exc:
        problems = [
            (loc, _("Enter at least one name") if loc == ("person", "names") else message)
            for loc, message in pydantic_problems(exc)
        ]
    except Invalid as exc:
        problems = invalid_problems(exc)
    except Conflict as exc:
        problems, status_code = [((), str(exc))], 409
    else:
        return see_other(
            f"/applications/{application.id}?done={'edited' if changes else 'unchanged'}"
        )
    errors = collect(problems, parsed.field_for, application_form.labels())
    edit = _edit(application, form.get("version"))
    return form_page(request, db, user, parsed.values, errors, status_code, edit=edit)


@router.post("/applications/{application_id}/edit/scan")
def read_passport_scan(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    scan: mrz_scan.ChosenScan,
    application_id: RowId,
) -> Response:
    """The edit form again as typed, filled in from a passport scan read by OCR (mrz_scan)."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    editing.require_editor(user, application)
    typed = application_form.parse(form).values
    outcome = mrz_scan.read_into(db, user, typed, scan, application)
    edit = _edit(application, form.get("version"))
    return form_page(
        request, db, user, outcome.values, outcome.errors, outcome.status_code, edit=edit,
        scan_read=outcome.filled,
    )  # fmt: skip
