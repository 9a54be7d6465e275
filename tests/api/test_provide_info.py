"""Answering a request for information through the API (`POST …/provide-info`): the answer
becomes a message to the requested state, the attachments named are shared with it, and the
case returns to verification, all or nothing; protection evidence is never sent."""

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from tests.api.test_attachments import PASSPORT, attach, pdf
from tests.editing_cases import Access, who_may
from tests.factories import World, committed_case

API = "/api/v1/applications"
ASKED = Status.more_info_requested
ANSWER = "The hukou page is attached; the person was born in Changle, not Fuqing."


def _answer(
    client: TestClient, case: Application, headers: dict[str, str], body: dict
) -> httpx.Response:
    return client.post(f"{API}/{case.id}/provide-info", headers=headers, json=body)


def _status(client: TestClient, case: Application, world: World) -> str:
    headers = world.headers("USA", Role.case_officer)
    return client.get(f"{API}/{case.id}", headers=headers).json()["status"]


def test_the_answer_returns_the_case_and_the_verifier_sees_it(
    client: TestClient, db: Session, world: World
) -> None:
    case = committed_case(db, world, index=20, status=ASKED)
    officer = world.headers("USA", Role.case_officer)
    kept = attach(client, case, officer, PASSPORT, "hukou.pdf", "hukou_page", shared=False).json()
    assert kept["shared"] is False
    answered = _answer(client, case, officer, {"answer": ANSWER, "attachment_ids": [kept["id"]]})
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "under_verification"
    assert answered.json()["timeline"][-1]["action"] == "provide_info"
    verifier = world.headers("CHN", Role.verifier)
    messages = client.get(f"{API}/{case.id}/messages", headers=verifier).json()
    assert messages[-1]["body"] == ANSWER and messages[-1]["sender_state"] == "USA"
    (sent,) = client.get(f"{API}/{case.id}/attachments", headers=verifier).json()
    assert sent["id"] == kept["id"] and sent["shared"] is True
    assert sent["message_id"] == messages[-1]["id"]
    got = client.get(f"{API}/{case.id}/attachments/{sent['id']}", headers=verifier)
    assert got.status_code == 200 and got.content == PASSPORT
    events = client.get(
        f"/api/v1/audit/events?application_id={case.id}", headers=world.headers("USA", Role.auditor)
    ).json()
    actions = [e["action"] for e in events]
    assert {"application.provide_info", "message.send", "attachment.share"} <= set(actions)


def test_the_bare_step_is_refused(client: TestClient, db: Session, world: World) -> None:
    case = committed_case(db, world, index=21, status=ASKED)
    refused = client.post(
        f"{API}/{case.id}/transitions",
        headers=world.headers("USA", Role.case_officer),
        json={"action": "provide_info"},
    )
    assert refused.status_code == 409
    assert "POST /api/v1/applications/{id}/provide-info" in refused.json()["detail"]
    assert _status(client, case, world) == "more_info_requested"


@pytest.mark.parametrize(
    ("kind", "field"),
    [("protection_evidence", "protection evidence is never shared"), ("other", None)],
)
def test_a_refused_answer_leaves_the_case_as_it_was(
    client: TestClient, db: Session, world: World, kind: str, field: str | None
) -> None:
    case = committed_case(db, world, index=22, status=ASKED)
    officer = world.headers("USA", Role.supervisor)
    stored = attach(client, case, officer, pdf(), "record.pdf", kind).json()
    elsewhere = committed_case(db, world, index=23, status=ASKED)
    foreign = attach(client, elsewhere, officer, pdf(), "other.pdf", "other").json()
    ids = [stored["id"]] if field else [foreign["id"]]
    refused = _answer(client, case, officer, {"answer": ANSWER, "attachment_ids": ids})
    assert refused.status_code == 422
    problem = refused.json()["detail"][0]
    assert problem["loc"] == ["attachment_ids", 0]
    assert (field or "no such attachment on this application") in problem["msg"]
    assert _status(client, case, world) == "more_info_requested"
    verifier = world.headers("CHN", Role.verifier)
    assert client.get(f"{API}/{case.id}/messages", headers=verifier).json() == []
    assert client.get(f"{API}/{case.id}/attachments", headers=verifier).json() == []


def test_an_empty_answer_is_refused(client: TestClient, db: Session, world: World) -> None:
    case = committed_case(db, world, index=24, status=ASKED)
    refused = _answer(client, case, world.headers("USA", Role.case_officer), {"answer": "   "})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "answer"
    assert _status(client, case, world) == "more_info_requested"


@who_may(ASKED)
def test_who_may_answer(client: TestClient, db: Session, world: World, access: Access) -> None:
    case = committed_case(db, world, index=25, status=access.status)
    answer = _answer(client, case, access.headers(world), {"answer": ANSWER})
    assert answer.status_code == access.expected, answer.text
    assert _status(client, case, world) == access.status
