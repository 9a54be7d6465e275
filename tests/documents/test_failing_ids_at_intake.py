"""A national ID whose check digit (or another check) fails is recorded as printed, marked
as failing, and shown so to both parties; text that is no such number at all is still
refused; the identity engine never weighs a failing number as an identifier."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from readmit.documents.national_ids import MalformedId, NumberCheck, check_national_id
from readmit.identity.docnums import compare_national_id
from tests.documents.test_national_ids import INVALID, INVALID_IDS, chn_id
from tests.factories import World, person_payload
from tests.pages.browsing import login

API = "/api/v1/applications"
LABEL = "Check digit fails — recorded as printed"
MALFORMED = {
    "chn-short", "chn-long", "chn-letter-check", "chn-letter-body", "gtm-short", "gtm-long",
    "gtm-letter", "slv-short", "slv-long", "slv-misplaced-hyphen", "slv-letter", "mex-short",
    "mex-sex", "mex-vowel-consonant", "mex-digit-in-name", "hnd-short", "hnd-long",
    "hnd-letter",
}  # fmt: skip
CHECK_DIGIT = {"chn-check", "gtm-check", "gtm-remainder-10", "slv-brief-example", "mex-check"}


@pytest.mark.parametrize(("country", "value", "message"), INVALID, ids=INVALID_IDS)
def test_each_failure_is_refused_or_recorded_by_its_kind(
    request: pytest.FixtureRequest, country: str, value: str, message: str
) -> None:
    case = request.node.callspec.id
    if case in MALFORMED:
        with pytest.raises(MalformedId, match=message):
            check_national_id(country, value)
        return
    checked = check_national_id(country, value)
    expected = NumberCheck.check_digit_fails if case in CHECK_DIGIT else NumberCheck.contents_fail
    assert checked.status == expected and checked.info is None
    assert checked.reason is not None and message in checked.reason


def _slipped(number: str) -> str:
    """The ID with its check character replaced: as a damaged or forged card may print it."""
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def _open(client: TestClient, world: World, person: dict) -> dict:
    created = client.post(
        API,
        headers=world.headers("USA", Role.case_officer),
        json={"requested_state": "CHN", "person": person},
    )
    assert created.status_code == 201, created.text
    return created.json()


def _under_verification(db: Session, world: World, case_id: int) -> Application:
    case = db.get(Application, case_id)
    assert case is not None
    steps = [("USA", Role.case_officer, "submit"), ("CHN", Role.verifier, "receive")]
    steps.append(("CHN", Role.verifier, "start_verification"))
    for state, role, action in steps:
        applications.transition(
            session=db, user=world.user(db, state, role), application=case, action=action
        )
    db.commit()
    assert case.status == Status.under_verification
    return case


def test_a_failing_id_is_recorded_and_shown_not_refused(
    client: TestClient, db: Session, world: World
) -> None:
    person = person_payload(world, "CHN", 7)
    real = world.registers["CHN"][7].national_id
    printed = _slipped(real)
    # The card's number, and a date it does not encode: neither refuses the case.
    person["documents"] = [{"type": "national_id", "number": printed, "issuing_state": "CHN"}]
    person["birth_date"] = "1950-01-02"
    body = _open(client, world, person)
    document = body["person"]["documents"][0]
    assert document["number"] == printed
    assert document["number_check"] == "check_digit_fails"
    assert document["number_check_label"] == LABEL
    assert "check character" in document["number_check_note"]
    case = _under_verification(db, world, body["id"])
    for state, role in (("USA", Role.case_officer), ("CHN", Role.verifier)):
        client.cookies.clear()
        login(client, state, role)
        for page in (f"/applications/{case.id}", f"/applications/{case.id}/verify"):
            if state == "USA" and page.endswith("/verify"):
                continue  # the verification page is the requested state's
            shown = client.get(page)
            assert shown.status_code == 200, (state, page)
            assert printed in shown.text and LABEL in shown.text, (state, page)
        api = client.get(f"{API}/{case.id}", headers=world.headers(state, role)).json()
        assert api["person"]["documents"][0]["number_check_label"] == LABEL


def test_a_passing_id_says_so_and_a_broken_region_is_recorded_too(
    client: TestClient, world: World
) -> None:
    person = person_payload(world, "CHN", 7)
    real = world.registers["CHN"][7].national_id
    unknown_province = chn_id("91" + real[2:17])  # no such province, a right check character
    person["documents"] = [
        {"type": "national_id", "number": real, "issuing_state": "CHN"},
        {"type": "national_id", "number": unknown_province, "issuing_state": "CHN"},
        {"type": "passport", "number": "E12345678", "issuing_state": "CHN"},
    ]
    documents = _open(client, world, person)["person"]["documents"]
    assert [d["number_check"] for d in documents] == ["passes", "contents_fail", None]
    assert documents[0]["number_check_label"] == "Passes its checks"
    assert documents[1]["number_check_label"] == "Fails its checks — recorded as printed"
    assert "province" in documents[1]["number_check_note"]
    assert documents[2]["number_check_label"] is None


def test_text_that_is_no_such_number_is_still_refused_on_its_field(
    client: TestClient, world: World
) -> None:
    person = person_payload(world, "CHN", 7)
    short = {"type": "national_id", "number": "36042619910101", "issuing_state": "CHN"}
    person["documents"] = [short]
    refused = client.post(
        API,
        headers=world.headers("USA", Role.case_officer),
        json={"requested_state": "CHN", "person": person},
    )
    assert refused.status_code == 422
    problem = refused.json()["detail"][0]
    assert problem["loc"][-4:] == ["person", "documents", 0, "number"]
    assert "must have 18 characters, got 14" in problem["msg"]


def test_the_engine_does_not_weigh_a_failing_id_as_an_identifier(
    client: TestClient, db: Session, world: World
) -> None:
    """One slip from a register person's number, on a record that otherwise names nobody:
    compared as a keying slip it would weigh ~21 bits for that person; recorded as printed
    it is not compared at all, and nobody is put forward on its strength."""
    target = world.registers["CHN"][7]
    printed = _slipped(target.national_id)
    assert compare_national_id(printed, target.national_id, country="CHN") == (
        "invalid_checksum_one_edit"
    )
    person = {
        "names": [{"family": "QUIRREL", "given": "ZEPHYRINE", "source": "declared"}],
        "documents": [{"type": "national_id", "number": printed, "issuing_state": "CHN"}],
    }
    case = _under_verification(db, world, _open(client, world, person)["id"])
    run = client.post(
        f"{API}/{case.id}/recommendation", headers=world.headers("CHN", Role.verifier)
    )
    assert run.status_code == 200, run.text
    body = run.json()
    assert body["recommendation"] != "confirm"
    for candidate in body["candidates"]:
        assert candidate["evidence"]["national_id"]["level"] == "null"
        assert candidate["person_id"] != target.person_id or candidate["score"] < 0.01


def test_with_the_right_particulars_the_match_rests_on_them_not_on_the_number(
    client: TestClient, db: Session, world: World
) -> None:
    target = world.registers["CHN"][7]
    person = person_payload(world, "CHN", 7)
    person["documents"] = [
        {"type": "national_id", "number": _slipped(target.national_id), "issuing_state": "CHN"}
    ]
    case = _under_verification(db, world, _open(client, world, person)["id"])
    body = client.post(
        f"{API}/{case.id}/recommendation", headers=world.headers("CHN", Role.verifier)
    ).json()
    top = body["candidates"][0]
    assert top["person_id"] == target.person_id
    assert top["evidence"]["national_id"]["level"] == "null"
    assert top["evidence"]["name"]["weight"] > 0


def test_the_new_application_form_records_a_failing_id_too(
    client: TestClient, world: World
) -> None:
    token = login(client, "USA", Role.case_officer)
    printed = _slipped(world.registers["CHN"][7].national_id)
    created = client.post(
        "/applications",
        data={
            "csrf_token": token,
            "requested_state": "CHN",
            "names-0-family": "LING",
            "names-0-given": "BO",
            "names-0-source": "document",
            "documents-0-type": "national_id",
            "documents-0-number": printed,
            "documents-0-issuing_state": "CHN",
        },
    )
    assert created.status_code == 200 and "done=created" in str(created.url)
    assert printed in created.text and LABEL in created.text
