"""Evidence is held to the attachments' rules: a PDF, JPEG or PNG by its content and its
name, within the size limit; refused with 422 naming the file otherwise."""

import hashlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.attachments import service as attachments
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.designations.models import DesignationStatus
from tests.designations.cases import at_status, png
from tests.factories import World
from tests.hostile_files import blank_pdf

API = "/api/v1/designations"
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def upload(client: TestClient, world: World, target: int, name: str, data: bytes, **more: str):
    return client.post(
        f"{API}/{target}/evidence",
        files={"file": (name, data, "application/octet-stream")},
        data=more,
        headers=world.headers("USA", Role.analyst),
    )


@pytest.mark.parametrize(
    ("name", "data", "media"),
    [("manifest.png", png(), "image/png"), ("order.pdf", blank_pdf(1), "application/pdf")],
)
def test_a_pdf_or_image_is_kept_and_read_back(
    client: TestClient, db: Session, world: World, name: str, data: bytes, media: str
) -> None:
    target = at_status(db, world, DesignationStatus.proposed).id
    db.commit()
    added = upload(client, world, target, name, data, description="Passenger manifest")
    assert added.status_code == 201, added.text
    found = added.json()
    assert (found["filename"], found["media_type"]) == (name, media)
    auditor = world.headers("USA", Role.auditor)
    shown = client.get(f"{API}/{target}", headers=auditor).json()
    assert [e["description"] for e in shown["evidence"]] == ["Passenger manifest"]
    download = client.get(f"{API}/{target}/evidence/{found['id']}", headers=auditor)
    assert download.status_code == 200 and download.headers["content-type"] == media
    assert hashlib.sha256(download.content).hexdigest() == found["sha256"]
    other = world.headers("MEX", Role.auditor)
    assert client.get(f"{API}/{target}/evidence/{found['id']}", headers=other).status_code == 404
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == str(target))).all()
    assert {"designation.evidence_add", "designation.evidence_download"} <= set(actions)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("manifest.png", blank_pdf(1), "named .png but its content is a PDF"),
        ("manifest.pdf", HTML, "an HTML page"),
        ("manifest.txt", b"plain words", "send a PDF, JPEG or PNG"),
        ("manifest.png", b"", "empty"),
        ("manifest.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not an image that can be read"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused(
    client: TestClient, db: Session, world: World, name: str, data: bytes, words: str
) -> None:
    target = at_status(db, world, DesignationStatus.proposed).id
    db.commit()
    refused = upload(client, world, target, name, data)
    assert refused.status_code == 422, refused.text
    (detail,) = refused.json()["detail"]
    assert detail["loc"] == ["file"] and words in detail["msg"], detail


def test_a_file_too_big_is_refused(
    client: TestClient, db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "max_bytes", lambda: 2**20)
    target = at_status(db, world, DesignationStatus.proposed).id
    db.commit()
    refused = upload(client, world, target, "big.png", png((2000, 2000)) + b"\x00" * 2**20)
    assert refused.status_code == 422 and "larger than the 1 MB limit" in refused.text


@pytest.mark.parametrize("status", [DesignationStatus.rejected, DesignationStatus.delisted])
def test_no_evidence_once_decided_against(
    client: TestClient, db: Session, world: World, status: DesignationStatus
) -> None:
    target = at_status(db, world, status).id
    db.commit()
    refused = upload(client, world, target, "late.png", png())
    assert refused.status_code == 409 and refused.json()["allowed"] == []
