"""Helpers of the page tests: log in through the real form, and a case under a protection hold."""

import re

import httpx
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from tests.factories import AUTHORITIES, PASSWORD, World, make_case

NOTE = "Fears persecution by the provincial police"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def email_of(state: str, role: Role) -> str:
    """The seeded user's e-mail address."""
    return f"{role.value}@{AUTHORITIES[state]}.test"


def try_login(client: TestClient, email: str, password: str, next_url: str = "/") -> httpx.Response:
    """Fill in the login form as a browser would (its CSRF cookie included)."""
    token = token_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": next_url},
        follow_redirects=False,
    )


def login(client: TestClient, state: str, role: Role) -> str:
    """Log in through the form; returns the session's CSRF token."""
    response = try_login(client, email_of(state, role), PASSWORD)
    assert response.status_code == 303, response.text
    return token_of(client.get("/").text)


def suspended_case(db: Session, world: World) -> Application:
    """A case under verification, suspended by an asylum claim with a telling note."""
    case = make_case(db, world, status=Status.under_verification)
    protection.open_flag(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=case,
        kind=ProtectionKind.asylum_pending,
        note=NOTE,
    )
    db.commit()
    assert case.status == Status.suspended
    return case
