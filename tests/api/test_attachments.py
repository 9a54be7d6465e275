"""Attachments through the API: the requesting state attaches PDFs, JPEGs and PNGs (checked by
their content, within the size limit); the requested state sees and downloads only the shared
ones, never protection evidence, even by guessing its id; every download is audited; an
attachment is deleted only before the case is first submitted."""

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from fpdf import FPDF
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.attachments.models import Attachment
from readmit.auth.models import Role
from readmit.config import get_settings
from tests.factories import World, make_case
from tests.hostile_files import APPENDED, CAMERA, jpeg_with_exif_and_html

API = "/api/v1/applications"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def pdf(text: str = "Passport of ZHANG WEI") -> bytes:
    """A real one-page PDF."""
    document = FPDF()
    document.add_page()
    document.set_font("Helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


PASSPORT = pdf()


def image(kind: str = "PNG", size: tuple[int, int] = (300, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, kind)
    return buffer.getvalue()


def attach(
    client: TestClient,
    case: Application,
    headers: dict[str, str],
    data: bytes,
    name: str,
    kind: str,
    shared: bool | None = None,
):
    """POST one file as multipart, as any API client would."""
    fields: dict = {"file": (name, data, "application/octet-stream"), "kind": (None, kind)}
    if shared is not None:
        fields["shared"] = (None, "true" if shared else "false")
    return client.post(f"{API}/{case.id}/attachments", headers=headers, files=fields)


def _case(db: Session, world: World, index: int, status: Status = Status.submitted):
    case = make_case(db, world, status=status, index=index)
    db.commit()
    return case


def _audited(client: TestClient, world: World, state: str, case: Application) -> list[str]:
    events = client.get(
        f"/api/v1/audit/events?application_id={case.id}", headers=world.headers(state, Role.auditor)
    ).json()
    return [event["action"] for event in events]


@pytest.fixture
def three(client: TestClient, db: Session, world: World) -> tuple[Application, dict[str, int]]:
    """A submitted case with a passport scan (shared by default), a court order (kept by
    default) and protection evidence (never shared)."""
    case = _case(db, world, index=50)
    officer = world.headers("USA", Role.case_officer)
    guard = world.headers("USA", Role.protection_officer)
    ids = {}
    for kind, data, name, headers in [
        ("passport_scan", PASSPORT, "passport.pdf", officer),
        ("court_order", image(), "order.png", officer),
        ("protection_evidence", pdf("Asylum interview record"), "asylum.pdf", guard),
    ]:
        stored = attach(client, case, headers, data, name, kind)
        assert stored.status_code == 201, stored.text
        ids[kind] = stored.json()["id"]
    return case, ids


def test_shared_attachments_reach_the_requested_state_kept_ones_do_not(
    client: TestClient, world: World, three: tuple[Application, dict[str, int]]
) -> None:
    case, ids = three
    officer = world.headers("USA", Role.case_officer)
    listed = {
        a["kind"]: a for a in client.get(f"{API}/{case.id}/attachments", headers=officer).json()
    }
    assert set(listed) == {"passport_scan", "court_order", "protection_evidence"}
    assert listed["passport_scan"]["shared"] is True
    assert listed["court_order"]["shared"] is False
    assert listed["protection_evidence"]["shared"] is False
    assert listed["passport_scan"]["kind_label"] == "Passport scan"
    assert listed["passport_scan"]["uploaded_by_name"] == "case_officer"
    verifier = world.headers("CHN", Role.verifier)
    seen = client.get(f"{API}/{case.id}/attachments", headers=verifier).json()
    assert [a["kind"] for a in seen] == ["passport_scan"]
    assert seen[0]["uploaded_by_state"] == "USA" and seen[0]["uploaded_by_name"] is None
    got = client.get(f"{API}/{case.id}/attachments/{ids['passport_scan']}", headers=verifier)
    assert got.status_code == 200 and got.content == PASSPORT
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith('attachment; filename="passport.pdf"')
    assert got.headers["x-content-type-options"] == "nosniff"
    kept = client.get(f"{API}/{case.id}/attachments/{ids['court_order']}", headers=verifier)
    assert kept.status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_protection_evidence_never_reaches_the_requested_state(
    client: TestClient, world: World, three: tuple[Application, dict[str, int]], role: Role
) -> None:
    case, ids = three
    headers = world.headers("CHN", role)
    # Guessing: every id around the case's attachments answers 404 but the shared one.
    for guess in range(max(1, min(ids.values()) - 2), max(ids.values()) + 3):
        answer = client.get(f"{API}/{case.id}/attachments/{guess}", headers=headers)
        expected = 200 if guess == ids["passport_scan"] else 404
        assert answer.status_code == expected, (guess, answer.text)
        assert b"Asylum" not in answer.content and b"protection" not in answer.content
    listed = client.get(f"{API}/{case.id}/attachments", headers=headers).text
    assert "protection" not in listed and "asylum" not in listed


def test_within_the_requesting_state_protection_evidence_follows_protection_roles(
    client: TestClient, world: World, three: tuple[Application, dict[str, int]]
) -> None:
    case, ids = three
    url = f"{API}/{case.id}/attachments"
    for role in (Role.protection_officer, Role.supervisor, Role.case_officer):
        kinds = {a["kind"] for a in client.get(url, headers=world.headers("USA", role)).json()}
        assert "protection_evidence" in kinds, role
    for role in (Role.analyst, Role.auditor, Role.verifier, Role.admin):
        headers = world.headers("USA", role)
        kinds = {a["kind"] for a in client.get(url, headers=headers).json()}
        assert kinds == {"passport_scan", "court_order"}, role
        hidden = client.get(f"{url}/{ids['protection_evidence']}", headers=headers)
        assert hidden.status_code == 404, role


@pytest.mark.parametrize(("state", "role"), [("GTM", Role.verifier), ("MEX", Role.case_officer)])
def test_another_corridor_finds_nothing(
    client: TestClient,
    world: World,
    three: tuple[Application, dict[str, int]],
    state: str,
    role: Role,
) -> None:
    case, ids = three
    headers = world.headers(state, role)
    assert client.get(f"{API}/{case.id}/attachments", headers=headers).status_code == 404
    url = f"{API}/{case.id}/attachments/{ids['passport_scan']}"
    assert client.get(url, headers=headers).status_code == 404
    assert client.delete(url, headers=headers).status_code == 404
    assert attach(client, case, headers, pdf(), "p.pdf", "passport_scan").status_code == 404


def test_every_download_is_audited_for_the_downloader(
    client: TestClient, world: World, three: tuple[Application, dict[str, int]]
) -> None:
    case, ids = three
    url = f"{API}/{case.id}/attachments/{ids['passport_scan']}"
    client.get(url, headers=world.headers("CHN", Role.verifier))
    client.get(url, headers=world.headers("USA", Role.analyst))
    client.get(url, headers=world.headers("USA", Role.analyst))
    assert _audited(client, world, "CHN", case).count("attachment.download") == 1
    usa = _audited(client, world, "USA", case)
    assert usa.count("attachment.download") == 2 and usa.count("attachment.add") == 3


def test_who_may_attach(client: TestClient, db: Session, world: World) -> None:
    case = _case(db, world, index=51)
    data = pdf()
    for state, role, kind, expected in [
        ("CHN", Role.verifier, "passport_scan", 403),
        ("CHN", Role.supervisor, "passport_scan", 403),
        ("USA", Role.analyst, "passport_scan", 403),
        ("USA", Role.protection_officer, "passport_scan", 403),
        ("USA", Role.protection_officer, "protection_evidence", 201),
        ("USA", Role.supervisor, "removal_order", 201),
        ("USA", Role.case_officer, "hukou_page", 201),
    ]:
        answer = attach(client, case, world.headers(state, role), data, "f.pdf", kind)
        assert answer.status_code == expected, (state, role, kind, answer.text)
    draft = _case(db, world, index=52, status=Status.draft)
    refused = attach(client, draft, world.headers("CHN", Role.verifier), data, "f.pdf", "other")
    assert refused.status_code == 404  # a draft is not the requested state's to see


def test_protection_evidence_cannot_be_shared(
    client: TestClient, db: Session, world: World
) -> None:
    case = _case(db, world, index=53)
    headers = world.headers("USA", Role.supervisor)
    refused = attach(client, case, headers, pdf(), "a.pdf", "protection_evidence", shared=True)
    assert refused.status_code == 422
    assert refused.json()["detail"][0] == {
        "loc": ["shared"],
        "msg": "protection evidence is never shared with the requested state",
        "type": "value_error",
    }
    assert db.scalars(select(Attachment).where(Attachment.application_id == case.id)).all() == []


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (image("PNG"), "scan.pdf", "the file is named .pdf but its content is a PNG image"),
        (HTML, "scan.pdf", "the file is named .pdf but its content is an HTML page"),
        (HTML, "scan.html", "the file's name must end in .pdf, .jpg, .jpeg or .png"),
        (image("GIF"), "scan.png", "the file is named .png but its content is a GIF image"),
        (
            b"just some text",
            "scan.jpg",
            "named .jpg but its content is unrecognised data; send a PDF, JPEG or PNG",
        ),
        (b"%PDF-1.7 but nothing else", "scan.pdf", "not a readable PDF"),
        (image("JPEG")[:300], "scan.jpg", "damaged or truncated"),
        (b"", "scan.pdf", "the file is empty"),
        (b"%PDF-1.7\n" + bytes(10 * 2**20), "big.pdf", "larger than the 10 MB limit"),
    ],
    ids=[
        "png-as-pdf",
        "html-as-pdf",
        "html",
        "gif-as-png",
        "text",
        "broken-pdf",
        "truncated",
        "empty",
        "too-large",
    ],
)
def test_files_are_checked_by_their_content(
    client: TestClient, db: Session, world: World, data: bytes, name: str, message: str
) -> None:
    case = _case(db, world, index=54)
    officer = world.headers("USA", Role.case_officer)
    refused = attach(client, case, officer, data, name, "passport_scan")
    assert refused.status_code == 422, refused.text
    problem = refused.json()["detail"][0]
    assert problem["loc"] == ["file"] and message in problem["msg"]
    assert client.get(f"{API}/{case.id}/attachments", headers=officer).json() == []


