"""The Interview section of the case page and the charter's answer on the transfer page:
each side's form, refusals shown at their field, the English words, and the pages in
Chinese and Spanish."""

from datetime import date, timedelta
from html import unescape

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.transfers import service as transfers
from tests.factories import World, flight, make_case
from tests.pages.browsing import login

LATER = (date.today() + timedelta(days=10)).isoformat()


def test_request_then_grant_on_the_case_page(client: TestClient, db: Session, world: World) -> None:
    app = make_case(db, world, status=Status.submitted, index=16)
    db.commit()
    page = f"/applications/{app.id}"
    token = login(client, "USA", Role.case_officer)
    assert "Request a consular interview" in client.get(page).text
    form = {"csrf_token": token, "proposed_place": "Houston"}
    refused = client.post(f"{page}/interviews", data=form)
    assert refused.status_code == 422
    assert "Proposed date: Input should be a valid date" in unescape(refused.text)
    done = client.post(f"{page}/interviews", data=form | {"proposed_date": LATER},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    text = unescape(client.get(page).text)
    assert "Awaiting an answer" in text and "Request a consular interview" not in text
    token = login(client, "CHN", Role.verifier)
    text = client.get(page).text
    assert "Answer the interview request" in text
    action = text.split(f'action="{page}/interviews/')[1].split("/decision")[0]
    interview_id = int(action)
    answer = {"csrf_token": token, "interview_decision": "refuse", "interview_reason": ""}
    missing = client.post(f"{page}/interviews/{interview_id}/decision", data=answer)
    assert missing.status_code == 422
    assert "a hold or a refusal needs a reason" in unescape(missing.text).lower()
    grant = answer | {"interview_decision": "grant", "interview_date": LATER,
                      "interview_place": "Consulate, Houston"}  # fmt: skip
    ok = client.post(f"{page}/interviews/{interview_id}/decision", data=grant,
                     follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303
    for state, role in (("USA", Role.analyst), ("CHN", Role.verifier)):
        login(client, state, role)
        text = unescape(client.get(page).text)
        assert "Granted" in text and "Consulate, Houston" in text
        assert "Answer the interview request" not in text
    client.cookies.set("readmit_lang", "zh_Hans")
    text = client.get(page).text
    assert "领事面谈" in text and "已同意" in text and "Consular interviews" not in text
    client.cookies.set("readmit_lang", "es")
    text = client.get(page).text
    assert "Entrevistas consulares" in text and "Concedida" in text


def test_answer_a_charter_on_its_page(client: TestClient, db: Session, world: World) -> None:
    app = make_case(db, world, status=Status.travel_document_issued, index=17)
    officer = world.user(db, "USA", Role.case_officer)
    transfer = transfers.create(session=db, user=officer, payload=flight(app, kind="charter"))
    db.commit()
    page = f"/transfers/{transfer.id}"
    token = login(client, "USA", Role.case_officer)
    text = client.get(page).text
    assert "CHN has not answered this charter yet." in text
    assert "Accept or refuse this charter" not in text
    refused = client.post(f"{page}/acceptance", data={"csrf_token": token, "accepted": "yes"})
    assert refused.status_code == 403
    token = login(client, "CHN", Role.verifier)
    assert "Accept or refuse this charter" in client.get(page).text
    no_reason = client.post(f"{page}/acceptance", data={"csrf_token": token, "accepted": "no"})
    assert no_reason.status_code == 422
    assert "Reason for a refusal: A refusal gives its reason" in unescape(no_reason.text)
    body = {"csrf_token": token, "accepted": "no", "charter_reason": "Airport closed"}
    assert client.post(f"{page}/acceptance", data=body, follow_redirects=False).status_code == 303
    login(client, "USA", Role.supervisor)
    text = client.get(page).text
    assert "CHN refused this charter on" in text and "Airport closed" in text
    client.cookies.set("readmit_lang", "zh_Hans")
    text = client.get(page).text
    assert "包机接受" in text and "拒绝该包机" in text and "Charter acceptance" not in text
    client.cookies.set("readmit_lang", "es")
    assert "rechazó este vuelo chárter" in client.get(page).text
