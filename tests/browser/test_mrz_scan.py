"""A passport scan read into the new-application form in a real browser, without script: the
case officer types, chooses the scan of the data page and reads it; the MRZ and the empty
fields come back filled, what was typed kept, with the notice to check; the draft saves with
the MRZ read. Enter in a field still saves the form rather than reading a scan."""

import re
from pathlib import Path

import pytest

from readmit.auth.models import Role
from tests.browser.conftest import LiveServer, browser_page, done, log_in
from tests.documents.scans import mrz, need_ocr, scan

NOTICE = "Read by OCR from the scan: check every character against the passport before you save"


@pytest.mark.browser
def test_a_scan_fills_the_new_application(live_server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    need_ocr()
    scan_file = tmp_path / "passport.jpg"
    scan_file.write_bytes(scan(0))
    line1, line2 = mrz(0)
    with browser_page() as page:
        log_in(page, live_server.url, "USA", Role.case_officer, "/applications/new")
        page.get_by_label("Requested state").select_option("CHN")
        page.get_by_label("Place of birth").fill("Stockholm")
        page.get_by_label("Scan of the data page").set_input_files(scan_file)
        page.get_by_role("button", name="Read the scan").click()

        expect(page.get_by_text(NOTICE)).to_be_visible()
        document = page.get_by_role("group", name="Document 1")
        expect(document.get_by_label("MRZ line 1")).to_have_value(line1)
        expect(document.get_by_label("MRZ line 2")).to_have_value(line2)
        expect(document.get_by_label("Document type")).to_have_value("passport")
        expect(document.get_by_label("Document number")).to_have_value("L898902C3")
        name = page.get_by_role("group", name="Name 1 (required)")
        expect(name.get_by_label("Family name")).to_have_value("ERIKSSON")
        expect(name.get_by_label("Given names")).to_have_value("ANNA MARIA")
        expect(page.get_by_label("Date of birth")).to_have_value("1974-08-12")
        expect(page.get_by_label("Place of birth")).to_have_value("Stockholm")
        expect(page.get_by_label("Requested state")).to_have_value("CHN")

        page.get_by_role("button", name="Save draft application").click()
        done(page, "The application was created as a draft.")
        assert re.search(r"/applications/\d+\?done=created$", page.url), page.url
        expect(page.get_by_text(line2).first).to_be_visible()


@pytest.mark.browser
def test_enter_in_a_field_still_saves(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    with browser_page() as page:
        log_in(page, live_server.url, "USA", Role.case_officer, "/applications/new")
        name = page.get_by_role("group", name="Name 1 (required)")
        name.get_by_label("Family name").fill("Zhang")
        name.get_by_label("Family name").press("Enter")
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        assert page.url.endswith("/applications"), page.url
        expect(page.get_by_text("Choose a scan of the passport's data page")).to_have_count(0)
        expect(name.get_by_label("Family name")).to_have_value("Zhang")
