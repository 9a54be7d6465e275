"""Transfers through the API: a commercial flight, a charter manifest checked at lock and at
departure, the arrival notice's lead time, and the requested state's arrival report."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from tests.factories import World, make_case

API = "/api/v1"


def _flight(*ids: int, kind: str = "commercial", hours: float = 72) -> dict:
    departure = utcnow() + timedelta(hours=hours)
    return {"kind": kind, "carrier": "United Airlines", "flight_number": "UA857",
            "route": "IAH-PEK", "departure_at": departure.isoformat(), "escorts": 2,
            "application_ids": list(ids)}  # fmt: skip


def test_commercial_flight_to_arrival(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=13)
    db.commit()
    officer, verifier = world.headers("USA", Role.case_officer), world.headers("CHN", Role.verifier)
    assert (
        client.post(f"{API}/transfers", headers=verifier, json=_flight(case.id)).status_code == 403
    )
    created = client.post(f"{API}/transfers", headers=officer, json=_flight(case.id))
    assert created.status_code == 201, created.text
    transfer = created.json()
    assert transfer["requested_state"] == "CHN" and transfer["status"] == "open"
    assert client.get(f"{API}/applications/{case.id}", headers=officer).json()["status"] == (
        "transfer_scheduled"
    )
    assert client.get(f"{API}/transfers/{transfer['id']}", headers=verifier).status_code == 200
    deadlines = client.get(f"{API}/applications/{case.id}", headers=verifier).json()["deadlines"]
    assert [d["kind"] for d in deadlines] == ["arrival_notice"]
    assert client.get(f"{API}/transfers/{transfer['id']}",
                      headers=world.headers("GTM", Role.verifier)).status_code == 404  # fmt: skip
    arrival = f"{API}/transfers/{transfer['id']}/cases/{case.id}/arrival"
    early = client.post(arrival, headers=verifier, json={"outcome": "arrived"})
    assert early.status_code == 409
    departed = client.post(f"{API}/transfers/{transfer['id']}/depart", headers=officer)
    assert departed.status_code == 200 and departed.json()["status"] == "departed"
    assert client.post(arrival, headers=officer, json={"outcome": "arrived"}).status_code == 403
    done = client.post(arrival, headers=verifier,
                       json={"outcome": "arrived", "reintegration_referral": True})  # fmt: skip
    assert done.status_code == 200
    assert done.json()["cases"] == [
        {"application_id": case.id, "outcome": "arrived", "reintegration_referral": True}
    ]
    closed = client.get(f"{API}/applications/{case.id}", headers=officer).json()
    assert closed["status"] == "closed"
    assert [(s["action"], s["to_status"]) for s in closed["timeline"][-2:]] == [
        ("confirm_arrival", "arrived"),
        ("close_on_arrival", "closed"),
    ]
    events = client.get(f"{API}/audit/events?application_id={case.id}",
                        headers=world.headers("USA", Role.auditor)).json()  # fmt: skip
    assert "application.close_on_arrival" in [e["action"] for e in events]
    manual = client.post(f"{API}/applications/{case.id}/transitions", headers=officer,
                         json={"action": "close"})  # fmt: skip
    assert manual.status_code == 409
    again = client.post(arrival, headers=verifier, json={"outcome": "no_show"})
    assert again.status_code == 409


def test_arrival_notice_lead_time_and_own_commands(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=14)
    db.commit()
    officer = world.headers("USA", Role.case_officer)
    late = client.post(f"{API}/transfers", headers=officer, json=_flight(case.id, hours=1))
    assert late.status_code == 409 and "hours before departure" in late.text
    two = make_case(db, world, status=Status.travel_document_issued, index=15)
    db.commit()
    both = client.post(f"{API}/transfers", headers=officer, json=_flight(case.id, two.id))
    assert both.status_code == 409 and "charter" in both.text
    sideways = client.post(f"{API}/applications/{case.id}/transitions", headers=officer,
                           json={"action": "schedule_transfer"})  # fmt: skip
    assert sideways.status_code == 409 and "/transfers" in sideways.text


def test_charter_manifest_is_checked_at_lock_and_departure(
    client: TestClient, db: Session, world: World
) -> None:
    first = make_case(db, world, status=Status.travel_document_issued, index=16)
    second = make_case(db, world, status=Status.travel_document_issued, index=17)
    not_ready = make_case(db, world, status=Status.confirmed, index=18)
    db.commit()
    officer, verifier = world.headers("USA", Role.case_officer), world.headers("CHN", Role.verifier)
    charter = client.post(f"{API}/transfers", headers=officer,
                          json=_flight(first.id, kind="charter")).json()  # fmt: skip
    cases = f"{API}/transfers/{charter['id']}/cases"
    refused = client.post(cases, headers=officer, json={"application_id": not_ready.id})
    assert refused.status_code == 409 and "no valid travel document" in refused.text
    assert (
        client.post(cases, headers=officer, json={"application_id": second.id}).status_code == 200
    )
    protection.open_flag(session=db, user=world.user(db, "USA", Role.protection_officer),
                         application=second, kind=ProtectionKind.asylum_pending,
                         note="claim lodged at the airport")  # fmt: skip
    db.commit()
    held = client.post(f"{API}/transfers/{charter['id']}/lock", headers=officer)
    assert held.status_code == 409 and second.reference in held.text
    flag = protection.list_flags(session=db, user=world.user(db, "USA", Role.protection_officer),
                                 application=second)[0]  # fmt: skip
    protection.clear_flag(session=db, user=world.user(db, "USA", Role.protection_officer),
                          application=second, flag_id=flag.id,
                          reason="claim withdrawn in writing")  # fmt: skip
    db.commit()
    suspended = client.post(f"{API}/transfers/{charter['id']}/lock", headers=officer)
    assert suspended.status_code == 409 and "the case is suspended" in suspended.text
    resumed = client.post(f"{API}/applications/{second.id}/transitions", headers=officer,
                          json={"action": "resume"})  # fmt: skip
    assert resumed.status_code == 200 and resumed.json()["status"] == "transfer_scheduled"
    locked = client.post(f"{API}/transfers/{charter['id']}/lock", headers=officer)
    assert locked.status_code == 200 and locked.json()["status"] == "locked"
    late = client.post(cases, headers=officer, json={"application_id": not_ready.id})
    assert late.status_code == 409
    assert (
        client.post(f"{API}/transfers/{charter['id']}/depart", headers=officer).status_code == 200
    )
    no_show = client.post(f"{API}/transfers/{charter['id']}/cases/{second.id}/arrival",
                          headers=verifier, json={"outcome": "no_show"})  # fmt: skip
    assert no_show.status_code == 200
    assert client.get(f"{API}/applications/{second.id}", headers=officer).json()["status"] == (
        "confirmed"
    )
    document = client.get(f"{API}/applications/{second.id}/travel-document", headers=officer)
    assert document.status_code == 404  # the single-journey document is used up (revoked)


def test_removing_a_case_from_a_charter(client: TestClient, db: Session, world: World) -> None:
    first = make_case(db, world, status=Status.travel_document_issued, index=19)
    second = make_case(db, world, status=Status.travel_document_issued, index=20)
    db.commit()
    officer = world.headers("USA", Role.case_officer)
    charter = client.post(f"{API}/transfers", headers=officer,
                          json=_flight(first.id, second.id, kind="charter")).json()  # fmt: skip
    url = f"{API}/transfers/{charter['id']}/cases/{second.id}"
    assert client.delete(url, headers=world.headers("CHN", Role.verifier)).status_code == 403
    assert client.delete(url, headers=world.headers("USA", Role.analyst)).status_code == 403
    assert client.delete(url, headers=world.headers("GTM", Role.supervisor)).status_code == 404
    removed = client.delete(url, headers=officer)
    assert removed.status_code == 200
    assert [c["application_id"] for c in removed.json()["cases"]] == [first.id]
    case = client.get(f"{API}/applications/{second.id}", headers=officer).json()
    assert case["status"] == "travel_document_issued"
    assert client.delete(url, headers=officer).status_code == 404  # no longer on it
    last = client.delete(f"{API}/transfers/{charter['id']}/cases/{first.id}", headers=officer)
    assert last.status_code == 409 and "at least one" in last.text
    sideways = client.post(f"{API}/applications/{first.id}/transitions", headers=officer,
                           json={"action": "remove_from_transfer"})  # fmt: skip
    assert sideways.status_code == 409 and "DELETE /api/v1/transfers" in sideways.text
    assert client.post(f"{API}/transfers/{charter['id']}/lock", headers=officer).status_code == 200
    again = client.post(f"{API}/transfers/{charter['id']}/cases", headers=officer,
                        json={"application_id": second.id})  # fmt: skip
    assert again.status_code == 409
    locked = client.delete(f"{API}/transfers/{charter['id']}/cases/{first.id}", headers=officer)
    assert locked.status_code == 409 and "open charter" in locked.text
