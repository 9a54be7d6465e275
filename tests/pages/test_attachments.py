"""Attachments on the case page: the requesting state's officers attach documents (multipart,
CSRF, the API's checks shown next to the field); the requested state sees only the shared ones
and never protection evidence; downloads are audited; drafts' attachments can be deleted."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.attachments.models import Attachment
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from tests.api.test_attachments import HTML, PASSPORT, image, pdf
from tests.factories import World, make_case
from tests.pages.browsing import login

FORM = 'action="/applications/{}/attachments" enctype="multipart/form-data"'


def _case(db: Session, world: World, index: int, status: Status = Status.submitted):
    case = make_case(db, world, status=status, index=index)
    db.commit()
    return case


def _attach(
    client: TestClient,
    case: Application,
    token: str,
    data: bytes,
    name: str,
    kind: str,
    shared: str = "",
):
    return client.post(
        f"/applications/{case.id}/attachments",
        data={"csrf_token": token, "kind": kind, "shared": shared},
        files={"attachment": (name, data, "application/pdf")},
    )


def _ids(db: Session, case: Application) -> dict[str, int]:
    rows = db.scalars(select(Attachment).where(Attachment.application_id == case.id))
    return {row.filename: row.id for row in rows}


@pytest.mark.parametrize("role", [Role.case_officer, Role.supervisor])
def test_requesting_officers_attach_and_download(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = _case(db, world, index=40)
    token = login(client, "USA", role)
    before = client.get(f"/applications/{case.id}").text
    assert FORM.format(case.id) in before and "No documents are attached." in before
    assert '<option value="hukou_page">Hukou (household register) page</option>' in before
    saved = _attach(client, case, token, PASSPORT, "passport.pdf", "passport_scan")
    assert saved.status_code == 200 and saved.url.fragment == "attachments"
    assert "The document was attached." in saved.text
    assert '<th scope="row">Passport scan</th>' in saved.text
    assert "Shared with CHN" in saved.text
    kept = _attach(client, case, token, image(), "order.png", "court_order")
    assert "Kept by USA" in kept.text
    ids = _ids(db, case)
    link = f'href="/applications/{case.id}/attachments/{ids["passport.pdf"]}" download'
    assert link in kept.text
    got = client.get(f"/applications/{case.id}/attachments/{ids['passport.pdf']}")
    assert got.status_code == 200 and got.content == PASSPORT
    assert got.headers["content-disposition"].startswith("attachment;")
    downloads = db.scalars(
        select(AuditEvent).where(
            AuditEvent.application_id == case.id, AuditEvent.action == "attachment.download"
        )
    ).all()
    assert len(downloads) == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (image(), "scan.pdf", "The file is named .pdf but its content is a PNG image"),
        (HTML, "scan.pdf", "The file is named .pdf but its content is an HTML page"),
        (None, "", "Choose a PDF, JPEG or PNG file to attach"),
    ],
    ids=["png-as-pdf", "html-as-pdf", "no-file"],
)
def test_problems_show_next_to_the_field(
    client: TestClient, db: Session, world: World, data: bytes | None, name: str, message: str
) -> None:
    case = _case(db, world, index=41)
    token = login(client, "USA", Role.case_officer)
    files = {"attachment": (name, data, "application/pdf")} if data is not None else None
    refused = client.post(
        f"/applications/{case.id}/attachments",
        data={"csrf_token": token, "kind": "birth_certificate", "shared": "no"},
        files=files,
    )
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text and 'href="#attachment"' in refused.text
    assert (
        f'id="attachment-error"><span class="visually-hidden">Error:</span> {message}'
        in refused.text
    )
    assert '<option value="birth_certificate" selected>' in refused.text
    assert '<option value="no" selected>' in refused.text
    assert _ids(db, case) == {}


def test_protection_evidence_is_refused_sharing_on_the_form(
    client: TestClient, db: Session, world: World
) -> None:
    case = _case(db, world, index=42)
    token = login(client, "USA", Role.supervisor)
    refused = _attach(client, case, token, pdf(), "claim.pdf", "protection_evidence", "yes")
    assert refused.status_code == 422
    assert "Protection evidence is never shared with the requested state" in refused.text
    assert 'href="#attachment_shared"' in refused.text


def test_the_requested_state_sees_only_what_is_shared(
    client: TestClient, db: Session, world: World
) -> None:
    case = _case(db, world, index=43)
    token = login(client, "USA", Role.case_officer)
    _attach(client, case, token, PASSPORT, "passport.pdf", "passport_scan")
    _attach(client, case, token, pdf(), "asylum-claim.pdf", "protection_evidence")
    _attach(client, case, token, image(), "order.png", "court_order")
    ids = _ids(db, case)
    client.cookies.clear()
    for role in (Role.verifier, Role.supervisor, Role.analyst):
        token = login(client, "CHN", role)
        page = client.get(f"/applications/{case.id}").text
        assert "passport.pdf" in page and "order.png" not in page
        assert "asylum" not in page.lower() and "protection evidence" not in page.lower()
        assert FORM.format(case.id) not in page and "Sharing" not in page
        assert "USA, " in page  # uploaded by the state, not by a named officer
        for name, expected in (
            ("passport.pdf", 200),
            ("asylum-claim.pdf", 404),
            ("order.png", 404),
        ):
            got = client.get(f"/applications/{case.id}/attachments/{ids[name]}")
            assert got.status_code == expected, (role, name)
        refused = _attach(client, case, token, pdf(), "p.pdf", "passport_scan")
        assert refused.status_code == 403
        client.cookies.clear()


def test_roles_of_the_requesting_state(client: TestClient, db: Session, world: World) -> None:
    case = _case(db, world, index=44)
    guard = login(client, "USA", Role.protection_officer)
    _attach(client, case, guard, pdf(), "claim.pdf", "protection_evidence")
    page = client.get(f"/applications/{case.id}").text
    assert "claim.pdf" in page and FORM.format(case.id) in page
    assert '<option value="protection_evidence">' in page and 'value="passport_scan"' not in page
    client.cookies.clear()
    token = login(client, "USA", Role.analyst)
    page = client.get(f"/applications/{case.id}").text
    assert "claim.pdf" not in page and FORM.format(case.id) not in page
    assert _attach(client, case, token, pdf(), "p.pdf", "other").status_code == 403


@pytest.mark.parametrize(("state", "role"), [("GTM", Role.verifier), ("MEX", Role.case_officer)])
def test_another_corridor_finds_nothing(
    client: TestClient, db: Session, world: World, state: str, role: Role
) -> None:
    case = _case(db, world, index=45)
    _attach(
        client, case, login(client, "USA", Role.case_officer), PASSPORT, "p.pdf", "passport_scan"
    )
    (attachment_id,) = _ids(db, case).values()
    client.cookies.clear()
    token = login(client, state, role)
    assert client.get(f"/applications/{case.id}/attachments/{attachment_id}").status_code == 404
    assert _attach(client, case, token, pdf(), "p.pdf", "other").status_code == 404
    deleted = client.post(
        f"/applications/{case.id}/attachments/{attachment_id}/delete", data={"csrf_token": token}
    )
    assert deleted.status_code == 404


def test_a_draft_attachment_is_deleted(client: TestClient, db: Session, world: World) -> None:
    case = _case(db, world, index=46, status=Status.draft)
    token = login(client, "USA", Role.case_officer)
    page = _attach(client, case, token, pdf(), "wrong.pdf", "passport_scan").text
    (attachment_id,) = _ids(db, case).values()
    assert 'Delete<span class="visually-hidden"> wrong.pdf</span>' in page
    deleted = client.post(
        f"/applications/{case.id}/attachments/{attachment_id}/delete", data={"csrf_token": token}
    )
    assert deleted.status_code == 200 and "The attachment was deleted." in deleted.text
    assert "wrong.pdf" not in deleted.text and _ids(db, case) == {}
    submitted = _case(db, world, index=47)
    _attach(client, submitted, token, pdf(), "kept.pdf", "passport_scan")
    (kept_id,) = _ids(db, submitted).values()
    assert "Delete<span" not in client.get(f"/applications/{submitted.id}").text
    refused = client.post(
        f"/applications/{submitted.id}/attachments/{kept_id}/delete", data={"csrf_token": token}
    )
    assert refused.status_code == 409
