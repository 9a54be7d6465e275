"""Travel documents in the pages: issue from the case page; download both PDFs and the seal
from it (either party, under distinct names, audited; other states 404); the border officer's
check page (upload a scan or the PDF, see the verdict and the sealed data; a hostile file is
refused with the reason, quickly)."""

import io
import re
import time
from html import escape

import httpx
import pypdfium2
import pytest
import zxingcpp
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit import uploads
from readmit.applications.enums import Status
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.traveldocs import barcode, issuing
from tests.factories import World, make_case
from tests.hostile_files import blank_pdf, bomb_png
from tests.pages.browsing import login


def test_issue_on_the_case_page_then_print(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.confirmed, index=11)
    db.commit()
    token = login(client, "CHN", Role.verifier)
    issued = client.post(
        f"/applications/{case.id}/actions/issue_travel_document",
        data={"csrf_token": token, "confirmed": "yes"},
    )
    assert issued.status_code == 200 and 'id="travel-document"' in issued.text
    document = issuing.current(session=db, application=case)
    assert document is not None and document.number in issued.text
    for link in ("Download A4 PDF", "Download ID-3 card PDF", "Barcode (visible digital seal) PNG"):
        assert f">{link}</a>" in issued.text
    printed = client.get(f"/applications/{case.id}/travel-document.pdf?page=ID3")
    assert printed.headers["content-type"] == "application/pdf"
    assert (
        document.mrz_line1
        in pypdfium2.PdfDocument(printed.content)[0].get_textpage().get_text_range()
    )


DOWNLOADS = {
    "travel-document.pdf?page=A4": ("application/pdf", "A4.pdf"),
    "travel-document.pdf?page=ID3": ("application/pdf", "ID3.pdf"),
    "travel-document.png": ("image/png", "seal.png"),
}


def _downloads(client: TestClient, case_id: int) -> dict[str, httpx.Response]:
    return {path: client.get(f"/applications/{case_id}/{path}") for path in DOWNLOADS}


def test_both_parties_download_the_pdfs_and_the_seal_under_distinct_names(
    client: TestClient, db: Session, world: World
) -> None:
    """As the API allows: every role of either party; each download audited."""
    case = make_case(db, world, status=Status.travel_document_issued, index=14)
    db.commit()
    document = issuing.current(session=db, application=case)
    assert document is not None
    for state in ("USA", "CHN"):
        for role in Role:
            client.cookies.clear()
            login(client, state, role)
            detail = client.get(f"/applications/{case.id}").text
            assert f'href="/applications/{case.id}/travel-document.png"' in detail
            for path, answer in _downloads(client, case.id).items():
                media_type, suffix = DOWNLOADS[path]
                assert answer.status_code == 200, (state, role, path, answer.status_code)
                assert answer.headers["content-type"] == media_type
                assert answer.headers["content-disposition"] == (
                    f'attachment; filename="ETD-{document.number}-{suffix}"'
                )
    seal = client.get(f"/applications/{case.id}/travel-document.png").content
    assert zxingcpp.read_barcodes(Image.open(io.BytesIO(seal)))[0].bytes == document.seal
    audited = db.scalars(
        select(AuditEvent).where(
            AuditEvent.application_id == case.id, AuditEvent.action == "traveldoc.download"
        )
    ).all()
    assert len(audited) == 2 * len(Role) * len(DOWNLOADS) + 1  # and the seal read just now
    assert {e.detail["copy"] for e in audited} == {"A4", "ID3", "seal"}
    assert {e.detail["number"] for e in audited} == {document.number}


def test_other_states_get_404_and_nobody_downloads_without_a_session(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=15)
    db.commit()
    for path, answer in _downloads(client, case.id).items():
        assert answer.status_code in (303, 307) or answer.url.path == "/login", path
        assert answer.headers.get("content-type", "").startswith("text/html"), path
    for state in ("GTM", "MEX"):
        for role in Role:
            client.cookies.clear()
            login(client, state, role)
            for path, answer in _downloads(client, case.id).items():
                assert answer.status_code == 404, (state, role, path)
    assert not db.scalars(
        select(AuditEvent).where(
            AuditEvent.application_id == case.id, AuditEvent.action == "traveldoc.download"
        )
    ).all()


