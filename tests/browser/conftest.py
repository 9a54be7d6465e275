"""Browser tests' shared parts: a live server on its own seeded database, Debian's
chromium, and the steps every flow takes (log in, log out, read the status message)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.database.core import make_engine
from readmit.database.migrate import upgrade
from tests.conftest import database_url
from tests.factories import AUTHORITIES, PASSWORD, World, seed_world
from tests.live import serving

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class LiveServer:
    """A running server on its own database."""

    url: str
    world: World
    engine: Engine


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """Uvicorn in a background thread, on a freshly migrated and seeded database."""
    engine = make_engine(database_url("browser"))
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = seed_world(session)
        session.commit()
    try:
        with serving(engine) as (host, port):
            yield LiveServer(url=f"http://{host}:{port}", world=world, engine=engine)
    finally:
        engine.dispose()


def need_chromium() -> None:
    """Skip locally, fail in CI, when chromium is missing."""
    if CHROMIUM.exists():
        return
    reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def browser_page() -> Iterator["Page"]:
    """A page in a fresh headless chromium, closed afterwards."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        finally:
            browser.close()


def log_in(page: "Page", base: str, state: str, role: Role, path: str = "/") -> None:
    """Log in through the form as the seeded user with this role."""
    from playwright.sync_api import expect

    page.goto(base + path)
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("E-mail address").fill(f"{role.value}@{AUTHORITIES[state]}.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_out(page: "Page") -> None:
    """Log out and see it confirmed."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_have_text("You have logged out.")


def done(page: "Page", message: str) -> None:
    """The page's status message after a step."""
    from playwright.sync_api import expect

    expect(page.get_by_role("status").first).to_have_text(message)
