"""Transfers through the API: a commercial flight, a charter manifest checked at lock and at
departure, the arrival notice's lead time, the requested state's arrival report, and times
that can have happened: departure near the booked time, arrival after it, neither in the
future; the flight's status follows its cases."""

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.transfers import service as transfers
from readmit.transfers.models import Transfer, TransferStatus
from readmit.transfers.schemas import ArrivalIn
from tests.factories import World, flight, make_case

API = "/api/v1"


def _flight(*ids: int, kind: str = "commercial", hours: float = 72) -> dict:
    departure = utcnow() + timedelta(hours=hours)
    return {"kind": kind, "carrier": "United Airlines", "flight_number": "UA857",
            "route": "IAH-PEK", "departure_at": departure.isoformat(), "escorts": 2,
            "application_ids": list(ids)}  # fmt: skip


def _due(db: Session, transfer_id: int, minutes: float) -> datetime:
    """Time passes: the flight booked days ahead is now due in `minutes` (negative: ago)."""
    transfer = db.get(Transfer, transfer_id)
    assert transfer is not None
    transfer.departure_at = utcnow() + timedelta(minutes=minutes)
    db.commit()
    return transfer.departure_at


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
    booked = _due(db, transfer["id"], -150)
    left = booked + timedelta(minutes=10)
    departed = client.post(f"{API}/transfers/{transfer['id']}/depart", headers=officer,
                           json={"departed_at": left.isoformat()})  # fmt: skip
    assert departed.status_code == 200 and departed.json()["status"] == "departed"
    assert datetime.fromisoformat(departed.json()["departed_at"]) == left
    assert client.post(arrival, headers=officer, json={"outcome": "arrived"}).status_code == 403
    done = client.post(arrival, headers=verifier,
                       json={"outcome": "arrived", "reintegration_referral": True})  # fmt: skip
    assert done.status_code == 200
    assert done.json()["status"] == "arrived"
    (outcome,) = done.json()["cases"]
    assert outcome["outcome"] == "arrived" and outcome["reintegration_referral"] is True
    assert datetime.fromisoformat(outcome["outcome_at"]) > left + timedelta(hours=2)
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
    late = client.post(f"{API}/transfers", headers=officer, json=_flight(case.id, hours=20.5))
    assert late.status_code == 409
    assert late.json()["detail"] == (
        "The agreement USA–CHN requires 48 hours' notice before departure;"
        " this flight leaves in 20 hours."
    )
    soon = client.post(f"{API}/transfers", headers=officer, json=_flight(case.id, hours=0.76))
    assert soon.json()["detail"].endswith("this flight leaves in 45 minutes.")
    gone = client.post(f"{API}/transfers", headers=officer, json=_flight(case.id, hours=-2))
    assert gone.json()["detail"].endswith("this flight's departure time has passed.")
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
    _due(db, charter["id"], 30)  # within the hour before the booked time
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


def test_departure_is_recorded_near_the_booked_time_and_never_in_the_future(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=48)
    db.commit()
    officer = world.headers("USA", Role.case_officer)
    transfer = client.post(f"{API}/transfers", headers=officer, json=_flight(case.id)).json()
    depart = f"{API}/transfers/{transfer['id']}/depart"
    for who, code in [
        (("CHN", Role.verifier), 403),
        (("USA", Role.analyst), 403),
        (("GTM", Role.supervisor), 404),
    ]:
        assert client.post(depart, headers=world.headers(*who)).status_code == code
    early = client.post(depart, headers=officer)  # three days early, as the tester did
    assert early.status_code == 409
    assert "is booked to leave at" in early.json()["detail"]
    assert "can be recorded from 60 minutes before that" in early.json()["detail"]
    booked = _due(db, transfer["id"], 90)  # an hour and a half early: still refused
    assert client.post(depart, headers=officer).status_code == 409
    booked = _due(db, transfer["id"], -30)
    future = client.post(
        depart, headers=officer, json={"departed_at": (utcnow() + timedelta(minutes=5)).isoformat()}
    )
    assert future.status_code == 409 and "before it happens" in future.json()["detail"]
    naive = client.post(depart, headers=officer, json={"departed_at": "2026-12-01T08:30:00"})
    assert naive.status_code == 422 and naive.json()["detail"][0]["loc"] == ["body", "departed_at"]
    before = booked - timedelta(minutes=61)
    too_early = client.post(depart, headers=officer, json={"departed_at": before.isoformat()})
    assert too_early.status_code == 409
    state = client.get(f"{API}/transfers/{transfer['id']}", headers=officer).json()
    assert state["status"] == "open" and state["departed_at"] is None
    assert client.get(f"{API}/applications/{case.id}", headers=officer).json()["status"] == (
        "transfer_scheduled"
    )
    left = booked - timedelta(minutes=59)  # within the tolerance
    departed = client.post(depart, headers=officer, json={"departed_at": left.isoformat()})
    assert departed.status_code == 200
    assert datetime.fromisoformat(departed.json()["departed_at"]) == left


