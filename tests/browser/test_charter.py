"""A charter in a real browser: the requesting state's officer creates it with two people,
adds a third, sees a protection hold fail the lock check for one person, takes that person
off, locks, is refused departure days before the booked time (on the confirmation form) and
records it once the flight is due; the requested state reads the manifest and confirms an
arrival, which closes the case and completes the flight."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.transfers.models import Transfer
from tests.browser.conftest import (
    LiveServer,
    browser_page,
    done,
    log_in,
    log_out,
)
from tests.factories import make_case


@pytest.mark.browser
def test_build_check_lock_and_fly_a_charter(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base, world = live_server.url, live_server.world
    with Session(live_server.engine, expire_on_commit=False) as session:
        held, flying, added = (
            make_case(session, world, status=Status.travel_document_issued, index=i)
            for i in (45, 46, 47)
        )
        session.commit()
    departure = (utcnow() + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")

    with browser_page() as page:
        # The requesting state's officer creates the charter with two people.
        log_in(page, base, "USA", Role.case_officer)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Transfers").click()
        page.get_by_role("link", name="New charter").click()
        flight = page.get_by_role("group", name="Flight")
        flight.get_by_label("Carrier").fill("Omni Air International")
        flight.get_by_label("Flight number").fill("ox 3101")
        flight.get_by_label("Route").fill("IAH-PEK")
        flight.get_by_label("Departure (UTC)").fill(departure)
        flight.get_by_label("Escorts").fill("8")
        people = page.get_by_role("group", name="People on board")
        people.get_by_label(f"{held.reference} –", exact=False).check()
        people.get_by_label(f"{flying.reference} –", exact=False).check()
        page.get_by_role("button", name="Create the charter").click()
        done(page, "The charter was created and the requested state notified.")
        manifest = page.get_by_role("table")
        expect(manifest).to_contain_text(held.reference)
        expect(manifest).to_contain_text(flying.reference)

        # A third person joins; then an asylum claim holds the first one back.
        page.get_by_label("Case with a travel document for CHN").select_option(str(added.id))
        page.get_by_role("button", name="Add to the manifest").click()
        done(page, "The case was added to the manifest.")
        expect(manifest.get_by_role("row")).to_have_count(4)
        with Session(live_server.engine) as session:
            protection.open_flag(
                session=session,
                user=world.user(session, "USA", Role.protection_officer),
                application=session.merge(held),
                kind=ProtectionKind.asylum_pending,
                note="claim lodged at the airport",
            )
            session.commit()
        page.get_by_role("button", name="Lock the manifest").click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text(
            f"Cannot lock the manifest: {held.reference}: an open protection hold"
        )
        expect(page.locator(f"#case-{held.id}")).to_contain_text(
            "Fails: an open protection hold blocks this step"
        )
        expect(page.locator(f"#case-{flying.id}")).to_contain_text("Ready")
        page.get_by_role("button", name=f"Remove {held.reference} from the manifest").click()
        done(page, "The case was taken off the manifest; it keeps its travel document.")
        page.get_by_role("button", name="Lock the manifest").click()
        done(page, "The manifest was checked and locked.")
        expect(page.get_by_role("button", name="Add to the manifest")).to_have_count(0)
        charter_url = page.url.split("?")[0]
        page.get_by_role("button", name="Mark as departed").click()
        expect(page.get_by_role("heading", name="Record the departure?")).to_be_visible()
        page.get_by_role("button", name="Yes, record the departure").click()
        expect(page.get_by_role("alert")).to_contain_text("is booked to leave at")
        expect(page.get_by_label("Departure time (UTC)")).to_have_attribute("aria-invalid", "true")
        # Four days pass: the flight was due three hours ago and left two hours ago.
        with Session(live_server.engine) as session:
            charter = session.get(Transfer, int(charter_url.rsplit("/", 1)[1]))
            assert charter is not None
            charter.departure_at = utcnow() - timedelta(hours=3)
            session.commit()
        left = (utcnow() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        page.get_by_label("Departure time (UTC)").fill(left)
        page.get_by_role("button", name="Yes, record the departure").click()
        done(page, "Departure was recorded.")
        expect(page.locator("dl.facts")).to_contain_text("Departed")
        log_out(page)

        # The requested state reads the manifest, then confirms one arrival.
        log_in(page, base, "CHN", Role.verifier, charter_url.removeprefix(base))
        expect(page.get_by_role("table")).to_contain_text(flying.reference)
        expect(page.get_by_role("table")).not_to_contain_text(held.reference)
        expect(page.get_by_role("button", name="Mark as departed")).to_have_count(0)
        expect(page.get_by_role("main")).not_to_contain_text("Fails")
        page.get_by_role("link", name=flying.reference).click()
        report = page.get_by_role("group", name="Report the arrival")
        report.get_by_label("Arrived").check()
        page.get_by_role("button", name="Record").click()
        page.get_by_role("button", name="Yes, record the arrival").click()
        done(page, "The arrival was recorded and the case closed.")
        expect(page.locator("dl.facts").first).to_contain_text("Closed")
        # Until everyone on board has an outcome the flight stays "Departed", then it arrives.
        page.goto(charter_url)
        expect(page.locator("dl.facts")).to_contain_text("Departed")
        page.get_by_role("link", name=added.reference).click()
        page.get_by_role("group", name="Report the arrival").get_by_label("Arrived").check()
        page.get_by_role("button", name="Record").click()
        page.get_by_role("button", name="Yes, record the arrival").click()
        done(page, "The arrival was recorded and the case closed.")
        page.goto(charter_url)
        expect(page.locator("dl.facts")).to_contain_text("Arrived")
