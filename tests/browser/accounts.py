"""Users of a browser test's own, added through the service to the live server's database,
and the login form filled for them: what other tests do to the seeded users (a language
chosen, roles changed, an account locked) does not reach a test that logs in as these."""

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import Role
from tests.browser.conftest import LiveServer
from tests.factories import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page


def add_user(live_server: LiveServer, state: str, role: Role, email: str, name: str) -> None:
    """A user with this one role in the state's seeded authority, password PASSWORD."""
    world = live_server.world
    with Session(live_server.engine, expire_on_commit=False) as session:
        admin = world.user(session, state, Role.admin)
        auth.create_user(
            session=session,
            authority_id=admin.authority_id,
            email=email,
            full_name=name,
            password=PASSWORD,
            roles=[role],
            actor=admin,
        )
        session.commit()


def submit_login(page: "Page", base: str, email: str, password: str = PASSWORD) -> None:
    """Fill and send the login form."""
    page.goto(base + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in_as(page: "Page", base: str, email: str, path: str = "/") -> None:
    """Log in through the form and land on `path`."""
    from playwright.sync_api import expect

    submit_login(page, base, email)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    if path != "/":
        page.goto(base + path)
