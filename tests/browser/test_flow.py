"""The whole flow in a real browser: create → flag → clear → resume → submit → engine
candidates → confirm, each irreversible step through its confirmation page."""

import re
from pathlib import Path

import pytest

from readmit.auth.models import Role
from tests.browser.conftest import (
    LiveServer,
    browser_page,
    done,
    log_in,
    log_out,
)

SCREENSHOT = Path("/tmp/readmit-detail.png")


@pytest.mark.browser
def test_create_flag_clear_submit_verify_confirm(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base, world = live_server.url, live_server.world
    person = world.registers["CHN"][0]

    with browser_page() as page:
        # The requesting state's case officer opens a draft through the form.
        log_in(page, base, "USA", Role.case_officer)
        expect(page.get_by_role("heading", name=re.compile("My queue"))).to_be_visible()
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="New application"
        ).click()
        page.get_by_label("Requested state").select_option("CHN")
        name = page.get_by_role("group", name="Name 1 (required)")
        name.get_by_label("Family name").fill(person.family_name_latin)
        name.get_by_label("Given names").fill(person.given_names_latin)
        name.get_by_label("Source of this name").select_option("document")
        page.get_by_label("Sex", exact=True).select_option(person.sex)
        page.get_by_label("Date of birth").fill(person.birth_date.isoformat())
        document = page.get_by_role("group", name="Document 1")
        document.get_by_label("Document type").select_option("national_id")
        document.get_by_label("Document number").fill(person.national_id)
        document.get_by_label("Issuing state").fill("CHN")
        page.get_by_role("button", name="Save draft application").click()
        done(page, "The application was created as a draft.")
        found = re.search(r"/applications/(\d+)", page.url)
        assert found, page.url
        detail = f"/applications/{found.group(1)}"
        reference = page.get_by_text(re.compile(r"Application USA-CHN-\d{4}-\d{6}"))
        ref = reference.inner_text().removeprefix("Application ").strip()
        log_out(page)

        # A protection officer opens an asylum flag, then clears it with a reason.
        log_in(page, base, "USA", Role.protection_officer, detail)
        page.get_by_role("link", name="Protection panel").click()
        page.get_by_label("Kind of claim or hold").select_option("asylum_pending")
        page.get_by_label("Note", exact=True).fill("Claims asylum at the port of entry")
        page.get_by_role("button", name="Open flag").click()
        done(page, "The protection flag was recorded.")
        page.get_by_label("Reason for clearing the asylum pending flag").fill(
            "Claim withdrawn in writing by the applicant"
        )
        page.get_by_role("button", name="Clear flag").click()
        done(page, "The protection flag was cleared.")
        expect(page.get_by_text("Claim withdrawn in writing by the applicant")).to_be_visible()
        log_out(page)

        # The flag suspended the draft; once it is cleared the case officer resumes it, then
        # submits.
        log_in(page, base, "USA", Role.case_officer, detail)
        expect(page.locator("dl.facts strong")).to_have_text("Suspended")
        page.get_by_role("button", name="Resume", exact=True).click()
        done(page, "Step recorded: Resume.")
        page.get_by_role("button", name="Submit", exact=True).click()
        expect(page.get_by_role("heading", name="Submit the application?")).to_be_visible()
        page.get_by_role("button", name="Yes, submit").click()
        done(page, "The application was submitted to the requested state.")
        expect(page.locator("dl.facts strong")).to_have_text("Submitted")
        log_out(page)

        # The requested state's verifier receives, reads the engine's candidates and
        # confirms the proposed person (pre-selected); a look-up by number also works.
        log_in(page, base, "CHN", Role.verifier)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Verification").click()
        page.get_by_role("link", name=f"Verify {ref}").click()
        page.get_by_role("button", name="Receive", exact=True).click()
        done(page, "Receipt of the application was recorded.")
        page.get_by_role("button", name="Start verification").click()
        done(page, "Verification has started.")
        first = page.get_by_role("article", name=re.compile(r"^1\. "))
        expect(first.get_by_role("heading")).to_contain_text(person.person_id)
        born = first.get_by_role("row", name=re.compile("^Date of birth"))
        expect(born).to_contain_text("Same date of birth")
        proposed = page.get_by_role(
            "radio", name=re.compile(f"Register person {re.escape(person.person_id)}")
        )
        expect(proposed).to_be_checked()
        page.get_by_label("ID or passport number").fill(person.national_id)
        page.get_by_role("button", name="Look up").click()
        expect(page.get_by_role("status")).to_contain_text("1 register entry")
        expect(proposed).to_be_checked()
        page.get_by_role("button", name="Confirm identity").click()
        expect(page.get_by_role("main")).to_contain_text(f"register person {person.person_id}")
        page.get_by_role("button", name="Yes, confirm the identity").click()
        done(page, "Your decision was recorded.")
        expect(page.locator("dl.facts strong")).to_have_text("Confirmed")
        assert "asylum" not in page.content().lower()
        page.screenshot(path=str(SCREENSHOT), full_page=True)
