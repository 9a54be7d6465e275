"""The passport scan on the application form, new and edit: read by real tesseract, the MRZ
and the empty fields filled in, what was typed kept and never overwritten, the notice to
check; a bad scan refused on the form; nothing stored but the audit record; per role, 403
and 404."""

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.synth import passport_scans
from tests.documents.scans import mrz, need_ocr, scan
from tests.factories import World, make_case
from tests.pages.browsing import login
from tests.pages.test_editing import _form

NOTICE = "Read by OCR from the scan: check every character against the passport before you save"


@pytest.fixture(autouse=True)
def _ocr_ready() -> None:
    need_ocr()


def _post(
    client: TestClient, path: str, token: str, typed: dict[str, str], data: bytes | None
) -> object:
    files = {"passport_scan": ("passport.jpg", data, "image/jpeg")} if data is not None else None
    return client.post(path, data={"csrf_token": token, **typed}, files=files)


def _ocr_events(db: Session) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == "document.ocr")))


def _applications(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Application)) or 0


@pytest.mark.parametrize("role", [Role.case_officer, Role.supervisor])
def test_a_scan_fills_the_new_form_and_keeps_what_was_typed(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    token = login(client, "USA", role)
    empty = client.get("/applications/new").text
    assert 'formaction="/applications/new/scan" formenctype="multipart/form-data"' in empty
    assert 'id="passport_scan" name="passport_scan"' in empty and NOTICE not in empty
    before = _applications(db)
    typed = {
        "requested_state": "CHN",
        "birth_date": "1974-08",  # typed: kept, though the MRZ has the day
        "birth_place": "Stockholm",
        "names-1-family": "Svensson",
        "names-1-given": "Anna",
        "names-1-source": "declared",
    }
    page = _post(client, "/applications/new/scan", token, typed, scan(0))
    assert page.status_code == 200
    assert f'<p class="notice warning" role="status" id="scan-notice">{NOTICE}</p>' in page.text
    fields = _form(page.text)
    line1, line2 = mrz(0)
    assert (fields["documents-0-mrz1"], fields["documents-0-mrz2"]) == (line1, line2)
    assert fields["documents-0-type"] == "passport"
    assert fields["documents-0-number"] == "L898902C3"
    assert fields["documents-0-issuing_state"] == "UTO"
    assert fields["sex"] == "F"
    assert fields["birth_date"] == "1974-08" and fields["birth_place"] == "Stockholm"
    assert fields["requested_state"] == "CHN"
    assert (fields["names-0-family"], fields["names-0-given"]) == ("ERIKSSON", "ANNA MARIA")
    assert fields["names-0-source"] == "document"
    assert (fields["names-1-family"], fields["names-1-given"]) == ("Svensson", "Anna")
    assert _applications(db) == before  # nothing saved until the officer saves
    [event] = _ocr_events(db)
    assert event.application_id is None and event.detail["valid"] is True
    assert event.detail["problem"] is None and len(event.detail["sha256"]) == 64
    # The form as it came back saves, with the MRZ that was read.
    fields["csrf_token"] = token
    saved = client.post("/applications", data=fields, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:2000]
    assert _applications(db) == before + 1


def test_a_name_already_typed_is_not_added_again(
    client: TestClient, db: Session, world: World
) -> None:
    token = login(client, "USA", Role.case_officer)
    typed = {"names-0-family": "Eriksson", "names-0-given": "Anna Maria", "sex": "X"}
    fields = _form(_post(client, "/applications/new/scan", token, typed, scan(0)).text)
    assert (fields["names-0-family"], fields["names-0-given"]) == ("Eriksson", "Anna Maria")
    assert fields.get("names-1-family", "") == "" and fields["sex"] == "X"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png(Image.new("L", (1200, 850), 240)), "No machine-readable zone was found"),
        (b"<html><body>passport</body></html>", "this file is an HTML page"),
        (None, "Choose a scan of the passport&#39;s data page"),
    ],
    ids=["blank", "html", "no-file"],
)
def test_a_scan_that_cannot_be_read_says_so_on_the_form(
    client: TestClient, db: Session, world: World, data: bytes | None, message: str
) -> None:
    token = login(client, "USA", Role.case_officer)
    typed = {"names-0-family": "Zhang", "names-0-given": "Wei", "birth_place": "Fuqing"}
    page = _post(client, "/applications/new/scan", token, typed, data)
    assert page.status_code == 422
    assert 'href="#passport_scan"' in page.text and message in page.text
    assert NOTICE not in page.text
    fields = _form(page.text)
    assert (fields["names-0-family"], fields["birth_place"]) == ("Zhang", "Fuqing")
    assert fields["documents-0-mrz1"] == "" and _ocr_events(db) == []


