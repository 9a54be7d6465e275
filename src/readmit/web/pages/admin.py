"""Administration of one's own authority: its users (agreements are in agreements.py)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import LoginSession, Role, User
from readmit.auth.schemas import UserCreate
from readmit.database.core import utcnow
from readmit.errors import Forbidden
from readmit.web.deps import DbSession
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

MAX_YAML = 50_000


def _admin(login: LoginSession) -> LoginSession:
    if not login.user.has_role(Role.admin):
        raise Forbidden("Only administrators manage users and agreements.")
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
    "email": "E-mail address",
    "full_name": "Full name",
    "password": "Password",
    "roles": "Roles",
}


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
    users = db.scalars(
        select(User).where(User.authority_id == user.authority_id).order_by(User.email)
    ).all()
    errors = errors or FormErrors()
    return render(
        request,
        "admin/users.html",
        {
            "users": users,
            "roles": [r.value for r in Role],
            "now_utc": utcnow(),
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
            problems.append((("roles",), "Choose at least one role"))
        if auth.get_by_email(session=db, email=payload.email) is not None:
            problems.append((("email",), "A user with this e-mail address exists"))
    if problems:
        errors = collect(problems, lambda loc: str(loc[0]) if loc else "email", USER_LABELS)
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
