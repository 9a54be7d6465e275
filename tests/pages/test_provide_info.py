"""Answering a request for information on its page: the case page links to a form that shows
the requested state's question; the answer and its documents (multipart, no script) go to the
requested state, and the case is back under verification, where the verifier reads them."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from tests.api.test_attachments import HTML, PASSPORT, image
from tests.editing_cases import Access, who_may
from tests.factories import World, committed_case
from tests.pages.browsing import login

ASKED = Status.more_info_requested
ANSWER = "The passport scan is attached; the earlier copy was of the wrong page."


def _send(client: TestClient, case: Application, token: str, answer: str, *files):
    data = {"csrf_token": token, "answer": answer}
    uploads = {}
    for i, (name, content, kind) in enumerate(files):
        data[f"attachment-{i}-kind"] = kind
        uploads[f"attachment-{i}-file"] = (name, content, "application/octet-stream")
    return client.post(f"/applications/{case.id}/provide-info", data=data, files=uploads or None)


@pytest.mark.parametrize("role", [Role.case_officer, Role.supervisor])
def test_the_answer_goes_back_with_its_documents(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = committed_case(db, world, index=50, status=ASKED)
    token = login(client, "USA", role)
    detail = client.get(f"/applications/{case.id}").text
    assert f'href="/applications/{case.id}/provide-info"' in detail
    assert "Answer the request for information" in detail
    assert f'action="/applications/{case.id}/actions/provide_info"' not in detail
    form = client.get(f"/applications/{case.id}/provide-info")
    assert form.status_code == 200
    assert "What CHN asked" in form.text and "factory" in form.text  # the verifier's words
    assert 'enctype="multipart/form-data"' in form.text
    assert 'value="protection_evidence"' not in form.text
    sent = _send(client, case, token, ANSWER, ("passport.pdf", PASSPORT, "passport_scan"))
    assert sent.status_code == 200 and sent.url.fragment == "messages"
    assert "Your answer was sent" in sent.text
    db.expire_all()
    assert db.get(Application, case.id).status == Status.under_verification  # type: ignore[union-attr]
    client.cookies.clear()
    login(client, "CHN", Role.verifier)
    seen = client.get(f"/applications/{case.id}").text
    assert ANSWER in seen
    href = rf'<a href="(/applications/{case.id}/attachments/\d+)" download>'
    link = re.search(href + r"passport.pdf</a> \(Passport scan\)", seen)
    assert link, "the document is listed with the answer"
    assert client.get(link.group(1)).content == PASSPORT


def test_problems_show_on_the_form_with_the_answer_kept(
    client: TestClient, db: Session, world: World
) -> None:
    case = committed_case(db, world, index=51, status=ASKED)
    token = login(client, "USA", Role.case_officer)
    empty = _send(client, case, token, "  ")
    assert empty.status_code == 422 and 'href="#answer"' in empty.text
    refused = _send(
        client,
        case,
        token,
        ANSWER,
        ("passport.pdf", HTML, "passport_scan"),
        ("order.png", image(), ""),
    )
    assert refused.status_code == 422
    assert "The file is named .pdf but its content is an HTML page" in refused.text
    assert 'href="#attachment-0-file"' in refused.text
    assert 'href="#attachment-1-kind"' in refused.text
    assert ANSWER in refused.text and "Choose the files again" in refused.text
    db.expire_all()
    assert db.get(Application, case.id).status == Status.more_info_requested  # type: ignore[union-attr]


@who_may(ASKED)
def test_who_may_answer(client: TestClient, db: Session, world: World, access: Access) -> None:
    case = committed_case(db, world, index=52, status=access.status)
    token = login(client, access.state, access.role)
    assert client.get(f"/applications/{case.id}/provide-info").status_code == access.expected
    assert _send(client, case, token, ANSWER).status_code == access.expected


def test_the_bare_step_is_refused(client: TestClient, db: Session, world: World) -> None:
    case = committed_case(db, world, index=53, status=ASKED)
    token = login(client, "USA", Role.case_officer)
    refused = client.post(
        f"/applications/{case.id}/actions/provide_info", data={"csrf_token": token}
    )
    assert refused.status_code == 409 and "on its form" in refused.text
