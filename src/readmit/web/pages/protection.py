"""The protection panel: the requesting state's claims and holds on one application.

The requested state never learns the panel exists: its users get 404 from the service.
"""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.errors import NotFound
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.protection.schemas import ProtectionFlagClear, ProtectionFlagCreate
from readmit.tenancy.service import is_requesting_side
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
    FormErrors,
    FormLogin,
    PostedForm,
    collect,
    pydantic_problems,
    see_other,
    status_message,
)
from readmit.web.templating import render

router = APIRouter()


def _application(db: Session, user: User, application_id: int) -> Application:
    """The application, or 404 for anyone outside the requesting state."""
    application = applications.get(session=db, user=user, application_id=application_id)
    if not is_requesting_side(user, application):
        raise NotFound("no such application")
    return application


def _panel(
    request: Request,
    db: Session,
    user: User,
    application: Application,
    *,
    done: str | None = None,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    flags = protection.list_flags(session=db, user=user, application=application)
    errors = errors or FormErrors()
    return render(
        request,
        "protection/panel.html",
        {
            "application": application,
            "flags": flags,
            "may_manage": user.has_role(*protection.PROTECTION_ROLES),
            "kinds": [(k.value, k.value.replace("_", " ").capitalize()) for k in ProtectionKind],
            "values": {"kind": "", "note": ""} | (values or {}),
            "errors": errors.fields,
            "summary": errors.summary,
            "status_message": status_message(done),
        },
        status_code=status_code,
    )


@router.get("/applications/{application_id}/protection")
def protection_panel(
    request: Request, db: DbSession, login: CurrentLogin, application_id: RowId, done: Done = None
) -> Response:
    """The flags of an application, with forms to open and clear them."""
    application = _application(db, login.user, application_id)
    return _panel(request, db, login.user, application, done=done)


@router.post("/applications/{application_id}/protection")
def open_flag(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Record a claim or hold."""
    user = login.user
    application = _application(db, user, application_id)
    values = {"kind": form.get("kind"), "note": form.get("note")}
    try:
        payload = ProtectionFlagCreate.model_validate(values)
    except ValidationError as exc:
        labels = {"kind": "Kind of claim or hold", "note": "Note"}
        errors = collect(
            pydantic_problems(exc), lambda loc: "note" if loc[:1] == ("note",) else "kind", labels
        )
        return _panel(request, db, user, application, errors=errors, values=values, status_code=422)
    protection.open_flag(
        session=db, user=user, application=application, kind=payload.kind, note=payload.note
    )
    return see_other(f"/applications/{application.id}/protection?done=flag_opened")


@router.post("/applications/{application_id}/protection/{flag_id}/clear")
def clear_flag(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    application_id: RowId,
    flag_id: RowId,
) -> Response:
    """Clear a flag; the reason is required."""
    user = login.user
    application = _application(db, user, application_id)
    field_id = f"clear-{flag_id}-reason"
    try:
        payload = ProtectionFlagClear.model_validate({"reason": form.get("reason")})
    except ValidationError as exc:
        errors = collect(
            pydantic_problems(exc), lambda _loc: field_id, {field_id: "Reason for clearing"}
        )
        return _panel(
            request,
            db,
            user,
            application,
            errors=errors,
            values={field_id: form.get("reason")},
            status_code=422,
        )
    protection.clear_flag(
        session=db, user=user, application=application, flag_id=flag_id, reason=payload.reason
    )
    return see_other(f"/applications/{application.id}/protection?done=flag_cleared")
