"""The person's photo: supplied by the requesting state's officers, checked on upload (a real
JPEG or PNG, size, dimensions, no decompression bomb), re-encoded so that no EXIF or appended
bytes are kept, and printed on the travel document's data page."""

import io

import pypdfium2
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.photos import MAX_BYTES
from readmit.auth.models import Role
from tests.factories import World, make_case
from tests.hostile_files import APPENDED, CAMERA, bomb_png, jpeg_with_exif_and_html

API = "/api/v1/applications"
RED = (200, 30, 30)


def _image(kind: str, size: tuple[int, int] = (240, 300), colour=RED) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def _colour(data: bytes) -> tuple[int, ...]:
    """The average colour of an image."""
    return Image.open(io.BytesIO(data)).convert("RGB").resize((1, 1)).getpixel((0, 0))  # type: ignore[return-value]


def _upload(client: TestClient, url: str, headers: dict, data: bytes, name: str = "p.jpg"):
    return client.put(url, headers=headers, files={"file": (name, data, "image/jpeg")})


def _photo_box(pdf: bytes) -> Image.Image:
    """The ID-3 page's photo box (24 x 30 mm, 4 mm from the left, 10 mm from the top)."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=4).to_pil().convert("RGB")
    per_mm = 4 * 72 / 25.4
    return image.crop(tuple(round(v * per_mm) for v in (5, 11, 27, 39)))


def test_supplied_photo_is_printed_on_the_data_page(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed, index=30)
    db.commit()
    officer, verifier = world.headers("USA", Role.case_officer), world.headers("CHN", Role.verifier)
    jpeg = _image("JPEG")
    stored = _upload(client, f"{API}/{case.id}/photo", officer, jpeg)
    assert stored.status_code == 200, stored.text
    assert stored.json()["media_type"] == "image/jpeg"
    assert (stored.json()["width"], stored.json()["height"]) == (240, 300)
    fetched = client.get(f"{API}/{case.id}/photo", headers=verifier)
    assert fetched.headers["content-type"] == "image/jpeg"
    assert fetched.headers["x-content-type-options"] == "nosniff"
    assert _colour(fetched.content) == pytest.approx(RED, abs=8)
    assert client.post(f"{API}/{case.id}/travel-document", headers=verifier).status_code == 200
    printed = client.get(f"{API}/{case.id}/travel-document.pdf?page=ID3", headers=verifier)
    red, green, blue = _photo_box(printed.content).resize((1, 1)).getpixel((0, 0))  # type: ignore[misc]
    assert red > 150 and green < 90 and blue < 90, "the photo fills its box"
    text = pypdfium2.PdfDocument(printed.content)[0].get_textpage().get_text_range()
    assert "No photo" not in text
    # A later photo does not change the document already issued with the earlier one.
    _upload(client, f"{API}/{case.id}/photo", officer, _image("PNG", colour=(0, 0, 200)), "b.png")
    again = client.get(f"{API}/{case.id}/travel-document.pdf?page=ID3", headers=verifier)
    assert _photo_box(again.content).resize((1, 1)).getpixel((0, 0))[0] > 150  # type: ignore[index]
    auditor = world.headers("USA", Role.auditor)
    events = client.get(f"/api/v1/audit/events?application_id={case.id}", headers=auditor).json()
    assert [e["action"] for e in events].count("application.photo") == 2


def test_without_a_photo_the_box_says_so(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.confirmed, index=31)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    assert client.get(f"{API}/{case.id}/photo", headers=verifier).status_code == 404
    assert client.post(f"{API}/{case.id}/travel-document", headers=verifier).status_code == 200
    for page in ("A4", "ID3"):
        printed = client.get(f"{API}/{case.id}/travel-document.pdf?page={page}", headers=verifier)
        text = pypdfium2.PdfDocument(printed.content)[0].get_textpage().get_text_range()
        assert "No photo" in text and "supplied" in text


def test_who_may_supply_a_photo(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.under_verification, index=32)
    db.commit()
    url, jpeg = f"{API}/{case.id}/photo", _image("JPEG")
    assert _upload(client, url, world.headers("CHN", Role.verifier), jpeg).status_code == 403
    assert _upload(client, url, world.headers("USA", Role.analyst), jpeg).status_code == 403
    assert _upload(client, url, world.headers("GTM", Role.verifier), jpeg).status_code == 404
    assert client.get(url, headers=world.headers("MEX", Role.case_officer)).status_code == 404
    assert _upload(client, url, world.headers("USA", Role.supervisor), jpeg).status_code == 200
    withdrawn = make_case(db, world, status=Status.withdrawn, index=33)
    db.commit()
    late = _upload(client, f"{API}/{withdrawn.id}/photo", world.headers("USA", Role.case_officer),
                   jpeg)  # fmt: skip
    assert late.status_code == 409


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.7 not a photo", "not an image that can be read"),
        (_image("GIF"), "a GIF image; send a JPEG or PNG"),
        (_image("JPEG")[:400], "damaged or truncated"),
        (_image("PNG", size=(100, 300)), "100 × 300 pixels; each side must be 120 to 6000"),
        (b"\xff\xd8\xff" + bytes(MAX_BYTES), "larger than the 2 MB limit"),
        (bomb_png(), "more than 50 million pixels"),
    ],
    ids=["empty", "pdf", "gif", "truncated", "too-small", "too-large", "bomb"],
)
def test_bad_photos_are_refused_with_the_reason(
    client: TestClient, db: Session, world: World, data: bytes, message: str
) -> None:
    case = make_case(db, world, index=34)
    db.commit()
    officer = world.headers("USA", Role.case_officer)
    refused = _upload(client, f"{API}/{case.id}/photo", officer, data)
    assert refused.status_code == 422
    problem = refused.json()["detail"][0]
    assert problem["loc"] == ["file"] and message in problem["msg"]
    assert client.get(f"{API}/{case.id}/photo", headers=officer).status_code == 404


def test_exif_and_appended_html_are_neither_kept_nor_served_nor_printed(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed, index=35)
    db.commit()
    officer, verifier = world.headers("USA", Role.case_officer), world.headers("CHN", Role.verifier)
    sent = jpeg_with_exif_and_html(size=(240, 300), rotated=True)
    assert CAMERA.encode() in sent and APPENDED in sent
    stored = _upload(client, f"{API}/{case.id}/photo", officer, sent)
    assert stored.status_code == 200, stored.text
    # Turned as the EXIF said it is shown, before the EXIF is dropped.
    assert (stored.json()["width"], stored.json()["height"]) == (300, 240)
    served = client.get(f"{API}/{case.id}/photo", headers=verifier).content
    assert served.endswith(b"\xff\xd9") and APPENDED not in served
    assert CAMERA.encode() not in served and b"secret note" not in served
    image = Image.open(io.BytesIO(served))
    assert image.format == "JPEG" and image.size == (300, 240) and not image.getexif()
    assert _colour(served) == pytest.approx(RED, abs=8)
    assert client.post(f"{API}/{case.id}/travel-document", headers=verifier).status_code == 200
    printed = client.get(f"{API}/{case.id}/travel-document.pdf?page=ID3", headers=verifier)
    assert CAMERA.encode() not in printed.content and APPENDED not in printed.content
