"""Editing, attachments and an answer to a request for information in a real browser: the
requesting state's case officer edits a draft, attaches a passport scan and submits; the
requested state's verifier sees the scan and asks for more; the officer answers on the answer
form with the hukou page attached; the verifier reads the answer and downloads the page.
And, on the same real server, two officers saving an edit of one case at the same moment."""

import copy
import re
import threading
from pathlib import Path

import httpx
import pytest
from fpdf import FPDF
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from tests.browser.conftest import LiveServer, browser_page, done, log_in, log_out
from tests.factories import make_case

QUESTION = "Please send the hukou page that shows the person's household."
ANSWER = "The hukou page is attached; the household is registered in Changle."


def _pdf(path: Path, text: str) -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("Helvetica", size=14)
    document.cell(text=text)
    document.output(str(path))
    return path.read_bytes()


@pytest.mark.browser
def test_edit_attach_submit_request_answer(live_server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    with Session(live_server.engine, expire_on_commit=False) as session:
        case = make_case(session, live_server.world, index=23)
        session.commit()
    detail = f"/applications/{case.id}"
    _pdf(tmp_path / "passport.pdf", "Passport data page")
    hukou = _pdf(tmp_path / "hukou.pdf", "Household register page")

    with browser_page() as page:
        # The case officer edits the draft on its form, then attaches the passport scan.
        log_in(page, base, "USA", Role.case_officer, detail)
        page.get_by_role("link", name="Edit the particulars").click()
        expect(page.get_by_role("heading", name=re.compile("Edit application"))).to_be_visible()
        name = page.get_by_role("group", name="Name 1 (required)")
        expect(name.get_by_label("Family name")).to_have_value(case.names[0].family)
        page.get_by_label("Place of birth").fill("Mawei district, Fuzhou")
        page.get_by_role("button", name="Save changes").click()
        done(page, "Your changes were saved.")
        expect(page.get_by_text("Mawei district, Fuzhou").first).to_be_visible()
        form = page.get_by_role("group", name="Attach a document")
        form.get_by_label("Type of document").select_option("passport_scan")
        form.get_by_label("File").set_input_files(tmp_path / "passport.pdf")
        page.get_by_role("button", name="Attach document").click()
        done(page, "The document was attached.")
        row = page.get_by_role("row", name=re.compile("^Passport scan"))
        expect(row).to_contain_text("passport.pdf")
        expect(row).to_contain_text("Shared with CHN")
        page.get_by_role("button", name="Submit", exact=True).click()
        page.get_by_role("button", name="Yes, submit").click()
        done(page, "The application was submitted to the requested state.")
        log_out(page)

        # The verifier sees the scan, starts verifying and asks for the hukou page.
        log_in(page, base, "CHN", Role.verifier, detail)
        expect(page.get_by_role("link", name="passport.pdf")).to_be_visible()
        page.goto(base + detail + "/verify")
        page.get_by_role("button", name="Receive", exact=True).click()
        done(page, "Receipt of the application was recorded.")
        page.get_by_role("button", name="Start verification").click()
        done(page, "Verification has started.")
        page.get_by_label("What is needed").select_option("missing_documents")
        page.get_by_label("Explanation").last.fill(QUESTION)
        page.get_by_role("button", name="Request information").click()
        done(page, "Your decision was recorded.")
        log_out(page)

        # The case officer answers on the answer form, the hukou page attached.
        log_in(page, base, "USA", Role.case_officer, detail)
        expect(page.get_by_role("button", name="Provide info")).to_have_count(0)
        page.get_by_role("link", name="Answer the request for information").click()
        expect(page.get_by_text(QUESTION)).to_be_visible()
        page.get_by_label("Your answer").fill(ANSWER)
        first = page.get_by_role("group", name="Document 1")
        first.get_by_label("Type of document").select_option("hukou_page")
        first.get_by_label("File").set_input_files(tmp_path / "hukou.pdf")
        page.get_by_role("button", name=re.compile("^Send the answer")).click()
        sent = (
            "Your answer was sent and the case is back with the requested state for verification."
        )
        done(page, sent)
        expect(page.locator("dl.facts strong")).to_have_text("Under verification")
        log_out(page)

        # The verifier reads the answer and downloads the page sent with it.
        log_in(page, base, "CHN", Role.verifier, detail)
        message = page.get_by_role("listitem").filter(has_text=ANSWER)
        expect(message).to_be_visible()
        with page.expect_download() as download:
            message.get_by_role("link", name="hukou.pdf").click()
        assert download.value.suggested_filename == "hukou.pdf"
        download.value.save_as(tmp_path / "received.pdf")
        assert (tmp_path / "received.pdf").read_bytes() == hukou


def test_two_editors_at_once_one_wins(live_server: LiveServer) -> None:
    """Released together by a barrier, two edits made on the same version: one is saved, the
    other is refused with 409 (it waited for the case's lock, then saw the new version)."""
    base, world = live_server.url, live_server.world
    with Session(live_server.engine, expire_on_commit=False) as session:
        case = make_case(session, world, index=24)
        session.commit()
    url = f"{base}/api/v1/applications/{case.id}"
    officers = [world.headers("USA", Role.case_officer), world.headers("USA", Role.supervisor)]
    person = httpx.get(url, headers=officers[0]).json()["person"]
    for document in person["documents"]:
        for derived in ("number_check", "number_check_note", "number_check_label"):
            document.pop(derived, None)
    barrier, answers = threading.Barrier(2), {}

    def edit(headers: dict[str, str], place: str) -> None:
        body = {"version": 1, "person": copy.deepcopy(person) | {"birth_place": place}}
        barrier.wait()
        answers[place] = httpx.patch(url, headers=headers, json=body, timeout=60)

    threads = [
        threading.Thread(target=edit, args=(headers, place))
        for headers, place in zip(officers, ("Fuzhou", "Changle"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(answer.status_code for answer in answers.values())
    assert codes == [200, 409], {place: a.text for place, a in answers.items()}
    winner = next(place for place, answer in answers.items() if answer.status_code == 200)
    final = httpx.get(url, headers=officers[0]).json()
    assert final["version"] == 2 and final["person"]["birth_place"] == winner
