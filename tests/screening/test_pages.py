"""The screening pages per role, their field errors, and the flow an officer and a reviewer
follow: screen a person, read the hit through the link with its path, judge it "not the
same" from the queue, screen again and find it settled."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.screening import service
from tests.factories import World
from tests.pages.browsing import login
from tests.screening.factories import COMPANY, Designated, charter_operator

FORM = {"kind": "person", "family_name": "Zhang", "given_name": "Wei", "birth_date": "1975-03-14"}


@pytest.fixture
def made(db: Session, world: World) -> Designated:
    designated = charter_operator(db, world)
    db.commit()
    return designated


def screened(client: TestClient, token: str, **fields: str) -> str:
    """Post the form; the address of the result page."""
    response = client.post(
        "/screening", data={"csrf_token": token, **FORM, **fields}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return response.headers["location"]


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_which_page(client: TestClient, world: World, role: Role) -> None:
    login(client, "USA", role)
    home = client.get("/").text
    index, review = client.get("/screening"), client.get("/screening/review")
    reads = role in service.READERS
    assert ('href="/screening"' in home) == reads
    assert index.status_code == (200 if reads else 403)
    assert review.status_code == (200 if role in service.REVIEWERS else 403)
    if reads:
        assert ('action="/screening"' in index.text) == (role in service.SCREENERS)
        assert ('href="/screening/review"' in index.text) == (role in service.REVIEWERS)


def test_field_errors_are_shown_next_to_their_fields(client: TestClient, world: World) -> None:
    token = login(client, "USA", Role.case_officer)
    refused = client.post(
        "/screening",
        data={"csrf_token": token, "kind": "person", "name": "", "birth_date": "14/03/1975"},
    )
    assert refused.status_code == 422
    assert 'href="#name"' in refused.text and 'href="#birth_date"' in refused.text
    assert "Date of birth: Enter a date as YYYY, YYYY-MM or YYYY-MM-DD" in refused.text
    assert 'value="14/03/1975"' in refused.text
    unknown = client.post("/screening", data={"csrf_token": token, "kind": "ship", "name": "X"})
    assert unknown.status_code == 422 and 'href="#kind"' in unknown.text


def test_screen_judge_and_screen_again(
    client: TestClient, db: Session, world: World, made: Designated
) -> None:
    token = login(client, "USA", Role.case_officer)
    result = client.get(screened(client, token, reference="VISA-1"))
    assert result.status_code == 200
    page = result.text
    assert "A hit through a link" in page and COMPANY in page
    assert "linked by directorship to" in page and "Waiting for review" in page
    assert "Why it matched" in page and "VISA-1" in page
    hit = re.search(r'href="/screening/hits/(\d+)"', page)
    assert hit is not None
    hit_id = hit.group(1)
    assert client.get(f"/screening/hits/{hit_id}").status_code == 200
    assert 'action="/screening/hits/' not in client.get(f"/screening/hits/{hit_id}").text

    client.cookies.clear()
    token = login(client, "USA", Role.analyst)
    queue = client.get("/screening/review").text
    assert f'action="/screening/hits/{hit_id}/judgement"' in queue
    assert "1 hit waits for review" in queue
    missing = client.post(f"/screening/hits/{hit_id}/judgement", data={"csrf_token": token})
    assert missing.status_code == 422 and 'href="#verdict"' in missing.text
    judged = client.post(
        f"/screening/hits/{hit_id}/judgement",
        data={"csrf_token": token, "verdict": "not_same", "note": "A student, born 1999"},
    )
    assert judged.status_code == 200
    assert (
        "Your judgement was recorded" in judged.text and "No hit waits for review." in judged.text
    )
    assert f'href="/screening/hits/{hit_id}"' in judged.text  # judged last, to revise

    again = client.get(screened(client, token)).text
    assert "Not the same (an earlier judgement)" in again
    assert "No hit waits for review." in client.get("/screening/review").text

    history = client.get(f"/screening/hits/{hit_id}").text
    assert "A student, born 1999" in history and "Revise the judgement" in history
    revised = client.post(
        f"/screening/hits/{hit_id}/revise",
        data={"csrf_token": token, "verdict": "same", "note": "Same passport"},
    )
    assert revised.status_code == 200 and "The judgement was revised" in revised.text
    assert "Confirmed: the same" in revised.text and "Same passport" in revised.text


def test_another_state_gets_404(client: TestClient, world: World, made: Designated) -> None:
    token = login(client, "USA", Role.supervisor)
    location = screened(client, token)
    page = client.get(location).text
    hit = re.search(r'href="/screening/hits/(\d+)"', page)
    assert hit is not None
    client.cookies.clear()
    token = login(client, "MEX", Role.supervisor)
    assert client.get(location).status_code == 404
    assert client.get(f"/screening/hits/{hit.group(1)}").status_code == 404
    posted = client.post(
        f"/screening/hits/{hit.group(1)}/judgement", data={"csrf_token": token, "verdict": "same"}
    )
    assert posted.status_code == 404
