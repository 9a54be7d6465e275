"""Removal charters: the operator is screened when the charter is booked and again at lock.
A hit waiting for review, or judged the same as a designated operator, holds the lock (409),
and the screening that found it is kept for the reviewers; "not the same" lets it lock."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.screening.models import Screening
from tests.factories import World, make_case
from tests.screening.factories import COMPANY, charter_operator

API = "/api/v1"


def book(client: TestClient, db: Session, world: World, carrier: str, index: int) -> int:
    case = make_case(db, world, status=Status.travel_document_issued, index=index)
    db.commit()
    body = {"kind": "charter", "carrier": carrier, "flight_number": "XA901", "route": "IAH-GUA",
            "departure_at": (utcnow() + timedelta(hours=72)).isoformat(), "escorts": 2,
            "application_ids": [case.id]}  # fmt: skip
    booked = client.post(
        f"{API}/transfers", json=body, headers=world.headers("USA", Role.case_officer)
    )
    assert booked.status_code == 201, booked.text
    return int(booked.json()["id"])


def charter_screenings(db: Session, transfer_id: int) -> list[Screening]:
    db.expire_all()
    return list(
        db.scalars(select(Screening).where(Screening.reference == f"transfer:{transfer_id}"))
    )


def test_a_designated_operator_holds_the_lock_until_judged(
    client: TestClient, db: Session, world: World
) -> None:
    charter_operator(db, world)
    db.commit()
    officer = world.headers("USA", Role.case_officer)
    # The operator as the booking office spelt it: no accents, the legal form abbreviated.
    transfer = book(client, db, world, "Transportes Aereos del Istmo SA de CV", index=31)
    booked = charter_screenings(db, transfer)
    assert [s.source for s in booked] == ["charter"] and booked[0].hit_count >= 1

    held = client.post(f"{API}/transfers/{transfer}/lock", headers=officer)
    assert held.status_code == 409, held.text
    assert COMPANY in held.text and "review" in held.text
    assert len(charter_screenings(db, transfer)) == 2  # the refused lock's screening is kept

    queue = client.get(f"{API}/screening/review", headers=world.headers("USA", Role.analyst))
    hit = next(i["hit"] for i in queue.json()["items"] if i["hit"]["entity"]["caption"] == COMPANY)
    judged = client.post(
        f"{API}/screening/hits/{hit['id']}/judgement",
        json={"verdict": "same", "note": "the designated operator"},
        headers=world.headers("USA", Role.analyst),
    )
    assert judged.status_code == 200, judged.text
    still = client.post(f"{API}/transfers/{transfer}/lock", headers=officer)
    assert still.status_code == 409 and "judged the same" in still.text

    revised = client.post(
        f"{API}/screening/hits/{hit['id']}/revise",
        json={"verdict": "not_same", "note": "a namesake in another jurisdiction"},
        headers=world.headers("USA", Role.supervisor),
    )
    assert revised.status_code == 200, revised.text
    locked = client.post(f"{API}/transfers/{transfer}/lock", headers=officer)
    assert locked.status_code == 200, locked.text
    assert locked.json()["status"] == "locked"


def test_an_operator_with_no_designation_locks(
    client: TestClient, db: Session, world: World
) -> None:
    charter_operator(db, world)
    db.commit()
    transfer = book(client, db, world, "Caribe Connect Airways", index=32)
    locked = client.post(
        f"{API}/transfers/{transfer}/lock", headers=world.headers("USA", Role.case_officer)
    )
    assert locked.status_code == 200, locked.text
    assert [s.hit_count for s in charter_screenings(db, transfer)] == [0, 0]


def test_another_states_designations_do_not_hold_a_charter(
    client: TestClient, db: Session, world: World
) -> None:
    charter_operator(db, world, state="GTM")
    db.commit()
    transfer = book(client, db, world, COMPANY, index=33)
    locked = client.post(
        f"{API}/transfers/{transfer}/lock", headers=world.headers("USA", Role.case_officer)
    )
    assert locked.status_code == 200, locked.text
