"""From confirmation to arrival in a real browser: the requesting state uploads the person's
photo, the requested state sees it and issues the travel document, the requesting state books
the flight and, once it is due, records departure, a border officer checks the seal from an
image, and the requested state confirms arrival; each irreversible step through its
confirmation page."""

from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.transfers import service as transfers
from readmit.traveldocs import issuing
from tests.browser.conftest import (
    LiveServer,
    browser_page,
    done,
    log_in,
    log_out,
)
from tests.factories import make_case


@pytest.mark.browser
def test_issue_book_depart_check_and_arrive(live_server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    with Session(live_server.engine, expire_on_commit=False) as session:
        case = make_case(session, live_server.world, status=Status.confirmed, index=21)
        session.commit()
    detail = f"/applications/{case.id}"
    departure = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    Image.new("RGB", (240, 300), (30, 90, 160)).save(tmp_path / "face.jpg", "JPEG")

    with browser_page() as page:
        # The requesting state's case officer uploads the person's photo.
        log_in(page, base, "USA", Role.case_officer, detail)
        page.get_by_label("Photo of the person").set_input_files(tmp_path / "face.jpg")
        page.get_by_role("button", name="Upload photo").click()
        done(page, "The photo was saved; travel documents issued from now on print it.")
        log_out(page)

        # The requested state's verifier sees it (no upload form) and issues the document.
        log_in(page, base, "CHN", Role.verifier, detail)
        photo = page.get_by_role("img", name="Photo of")
        expect(photo).to_be_visible()
        loaded = photo.evaluate("img => img.decode().then(() => img.naturalWidth)")
        assert loaded == 240, "the photo loads through the page route"
        expect(page.get_by_role("button", name="Upload photo")).to_have_count(0)
        page.get_by_role("button", name="Issue travel document").click()
        page.get_by_role("button", name="Yes, issue the travel document").click()
        done(page, "Step recorded: Issue travel document.")
        section = page.locator("dl.facts").filter(has_text="Journey")
        expect(section).to_contain_text("United States → China (USA → CHN), single journey")
        expect(page.get_by_role("link", name="Download ID-3 card PDF")).to_be_visible()
        with page.expect_download() as seal_download:
            page.get_by_role("link", name="Barcode (visible digital seal) PNG").click()
        seal_name = seal_download.value.suggested_filename
        seal_download.value.save_as(tmp_path / "seal.png")
        log_out(page)

        # The requesting state books a commercial flight, then records departure.
        log_in(page, base, "USA", Role.case_officer, detail)
        booking = page.get_by_role("group", name="Book a commercial flight")
        booking.get_by_label("Carrier").fill("United Airlines")
        booking.get_by_label("Flight number").fill("ua 857")
        booking.get_by_label("Route").fill("IAH-PEK")
        booking.get_by_label("Departure (UTC)").fill(departure)
        booking.get_by_label("Escorts").fill("2")
        page.get_by_role("button", name="Schedule the transfer").click()
        done(page, "The transfer was scheduled and the requested state notified.")
        expect(page.locator("dl.facts").filter(has_text="Flight")).to_contain_text("UA857")
        # Three days pass: the flight was due three hours ago and left an hour late.
        with Session(live_server.engine) as session:
            flight = transfers.for_application(session=session, application=case)
            assert flight is not None
            flight.departure_at = utcnow() - timedelta(hours=3)
            session.commit()
        page.get_by_role("link", name="Depart", exact=True).click()
        expect(page.get_by_role("heading", name="Record the departure?")).to_be_visible()
        left = (utcnow() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        page.get_by_label("Departure time (UTC)").fill(left)
        page.get_by_role("button", name="Yes, record the departure").click()
        done(page, "Departure was recorded.")

        # A border officer checks the seal from the picture downloaded from the case page.
        with Session(live_server.engine) as session:
            document = issuing.current(session=session, application=case)
            assert document is not None
            number = document.number
        assert seal_name == f"ETD-{number}-seal.png"
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Check a document"
        ).click()
        page.get_by_label("Scan or photo of the seal").set_input_files(tmp_path / "seal.png")
        page.get_by_role("button", name="Check the seal").click()
        expect(page.locator("#verdict")).to_contain_text("Valid.")
        expect(page.locator("dl.facts")).to_contain_text(number)
        log_out(page)

        # The requested state confirms arrival and refers the person to reintegration.
        log_in(page, base, "CHN", Role.verifier, detail)
        report = page.get_by_role("group", name="Report the arrival")
        report.get_by_label("Arrived").check()
        report.get_by_label("Refer to a reintegration programme").check()
        page.get_by_role("button", name="Record").click()
        expect(page.get_by_role("main")).to_contain_text("referred to a reintegration programme")
        page.get_by_role("button", name="Yes, record the arrival").click()
        done(page, "The arrival was recorded and the case closed.")
        expect(page.locator("dl.facts").filter(has_text="On arrival")).to_contain_text(
            "Arrived; referred to reintegration"
        )
        expect(page.locator("dl.facts").first).to_contain_text("Closed")
