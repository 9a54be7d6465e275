"""Screening in a real browser: USA's supervisor designated a charter operator whose director
is on file; a case officer screens the director by a Wade-Giles spelling of his name and
reads the hit through the link with its path; an analyst judges it "not the same" from the
review queue; screening the same person again no longer puts it in the queue."""

import re
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from tests.browser.conftest import LiveServer, browser_page, done, log_in, log_out
from tests.screening.factories import COMPANY, charter_operator

if TYPE_CHECKING:
    from playwright.sync_api import Page


def screen_chang_wei(page: "Page") -> None:
    """Fill and send the screening form for Chang Wei, born 1975-03-14."""
    form = page.get_by_role("main")
    form.get_by_label("Person", exact=True).check()
    form.get_by_label("Family name").fill("Chang")
    form.get_by_label("Given names").fill("Wei")
    form.get_by_label("Date of birth").fill("1975-03-14")
    form.get_by_role("button", name="Screen", exact=True).click()


@pytest.mark.browser
def test_screen_judge_and_not_queued_again(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    with Session(live_server.engine, expire_on_commit=False) as session:
        charter_operator(session, live_server.world)
        session.commit()

    with browser_page() as page:
        log_in(page, base, "USA", Role.case_officer)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Screening").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Screening")
        screen_chang_wei(page)

        expect(page.get_by_role("heading", level=1)).to_contain_text("Screening result")
        hit = page.get_by_role("region").filter(has_text=COMPANY).first
        expect(hit).to_contain_text("A hit through a link")
        path = hit.get_by_role("list", name="Path to the designated entity")
        expect(path.get_by_role("listitem")).to_have_count(2)
        expect(path.get_by_role("listitem").first).to_contain_text("linked by directorship to")
        expect(path.get_by_role("listitem").last).to_contain_text(COMPANY)
        expect(hit.locator("[data-status]")).to_contain_text("Waiting for review")
        expect(hit.get_by_role("table", name="Why it matched")).to_be_visible()
        hit.get_by_role("link", name=re.compile("and its judgements")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Screening hit")
        expect(page.get_by_role("list", name="Path to the designated entity")).to_contain_text(
            COMPANY
        )
        expect(page.get_by_role("table", name="Judgements on this pair")).to_contain_text(
            "Not judged yet."
        )
        log_out(page)

        log_in(page, base, "USA", Role.analyst)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Screening").click()
        page.get_by_role("link", name="Review the open hits").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Screening review")
        item = page.get_by_role("region").filter(has_text=COMPANY).first
        item.get_by_label("Not the same").check()
        item.get_by_label("Note", exact=True).fill("A student born in 1999, not the director")
        item.get_by_role("button", name=re.compile("Record the judgement")).click()
        done(page, "Your judgement was recorded; later screenings of the same subject reuse it.")
        expect(page.get_by_text("No hit waits for review.")).to_be_visible()

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Screening").click()
        screen_chang_wei(page)
        again = page.get_by_role("region").filter(has_text=COMPANY).first
        expect(again.locator("[data-status]")).to_contain_text(
            "Not the same (an earlier judgement)"
        )
        page.get_by_role("link", name="Review the open hits").click()
        expect(page.get_by_text("No hit waits for review.")).to_be_visible()
        page.get_by_role("table", name="Judged last").get_by_role("link").first.click()
        expect(page.get_by_role("table", name="Judgements on this pair")).to_contain_text(
            "A student born in 1999, not the director"
        )


@pytest.mark.browser
def test_the_screening_pages_fit_a_phone_and_pass_axe(live_server: LiveServer) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from readmit.screening import service
    from readmit.screening.models import Verdict
    from readmit.screening.schemas import ScreeningQuery

    world = live_server.world
    with Session(live_server.engine, expire_on_commit=False) as session:
        charter_operator(session, world, state="GTM")
        officer = world.user(session, "GTM", Role.case_officer)
        query = ScreeningQuery(kind="person", name="Zhang Wei", aliases=["张伟", "Chang Wei"])
        judged = service.screen(session=session, user=officer, query=query, source="page")
        open_one = service.screen(
            session=session, user=officer, query=query.model_copy(update={"aliases": []}),
            source="page",
        )  # fmt: skip
        service.judge(
            session=session,
            user=world.user(session, "GTM", Role.analyst),
            hit_id=judged.hits[0].id,
            verdict=Verdict.not_same,
            note="Another man",
        )
        session.commit()
    paths = [
        "/screening",
        f"/screening/{judged.id}",
        f"/screening/{open_one.id}",
        "/screening/review",
        f"/screening/hits/{judged.hits[0].id}",
        f"/screening/hits/{open_one.hits[0].id}",
    ]
    problems = []
    with browser_page() as page:
        page.set_viewport_size({"width": 390, "height": 844})
        log_in(page, live_server.url, "GTM", Role.analyst)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, path
            wide, window = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if wide > window:
                problems.append(f"{path}: scrolls sideways ({wide} px > {window} px)")
            result = Axe().run(page)
            if result.violations_count:
                problems.append(f"{path}: {result.generate_report()}")
    assert not problems, "\n".join(problems)
