"""Every page the crawler finds, in a real browser at a phone's width (390 × 844), as every
role of both states: no page scrolls sideways, and axe-core finds no violation. axe-core is
the copy bundled in the pinned `axe-playwright-python` wheel, injected into the page: nothing
is downloaded while the tests run."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.database.core import make_engine
from readmit.database.migrate import upgrade
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, log_in, need_chromium
from tests.conftest import database_url
from tests.factories import PASSWORD, seed_world
from tests.live import serving
from tests.pages.browsing import email_of, try_login
from tests.pages.crawling import crawl, seed_cases, shape

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

STATES = ("USA", "CHN")
PHONE = {"width": 390, "height": 844}
# The elements that stick out on the right, innermost first: what to fix when a page is
# too wide.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > limit + 0.5)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > limit + 0.5))
    .slice(0, 5)
    .map(e => e.outerHTML.slice(0, 160));
}"""


@dataclass
class Site:
    """A served, seeded database and the pages each user reaches."""

    url: str
    pages: dict[tuple[str, Role], list[str]]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """A server of its own, with cases at every stage; the crawler's pages per user."""
    need_chromium()
    engine = make_engine(database_url("pages"))
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = seed_world(session)
        session.commit()
        scenario = seed_cases(session, world)
    try:
        with serving(engine) as (host, port):
            url = f"http://{host}:{port}"
            pages = {}
            for state in STATES:
                for role in Role:
                    with httpx.Client(base_url=url, timeout=60) as client:
                        assert try_login(client, email_of(state, role), PASSWORD).is_redirect  # type: ignore[arg-type]
                        pages[(state, role)] = list(crawl(client, scenario.pages))
            yield Site(url, pages)
    finally:
        engine.dispose()


def _problems(page: "Page", url: str, checked: set[str]) -> list[str]:
    """What is wrong with the page at a phone's width; axe runs once per kind of page."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    page.goto(url)
    wide, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if wide > window:
        found.append(f"scrolls sideways ({wide} px > {window} px): {page.evaluate(WIDEST)}")
    if shape(url) not in checked:
        checked.add(shape(url))
        result = Axe().run(page)
        if result.violations_count:
            found.append(result.generate_report())
    return found


@contextmanager
def _browser() -> Iterator["Browser"]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("state", STATES)
def test_every_page_fits_a_phone_and_passes_axe(site: Site, state: str) -> None:
    problems = []
    with _browser() as browser:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        problems += [f"/login: {p}" for p in _problems(page, f"{site.url}/login", set())]
        context.close()
        for role in Role:
            context = browser.new_context(viewport=PHONE)
            page = context.new_page()
            log_in(page, site.url, state, role)
            checked: set[str] = set()
            for path in site.pages[(state, role)]:
                problems += [
                    f"{state} {role.value} {path}: {problem}"
                    for problem in _problems(page, site.url + path, checked)
                ]
            context.close()
    assert not problems, "\n".join(problems)
