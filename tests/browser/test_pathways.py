"""Intake to approval of a legal pathway case in a real browser, as USA's users work it: a safe
mobility officer takes a worker in under H-2B (a test version with places for this fiscal
year), answering the programme's questions and uploading the passport, reads each rule's
explanation, screens, refers and records the interview; a supervisor approves; the case shows
"Approved" and the places left fall by one. The pages pass axe."""

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.pathways import fiscal, programmes
from readmit.pathways.definitions import ProgrammeFile, load_programme_file
from tests.browser.conftest import LiveServer, browser_page, done, log_in, log_out
from tests.designations.cases import png

if TYPE_CHECKING:
    from playwright.sync_api import Page

CODE = "test-h2b-browser"
TITLE = "H-2B workers (browser test)"
PLACES = 33
QUESTIONS = (
    "Job offer from a US employer",
    "Temporary labor certification approved by the Department of Labor",
    "The work is temporary (one-time, seasonal, peak-load or intermittent)",
)


@pytest.fixture(scope="module")
def programme(live_server: LiveServer) -> int:
    """The H-2B example under its own code, with places in the current fiscal year."""
    data = load_programme_file(programmes.DATA_DIR / "usa-h2b.yaml").model_dump(mode="json")
    year = fiscal.fiscal_year_of(utcnow().date(), data["fiscal_year_start_month"])
    data.update(code=CODE, title=TITLE, refer_to=[])
    data["ceilings"] = [{"fiscal_year": year, "places": PLACES}]
    file = ProgrammeFile.model_validate(data, strict=False)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    with Session(live_server.engine, expire_on_commit=False) as session:
        programmes.load(session=session, user=None, file=file, sha256=digest)
        session.commit()
    return year


def left(page: "Page", base: str) -> str:
    page.goto(base + "/pathways")
    return page.locator(f"#programme-{CODE} + div [data-bucket='total']").inner_text()


def axe_clean(page: "Page") -> None:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert not result.violations_count, result.generate_report()


def step(page: "Page", button: str, note: str = "") -> None:
    form = page.locator("form", has=page.get_by_role("button", name=button, exact=True))
    if note:
        form.get_by_label("Note").fill(note)
    form.get_by_role("button", name=button, exact=True).click()
    done(page, f"Step recorded: {button}.")


def test_intake_to_approval(live_server: LiveServer, programme: int, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    scan = tmp_path / "passport.png"
    scan.write_bytes(png())
    with browser_page() as page:
        log_in(page, base, "USA", Role.safe_mobility_officer)
        before = int(left(page, base))
        axe_clean(page)
        page.get_by_role("link", name="Take a person in").click()
        page.get_by_label("Programme", exact=True).select_option(CODE)
        page.get_by_role("button", name="Choose").click()
        page.get_by_label("Place of intake").select_option("SMO-GTM-GUA")
        page.get_by_label("Family name").fill("Tzul Cac")
        page.get_by_label("Given names").fill("Pedro Antonio")
        page.get_by_label("Date of birth").fill("1993-02-11")
        page.get_by_label("Nationality").fill("GTM")
        for question in QUESTIONS:
            page.get_by_role("group", name=question).get_by_label("Yes").check()
        page.get_by_label("Worker's passport").set_input_files(str(scan))
        axe_clean(page)
        page.get_by_role("button", name="Take the person in").click()
        done(page, "The person was taken in; the programme's rules were evaluated.")
        rules = page.get_by_role("region", name="Rules")
        for rule in ("A passport is on file", "At least 18 years old", "Has a job offer"):
            expect(rules.get_by_role("row", name=rule)).to_contain_text("Met")
        expect(page.get_by_text("Every rule is met.")).to_be_visible()
        expect(page.get_by_role("link", name="passport.png")).to_be_visible()
        axe_clean(page)
        case_path = page.url.removeprefix(base).split("?")[0]
        step(page, "Record the screening")
        step(page, "Refer to the pathway")
        step(page, "Record the interview", note="Seen at the Guatemala City office")
        expect(page.locator("#case-status")).to_have_text("Interviewed")
        expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
        log_out(page)

        log_in(page, base, "USA", Role.supervisor, path=case_path)
        page.get_by_role("button", name="Approve", exact=True).click()
        done(page, "The case was approved: a place was taken under the programme's ceiling.")
        expect(page.locator("#case-status")).to_have_text("Approved")
        expect(page.get_by_text("Seen at the Guatemala City office")).to_be_visible()
        axe_clean(page)
        assert int(left(page, base)) == before - 1
