"""User administration in a real browser: the admin changes a user's roles, deactivates them
by ticking the confirmation box (no JavaScript) and reactivates them, and unlocks an account
that wrong passwords locked; each time the user's own login shows the effect. The admin and
the users are created for this test, so the seeded ones other browser tests log in as are left
alone."""

import re
from typing import TYPE_CHECKING

import pytest

from readmit.auth.models import Role
from readmit.config import get_settings
from tests.browser.accounts import add_user, log_in_as, submit_login
from tests.browser.conftest import LiveServer, browser_page, done, log_out
from tests.factories import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

ADMIN = "ada.admin@us-ero.test"
ROBIN = ("Robin Okafor", "robin.okafor@us-ero.test")
SAM = ("Sam Rivera", "sam.rivera@us-ero.test")


@pytest.fixture(scope="module")
def users(live_server: LiveServer) -> None:
    """Ada, an admin, Robin, an analyst, and Sam, an auditor, of the USA authority."""
    add_user(live_server, "USA", Role.admin, ADMIN, "Ada Admin")
    for (name, email), role in ((ROBIN, Role.analyst), (SAM, Role.auditor)):
        add_user(live_server, "USA", role, email, name)


def _refused(page: "Page", base: str, email: str, password: str, message: str) -> None:
    """The login form answers with this error, and nobody is logged in."""
    from playwright.sync_api import expect

    submit_login(page, base, email, password)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("You could not be logged in")
    expect(alert).to_contain_text(message)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def _account(page: "Page") -> "Locator":
    """The user page's account status, in words."""
    return page.locator("dl.facts dt", has_text="Account").locator("xpath=following-sibling::dd[1]")


def _open_user(page: "Page", email: str) -> "Locator":
    """From the main menu to the user's page; their row on the list of users."""
    from playwright.sync_api import expect

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    row = page.get_by_role("row", name=re.compile(re.escape(email)))
    expect(row).to_have_count(1)
    return row


@pytest.mark.browser
@pytest.mark.usefixtures("users")
def test_change_roles_deactivate_reactivate(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    name, email = ROBIN

    with browser_page() as page:
        log_in_as(page, base, ADMIN)
        row = _open_user(page, email)
        expect(row).to_contain_text("Analyst")
        expect(row).to_contain_text("Active")
        row.get_by_role("link", name=email).click()
        expect(page.get_by_role("heading", name=re.compile(name))).to_be_visible()

        # Roles, ticked under their labels.
        roles = page.get_by_role("group", name=f"Roles of {name}")
        roles.get_by_label("Analyst").uncheck()
        roles.get_by_label("Case officer").check()
        page.get_by_role("button", name="Save roles").click()
        done(page, "The roles were changed.")
        expect(page.locator("dl.facts dd").filter(has_text="Case officer")).to_have_count(1)

        # Deactivation needs the box ticked; the refusal is on the form, without JavaScript.
        page.get_by_role("button", name=f"Deactivate {name}").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("Tick the box to confirm that you understand what happens")
        alert.get_by_role("link").click()
        confirm = page.get_by_label(f"I understand that {name} will be logged out")
        expect(confirm).to_be_focused()
        confirm.check()
        page.get_by_role("button", name=f"Deactivate {name}").click()
        done(
            page,
            "The user was deactivated: their sessions ended and their API tokens were revoked.",
        )
        expect(_account(page)).to_have_text("Deactivated")
        expect(_open_user(page, email)).to_contain_text("Deactivated")
        log_out(page)

        # The deactivated user is told so on the login form.
        _refused(page, base, email, PASSWORD, "This account has been deactivated.")

        # Reactivated, they log in with the role the admin gave them.
        log_in_as(page, base, ADMIN)
        _open_user(page, email).get_by_role("link", name=email).click()
        page.get_by_role("button", name=f"Reactivate {name}").click()
        done(page, "The user was reactivated and can log in again.")
        expect(_account(page)).to_have_text("Active")
        log_out(page)
        submit_login(page, base, email)
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        main_menu = page.get_by_role("navigation", name="Main")
        expect(main_menu.get_by_role("link", name="New application")).to_be_visible()


@pytest.mark.browser
@pytest.mark.usefixtures("users")
def test_locked_by_wrong_passwords_then_unlocked(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    name, email = SAM
    failures = get_settings().login_max_failures

    with browser_page() as page:
        for _ in range(failures):
            _refused(page, base, email, "not the password at all", "E-mail or password is wrong.")
        # Now even the right password is refused until the lock-out ends.
        _refused(page, base, email, PASSWORD, "This account is locked after repeated failures.")

        log_in_as(page, base, ADMIN)
        row = _open_user(page, email)
        expect(row).to_contain_text(re.compile(r"Locked\s+until "))
        row.get_by_role("link", name=email).click()
        expect(_account(page)).to_contain_text("Locked")
        expect(page.get_by_text("The account is locked until")).to_be_visible()
        page.get_by_role("button", name=f"Unlock the account of {name}").click()
        done(page, "The account was unlocked; the user can log in again.")
        expect(_account(page)).to_have_text("Active")
        expect(
            page.get_by_text("The account is not locked and has no wrong passwords counted.")
        ).to_be_visible()
        log_out(page)

        submit_login(page, base, email)
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
