"""Charter pages: the requesting state's officer creates a charter, adds and removes cases,
sees each person's check failure when locking, and marks departure; the requested state reads
the manifest; everyone else gets 403 or 404."""

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
    departed = client.post(f"/transfers/{charter}/depart", data={"csrf_token": token})
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
    for hidden in ("protection", "asylum", "Fails", "Ready", '<form method="post" action="/tr'):
        assert hidden not in page.text
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
    late = client.post("/transfers", data=_flight(token, case.id, hours=1))
    assert late.status_code == 409 and "hours before departure" in late.text
    assert f'id="case-{case.id}" name="application_ids" value="{case.id}" checked' in late.text
    db.refresh(case)
    assert case.status == Status.travel_document_issued
    forged = client.post("/transfers", data=_flight("not-the-token", case.id))
    assert forged.status_code == 403
