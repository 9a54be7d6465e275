"""Log in with a password and out again; the session lives in an HttpOnly cookie."""

import secrets
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from readmit import i18n
from readmit.auth import service as auth
from readmit.config import get_settings
from readmit.i18n import _
from readmit.web.deps import SESSION_COOKIE, DbSession
from readmit.web.middleware import LANGUAGE_COOKIE
from readmit.web.pages.common import (
    Done,
    FormLogin,
    PostedForm,
    safe_next,
    see_other,
    status_message,
)
from readmit.web.pages.language import remember
from readmit.web.templating import render

router = APIRouter()

# The login form has no session yet, so its CSRF token is a double-submit cookie.
LOGIN_CSRF_COOKIE = "readmit_login_csrf"


def _secure(request: Request) -> bool:
    return get_settings().cookie_secure or request.url.scheme == "https"


def _login_form(
    request: Request,
    *,
    next_url: str,
    email: str = "",
    message: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    """The form with a fresh double-submit token in both the page and the cookie."""
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "auth/login.html",
        {
            "login_csrf": token,
            "next": next_url,
            "email": email,
            "message": message,
            "status_message": notice,
        },
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/login",
        secure=_secure(request),
    )
    return response


@router.get("/login")
def login_page(
    request: Request,
    next: Annotated[str, Query(max_length=2000)] = "/",
    done: Done = None,
) -> Response:
    """The login form."""
    return _login_form(request, next_url=safe_next(next), notice=status_message(done))


@router.post("/login")
def login(request: Request, db: DbSession, form: PostedForm) -> Response:
    """Check the password; a refusal is shown on the form and its failure count is kept."""
    next_url = safe_next(form.get("next"))
    email = form.get("email").strip()[:254]
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    submitted = form.get("csrf_token")
    if (
        not cookie
        or not submitted
        or not secrets.compare_digest(cookie.encode(), submitted.encode())
    ):
        return _login_form(
            request,
            next_url=next_url,
            email=email,
            status_code=403,
            message=_("The form had expired. Please log in again."),
        )
    try:
        user = auth.authenticate(session=db, email=email, password=form.get("password"))
    except auth.LoginRefused as refused:
        # Returned, not raised: the request's transaction commits the failure count.
        return _login_form(
            request, next_url=next_url, email=email, status_code=401, message=str(refused)
        )
    # A language picked on the login page is the user's choice from now on.
    picked = request.cookies.get(LANGUAGE_COOKIE, "")
    if picked in i18n.LOCALES and picked != user.locale:
        auth.set_language(session=db, user=user, locale=picked)
    token, _login = auth.start_session(session=db, user=user)
    response = see_other(next_url)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/",
        secure=_secure(request),
        max_age=get_settings().session_hours * 3600,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return remember(response, user.locale) if user.locale else response


@router.post("/logout")
def logout(request: Request, db: DbSession, login: FormLogin) -> Response:
    """End the session and forget the cookie."""
    auth.end_session(session=db, login=login)
    response = see_other("/login?done=logged_out")
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=_secure(request), httponly=True, samesite="strict"
    )
    return response
