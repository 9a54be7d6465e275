"""Charter pages: the requesting state's officer creates a charter, adds and removes cases,
sees each person's check failure when locking, and records departure from its confirmation
page, not before the booked time; the requested state reads the manifest; everyone else gets
403 or 404."""

from datetime import timedelta
from html import unescape

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.transfers.models import Transfer
from tests.factories import World, make_case
from tests.pages.browsing import login


def _flight(token: str, *ids: int, hours: float = 72) -> dict:
    departure = (utcnow() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")
    return {"csrf_token": token, "carrier": "Omni Air", "flight_number": "ox 3101",
            "route": "iah-pek", "departure_at": departure, "escorts": "6",
            "application_ids": [str(i) for i in ids]}  # fmt: skip


def _charter(client: TestClient, token: str, *ids: int) -> int:
    created = client.post("/transfers", data=_flight(token, *ids), follow_redirects=False)
    assert created.status_code == 303, created.text
    assert created.headers["location"].endswith("?done=charter_created")
    return int(created.headers["location"].split("/")[2].split("?")[0])


def _cases(db: Session, world: World, *indexes: int) -> list[Application]:
    cases = [make_case(db, world, status=Status.travel_document_issued, index=i) for i in indexes]
    db.commit()
    return cases


def test_officer_builds_locks_and_departs_a_charter(
    client: TestClient, db: Session, world: World
) -> None:
    first, second, third = _cases(db, world, 40, 41, 42)
    token = login(client, "USA", Role.case_officer)
    form = client.get("/transfers/new").text
    for case in (first, second, third):
        assert f'<label for="case-{case.id}">{case.reference}' in form
    charter = _charter(client, token, first.id, second.id)
    page = client.get(f"/transfers/{charter}")
    assert "Omni Air" in page.text and "OX3101" in page.text and page.text.count("Ready") == 2
    assert f'<option value="{third.id}">' in page.text  # eligible for the same state
    add = {"csrf_token": token, "application_id": str(third.id)}
    added = client.post(f"/transfers/{charter}/cases", data=add)
    assert "The case was added to the manifest." in added.text
    case_page = client.get(f"/applications/{third.id}").text
    assert (
        "Transfer scheduled" in case_page and f'href="/transfers/{charter}">manifest' in case_page
    )
    removed = client.post(f"/transfers/{charter}/cases/{second.id}/remove",
                          data={"csrf_token": token})  # fmt: skip
    assert "taken off the manifest" in removed.text
    db.refresh(second)
    assert second.status == Status.travel_document_issued and second.departure_at is None
    protection.open_flag(session=db, user=world.user(db, "USA", Role.protection_officer),
                         application=first, kind=ProtectionKind.asylum_pending,
                         note="claim lodged at the airport")  # fmt: skip
    db.commit()
    refused = client.post(f"/transfers/{charter}/lock", data={"csrf_token": token})
    assert refused.status_code == 409
    text = unescape(refused.text)
    assert "There is a problem" in text
    assert f"Cannot lock the manifest: {first.reference}: an open protection hold" in text
    assert "<strong>Fails:</strong> an open protection hold blocks this step" in text
    assert "Lock the manifest" in text  # still open
    # The suspended person comes off the manifest; the others fly.
    client.post(f"/transfers/{charter}/cases/{first.id}/remove", data={"csrf_token": token})
    db.refresh(first)
    assert first.status == Status.suspended
    assert first.status_before_suspension == Status.travel_document_issued
    locked = client.post(f"/transfers/{charter}/lock", data={"csrf_token": token})
    assert "The manifest was checked and locked." in locked.text
    assert "Add a case" not in locked.text and "Mark as departed" in locked.text
    asked = client.post(f"/transfers/{charter}/depart", data={"csrf_token": token})
    assert asked.status_code == 200 and "Record the departure?" in asked.text
    assert "with 1 person on board" in unescape(asked.text)
    assert db.get(Transfer, charter).status == "locked"  # type: ignore[union-attr]
    confirm = {"csrf_token": token, "confirmed": "yes", "departed_at": ""}
    early = client.post(f"/transfers/{charter}/depart", data=confirm)
    assert early.status_code == 409 and "Record the departure?" in early.text
    assert "is booked to leave at" in early.text and 'href="#departed_at"' in early.text
    db.get(Transfer, charter).departure_at = utcnow() + timedelta(minutes=20)  # type: ignore[union-attr]
    db.commit()
    departed = client.post(f"/transfers/{charter}/depart", data=confirm)
    assert "Departure was recorded." in departed.text
    db.refresh(third)
    assert third.status == Status.departed
    assert db.get(Transfer, charter).status == "departed"  # type: ignore[union-attr]


def test_the_requested_state_reads_the_manifest_only(
    client: TestClient, db: Session, world: World
) -> None:
    (case,) = _cases(db, world, 43)
    token = login(client, "USA", Role.case_officer)
    charter = _charter(client, token, case.id)
    protection.open_flag(session=db, user=world.user(db, "USA", Role.protection_officer),
                         application=case, kind=ProtectionKind.asylum_pending,
                         note="claim lodged at the airport")  # fmt: skip
    db.commit()
    client.cookies.clear()
    token = login(client, "CHN", Role.verifier)
    assert f'href="/transfers/{charter}"' in client.get("/transfers").text
    page = client.get(f"/transfers/{charter}")
    assert page.status_code == 200 and case.reference in page.text
    assert "Suspended by the requesting state" in page.text
    # No manifest step: its only form is the answer to the charter (accept or refuse).
    steps = [f'action="/transfers/{charter}/{step}' for step in ("cases", "lock", "depart")]
    for hidden in ("protection", "asylum", "Fails", "Ready", *steps):
        assert hidden not in page.text
    assert page.text.count('<form method="post" action="/tr') == 1
    assert f'action="/transfers/{charter}/acceptance"' in page.text
    assert client.post(f"/transfers/{charter}/lock", data={"csrf_token": token}).status_code == 403
    removed = client.post(
        f"/transfers/{charter}/cases/{case.id}/remove", data={"csrf_token": token}
    )
    assert removed.status_code == 403
    assert client.get("/transfers/new").status_code == 403
    client.cookies.clear()
    login(client, "GTM", Role.verifier)
    assert client.get(f"/transfers/{charter}").status_code == 404
    assert f"/transfers/{charter}" not in client.get("/transfers").text
    client.cookies.clear()
    token = login(client, "USA", Role.analyst)
    page = client.get(f"/transfers/{charter}")
    assert page.status_code == 200 and "Lock the manifest" not in page.text
    assert client.post(f"/transfers/{charter}/lock", data={"csrf_token": token}).status_code == 403
    assert client.post("/transfers", data=_flight(token, case.id)).status_code == 403


def test_the_charter_form_names_each_problem(client: TestClient, db: Session, world: World) -> None:
    (case,) = _cases(db, world, 44)
    token = login(client, "USA", Role.supervisor)
    blank = client.post(
        "/transfers", data={"csrf_token": token, "departure_at": "2030-01-01T08:00"}
    )
    assert blank.status_code == 422
    assert '<a href="#carrier">Carrier: Enter at least 2 characters</a>' in blank.text
    assert '<a href="#application_ids">People on board: Enter more entries</a>' in blank.text
    late = client.post("/transfers", data=_flight(token, case.id, hours=20.5))
    assert late.status_code == 409
    assert (
        '<a href="#departure_at">Departure (UTC): The agreement USA–CHN requires 48 hours'
        "&#39; notice before departure; this flight leaves in 20 hours.</a>"
    ) in late.text
    assert 'aria-invalid="true"' in late.text.split('id="departure_at"')[1].split(">")[0]
    assert f'id="case-{case.id}" name="application_ids" value="{case.id}" checked' in late.text
    assert 'value="Omni Air"' in late.text and 'value="ox 3101"' in late.text
    db.refresh(case)
    assert case.status == Status.travel_document_issued
    forged = client.post("/transfers", data=_flight("not-the-token", case.id))
    assert forged.status_code == 403


def test_departure_confirmation_is_the_organisers_alone(
    client: TestClient, db: Session, world: World
) -> None:
    (case,) = _cases(db, world, 53)
    token = login(client, "USA", Role.case_officer)
    charter = _charter(client, token, case.id)
    page = client.get(f"/transfers/{charter}/depart")
    assert page.status_code == 200 and "Yes, record the departure" in page.text
    assert 'name="confirmed" value="yes"' in page.text and f'value="{token}"' in page.text
    for state, role, code in [
        ("USA", Role.analyst, 403),
        ("CHN", Role.verifier, 403),
        ("CHN", Role.supervisor, 403),
        ("GTM", Role.case_officer, 404),
    ]:
        client.cookies.clear()
        other = login(client, state, role)
        assert client.get(f"/transfers/{charter}/depart").status_code == code, (state, role)
        confirmed = {"csrf_token": other, "confirmed": "yes"}
        posted = client.post(f"/transfers/{charter}/depart", data=confirmed)
        assert posted.status_code == code, (state, role)
    assert db.get(Transfer, charter).status == "open"  # type: ignore[union-attr]


def test_a_refused_addition_stays_on_the_manifest(
    client: TestClient, db: Session, world: World
) -> None:
    first, later = _cases(db, world, 54, 55)
    token = login(client, "USA", Role.case_officer)
    charter = _charter(client, token, first.id)
    blank = client.post(f"/transfers/{charter}/cases", data={"csrf_token": token})
    assert blank.status_code == 422 and "Go to my queue" not in blank.text
    assert '<a href="#application_id">Case to add: Choose a case to add</a>' in blank.text
    assert f'<option value="{later.id}">' in blank.text  # the form is still there
