"""Travel documents in the pages: issue from the case page, print, and the border officer's
check page (upload a scan, see the verdict and the sealed data)."""

import io
import re
from html import escape

import pypdfium2
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.traveldocs import barcode, issuing
from tests.factories import World, make_case
from tests.pages.browsing import login


def test_issue_on_the_case_page_then_print(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.confirmed, index=11)
    db.commit()
    token = login(client, "CHN", Role.verifier)
    issued = client.post(
        f"/applications/{case.id}/actions/issue_travel_document", data={"csrf_token": token}
    )
    assert issued.status_code == 200 and 'id="travel-document"' in issued.text
    document = issuing.current(session=db, application=case)
    assert document is not None and document.number in issued.text
    printed = client.get(f"/applications/{case.id}/travel-document.pdf?page=ID3")
    assert printed.headers["content-type"] == "application/pdf"
    assert (
        document.mrz_line1
        in pypdfium2.PdfDocument(printed.content)[0].get_textpage().get_text_range()
    )


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
