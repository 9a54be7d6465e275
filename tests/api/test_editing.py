"""Editing the particulars through the API (`PATCH /applications/{id}`): the requesting state's
case officers and supervisors, in draft or while more information is requested, on the version
they read; each change is audited field by field, and an edit on a stale version is refused."""

import copy

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from tests.editing_cases import Access, who_may
from tests.factories import World, committed_case

API = "/api/v1/applications"


def _read(client: TestClient, case: Application, headers: dict[str, str]) -> dict:
    answer = client.get(f"{API}/{case.id}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _edit(
    client: TestClient, case: Application, headers: dict[str, str], body: dict
) -> httpx.Response:
    return client.patch(f"{API}/{case.id}", headers=headers, json=body)


def _person(read: dict) -> dict:
    """The person as the API gives it, in the shape it takes back."""
    person = copy.deepcopy(read["person"])
    for document in person["documents"]:
        for key in ("number_check", "number_check_note", "number_check_label"):
            document.pop(key, None)
    return person


def _edit_events(client: TestClient, world: World, state: str, case: Application) -> list[dict]:
    events = client.get(
        f"/api/v1/audit/events?application_id={case.id}", headers=world.headers(state, Role.auditor)
    ).json()
    return [e for e in events if e["action"] == "application.edit"]


def test_an_edit_is_audited_field_by_field(client: TestClient, db: Session, world: World) -> None:
    case = committed_case(db, world, index=10)
    officer = world.headers("USA", Role.case_officer)
    before = _read(client, case, officer)
    assert before["version"] == 1
    person = _person(before)
    old_given, old_birth = person["names"][0]["given"], person["birth_date"]
    person["names"][0]["given"] = "XIAOMING"
    person["birth_date"] = old_birth[:7]  # the month only: the ID number still agrees
    person["birth_place"] = "Fuqing, Fujian"
    person["documents"].append({"type": "birth_certificate", "number": "BC-1"})
    edited = _edit(client, case, officer, {"version": 1, "person": person})
    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == 2
    assert edited.json()["person"]["names"][0]["given"] == "XIAOMING"
    (event,) = _edit_events(client, world, "USA", case)
    changes = {c["field"]: (c["old"], c["new"]) for c in event["detail"]["changes"]}
    added = len(person["documents"]) - 1
    assert changes == {
        "person.names.0.given": (old_given, "XIAOMING"),
        "person.birth_date": (old_birth, old_birth[:7]),
        "person.birth_place": (before["person"]["birth_place"], "Fuqing, Fujian"),
        f"person.documents.{added}.type": (None, "birth_certificate"),
        f"person.documents.{added}.number": (None, "BC-1"),
    }
    assert event["detail"]["version"] == 2
    step = [t for t in edited.json()["timeline"] if t["action"] == "edit_particulars"]
    assert step and "given names" in step[0]["note"] and "date of birth" in step[0]["note"]
    # The case is found under its new name.
    family = person["names"][0]["family"]
    found = client.get(f"{API}?name={family} XIAOMING", headers=officer).json()
    assert case.id in [row["id"] for row in found["data"]]
    # Sending the same particulars again changes nothing and records nothing.
    again = _edit(client, case, officer, {"version": 2, "person": person})
    assert again.json()["version"] == 2 and len(_edit_events(client, world, "USA", case)) == 1


def test_a_draft_may_change_its_requested_state_and_procedure(
    client: TestClient, db: Session, world: World
) -> None:
    case = committed_case(db, world, index=11)
    officer = world.headers("USA", Role.supervisor)
    body = {"version": 1, "requested_state": "GTM", "procedure": "accelerated"}
    edited = _edit(client, case, officer, body)
    assert edited.status_code == 200, edited.text
    assert edited.json()["requested_state"] == "GTM"
    assert edited.json()["reference"].startswith("USA-GTM-")
    assert edited.json()["procedure"] == "accelerated"
    nowhere = _edit(client, case, officer, {"version": 2, "requested_state": "MEX"})
    assert nowhere.status_code == 422
    assert nowhere.json()["detail"][0]["loc"] == ["requested_state"]


