"""Administration of one's own authority: its users (agreements are in agreements.py)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import LoginSession, Role, User
from readmit.auth.schemas import UserCreate, UserRolesUpdate
from readmit.database.core import utcnow
from readmit.errors import Conflict, Forbidden
from readmit.i18n import N_, _
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

router = APIRouter(prefix="/admin")


def _admin(login: LoginSession) -> LoginSession:
    if not login.user.has_role(Role.admin):
        raise Forbidden(_("Only administrators manage users and agreements."))
    return login


def admin_login(login: CurrentLogin) -> LoginSession:
    """An administrator reading a page."""
    return _admin(login)


def admin_form(login: FormLogin) -> LoginSession:
    """An administrator posting a form (CSRF checked)."""
    return _admin(login)


AdminLogin = Annotated[LoginSession, Depends(admin_login)]
AdminForm = Annotated[LoginSession, Depends(admin_form)]

USER_LABELS = {
    "email": N_("E-mail address"),
    "full_name": N_("Full name"),
    "password": N_("Password"),
    "roles": N_("Roles"),
}


def _user_labels() -> dict[str, str]:
    """The form's field names in the reader's language."""
    return {field: _(text) for field, text in USER_LABELS.items()}


def _users_page(
    request: Request,
    db: Session,
    user: User,
    *,
    values: dict[str, Any] | None = None,
    errors: FormErrors | None = None,
    done: str | None = None,
    status_code: int = 200,
) -> Response:
    now = utcnow()
    users = auth.list_users(session=db, authority_id=user.authority_id)
    errors = errors or FormErrors()
    return render(
        request,
        "admin/users.html",
        {
            "users": [(u, u.status_at(now)) for u in users],
            "roles": [r.value for r in Role],
            "values": {"email": "", "full_name": "", "roles": []} | (values or {}),
            "errors": errors.fields,
            "summary": errors.summary,
            "status_message": status_message(done),
        },
        status_code=status_code,
    )


@router.get("/users")
def users_page(request: Request, db: DbSession, login: AdminLogin, done: Done = None) -> Response:
    """The authority's users and the form to add one."""
    return _users_page(request, db, login.user, done=done)


@router.post("/users")
def add_user(request: Request, db: DbSession, login: AdminForm, form: PostedForm) -> Response:
    """Add a user to the admin's own authority."""
    user = login.user
    values = {
        "email": form.get("email").strip(),
        "full_name": form.get("full_name"),
        "roles": form.getlist("roles"),
    }
    problems = []
    try:
        payload = UserCreate.model_validate(values | {"password": form.get("password")})
    except ValidationError as exc:
        problems = pydantic_problems(exc)
    else:
        if not payload.roles:
            problems.append((("roles",), _("Choose at least one role")))
        if auth.get_by_email(session=db, email=payload.email) is not None:
            problems.append((("email",), _("A user with this e-mail address exists")))
    if problems:
        errors = collect(problems, lambda loc: str(loc[0]) if loc else "email", _user_labels())
        return _users_page(request, db, user, values=values, errors=errors, status_code=422)
    auth.create_user(
        session=db,
        authority_id=user.authority_id,
        email=payload.email,
        full_name=payload.full_name,
        password=payload.password,
        roles=payload.roles,
        actor=user,
    )
    return see_other("/admin/users?done=user_added")


def _user_page(
    request: Request,
    actor: User,
    managed: User,
    *,
    chosen: list[str] | None = None,
    errors: FormErrors | None = None,
    done: str | None = None,
    status_code: int = 200,
) -> Response:
    errors = errors or FormErrors()
    return render(
        request,
        "admin/user.html",
        {
            "managed": managed,
            "status": managed.status_at(utcnow()),
            "is_self": managed.id == actor.id,
            "roles": [r.value for r in Role],
            "chosen": managed.roles if chosen is None else chosen,
            "errors": errors.fields,
            "summary": errors.summary,
            "status_message": status_message(done),
        },
        status_code=status_code,
    )


def _refused(field_id: str, message: str, field_label: str = "") -> FormErrors:
    errors = FormErrors()
    errors.add(field_id, message, field_label)
    return errors


@router.get("/users/{user_id}")
def user_page(
    request: Request, db: DbSession, login: AdminLogin, user_id: RowId, done: Done = None
) -> Response:
    """One user of the authority: roles, lock-out and deactivation."""
    managed = auth.get_user(session=db, actor=login.user, user_id=user_id)
    return _user_page(request, login.user, managed, done=done)


@router.post("/users/{user_id}/roles")
def change_roles(
    request: Request, db: DbSession, login: AdminForm, form: PostedForm, user_id: RowId
) -> Response:
    """Give the user exactly the roles ticked."""
    managed = auth.get_user(session=db, actor=login.user, user_id=user_id)
    chosen = form.getlist("roles")
    errors, status_code = FormErrors(), 422
    if not chosen:
        errors = _refused("roles", _("Choose at least one role"), _("Roles"))
    else:
        try:
            payload = UserRolesUpdate.model_validate({"roles": chosen})
            auth.change_roles(session=db, actor=login.user, user=managed, roles=payload.roles)
        except ValidationError as exc:
            errors = collect(pydantic_problems(exc), lambda loc: "roles", _user_labels())
        except Conflict as refused:
            errors, status_code = _refused("roles", str(refused), _("Roles")), 409
    if errors:
        return _user_page(
            request, login.user, managed, chosen=chosen, errors=errors, status_code=status_code
        )
    return see_other(f"/admin/users/{managed.id}?done=roles_changed")


@router.post("/users/{user_id}/deactivate")
def deactivate(
    request: Request, db: DbSession, login: AdminForm, form: PostedForm, user_id: RowId
) -> Response:
    """Deactivate the user once the admin has confirmed what it does."""
    managed = auth.get_user(session=db, actor=login.user, user_id=user_id)
    # Your own account has no deactivation form, so its refusal goes in the summary alone.
    field_id = "" if managed.id == login.user.id else "confirm"
    if field_id and form.get("confirm") != "yes":
        errors = _refused(field_id, _("Tick the box to confirm that you understand what happens"))
        return _user_page(request, login.user, managed, errors=errors, status_code=422)
    try:
        auth.deactivate(session=db, actor=login.user, user=managed)
    except Conflict as refused:
        errors = _refused(field_id, str(refused))
        return _user_page(request, login.user, managed, errors=errors, status_code=409)
    return see_other(f"/admin/users/{managed.id}?done=user_deactivated")


@router.post("/users/{user_id}/reactivate")
def reactivate(db: DbSession, login: AdminForm, user_id: RowId) -> Response:
    """Let a deactivated user log in again."""
    managed = auth.get_user(session=db, actor=login.user, user_id=user_id)
    auth.reactivate(session=db, actor=login.user, user=managed)
    return see_other(f"/admin/users/{managed.id}?done=user_reactivated")


@router.post("/users/{user_id}/unlock")
def unlock(db: DbSession, login: AdminForm, user_id: RowId) -> Response:
    """End the user's lock-out."""
    managed = auth.get_user(session=db, actor=login.user, user_id=user_id)
    auth.unlock(session=db, actor=login.user, user=managed)
    return see_other(f"/admin/users/{managed.id}?done=user_unlocked")
