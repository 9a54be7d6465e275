"""The legal pathway pages per role: the programmes with their places left, the intake form
built from a programme's file (no JavaScript: plain forms), a case with its rules explained
and the buttons of the reader's role; another state's case is not found."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.pathways import fiscal
from readmit.pathways.models import CaseStatus, PathwayCase
from tests.designations.cases import png
from tests.factories import World
from tests.pages.browsing import login
from tests.pathways.allocation_cases import load, programme_file
from tests.pathways.core_cases import at_status, examples, take_in

READERS = {Role.safe_mobility_officer, Role.supervisor, Role.auditor}
INTAKE = {Role.safe_mobility_officer, Role.supervisor}
NAVIGATES = INTAKE


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_the_pages(client: TestClient, db: Session, world: World, role: Role) -> None:
    case = take_in(db, world)
    db.commit()
    login(client, "USA", role)
    expected = 200 if role in READERS else 403
    assert client.get("/pathways").status_code == expected
    assert client.get(f"/pathways/cases/{case.reference}").status_code == expected
    assert client.get("/pathways/intake").status_code == (200 if role in INTAKE else 403)
    assert ('href="/pathways"' in client.get("/").text) == (role in NAVIGATES)
    if role in READERS:
        client.cookies.clear()
        login(client, "MEX", role)
        assert client.get(f"/pathways/cases/{case.reference}").status_code == 404
        assert case.reference not in client.get("/pathways").text


def form_of(case_page: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', case_page)
    assert token is not None
    return token.group(1)


def test_intake_through_the_form(client: TestClient, db: Session, world: World) -> None:
    examples(db)
    db.commit()
    token = login(client, "USA", Role.safe_mobility_officer)
    chooser = client.get("/pathways/intake")
    assert "Family Reunification Parole</option>" in chooser.text and "<script" not in chooser.text
    form = client.get("/pathways/intake?programme=usa-frp").text
    for label in (
        "Petitioner&#39;s status",
        "Family petition (Form I-130) approved",
        "Beneficiary&#39;s passport",
    ):
        assert label in form
    body = {
        "csrf_token": token,
        "programme": "usa-frp",
        "intake_place": "SMO-GTM-GUA",
        "family_name": "Pérez Xol",
        "given_names": "Ana Lucía",
        "birth_date": "1990-05",
        "sex": "F",
        "nationality": "gtm",
        "fact-petitioner_status": "us_citizen",
        "fact-petition_approved": "yes",
        "fact-outside_united_states": "yes",
        "fact-visa_available": "",
    }
    files = {"document-passport": ("passport.png", png(), "image/png")}
    wrong = client.post(
        "/pathways/intake",
        data=body | {"intake_place": "NOWHERE"},
        files=files,
        follow_redirects=False,
    )
    assert wrong.status_code == 422
    assert (
        "Not an intake place of this programme" in wrong.text
        and 'aria-invalid="true"' in wrong.text
    )
    assert db.scalar(select(PathwayCase).where(PathwayCase.family_name == "Pérez Xol")) is None
    made = client.post("/pathways/intake", data=body, files=files, follow_redirects=False)
    assert made.status_code == 303, made.text
    page = client.get(made.headers["location"]).text
    assert "The person was taken in" in page and "passport.png" in page
    assert "Met" in page and "Unknown" in page  # the visa question was left unanswered
    assert "Form I-797 approval notice of the I-130 petition" in page  # still missing
    assert "Record the screening" in page and "Approve" not in page


def test_steps_through_the_buttons(client: TestClient, db: Session, world: World) -> None:
    case = at_status(db, world, CaseStatus.referred)
    db.commit()
    url = f"/pathways/cases/{case.reference}"
    token = login(client, "USA", Role.safe_mobility_officer)
    page = client.get(url).text
    assert "Record the interview" in page and "Approve</button>" not in page
    done = client.post(
        f"{url}/steps/interview", data={"csrf_token": token, "note": "Seen in Guatemala City"}
    )
    assert "Step recorded: Record the interview." in done.text
    refused = client.post(
        f"{url}/steps/approve", data={"csrf_token": token}, follow_redirects=False
    )
    assert refused.status_code == 403
    assert client.post(f"{url}/steps/approve", data={"csrf_token": "x"}).status_code == 403
    client.cookies.clear()
    token = login(client, "USA", Role.supervisor)
    approved = client.post(f"{url}/steps/approve", data={"csrf_token": token})
    assert approved.status_code == 200
    assert (
        "The case was approved" in approved.text
        and '<strong id="case-status">Approved</strong>' in approved.text
    )
    again = client.post(f"{url}/steps/approve", data={"csrf_token": token})
    assert again.status_code == 409
    message = client.post(f"{url}/messages", data={"csrf_token": token, "body": " "})
    assert message.status_code == 422 and "Write a message" in message.text


def test_places_left_on_the_index(client: TestClient, db: Session, world: World) -> None:
    year = fiscal.fiscal_year_of(utcnow().date(), 10)
    ceiling = {"fiscal_year": year, "places": 40, "regions": {"americas": 10}}
    load(
        db,
        programme_file(
            "test-pages",
            ceilings=[ceiling],
            intake_places=[{"code": "SMO-GTM-GUA", "state": "GTM", "name": "Guatemala City"}],
        ),
    )
    examples(db)
    db.commit()
    login(client, "USA", Role.supervisor)
    page = client.get("/pathways").text
    assert f"fiscal year {year}" in page
    assert 'data-bucket="total">40<' in page and 'data-bucket="region:americas">10<' in page
    assert "No numeric ceiling" in page  # FRP
    assert f"No ceiling is set for fiscal year {year}" in page  # H-2B's figures end earlier
