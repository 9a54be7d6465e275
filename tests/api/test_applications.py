"""Creating, reading and moving applications through the API."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications import service
from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.documents.mrz import build_td3
from tests.factories import World, make_case, person_payload

API = "/api/v1/applications"


def _officer(world: World) -> dict[str, str]:
    return world.headers("USA", Role.case_officer)


def test_create_read_submit(client: TestClient, world: World) -> None:
    created = client.post(
        API,
        headers=_officer(world),
        json={"requested_state": "CHN", "person": person_payload(world)},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "draft" and body["reference"].startswith("USA-CHN-")
    assert body["evidence_tier"] == "proof"
    assert body["available_actions"] == ["submit", "withdraw", "suspend"]
    submitted = client.post(f"{API}/{body['id']}/submit", headers=_officer(world)).json()
    assert submitted["status"] == "submitted"
    assert [d["kind"] for d in submitted["deadlines"]] == ["reply"]
    seen = client.get(f"{API}/{body['id']}", headers=world.headers("CHN", Role.verifier)).json()
    assert seen["person"]["names"] == body["person"]["names"]


def test_idempotency_key_replays(client: TestClient, world: World) -> None:
    payload = {"requested_state": "GTM", "person": person_payload(world, "GTM")}
    headers = {**_officer(world), "Idempotency-Key": "case-4711"}
    first = client.post(API, headers=headers, json=payload)
    again = client.post(API, headers=headers, json=payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    payload["person"]["sex"] = "X"
    assert client.post(API, headers=headers, json=payload).status_code == 409


@pytest.mark.parametrize(
    ("mutate", "loc"),
    [
        (lambda p: p.update(names=[]), ["body", "person", "names"]),
        (lambda p: p.update(birth_date="1990-13-01"), ["body", "person", "birth_date"]),
        (lambda p: p.update(sex="male"), ["body", "person", "sex"]),
        (lambda p: p.update(nickname="Ah Wei"), ["body", "person", "nickname"]),
        (
            lambda p: p.update(
                documents=[
                    {"type": "national_id", "number": "36042619910101007", "issuing_state": "CHN"}
                ]
            ),
            ["person", "documents", 0, "number"],
        ),
        (
            lambda p: p.update(
                documents=[{"type": "passport", "number": "E12345678", "mrz": ["P<CHN", "short"]}]
            ),
            ["person", "documents", 0, "mrz"],
        ),
    ],
    ids=["no-names", "bad-date", "bad-sex", "unknown-field", "id-too-short", "mrz-shape"],
)
def test_invalid_person_is_422_with_path(
    client: TestClient, world: World, mutate, loc: list
) -> None:
    person = person_payload(world)
    mutate(person)
    response = client.post(
        API, headers=_officer(world), json={"requested_state": "CHN", "person": person}
    )
    assert response.status_code == 422, response.text
    assert loc in [e["loc"] for e in response.json()["detail"]]


def test_mrz_cross_checked_with_typed_fields(client: TestClient, world: World) -> None:
    person = person_payload(world)
    name = person["names"][0]
    birth = person["birth_date"]
    lines = build_td3(
        issuing_state="CHN",
        surname=name["family"],
        given_names=name["given"],
        document_number="E12345678",
        nationality="CHN",
        birth_date=date.fromisoformat(birth),
        sex="F" if person["sex"] == "M" else "M",
        expiry_date=date(2031, 1, 1),
    )
    person["documents"] = [
        {"type": "passport", "number": "E12345678", "issuing_state": "CHN", "mrz": list(lines)}
    ]
    response = client.post(
        API, headers=_officer(world), json={"requested_state": "CHN", "person": person}
    )
    assert response.status_code == 422
    messages = [e["msg"] for e in response.json()["detail"]]
    assert any("sex" in m for m in messages), messages


def test_no_agreement_is_422(client: TestClient, world: World) -> None:
    response = client.post(
        API,
        headers=_officer(world),
        json={"requested_state": "MEX", "person": person_payload(world)},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["requested_state"]


def test_refused_transition_is_409_with_allowed(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.submitted)
    db.commit()
    response = client.post(
        f"{API}/{case.id}/transitions", headers=_officer(world), json={"action": "depart"}
    )
    assert response.status_code == 409
    assert response.json()["allowed"] == ["withdraw", "suspend"]


def test_verifier_confirms_with_register_person(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification)
    db.commit()
    headers = world.headers("CHN", Role.verifier)
    person = world.registers["CHN"][0]
    found = client.post(
        f"{API}/{case.id}/register-lookup", json={"number": person.national_id}, headers=headers
    ).json()
    assert [m["person_id"] for m in found["matches"]] == [person.person_id]
    bad = client.post(
        f"{API}/{case.id}/decision",
        headers=headers,
        json={"decision": "confirm", "person_id": "NOPE"},
    )
    assert bad.status_code == 422
    ok = client.post(
        f"{API}/{case.id}/decision",
        headers=headers,
        json={"decision": "confirm", "person_id": person.person_id},
    )
    assert ok.status_code == 200 and ok.json()["decided_by_id"] is not None
    detail = client.get(f"{API}/{case.id}", headers=_officer(world)).json()
    assert detail["status"] == "confirmed"
    assert detail["register_person_id"] == person.person_id
    assert {d["kind"] for d in detail["deadlines"]} == {"travel_document", "transfer"}


def test_silence_is_acceptance_applied_and_recorded(db: Session, world: World) -> None:
    gtm = make_case(db, world, country="GTM", status=Status.submitted)
    chn = make_case(db, world, country="CHN", status=Status.submitted)
    later = utcnow() + timedelta(days=60)
    changed = service.enforce_deadlines(session=db, now=later)
    assert gtm in changed and chn not in changed
    assert (gtm.status, chn.status) == (Status.confirmed, Status.submitted)


def test_deadline_sweep_changes_at_most_a_batch_per_transaction(db: Session, world: World) -> None:
    cases = [
        make_case(db, world, country="GTM", index=i, status=Status.submitted) for i in range(3)
    ]
    later = utcnow() + timedelta(days=60)
    first = service.enforce_deadlines(session=db, now=later, limit=2)
    second = service.enforce_deadlines(session=db, now=later, limit=2)
    assert (len(first), len(second)) == (2, 1)
    assert set(first) | set(second) == set(cases)
    assert service.enforce_deadlines(session=db, now=later, limit=2) == []


def test_queue_puts_overdue_and_nearest_first(
    client: TestClient, db: Session, world: World
) -> None:
    chn = make_case(db, world, country="CHN", status=Status.submitted)
    gtm = make_case(db, world, country="GTM", index=1, status=Status.submitted)
    draft = make_case(db, world, country="CHN", index=2)
    db.commit()
    rows = client.get("/api/v1/queue", headers=_officer(world)).json()["data"]
    order = [r["id"] for r in rows]
    # GTM replies within 10 working days, CHN within 30; drafts have no deadline.
    assert order.index(gtm.id) < order.index(chn.id) < order.index(draft.id)
    assert rows[order.index(gtm.id)]["next_deadline"]["kind"] == "reply"
    user = world.user(db, "USA", Role.case_officer)
    later = utcnow() + timedelta(days=20)
    queue = service.queue(session=db, user=user, now=later)
    overdue = [a.id for a, d in queue.items if d is not None and d.overdue(later)]
    assert overdue == [gtm.id]


def test_queue_comes_a_page_at_a_time_with_the_whole_count(
    client: TestClient, db: Session, world: World
) -> None:
    for index in range(3):
        make_case(db, world, country="GTM", index=index, status=Status.submitted)
    db.commit()
    whole = client.get("/api/v1/queue", headers=_officer(world)).json()
    first = client.get("/api/v1/queue?limit=2", headers=_officer(world)).json()
    rest = client.get("/api/v1/queue?limit=2&offset=2", headers=_officer(world)).json()
    assert first["count"] == rest["count"] == whole["count"] >= 3
    assert [r["id"] for r in first["data"] + rest["data"]][:3] == [r["id"] for r in whole["data"]][
        :3
    ]
    assert len(first["data"]) == 2


@pytest.mark.parametrize(
    ("names", "status"),
    [
        ([{"family": "", "given": "WANG XIAOMING"}], 201),  # the whole name in one field
        ([{"family": "XIAOMING WANG", "given": ""}], 201),
        ([{"family": "", "given": "Madonna"}], 201),  # a mononym
        ([{"family": "W.", "given": "X. M."}], 201),  # initials
        ([{"family": "", "given": ""}], 422),  # no name at all
        ([{"family": " ", "given": " "}], 422),
    ],
)
def test_any_name_shape_a_person_would_call_a_name(
    client: TestClient, world: World, names: list[dict[str, str]], status: int
) -> None:
    person = {**person_payload(world), "names": names}
    created = client.post(
        API, headers=_officer(world), json={"requested_state": "CHN", "person": person}
    )
    assert created.status_code == status, created.text
