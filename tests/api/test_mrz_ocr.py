"""POST /api/v1/documents/mrz-ocr: a scanned data page's MRZ read by real tesseract, for case
officers and supervisors; 422 naming the problem for what cannot be read; audited."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.synth import passport_scans
from tests.documents.scans import mrz, need_ocr, scan
from tests.factories import World

PATH = "/api/v1/documents/mrz-ocr"


@pytest.fixture(autouse=True)
def _ocr_ready() -> None:
    need_ocr()


def _send(client: TestClient, world: World, data: bytes, state: str, role: Role):
    files = {"file": ("passport.jpg", data, "image/jpeg")}
    return client.post(PATH, files=files, headers=world.headers(state, role))


def test_a_supervisor_gets_the_lines_and_fields(
    client: TestClient, db: Session, world: World
) -> None:
    answer = _send(client, world, scan(1), "CHN", Role.supervisor)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["lines"] == list(mrz(1)) and body["valid"] is True
    assert body["problem"] is None and body["problem_field"] is None
    assert body["fields"]["surname"] == "ZHANG" and body["fields"]["birth_date"] == "1990-05-01"
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "document.ocr")).all()
    assert [e.detail["valid"] for e in events] == [True]


def test_a_failing_check_digit_is_named(client: TestClient, world: World) -> None:
    line1, line2 = mrz(0)
    printed = (line1, line2[:9] + str((int(line2[9]) + 1) % 10) + line2[10:])
    body = _send(client, world, passport_scans.page(printed), "USA", Role.case_officer).json()
    assert body["lines"] == list(printed) and body["valid"] is False
    assert body["problem_field"] == "line2.document_number_check"
    assert body["problem"].startswith("document number check digit is") and body["fields"] == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (passport_scans.photo(), "no machine-readable zone was found"),
        (b"%PDF-1.4 broken", "not a readable PDF"),
        (b"hello", "this file is unrecognised data"),
    ],
    ids=["photo", "broken-pdf", "text"],
)
def test_what_cannot_be_read_is_422(
    client: TestClient, world: World, data: bytes, message: str
) -> None:
    answer = _send(client, world, data, "USA", Role.case_officer)
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"][-1] == "file" and message in problem["msg"]


@pytest.mark.parametrize("role", [Role.verifier, Role.analyst, Role.auditor, Role.admin])
def test_other_roles_get_403(client: TestClient, world: World, role: Role) -> None:
    assert _send(client, world, scan(0), "USA", role).status_code == 403


def test_without_a_token_401(client: TestClient) -> None:
    files = {"file": ("passport.jpg", b"x", "image/jpeg")}
    assert client.post(PATH, files=files).status_code == 401
