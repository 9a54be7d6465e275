"""Annotated dependencies: one session per request, the caller, the application in scope."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Path, Request
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.auth import service as auth
from readmit.auth.models import LoginSession, User
from readmit.database.core import committing, get_sessionmaker

SESSION_COOKIE = "readmit_session"


def get_db() -> Iterator[Session]:
    """The request's transaction: committed after the handler returns, before the response."""
    with get_sessionmaker()() as session, committing(session):
        yield session


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def api_user(db: DbSession, authorization: Annotated[str | None, Header()] = None) -> User:
    """The user behind a bearer token, or 401."""
    scheme, _, token = (authorization or "").partition(" ")
    user = (
        auth.resolve_token(session=db, token=token.strip()) if scheme.lower() == "bearer" else None
    )
    if user is None:
        raise HTTPException(
            401, "a valid API token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    return user


ApiUser = Annotated[User, Depends(api_user)]


class LoginRequired(Exception):
    """Raised by page dependencies; the handler redirects to the login page."""


def page_login(request: Request, db: DbSession) -> LoginSession:
    """The browser session from the cookie, or a redirect to login."""
    token = request.cookies.get(SESSION_COOKIE)
    login = auth.resolve_session(session=db, token=token) if token else None
    if login is None:
        raise LoginRequired()
    return login


PageLogin = Annotated[LoginSession, Depends(page_login)]


RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def api_application(db: DbSession, user: ApiUser, application_id: RowId) -> Application:
    """The application in the caller's scope, or 404."""
    return applications.get(session=db, user=user, application_id=application_id)


ApiApplication = Annotated[Application, Depends(api_application)]
