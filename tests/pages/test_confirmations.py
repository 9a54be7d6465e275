"""Irreversible steps on the case page (submit, issue the travel document, withdraw, close)
ask first: the confirmation page says what will happen and its "Yes" button posts the step
with the confirmation flag; a POST without the flag shows the confirmation and changes
nothing. Works without JavaScript; the page is for those who may take the step only."""

from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.traveldocs import issuing
from tests.factories import World, make_case
from tests.pages.browsing import login


def test_submit_asks_first_and_a_bare_post_changes_nothing(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, index=30)
    db.commit()
    token = login(client, "USA", Role.case_officer)
    url = f"/applications/{case.id}/actions/submit"
    page = client.get(url)
    assert page.status_code == 200 and "<h1>Submit the application?</h1>" in page.text
    assert f'<form method="post" action="{url}"' in page.text
    assert f'name="csrf_token" value="{token}"' in page.text
    assert 'name="confirmed" value="yes"' in page.text and ">Yes, submit</button>" in page.text
    assert "will be sent to CHN" in unescape(page.text)
    bare = client.post(url, data={"csrf_token": token})
    assert bare.status_code == 200 and "Yes, submit" in bare.text
    db.refresh(case)
    assert case.status == Status.draft
    done = client.post(url, data={"csrf_token": token, "confirmed": "yes"})
    assert "The application was submitted to the requested state." in done.text
    db.refresh(case)
    assert case.status == Status.submitted
    again = client.get(url)
    assert again.status_code == 409 and "the case is Submitted" in again.text


@pytest.mark.parametrize(
    ("state", "role", "code"),
    [
        ("USA", Role.analyst, 403),
        ("USA", Role.protection_officer, 403),
        ("CHN", Role.verifier, 404),  # a draft is not theirs to see
        ("GTM", Role.case_officer, 404),
    ],
)
def test_the_confirmation_is_for_those_who_may_take_the_step(
    client: TestClient, db: Session, world: World, state: str, role: Role, code: int
) -> None:
    case = make_case(db, world, index=31)
    db.commit()
    token = login(client, state, role)
    url = f"/applications/{case.id}/actions/submit"
    assert client.get(url).status_code == code
    assert client.post(url, data={"csrf_token": token, "confirmed": "yes"}).status_code == code
    db.refresh(case)
    assert case.status == Status.draft


def test_only_irreversible_steps_have_a_confirmation_page(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.submitted, index=32)
    db.commit()
    login(client, "CHN", Role.verifier)
    assert client.get(f"/applications/{case.id}/actions/receive").status_code == 404
    assert client.get(f"/applications/{case.id}/actions/no_such_step").status_code == 404


def test_issuing_the_travel_document_asks_first(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed, index=33)
    db.commit()
    token = login(client, "USA", Role.case_officer)
    url = f"/applications/{case.id}/actions/issue_travel_document"
    assert client.get(url).status_code == 403
    client.cookies.clear()
    token = login(client, "CHN", Role.verifier)
    page = client.get(url)
    assert "Issue the travel document?" in page.text and "within 30 days" in page.text
    client.post(url, data={"csrf_token": token})
    assert issuing.current(session=db, application=case) is None
    client.post(url, data={"csrf_token": token, "confirmed": "yes"})
    assert issuing.current(session=db, application=case) is not None


def test_withdrawal_needs_its_reason_on_the_confirmation(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.received, index=34)
    db.commit()
    token = login(client, "USA", Role.supervisor)
    url = f"/applications/{case.id}/actions/withdraw"
    note = "Left the country on their own"
    asked = client.post(url, data={"csrf_token": token, "reason_code": "left_voluntarily",
                                   "note": note})  # fmt: skip
    assert "Withdraw the application?" in asked.text
    assert '<option value="left_voluntarily" selected>Left voluntarily</option>' in asked.text
    assert f">{note}</textarea>" in asked.text
    blank = client.post(url, data={"csrf_token": token, "confirmed": "yes", "note": note})
    assert blank.status_code == 422
    assert '<a href="#reason_code">Reason: Choose a reason</a>' in blank.text
    assert f">{note}</textarea>" in blank.text
    db.refresh(case)
    assert case.status == Status.received
    done = client.post(url, data={"csrf_token": token, "confirmed": "yes",
                                  "reason_code": "left_voluntarily", "note": note})  # fmt: skip
    assert done.status_code == 200
    db.refresh(case)
    assert case.status == Status.withdrawn
    close = f"/applications/{case.id}/actions/close"
    assert "A closed case cannot be reopened." in client.get(close).text
    client.post(close, data={"csrf_token": token, "confirmed": "yes"})
    db.refresh(case)
    assert case.status == Status.closed


def test_the_verifiers_decision_asks_first(client: TestClient, db: Session, world: World) -> None:
    confirming = make_case(db, world, status=Status.under_verification, index=35)
    rejecting = make_case(db, world, status=Status.under_verification, index=36)
    db.commit()
    token = login(client, "CHN", Role.verifier)
    person = world.registers["CHN"][35].person_id
    sent = {"csrf_token": token, "decision": "confirm", "person_id": person}
    asked = client.post(f"/applications/{confirming.id}/verify", data=sent)
    assert asked.status_code == 200 and "Confirm the identity?" in asked.text
    assert f"register person {person}" in asked.text
    assert f'name="person_id" value="{person}"' in asked.text
    db.refresh(confirming)
    assert confirming.status == Status.under_verification
    client.post(f"/applications/{confirming.id}/verify", data=sent | {"confirmed": "yes"})
    db.refresh(confirming)
    assert confirming.status == Status.confirmed
    reject = {"csrf_token": token, "decision": "reject", "reason_code": "not_a_national",
              "reason": "The register says otherwise."}  # fmt: skip
    asked = client.post(f"/applications/{rejecting.id}/verify", data=reject)
    assert "Reject the application?" in asked.text and ">Yes, reject</button>" in asked.text
    db.refresh(rejecting)
    assert rejecting.status == Status.under_verification
    client.post(f"/applications/{rejecting.id}/verify", data=reject | {"confirmed": "yes"})
    db.refresh(rejecting)
    assert rejecting.status == Status.rejected
