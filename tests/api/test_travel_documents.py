"""Issuing, reading, reissuing and checking emergency travel documents through the API."""

import base64
import io

import pypdfium2
import zxingcpp
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from tests.factories import World, make_case

API = "/api/v1/applications"


def test_issue_read_png_and_verify(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.confirmed, index=2)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    issued = client.post(f"{API}/{case.id}/travel-document", headers=verifier)
    assert issued.status_code == 200, issued.text
    body = issued.json()
    person = world.registers["CHN"][2]
    assert body["route"] == "USA CHN" and not body["revoked"]
    assert [len(line) for line in body["mrz"]] == [44, 44]
    assert body["mrz"][0].startswith("PECHN")
    assert body["mrz"][1][13:19] == person.birth_date.strftime("%y%m%d")
    officer = world.headers("USA", Role.case_officer)
    assert client.get(f"{API}/{case.id}", headers=officer).json()["status"] == (
        "travel_document_issued"
    )
    assert client.get(f"{API}/{case.id}/travel-document", headers=officer).json() == body
    png = client.get(f"{API}/{case.id}/travel-document.png", headers=officer)
    assert png.headers["content-type"] == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))[0].bytes
    assert base64.b64encode(decoded).decode() == body["seal_base64"]
    checked = client.post(
        "/api/v1/travel-documents/verify",
        headers=officer,
        json={"seal_base64": body["seal_base64"]},
    ).json()
    assert checked["valid"] and checked["data"]["document_number"] == body["number"]
    assert checked["data"]["native_name"] == f"{person.family_name} {person.given_names}"


def test_reissue_revokes_the_earlier_document(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed, index=3)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    first = client.post(f"{API}/{case.id}/travel-document", headers=verifier).json()
    second = client.post(f"{API}/{case.id}/travel-document", headers=verifier).json()
    assert second["number"] != first["number"]
    old = client.post(
        "/api/v1/travel-documents/verify",
        headers=verifier,
        json={"seal_base64": first["seal_base64"]},
    ).json()
    assert not old["valid"] and old["reason"].startswith("revoked") and "reissued" in old["reason"]


def test_who_may_issue(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.confirmed, index=4)
    db.commit()
    url = f"{API}/{case.id}/travel-document"
    assert client.post(url, headers=world.headers("USA", Role.case_officer)).status_code == 403
    assert client.post(url, headers=world.headers("CHN", Role.case_officer)).status_code == 403
    assert client.post(url, headers=world.headers("GTM", Role.verifier)).status_code == 404
    assert client.get(url, headers=world.headers("CHN", Role.verifier)).status_code == 404


def test_only_a_confirmed_case_gets_a_document(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification, index=5)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    refused = client.post(f"{API}/{case.id}/travel-document", headers=verifier)
    assert refused.status_code == 409 and "confirmed" in refused.text
    sideways = client.post(
        f"{API}/{case.id}/transitions", headers=verifier, json={"action": "issue_travel_document"}
    )
    assert sideways.status_code == 409 and "/travel-document" in sideways.text


def test_bad_seal_input_is_a_clear_422(client: TestClient, world: World) -> None:
    headers = world.headers("USA", Role.case_officer)
    for bad in ("not base64 at all!", "AAA\u0080"):
        answer = client.post(
            "/api/v1/travel-documents/verify", headers=headers, json={"seal_base64": bad}
        )
        assert answer.status_code == 422
    garbage = base64.b64encode(b"\xdc\x03garbage").decode()
    answer = client.post(
        "/api/v1/travel-documents/verify", headers=headers, json={"seal_base64": garbage}
    )
    assert answer.status_code == 200 and answer.json()["reason"].startswith("malformed")


def _inked(page: "pypdfium2.PdfPage", image: Image.Image, index: int) -> bool:
    """Whether the character's box on the page rasterises to dark pixels (a glyph, not blank)."""
    left, bottom, right, top = page.get_textpage().get_charbox(index)
    height = page.get_size()[1]
    box = (
        int(left * 4),
        int((height - top) * 4),
        int(right * 4) + 1,
        int((height - bottom) * 4) + 1,
    )
    return image.convert("L").crop(box).getextrema()[0] < 100


def test_the_pdf_prints_the_han_name_rasterises_and_its_seal_verifies(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed, index=6)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    body = client.post(f"{API}/{case.id}/travel-document", headers=verifier).json()
    person = world.registers["CHN"][6]
    native = f"{person.family_name} {person.given_names}"
    for page, size_mm in (("A4", (210, 297)), ("ID3", (125, 88))):
        answer = client.get(f"{API}/{case.id}/travel-document.pdf?page={page}", headers=verifier)
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
        document = pypdfium2.PdfDocument(answer.content)
        width, height = document[0].get_size()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == size_mm
        text = document[0].get_textpage().get_text_range()
        assert body["mrz"][0] in text and body["mrz"][1] in text and body["number"] in text
        assert native in text and any("\u4e00" <= c <= "\u9fff" for c in native)
        image = document[0].render(scale=4).to_pil()
        assert _inked(document[0], image, text.index(native[0])), "the Han glyph is drawn"
        seal = zxingcpp.read_barcodes(image)[0].bytes
        document.close()
        assert base64.b64encode(seal).decode() == body["seal_base64"]
    assert (
        client.get(f"{API}/{case.id}/travel-document.pdf?page=A5", headers=verifier).status_code
        == 422
    )
