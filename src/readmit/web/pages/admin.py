"""Administration of one's own authority: its users, and the agreements its state is party to."""

from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.models import Agreement
from readmit.agreements.schemas import AgreementCreate
from readmit.auth import service as auth
from readmit.auth.models import LoginSession, Role, User
from readmit.auth.schemas import UserCreate
from readmit.database.core import utcnow
from readmit.errors import Forbidden, NotFound
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


@router.get("/agreements")
def agreements_page(
    request: Request, db: DbSession, login: AdminLogin, done: Done = None
) -> Response:
    """The agreements this state is party to, with their terms."""
    rows = agreements.list_for_state(session=db, state=login.user.state_code)
    return render(
        request,
        "admin/agreements.html",
        {
            "agreements": [agreements.to_public(a) for a in rows],
            "status_message": status_message(done),
        },
    )


def _agreement(db: Session, user: User, agreement_id: int) -> Agreement:
    agreement = db.get(Agreement, agreement_id)
    if agreement is None or user.state_code not in (
        agreement.requesting_state,
        agreement.requested_state,
    ):
        raise NotFound("no such agreement")
    return agreement


def _as_yaml(agreement: Agreement) -> str:
    data = agreements.to_public(agreement).model_dump(exclude={"id"})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _edit_page(
    request: Request,
    agreement: Agreement,
    text: str,
    problems: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "admin/agreement_edit.html",
        {
            "agreement": agreement,
            "text": text,
            "problems": problems or [],
            "summary": [("terms", p) for p in problems or []],
            "errors": {"terms": problems} if problems else {},
        },
        status_code=status_code,
    )


@router.get("/agreements/{agreement_id}/edit")
def edit_agreement(
    request: Request, db: DbSession, login: AdminLogin, agreement_id: RowId
) -> Response:
    """The agreement as YAML, to edit."""
    agreement = _agreement(db, login.user, agreement_id)
    return _edit_page(request, agreement, _as_yaml(agreement))


def parse_agreement(text: str) -> tuple[AgreementCreate | None, list[str]]:
    """The edited YAML as a validated agreement, or the problems with their field paths."""
    if len(text) > MAX_YAML:
        return None, [f"The text is longer than {MAX_YAML} characters."]
    try:
        # Aliases could multiply a small text into a huge structure: refuse them outright.
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, yaml.SafeLoader)):
            return None, ["YAML aliases (*name) are not accepted here."]
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return None, [f"This is not valid YAML{where}: {getattr(exc, 'problem', None) or exc}"]
    try:
        return AgreementCreate.model_validate(data), []
    except ValidationError as exc:
        return None, [
            f"{'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}" for e in exc.errors()
        ]


@router.post("/agreements/{agreement_id}")
def save_agreement(
    request: Request, db: DbSession, login: AdminForm, form: PostedForm, agreement_id: RowId
) -> Response:
    """Validate the edited agreement and store it through the agreements service."""
    user = login.user
    agreement = _agreement(db, user, agreement_id)
    text = form.get("terms")
    payload, problems = parse_agreement(text)
    if payload is not None and user.state_code not in (
        payload.requesting_state,
        payload.requested_state,
    ):
        problems = ["requesting_state / requested_state: your state must be a party"]
    if payload is None or problems:
        return _edit_page(request, agreement, text, problems, status_code=422)
    agreements.upsert(session=db, payload=payload, actor=user)
    return see_other("/admin/agreements?done=agreement_saved")
