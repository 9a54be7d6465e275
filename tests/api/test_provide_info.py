"""Answering a request for information through the API (`POST …/provide-info`): the answer
becomes a message to the requested state, the attachments named are shared with it, and the
case returns to verification, all or nothing; protection evidence is never sent."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from tests.api.test_attachments import PASSPORT, attach, pdf
from tests.factories import World, make_case

API = "/api/v1/applications"
ANSWER = "The hukou page is attached; the person was born in Changle, not Fuqing."


def _case(db: Session, world: World, index: int, status: Status = Status.more_info_requested):
    case = make_case(db, world, status=status, index=index)
    db.commit()
    return case


def _status(client: TestClient, case: Application, world: World) -> str:
    headers = world.headers("USA", Role.case_officer)
    return client.get(f"{API}/{case.id}", headers=headers).json()["status"]


def test_the_answer_returns_the_case_and_the_verifier_sees_it(
    client: TestClient, db: Session, world: World
) -> None:
    case = _case(db, world, index=20)
    officer = world.headers("USA", Role.case_officer)
    kept = attach(client, case, officer, PASSPORT, "hukou.pdf", "hukou_page", shared=False).json()
    assert kept["shared"] is False
    answered = client.post(
        f"{API}/{case.id}/provide-info",
        headers=officer,
        json={"answer": ANSWER, "attachment_ids": [kept["id"]]},
    )
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
    case = _case(db, world, index=21)
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
    case = _case(db, world, index=22)
    officer = world.headers("USA", Role.supervisor)
    stored = attach(client, case, officer, pdf(), "record.pdf", kind).json()
    elsewhere = _case(db, world, index=23)
    foreign = attach(client, elsewhere, officer, pdf(), "other.pdf", "other").json()
    ids = [stored["id"]] if field else [foreign["id"]]
    refused = client.post(
        f"{API}/{case.id}/provide-info",
        headers=officer,
        json={"answer": ANSWER, "attachment_ids": ids},
    )
    assert refused.status_code == 422
    problem = refused.json()["detail"][0]
    assert problem["loc"] == ["attachment_ids", 0]
    assert (field or "no such attachment on this application") in problem["msg"]
    assert _status(client, case, world) == "more_info_requested"
    verifier = world.headers("CHN", Role.verifier)
    assert client.get(f"{API}/{case.id}/messages", headers=verifier).json() == []
    assert client.get(f"{API}/{case.id}/attachments", headers=verifier).json() == []


def test_an_empty_answer_is_refused(client: TestClient, db: Session, world: World) -> None:
    case = _case(db, world, index=24)
    refused = client.post(
        f"{API}/{case.id}/provide-info",
        headers=world.headers("USA", Role.case_officer),
        json={"answer": "   "},
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "answer"
    assert _status(client, case, world) == "more_info_requested"


@pytest.mark.parametrize(
    ("state", "role", "status", "expected"),
    [
        ("USA", Role.case_officer, Status.under_verification, 409),
        ("USA", Role.analyst, Status.more_info_requested, 403),
        ("USA", Role.protection_officer, Status.more_info_requested, 403),
        ("CHN", Role.verifier, Status.more_info_requested, 403),
        ("CHN", Role.supervisor, Status.more_info_requested, 403),
        ("GTM", Role.verifier, Status.more_info_requested, 404),
        ("MEX", Role.case_officer, Status.more_info_requested, 404),
    ],
)
def test_who_may_answer(
    client: TestClient,
    db: Session,
    world: World,
    state: str,
    role: Role,
    status: Status,
    expected: int,
) -> None:
    case = _case(db, world, index=25, status=status)
    answer = client.post(
        f"{API}/{case.id}/provide-info", headers=world.headers(state, role), json={"answer": ANSWER}
    )
    assert answer.status_code == expected, answer.text
    assert _status(client, case, world) == status