def test_a_read_whose_check_digit_fails_names_the_field(
    client: TestClient, db: Session, world: World
) -> None:
    line1, line2 = mrz(0)
    wrong = str((int(line2[19]) + 3) % 10)
    printed = (line1, line2[:19] + wrong + line2[20:])
    token = login(client, "USA", Role.case_officer)
    page = _post(client, "/applications/new/scan", token, {}, passport_scans.page(printed))
    assert page.status_code == 422
    assert NOTICE in page.text and 'href="#documents-0-mrz2"' in page.text
    assert f"birth date check digit is {wrong}, expected {line2[19]}" in page.text
    fields = _form(page.text)
    assert (fields["documents-0-mrz1"], fields["documents-0-mrz2"]) == printed
    assert fields["documents-0-number"] == "" and fields["names-0-family"] == ""
    [event] = _ocr_events(db)
    assert event.detail["valid"] is False
    assert event.detail["problem"] == "line2.birth_date_check"


def test_the_edit_form_reads_a_scan_into_an_empty_row(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, index=50)
    db.commit()
    token = login(client, "USA", Role.case_officer)
    fields = _form(client.get(f"/applications/{case.id}/edit").text)
    rows = [i for i in range(10) if fields.get(f"documents-{i}-type")]
    page = _post(client, f"/applications/{case.id}/edit/scan", token, fields, scan(1))
    assert page.status_code == 200 and NOTICE in page.text
    assert f'formaction="/applications/{case.id}/edit/scan"' in page.text
    after = _form(page.text)
    row = next(i for i in range(10) if i not in rows or after[f"documents-{i}-mrz1"])
    assert (after[f"documents-{row}-mrz1"], after[f"documents-{row}-mrz2"]) == mrz(1)
    # All that was typed is still there (the source of an empty name row is no typing: the
    # name read goes there as from a document); `next` is the language form's.
    for key, value in fields.items():
        empty_row = key.endswith("-source") and not fields[key.replace("source", "family")]
        if value and key not in ("csrf_token", "next") and not empty_row:
            assert after[key] == value, key
    [event] = _ocr_events(db)
    assert event.application_id == case.id


@pytest.mark.parametrize("role", [Role.verifier, Role.analyst, Role.protection_officer])
def test_other_roles_of_the_requesting_state_get_403(
    client: TestClient, world: World, role: Role
) -> None:
    token = login(client, "USA", role)
    assert _post(client, "/applications/new/scan", token, {}, scan(0)).status_code == 403


def test_the_requested_state_gets_404_on_a_draft_and_403_after(
    client: TestClient, db: Session, world: World
) -> None:
    draft = make_case(db, world, index=51)
    asked = make_case(db, world, status=Status.more_info_requested, index=52)
    db.commit()
    token = login(client, "CHN", Role.verifier)
    assert (
        _post(client, f"/applications/{draft.id}/edit/scan", token, {}, scan(0)).status_code == 404
    )
    assert (
        _post(client, f"/applications/{asked.id}/edit/scan", token, {}, scan(0)).status_code == 403
    )
    assert _ocr_events(db) == []


def test_a_scan_without_the_form_token_is_refused(client: TestClient, world: World) -> None:
    login(client, "USA", Role.case_officer)
    files = {"passport_scan": ("passport.png", scan(0), "image/png")}
    assert client.post("/applications/new/scan", files=files).status_code == 403