def test_arrival_is_after_departure_and_not_in_the_future(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=49)
    db.commit()
    officer, verifier = world.headers("USA", Role.case_officer), world.headers("CHN", Role.verifier)
    transfer = client.post(f"{API}/transfers", headers=officer, json=_flight(case.id)).json()
    _due(db, transfer["id"], -5)
    assert client.post(f"{API}/transfers/{transfer['id']}/depart", headers=officer).is_success
    arrival = f"{API}/transfers/{transfer['id']}/cases/{case.id}/arrival"
    same_minute = client.post(arrival, headers=verifier, json={"outcome": "arrived"})
    assert same_minute.status_code == 409
    assert "an arrival can be recorded from 30 minutes after that" in same_minute.text
    left = db.get(Transfer, transfer["id"]).departed_at  # type: ignore[union-attr]
    assert left is not None
    for at in (left - timedelta(hours=1), left, left + timedelta(minutes=29)):
        refused = client.post(
            arrival, headers=verifier, json={"outcome": "arrived", "arrived_at": at.isoformat()}
        )
        assert refused.status_code == 409, at
    future = client.post(
        arrival,
        headers=verifier,
        json={"outcome": "arrived", "arrived_at": (utcnow() + timedelta(hours=3)).isoformat()},
    )
    assert future.status_code == 409 and "before it happens" in future.json()["detail"]
    timed_no_show = client.post(
        arrival, headers=verifier, json={"outcome": "no_show", "arrived_at": utcnow().isoformat()}
    )
    assert timed_no_show.status_code == 422
    assert client.get(f"{API}/applications/{case.id}", headers=officer).json()["status"] == (
        "departed"
    )
    # Had the flight left two hours earlier, an arrival an hour after it would be recorded.
    db.get(Transfer, transfer["id"]).departed_at = left - timedelta(hours=2)  # type: ignore[union-attr]
    db.commit()
    at = left - timedelta(hours=1)
    done = client.post(
        arrival, headers=verifier, json={"outcome": "arrived", "arrived_at": at.isoformat()}
    )
    assert done.status_code == 200, done.text
    assert datetime.fromisoformat(done.json()["cases"][0]["outcome_at"]) == at


def test_the_flight_status_follows_its_cases(client: TestClient, db: Session, world: World) -> None:
    arriving, missing, held = (
        make_case(db, world, status=Status.travel_document_issued, index=i) for i in (50, 51, 52)
    )
    db.commit()
    officer, verifier = world.headers("USA", Role.case_officer), world.headers("CHN", Role.verifier)
    charter = client.post(
        f"{API}/transfers",
        headers=officer,
        json=_flight(arriving.id, missing.id, held.id, kind="charter"),
    ).json()
    url = f"{API}/transfers/{charter['id']}"
    _due(db, charter["id"], -120)
    assert client.post(
        f"{url}/depart",
        headers=officer,
        json={"departed_at": (utcnow() - timedelta(hours=2)).isoformat()},
    ).is_success

    def status() -> str:
        """The flight's status, the same in the list and on its own."""
        one = client.get(url, headers=officer).json()["status"]
        listed = client.get(f"{API}/transfers", headers=verifier).json()
        assert {t["id"]: t["status"] for t in listed}[charter["id"]] == one
        return str(one)

    assert status() == "departed"
    client.post(f"{url}/cases/{arriving.id}/arrival", headers=verifier, json={"outcome": "arrived"})
    client.post(f"{url}/cases/{missing.id}/arrival", headers=verifier, json={"outcome": "no_show"})
    assert status() == "departed"  # one person has no outcome yet
    guard = world.user(db, "USA", Role.protection_officer)
    protection.open_flag(
        session=db,
        user=guard,
        application=held,
        kind=ProtectionKind.asylum_pending,
        note="claim lodged on board",
    )
    db.commit()
    assert status() == "departed"  # suspended on board: still to be settled
    for action in ({"action": "withdraw", "reason_code": "regularised"}, {"action": "close"}):
        moved = client.post(
            f"{API}/applications/{held.id}/transitions", headers=officer, json=action
        )
        assert moved.status_code == 200, moved.text
    assert status() == "arrived"


def test_the_services_take_the_clock_as_given(db: Session, world: World) -> None:
    """Scheduling, departure and arrival judge "now" by the clock they are given (the server's
    by default), so a whole journey can be replayed days ahead."""
    case = make_case(db, world, status=Status.travel_document_issued, index=1)
    officer, verifier = (
        world.user(db, "USA", Role.case_officer),
        world.user(db, "CHN", Role.verifier),
    )
    booked = utcnow() + timedelta(days=10)
    too_late = booked - timedelta(hours=47)
    with pytest.raises(transfers.Refused, match="requires 48 hours' notice"):
        transfers.create(
            session=db, user=officer, payload=flight(case, departure=booked), now=too_late
        )
    transfer = transfers.create(
        session=db,
        user=officer,
        payload=flight(case, departure=booked),
        now=booked - timedelta(days=3),
    )
    with pytest.raises(transfers.Refused, match="is booked to leave at"):
        transfers.depart(
            session=db, user=officer, transfer=transfer, now=booked - timedelta(hours=2)
        )
    transfers.depart(
        session=db, user=officer, transfer=transfer, now=booked + timedelta(minutes=12)
    )
    assert transfer.departed_at == booked + timedelta(minutes=12)
    assert transfers.flight_status(session=db, transfer=transfer) == TransferStatus.departed
    landed = ArrivalIn(outcome="arrived")
    with pytest.raises(transfers.Refused, match="30 minutes after that"):
        transfers.record_arrival(
            session=db,
            user=verifier,
            transfer=transfer,
            application=case,
            report=landed,
            now=booked + timedelta(minutes=30),
        )
    outcome = transfers.record_arrival(
        session=db,
        user=verifier,
        transfer=transfer,
        application=case,
        report=landed,
        now=booked + timedelta(hours=14),
    )
    assert outcome.outcome_at == booked + timedelta(hours=14)
    assert transfers.flight_status(session=db, transfer=transfer) == TransferStatus.arrived
