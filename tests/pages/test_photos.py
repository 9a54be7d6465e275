"""The person's photo on the case page: the requesting state's case officers and supervisors
upload it (CSRF, multipart, the API's checks shown next to the field); both parties see it;
nobody else sees the case."""

import io
from html import escape

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.applications.photos import MAX_BYTES
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from tests.factories import World, make_case
from tests.hostile_files import APPENDED, CAMERA, bomb_png, jpeg_with_exif_and_html
from tests.pages.browsing import login

FORM = 'enctype="multipart/form-data"'


def _image(kind: str, size: tuple[int, int] = (240, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, kind)
    return buffer.getvalue()


def _upload(client: TestClient, case: Application, token: str, data: bytes, name: str = "p.jpg"):
    return client.post(
        f"/applications/{case.id}/photo",
        data={"csrf_token": token},
        files={"photo": (name, data, "image/jpeg")},
    )


def _case(db: Session, world: World, index: int, status: Status = Status.under_verification):
    case = make_case(db, world, status=status, index=index)
    db.commit()
    return case


@pytest.mark.parametrize("role", [Role.case_officer, Role.supervisor])
def test_requesting_officers_upload_and_see_the_photo(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = _case(db, world, index=40)
    token = login(client, "USA", role)
    before = client.get(f"/applications/{case.id}").text
    assert FORM in before and '<label for="photo">Photo of the person</label>' in before
    assert "No photo has been supplied" in before
    jpeg = _image("JPEG")
    saved = _upload(client, case, token, jpeg)
    assert saved.status_code == 200 and saved.url.fragment == "person-photo"
    assert "The photo was saved" in saved.text
    assert f'src="/applications/{case.id}/photo?v=' in saved.text
    assert f'alt="Photo of {escape(case.display_name)} supplied by USA"' in saved.text
    assert "Replace the photo" in saved.text
    image = client.get(f"/applications/{case.id}/photo")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).size == (240, 300)
    assert image.headers["cache-control"] == "no-store"
    assert image.headers["x-content-type-options"] == "nosniff"
    audited = db.scalars(
        select(AuditEvent).where(
            AuditEvent.application_id == case.id, AuditEvent.action == "application.photo"
        )
    ).all()
    assert len(audited) == 1


@pytest.mark.parametrize("role", [Role.verifier, Role.supervisor])
def test_requested_state_sees_the_photo_but_may_not_upload(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = _case(db, world, index=41)
    _upload(client, case, login(client, "USA", Role.case_officer), _image("PNG"), "p.png")
    client.cookies.clear()
    token = login(client, "CHN", role)
    detail = client.get(f"/applications/{case.id}").text
    assert 'alt="Photo of' in detail and FORM not in detail and 'id="photo"' not in detail
    assert client.get(f"/applications/{case.id}/photo").headers["content-type"] == "image/png"
    refused = _upload(client, case, token, _image("JPEG"))
    assert refused.status_code == 403 and "requesting state" in refused.text


def test_requesting_analyst_sees_no_form(client: TestClient, db: Session, world: World) -> None:
    case = _case(db, world, index=42)
    token = login(client, "USA", Role.analyst)
    assert FORM not in client.get(f"/applications/{case.id}").text
    assert _upload(client, case, token, _image("JPEG")).status_code == 403


@pytest.mark.parametrize(("state", "role"), [("GTM", Role.verifier), ("MEX", Role.case_officer)])
def test_another_corridor_finds_nothing(
    client: TestClient, db: Session, world: World, state: str, role: Role
) -> None:
    case = _case(db, world, index=43)
    _upload(client, case, login(client, "USA", Role.case_officer), _image("JPEG"))
    client.cookies.clear()
    token = login(client, state, role)
    assert client.get(f"/applications/{case.id}").status_code == 404
    assert client.get(f"/applications/{case.id}/photo").status_code == 404
    assert _upload(client, case, token, _image("JPEG")).status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (_image("GIF"), "p.gif", "The photo is a GIF image; send a JPEG or PNG"),
        (b"%PDF-1.7 not a photo", "p.pdf", "The file is not an image that can be read"),
        (b"\xff\xd8\xff" + bytes(MAX_BYTES), "big.jpg", "The photo is larger than the 2 MB limit"),
        (_image("PNG", (100, 300)), "s.png", "The photo is 100 × 300 pixels; each side must be"),
        (bomb_png(), "b.png", "The image has more than 50 million pixels; it was not decoded"),
        (None, "", "Choose a JPEG or PNG photo to upload"),
    ],
    ids=["wrong-type", "not-an-image", "too-big", "too-small", "bomb", "no-file"],
)
def test_a_bad_file_is_refused_next_to_the_field(
    client: TestClient, db: Session, world: World, data: bytes | None, name: str, message: str
) -> None:
    case = _case(db, world, index=44)
    token = login(client, "USA", Role.case_officer)
    if data is None:  # the browser sends an empty file part when nothing was chosen
        refused = client.post(
            f"/applications/{case.id}/photo",
            data={"csrf_token": token},
            files={"photo": ("", b"", "application/octet-stream")},
        )
    else:
        refused = _upload(client, case, token, data, name)
    assert refused.status_code == 422
    page = refused.text
    assert "There is a problem" in page and f'<a href="#photo">Photo: {message}' in page
    assert 'class="field has-error"' in page and 'aria-invalid="true"' in page
    assert f'<span class="visually-hidden">Error:</span> {message}' in page
    assert "Traceback" not in page and FORM in page
    assert client.get(f"/applications/{case.id}/photo").status_code == 404


def test_the_uploaded_photo_is_served_without_exif_or_appended_html(
    client: TestClient, db: Session, world: World
) -> None:
    case = _case(db, world, index=47)
    token = login(client, "USA", Role.case_officer)
    saved = _upload(client, case, token, jpeg_with_exif_and_html())
    assert saved.status_code == 200 and "The photo was saved" in saved.text
    served = client.get(f"/applications/{case.id}/photo").content
    assert APPENDED not in served and CAMERA.encode() not in served
    assert not Image.open(io.BytesIO(served)).getexif()


def test_the_form_needs_its_csrf_token_and_a_live_case(
    client: TestClient, db: Session, world: World
) -> None:
    case = _case(db, world, index=45)
    login(client, "USA", Role.case_officer)
    assert _upload(client, case, "forged", _image("JPEG")).status_code == 403
    withdrawn = _case(db, world, index=46, status=Status.withdrawn)
    token = login(client, "USA", Role.case_officer)
    assert FORM not in client.get(f"/applications/{withdrawn.id}").text
    assert _upload(client, withdrawn, token, _image("JPEG")).status_code == 409
    client.cookies.clear()
    anonymous = client.get(f"/applications/{case.id}/photo", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
