"""The designation pages per role: the list and the reviews due, proposing a company or a
person (no JavaScript: plain forms), one designation with its names in every script, its
links both ways, its evidence, its history and the buttons of the reader's role."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.designations import service
from readmit.designations.models import Designation, DesignationStatus
from tests.designations.cases import PERSON, at_status, png, propose
from tests.factories import World
from tests.pages.browsing import login, token_of

READERS = {Role.analyst, Role.supervisor, Role.auditor}
PROPOSERS = {Role.analyst, Role.supervisor}


def newest(db: Session) -> Designation:
    found = db.query(Designation).order_by(Designation.id.desc()).first()
    assert found is not None
    return found


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_the_pages(client: TestClient, db: Session, world: World, role: Role) -> None:
    designation = at_status(db, world, DesignationStatus.proposed)
    db.commit()
    login(client, "USA", role)
    listing = client.get("/designations")
    assert listing.status_code == (200 if role in READERS else 403)
    assert client.get("/designations/new").status_code == (200 if role in PROPOSERS else 403)
    detail = client.get(f"/designations/{designation.id}")
    assert detail.status_code == (200 if role in READERS else 403)
    home = client.get("/").text
    assert ('href="/designations"' in home) == (role in READERS)
    if role in READERS:
        assert "Aerovías del Istmo S.A. de C.V." in listing.text
        client.cookies.clear()
        login(client, "MEX", role)
        assert client.get(f"/designations/{designation.id}").status_code == 404
        assert "Aerovías del Istmo" not in client.get("/designations").text


def test_propose_a_company_then_a_person_linked_to_it(
    client: TestClient, db: Session, world: World
) -> None:
    token = login(client, "USA", Role.analyst)
    form = client.get("/designations/new?kind=company")
    assert 'name="csrf_token"' in form.text and "<script" not in form.text
    made = client.post(
        "/designations/new",
        data={
            "csrf_token": token,
            "kind": "company",
            "name": "Transportes Frontera S.A. de C.V.",
            "aliases": "边境运输有限公司\nTF Charter",
            "sector": "charter operator",
            "jurisdiction": "MEX",
            "registration_number": "TF-1",
            "iata_code": "tf",
            "icao_code": "TFR",
            "legal_basis": "INA 212(a)(3)(C)",
            "reason": "Sells one-way charters",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    company = newest(db)
    entity = service.entity_of(db, company)
    assert entity.properties["idNumber"] == ["TF", "TFR"]
    assert entity.properties["jurisdiction"] == ["mx"]
    found = client.get("/designations/new?kind=person&find=边境")
    assert f"<td>{entity.id}</td>" in found.text
    person = client.post(
        "/designations/new",
        data={
            "csrf_token": token,
            "kind": "person",
            "name": "王小明",
            "aliases": "Wang Xiaoming\nWong Siu-ming",
            "birth_date": "1975-04",
            "nationality": "CHN",
            "passports": "E12345678",
            "legal_basis": "INA 212(a)(3)(C)",
            "link_0_relation": "director_of",
            "link_0_entity": str(entity.id),
        },
        follow_redirects=True,
    )
    assert person.status_code == 200
    page = person.text
    for words in ("王小明", "Wong Siu-ming", "China (CHN)", "E12345678", "is a director of"):
        assert words in page, words
    assert "Transportes Frontera S.A. de C.V." in page
    assert "Edit the proposal" in page and 'action="/designations/' in page
    assert "/approve" not in page  # an analyst does not decide
    other_side = client.get(f"/designations/{company.id}").text
    assert "has as director" in other_side and "王小明" in other_side
    listed = client.get("/designations", params={"q": "Wong Siu"}).text
    assert "王小明" in listed and "Transportes Frontera" not in listed


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("birth_date", "1975-13-02", "not a date"),
        ("nationality", "XX1", "not a country"),
        ("name", "", "Required"),
        ("link_0_entity", "abc", "number of an entity"),
        ("legal_basis", "", "Enter a value"),
    ],
)
def test_a_bad_form_is_shown_again_with_the_problem_at_its_field(
    client: TestClient, world: World, field: str, value: str, words: str
) -> None:
    token = login(client, "USA", Role.analyst)
    data = {
        "csrf_token": token,
        "kind": "person",
        "name": "王小明",
        "legal_basis": "INA 212(a)(3)(C)",
        "link_0_relation": "employed_by",
        field: value,
    }
    refused = client.post("/designations/new", data=data)
    assert refused.status_code == 422
    assert f'id="{field}-error"' in refused.text and words.lower() in refused.text.lower()
    assert 'aria-invalid="true"' in refused.text


def test_a_bad_airline_code_is_refused(client: TestClient, world: World) -> None:
    token = login(client, "USA", Role.supervisor)
    data = {"csrf_token": token, "kind": "company", "name": "X Air", "legal_basis": "x"}
    refused = client.post("/designations/new", data=data | {"icao_code": "U1"})
    assert refused.status_code == 422 and 'id="icao_code-error"' in refused.text


def test_the_supervisor_decides_reviews_and_delists_on_the_page(
    client: TestClient, db: Session, world: World
) -> None:
    designation = at_status(db, world, DesignationStatus.proposed)
    db.commit()
    token = login(client, "USA", Role.supervisor)
    page = client.get(f"/designations/{designation.id}").text
    assert f'action="/designations/{designation.id}/approve"' in page
    approved = client.post(
        f"/designations/{designation.id}/approve", data={"csrf_token": token, "note": "Holds"}
    )
    assert approved.status_code == 200 and "approved and is in force" in approved.text
    assert "Next review due" in approved.text
    no_note = client.post(f"/designations/{designation.id}/review", data={"csrf_token": token})
    assert no_note.status_code == 422 and 'id="note-error"' in no_note.text
    reviewed = client.post(
        f"/designations/{designation.id}/review",
        data={"csrf_token": token, "note": "Still flying", "next_review": "2099-01-01"},
    )
    assert reviewed.status_code == 200 and "The review was recorded" in reviewed.text
    delisted = client.post(
        f"/designations/{designation.id}/delist", data={"csrf_token": token, "reason": "Sold"}
    )
    assert delisted.status_code == 200 and "Delisted" in delisted.text
    history = delisted.text.split('id="history"')[1]
    for words in ("proposed designation no.", "approved", "reviewed", "delisted"):
        assert words in history, words


def test_four_eyes_on_the_page(client: TestClient, db: Session, world: World) -> None:
    mine = propose(db, world, role=Role.supervisor)
    db.commit()
    token = login(client, "USA", Role.supervisor)
    assert "/approve" not in client.get(f"/designations/{mine.id}").text
    refused = client.post(f"/designations/{mine.id}/approve", data={"csrf_token": token})
    assert refused.status_code == 403
    assert db.get(Designation, mine.id).status == DesignationStatus.proposed  # type: ignore[union-attr]


def test_the_auditor_reads_without_buttons(client: TestClient, db: Session, world: World) -> None:
    designation = at_status(db, world, DesignationStatus.designated)
    db.commit()
    login(client, "USA", Role.auditor)
    page = client.get(f"/designations/{designation.id}").text
    assert "Aerovías del Istmo" in page and "地峡航空有限公司" in page
    assert not re.search(r'<form method="post" action="/designations/', page)
    due = client.get("/designations").text.split('id="all"')[0]
    assert "No review falls due" in due  # a year away, beyond the 30 days shown


def test_edit_a_proposal_keeps_what_the_form_does_not_show(
    client: TestClient, db: Session, world: World
) -> None:
    designation = propose(
        db, world, entity=PERSON | {"properties": {**PERSON["properties"], "topics": ["sanction"]}}
    )
    db.commit()
    token = login(client, "USA", Role.analyst)
    form = client.get(f"/designations/{designation.id}/edit").text
    assert "Wang Xiaoming" in form and 'value="CHN"' in form
    saved = client.post(
        f"/designations/{designation.id}/edit",
        data={
            "csrf_token": token,
            "name": "王小明",
            "aliases": "Wang Xiaoming\nWang Hsiao-ming",
            "nationality": "CHN",
            "legal_basis": "INA 212(a)(3)(C)",
        },
    )
    assert saved.status_code == 200 and "Wang Hsiao-ming" in saved.text
    properties = service.entity_of(db, designation).properties
    assert properties["topics"] == ["sanction"] and "passportNumber" not in properties


def test_evidence_on_the_page(client: TestClient, db: Session, world: World) -> None:
    designation = at_status(db, world, DesignationStatus.proposed)
    db.commit()
    token = login(client, "USA", Role.analyst)
    path = f"/designations/{designation.id}/evidence"
    wrong = client.post(
        path,
        data={"csrf_token": token, "description": "Manifest"},
        files={"evidence": ("manifest.pdf", b"<html></html>", "application/pdf")},
    )
    assert wrong.status_code == 422 and 'id="evidence-error"' in wrong.text
    assert "an HTML page" in wrong.text
    added = client.post(
        path,
        data={"csrf_token": token, "description": "Manifest"},
        files={"evidence": ("manifest.png", png(), "image/png")},
    )
    assert added.status_code == 200 and "manifest.png" in added.text
    link = re.search(r'href="(/designations/\d+/evidence/\d+)"', added.text)
    assert link and client.get(link.group(1)).headers["content-type"] == "image/png"


def test_export_from_the_list(client: TestClient, db: Session, world: World) -> None:
    at_status(db, world, DesignationStatus.designated)
    db.commit()
    login(client, "USA", Role.auditor)
    assert "export.jsonl" not in client.get("/designations").text
    assert client.get("/designations/export.jsonl").status_code == 403
    client.cookies.clear()
    login(client, "USA", Role.analyst)
    exported = client.get("/designations/export.jsonl")
    assert exported.status_code == 200 and '"schema": "Sanction"' in exported.text
    assert token_of(client.get("/designations").text)


def test_a_flight_lead_fills_in_the_operator_code(client: TestClient, world: World) -> None:
    login(client, "USA", Role.analyst)
    icao = client.get("/designations/new?operator=tfr").text
    assert 'id="icao_code" name="icao_code" value="TFR"' in icao
    iata = client.get("/designations/new?operator=T5").text
    assert 'id="iata_code" name="iata_code" value="T5"' in iata
