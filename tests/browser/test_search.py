"""Finding a case in a real browser: by a Wade-Giles spelling from the menu, by a document
number sent in the form (not the address), a wrong date named on its field, and by the Han
name from the requested state's side."""

import re

import pytest
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from tests.browser.conftest import LiveServer, browser_page, log_in, log_out
from tests.searching import named_case


@pytest.mark.browser
def test_find_a_case_by_name_number_and_script(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    with Session(live_server.engine, expire_on_commit=False) as session:
        case = named_case(
            session, live_server.world, "ZHANG", "SANFENG", index=31, passport="E70707070"
        )
        session.commit()
    row = re.compile(re.escape(case.reference))

    with browser_page() as page:
        log_in(page, base, "USA", Role.case_officer)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Find cases").click()
        expect(page.get_by_role("heading", name=re.compile("Find cases"))).to_be_visible()
        search = page.get_by_role("search", name="Find cases")
        search.get_by_label("Name").fill("Chang San-feng")
        search.get_by_role("button", name="Search").click()
        expect(page.get_by_role("status")).to_have_text("1 case found.")
        expect(page.get_by_role("link", name=row)).to_be_visible()
        assert "name=Chang+San-feng" in page.url, "the search is an address to bookmark"

        page.get_by_label("Document number", exact=True).fill("e7070 7070")
        page.get_by_role("button", name="Search by document number").click()
        expect(page.get_by_role("status")).to_have_text("1 case found with this document number.")
        expect(page.get_by_role("link", name=row)).to_be_visible()
        assert "7070" not in page.url, "the number stays out of the address"

        page.goto(base + "/search?created_from=2026-02-30")
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("Opened from: 2026-02-30 is not a date in the calendar")
        alert.get_by_role("link").click()
        expect(page.get_by_label("Opened from")).to_be_focused()
        log_out(page)

        log_in(page, base, "CHN", Role.verifier, "/search")
        page.get_by_role("search", name="Find cases").get_by_label("Name").fill("张三丰")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.get_by_role("link", name=row)).to_be_visible()
        expect(page.get_by_role("row", name=row)).to_contain_text("Submitted")