@pytest.fixture
def one_megabyte(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("READMIT_ATTACHMENT_MAX_MB", "1")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def test_the_size_limit_is_a_setting(
    client: TestClient, db: Session, world: World, one_megabyte: None
) -> None:
    case = _case(db, world, index=55)
    officer = world.headers("USA", Role.case_officer)
    too_big = image("PNG")[:100] + bytes(2**20)
    big = attach(client, case, officer, too_big, "b.png", "other")
    assert big.status_code == 422
    assert big.json()["detail"][0]["msg"] == "the file is larger than the 1 MB limit"
    assert attach(client, case, officer, pdf(), "small.pdf", "other").status_code == 201


def test_scans_are_kept_without_exif_or_appended_bytes(
    client: TestClient, db: Session, world: World
) -> None:
    case = _case(db, world, index=56)
    officer = world.headers("USA", Role.case_officer)
    sent = jpeg_with_exif_and_html(size=(400, 300))
    stored = attach(client, case, officer, sent, "id-card.jpg", "national_id_card")
    assert stored.status_code == 201, stored.text
    assert stored.json()["media_type"] == "image/jpeg" and stored.json()["shared"] is True
    served = client.get(f"{API}/{case.id}/attachments/{stored.json()['id']}", headers=officer)
    assert CAMERA.encode() not in served.content and APPENDED not in served.content
    assert Image.open(io.BytesIO(served.content)).size == (400, 300)


def test_deleted_only_before_submission_and_audited(
    client: TestClient, db: Session, world: World
) -> None:
    case = _case(db, world, index=57, status=Status.draft)
    officer = world.headers("USA", Role.case_officer)
    first = attach(client, case, officer, pdf(), "wrong-person.pdf", "passport_scan").json()
    second = attach(client, case, officer, pdf(), "passport.pdf", "passport_scan").json()
    url = f"{API}/{case.id}/attachments"
    assert (
        client.delete(
            f"{url}/{first['id']}", headers=world.headers("USA", Role.analyst)
        ).status_code
        == 403
    )
    assert client.delete(f"{url}/{first['id']}", headers=officer).status_code == 204
    assert [a["id"] for a in client.get(url, headers=officer).json()] == [second["id"]]
    events = client.get(
        f"/api/v1/audit/events?application_id={case.id}", headers=world.headers("USA", Role.auditor)
    ).json()
    deleted = next(e for e in events if e["action"] == "attachment.delete")
    assert deleted["detail"]["filename"] == "wrong-person.pdf"
    assert deleted["detail"]["sha256"] == first["sha256"]
    assert client.post(f"{API}/{case.id}/submit", headers=officer).status_code == 200
    kept = client.delete(f"{url}/{second['id']}", headers=officer)
    assert kept.status_code == 409 and "kept once the application has been submitted" in kept.text
    refused = client.delete(f"{url}/{second['id']}", headers=world.headers("CHN", Role.verifier))
    assert refused.status_code == 403