def test_while_more_information_is_requested_only_the_person_changes(
    client: TestClient, db: Session, world: World
) -> None:
    case = committed_case(db, world, index=12, status=Status.more_info_requested)
    officer = world.headers("USA", Role.case_officer)
    person = _person(_read(client, case, officer))
    person["parents"] = {"mother": "LIN MEI", "father": None}
    edited = _edit(client, case, officer, {"version": 1, "person": person})
    assert edited.status_code == 200, edited.text
    assert edited.json()["status"] == "more_info_requested"
    moved = _edit(client, case, officer, {"version": 2, "requested_state": "GTM"})
    assert moved.status_code == 422
    assert moved.json()["detail"][0]["msg"] == (
        "the requested state is fixed once the application has been submitted"
    )
    # The requested state sees the particulars as changed, and that they were: not by whom,
    # and nothing of the requesting state's audit trail.
    seen = _read(client, case, world.headers("CHN", Role.verifier))
    assert seen["person"]["parents"]["mother"] == "LIN MEI"
    step = next(t for t in seen["timeline"] if t["action"] == "edit_particulars")
    assert step["actor_id"] is None and step["actor_state"] == "USA"
    assert _edit_events(client, world, "CHN", case) == []


@pytest.mark.parametrize(
    "status",
    [Status.submitted, Status.under_verification, Status.confirmed, Status.withdrawn],
)
def test_an_edit_is_refused_outside_draft_and_more_information(
    client: TestClient, db: Session, world: World, status: Status
) -> None:
    case = committed_case(db, world, index=13, status=status)
    officer = world.headers("USA", Role.case_officer)
    person = _person(_read(client, case, officer))
    person["birth_place"] = "Somewhere else"
    refused = _edit(client, case, officer, {"version": 1, "person": person})
    assert refused.status_code == 409
    assert "only in draft or while more information is requested" in refused.json()["detail"]
    assert _read(client, case, officer)["person"]["birth_place"] != "Somewhere else"


def test_two_editors_cannot_overwrite_each_other(
    client: TestClient, db: Session, world: World
) -> None:
    case = committed_case(db, world, index=14)
    first, second = world.headers("USA", Role.case_officer), world.headers("USA", Role.supervisor)
    person = _person(_read(client, case, first))
    mine, theirs = copy.deepcopy(person), copy.deepcopy(person)
    mine["birth_place"], theirs["birth_place"] = "Fuzhou", "Changle"
    assert _edit(client, case, first, {"version": 1, "person": mine}).status_code == 200
    late = _edit(client, case, second, {"version": 1, "person": theirs})
    assert late.status_code == 409
    assert "changed since you opened it" in late.json()["detail"]
    assert "version 1, it is now version 2" in late.json()["detail"]
    assert _read(client, case, first)["person"]["birth_place"] == "Fuzhou"
    again = _edit(client, case, second, {"version": 2, "person": theirs})
    assert again.status_code == 200


def test_invalid_particulars_are_refused_with_their_field(
    client: TestClient, db: Session, world: World
) -> None:
    case = committed_case(db, world, index=15)
    officer = world.headers("USA", Role.case_officer)
    person = _person(_read(client, case, officer))
    person["birth_date"] = "1990-13-01"
    refused = _edit(client, case, officer, {"version": 1, "person": person})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-2:] == ["person", "birth_date"]
    missing = _edit(client, case, officer, {"person": person})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "version"


@who_may(Status.draft)
def test_who_may_edit(client: TestClient, db: Session, world: World, access: Access) -> None:
    case = committed_case(db, world, index=16, status=access.status)
    body = {"version": 1, "procedure": "normal"}
    answer = _edit(client, case, access.headers(world), body)
    assert answer.status_code == access.expected, answer.text