def test_a_case_without_a_document_has_no_downloads(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed, index=16)
    db.commit()
    login(client, "USA", Role.case_officer)
    assert "Download A4 PDF" not in client.get(f"/applications/{case.id}").text
    for path, answer in _downloads(client, case.id).items():
        assert answer.status_code == 404, path
        assert "No travel document has been issued" in answer.text


def test_the_check_page_reads_a_scan_and_shows_the_verdict(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=12)
    db.commit()
    document = issuing.current(session=db, application=case)
    assert document is not None
    token = login(client, "USA", Role.case_officer)
    form = client.get("/travel-documents/verify")
    assert form.status_code == 200 and 'for="scan"' in form.text
    png = barcode.png(document.seal)
    valid = client.post(
        "/travel-documents/verify",
        data={"csrf_token": token},
        files={"scan": ("seal.png", io.BytesIO(png), "image/png")},
    )
    assert valid.status_code == 200, re.findall(r"<li>.*?</li>|<p>.*?</p>", valid.text)[:4]
    assert "<strong>Valid.</strong>" in valid.text
    assert document.number in valid.text and escape(document.mrz_line2) in valid.text
    tampered = bytearray(document.seal)
    tampered[-5] ^= 0xFF
    refused = client.post(
        "/travel-documents/verify",
        data={"csrf_token": token},
        files={"scan": ("seal.png", io.BytesIO(barcode.png(bytes(tampered))), "image/png")},
    )
    assert "<strong>Not valid:</strong> tampered" in refused.text
    empty = client.post("/travel-documents/verify", data={"csrf_token": token})
    assert empty.status_code == 422 and 'href="#scan"' in empty.text
    junk = client.post(
        "/travel-documents/verify",
        data={"csrf_token": token},
        files={"scan": ("seal.png", io.BytesIO(b"not an image"), "image/png")},
    )
    assert junk.status_code == 422 and "could not be read" in junk.text
    assert client.post("/travel-documents/verify", data={}).status_code in (400, 403)


def _check(client: TestClient, token: str, name: str, data: bytes) -> httpx.Response:
    return client.post(
        "/travel-documents/verify",
        data={"csrf_token": token},
        files={"scan": (name, io.BytesIO(data), "application/octet-stream")},
    )


def test_the_printed_pdf_is_read_in_a_worker_and_found_valid(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=13)
    db.commit()
    token = login(client, "USA", Role.case_officer)
    printed = client.get(f"/applications/{case.id}/travel-document.pdf?page=A4").content
    checked = _check(client, token, "document.pdf", printed)
    assert checked.status_code == 200 and "<strong>Valid.</strong>" in checked.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "blank.pdf",
            blank_pdf(300),
            "no DataMatrix seal found in the PDF (only its first 3 pages",
        ),
        ("bomb.png", bomb_png(), "the image has more than 50 million pixels; it was not decoded"),
        ("seal.png", bomb_png(1000)[:90], "the image is damaged or truncated"),
    ],
    ids=["300-blank-pages", "decompression-bomb", "damaged"],
)
def test_a_hostile_file_is_refused_quickly_with_the_reason(
    client: TestClient, world: World, name: str, data: bytes, reason: str
) -> None:
    token = login(client, "USA", Role.case_officer)
    started = time.monotonic()
    refused = _check(client, token, name, data)
    assert time.monotonic() - started < 8  # not 48 s of rendering 300 pages
    assert refused.status_code == 422 and "Traceback" not in refused.text
    assert f"The seal could not be read: {reason}" in refused.text
    assert 'href="#scan"' in refused.text


def test_when_too_many_files_wait_the_check_says_to_come_back(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = login(client, "USA", Role.case_officer)
    monkeypatch.setattr(uploads, "MAX_PENDING", 0)
    busy = _check(client, token, "seal.png", b"\x89PNG any scan")
    assert busy.status_code == 503 and "busy reading other files; try again" in busy.text
