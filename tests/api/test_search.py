"""Finding cases through the API: names across scripts, document numbers, filters, sorting
and paging, all within what the caller's state may see; open holds and team workload."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from tests.factories import World, make_case
from tests.searching import backdate, named_case

LIST = "/api/v1/applications"
SEARCH = "/api/v1/applications/search"


def found(client: TestClient, world: World, state: str, role: Role, **params: object) -> list[str]:
    """References the list finds for these query parameters."""
    response = client.get(LIST, params=params, headers=world.headers(state, role))
    assert response.status_code == 200, response.text
    return [row["reference"] for row in response.json()["data"]]


@pytest.mark.parametrize(
    "typed", ["Zhang Wei", "ZHANG, Wei", "Wei Zhang", "张伟", "Chang Wei", "zhang", "WEI"]
)
@pytest.mark.parametrize(("state", "role"), [("USA", Role.case_officer), ("CHN", Role.verifier)])
def test_a_name_is_found_in_any_script_and_scheme(
    client: TestClient, db: Session, world: World, typed: str, state: str, role: Role
) -> None:
    wanted = named_case(db, world, "ZHANG", "WEI")
    other = named_case(db, world, "WANG", "FANG", index=1)
    db.commit()
    references = found(client, world, state, role, name=typed)
    assert wanted.reference in references
    assert other.reference not in references


def test_a_han_name_is_found_by_its_romanisations(
    client: TestClient, db: Session, world: World
) -> None:
    wanted = named_case(db, world, "陈", "小明")
    db.commit()
    for typed in ("Chen Xiaoming", "CHEN Hsiao-ming", "Chan Siu Ming", "陈小明"):
        assert found(client, world, "CHN", Role.verifier, name=typed) == [wanted.reference], typed


@pytest.mark.parametrize(
    "typed", ["José Hugo Girón Ramos", "Jose Giron", "GIRON RAMOS, JOSE HUGO", "Girón"]
)
def test_a_spanish_name_is_found_with_or_without_accents(
    client: TestClient, db: Session, world: World, typed: str
) -> None:
    wanted = named_case(db, world, "Girón Ramos", "José Hugo", country="GTM")
    db.commit()
    assert found(client, world, "GTM", Role.verifier, name=typed) == [wanted.reference]
    assert found(client, world, "USA", Role.analyst, name=typed) == [wanted.reference]


def test_the_requested_state_never_finds_a_draft(
    client: TestClient, db: Session, world: World
) -> None:
    draft = named_case(db, world, "QIAN", "DUOXI", submit=False, passport="E99887766")
    db.commit()
    assert found(client, world, "USA", Role.case_officer, name="Qian Duoxi") == [draft.reference]
    for params in ({"name": "Qian Duoxi"}, {"reference": draft.reference}, {}):
        assert found(client, world, "CHN", Role.verifier, **params) == []
    body = {"document": "E99887766"}
    response = client.post(SEARCH, json=body, headers=world.headers("CHN", Role.supervisor))
    assert response.json()["count"] == 0


def test_a_hold_is_no_way_to_find_a_case_for_the_requested_state(
    client: TestClient, db: Session, world: World
) -> None:
    held = named_case(db, world, "SUN", "LI")
    protection.open_flag(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=held,
        kind=ProtectionKind.asylum_pending,
        note="Brother LIU YANG was persecuted; asylum pending",
    )
    db.commit()
    assert found(client, world, "CHN", Role.verifier, name="Liu Yang") == []
    response = client.get(
        LIST, params={"status": "suspended"}, headers=world.headers("CHN", Role.verifier)
    )
    (row,) = response.json()["data"]
    assert row["reference"] == held.reference
    assert row["status_label"] == "Suspended by the requesting state"
    assert "asylum" not in response.text.lower() and "protection" not in response.text.lower()
    ours = client.get(LIST, params={"name": "Sun Li"}, headers=world.headers("USA", Role.analyst))
    assert ours.json()["data"][0]["status_label"] == "Suspended"


def test_another_corridor_finds_nothing(client: TestClient, db: Session, world: World) -> None:
    case = named_case(db, world, "ZHANG", "WEI", passport="E12345678")
    db.commit()
    for state in ("GTM", "MEX"):
        assert found(client, world, state, Role.supervisor, name="Zhang Wei") == []
        assert found(client, world, state, Role.supervisor, reference=case.reference) == []
        body = {"document": "E12345678"}
        response = client.post(SEARCH, json=body, headers=world.headers(state, Role.supervisor))
        assert response.json()["count"] == 0


def test_a_document_number_is_found_as_the_engine_normalises_it(
    client: TestClient, db: Session, world: World
) -> None:
    case = named_case(db, world, "LIN", "MEI", passport="E12345678")
    db.commit()
    headers = world.headers("CHN", Role.verifier)
    for typed in ("E12345678", "e 1234-5678", "Ｅ１２３４５６７８"):
        response = client.post(SEARCH, json={"document": typed}, headers=headers)
        assert [r["reference"] for r in response.json()["data"]] == [case.reference], typed
    refused = client.get(LIST, params={"document": "E12345678"}, headers=headers)
    assert refused.status_code == 422, "a number never travels in an address"
    blank = client.post(SEARCH, json={"document": "--"}, headers=headers)
    assert blank.status_code == 422 and "letters and digits" in blank.text


def test_closed_and_withdrawn_cases_are_found_but_not_queued(
    client: TestClient, db: Session, world: World
) -> None:
    closed = make_case(db, world, status=Status.closed, index=3)
    withdrawn = make_case(db, world, status=Status.withdrawn, index=4)
    running = make_case(db, world, status=Status.received, index=5)
    db.commit()
    headers = world.headers("USA", Role.case_officer)
    listed = found(client, world, "USA", Role.case_officer)
    assert {closed.reference, withdrawn.reference, running.reference} <= set(listed)
    queued = [r["reference"] for r in client.get("/api/v1/queue", headers=headers).json()["data"]]
    assert running.reference in queued
    assert closed.reference not in queued and withdrawn.reference not in queued
    assert found(client, world, "USA", Role.case_officer, status="closed") == [closed.reference]


def test_paging_reports_the_total_and_the_neighbouring_pages(
    client: TestClient, db: Session, world: World
) -> None:
    cases = [named_case(db, world, "PAGE", f"CASE{i}", index=i) for i in range(5)]
    db.commit()
    headers = world.headers("USA", Role.case_officer)
    pages = []
    for offset in (0, 2, 4, 6):
        params = {"limit": 2, "offset": offset, "sort": "reference", "order": "asc"}
        body = client.get(LIST, params=params, headers=headers).json()
        pages.append((len(body["data"]), body["next_offset"], body["previous_offset"]))
        assert body["count"] == 5
    assert pages == [(2, 2, None), (2, 4, 0), (1, None, 2), (0, None, 4)]
    everything = found(client, world, "USA", Role.case_officer, sort="reference", order="asc")
    assert everything == [c.reference for c in cases]


def test_sorting(client: TestClient, db: Session, world: World) -> None:
    first = named_case(db, world, "SORT", "ONE", index=1)
    second = make_case(db, world, status=Status.under_verification, index=2)
    third = named_case(db, world, "SORT", "THREE", index=3, submit=False)
    backdate(db, first, 400)
    db.commit()
    user = ("USA", Role.case_officer)
    newest = found(client, world, *user)
    assert newest[:3] == [third.reference, second.reference, first.reference]
    by_status = found(client, world, *user, sort="status", order="asc")
    assert by_status == [third.reference, first.reference, second.reference]
    by_deadline = found(client, world, *user, sort="deadline", order="asc")
    assert by_deadline == [first.reference, second.reference, third.reference]
    by_submission = found(client, world, *user, sort="submitted", order="desc")
    assert by_submission[-1] == third.reference, "a case never submitted comes last"


def test_filters(client: TestClient, db: Session, world: World) -> None:
    late = named_case(db, world, "LATE", "ONE", index=1)
    backdate(db, late, 400)
    fresh = named_case(db, world, "FRESH", "ONE", index=2)
    guatemalan = named_case(db, world, "Pérez", "Ana", country="GTM", index=3)
    db.commit()
    user = ("USA", Role.supervisor)
    assert found(client, world, *user, overdue=True) == [late.reference]
    assert found(client, world, *user, corridor="USA-GTM") == [guatemalan.reference]
    today = fresh.created_at.date().isoformat()
    assert late.reference not in found(client, world, *user, created_from=today)
    long_ago = late.created_at.date().isoformat()
    assert found(client, world, *user, submitted_to=long_ago) == [late.reference]
    prefix = fresh.reference[:-3]
    assert fresh.reference in found(client, world, *user, reference=prefix.lower())
    assert found(client, world, *user, reference=fresh.reference) == [fresh.reference]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": 501}, "less than or equal to 500"),
        ({"offset": -1}, "greater than or equal to 0"),
        ({"created_from": "2026-13-01"}, "not a date in the calendar"),
        ({"created_from": "1700000000"}, "YYYY-MM-DD"),
        ({"created_from": "2026-03-02", "created_to": "2026-03-01"}, "before the start date"),
        ({"name": "a b c d e f g h i"}, "at most 8 words"),
        ({"name": "x" * 201}, "at most 200 characters"),
        ({"name": "!!!"}, "enter a name"),
        ({"corridor": "USA"}, "two state codes"),
        ({"sort": "surname"}, "created"),
        ({"status": "lost"}, "draft"),
        ({"reference": "USA/CHN"}, "letters, digits and hyphens"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
)
def test_malformed_parameters_are_refused_with_a_message(
    client: TestClient, world: World, params: dict, message: str
) -> None:
    response = client.get(LIST, params=params, headers=world.headers("USA", Role.case_officer))
    assert response.status_code == 422
    assert message in response.text


def test_the_search_is_audited_without_what_was_typed(
    client: TestClient, db: Session, world: World
) -> None:
    from readmit.audit.models import AuditEvent

    named_case(db, world, "AUDIT", "ME")
    db.commit()
    found(client, world, "USA", Role.case_officer, name="Audit Me", overdue=False)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "application.search")).one()
    assert event.detail["filters"] == ["name"] and event.detail["total"] == 1
    assert "audit" not in str(event.detail).lower()


# --- open holds ----------------------------------------------------------------------------


def test_open_holds_for_the_requesting_state_only(
    client: TestClient, db: Session, world: World
) -> None:
    held = make_case(db, world, status=Status.suspended, index=6)
    cleared = make_case(db, world, status=Status.received, index=7)
    guard = world.user(db, "USA", Role.protection_officer)
    flag = protection.open_flag(
        session=db, user=guard, application=cleared, kind=ProtectionKind.medical, note=""
    )
    protection.clear_flag(
        session=db, user=guard, application=cleared, flag_id=flag.id, reason="Recovered"
    )
    db.commit()
    url = "/api/v1/protection/holds"
    for role in (Role.protection_officer, Role.supervisor, Role.case_officer):
        body = client.get(url, headers=world.headers("USA", role)).json()
        assert body["count"] == 1
        (hold,) = body["data"]
        assert (hold["reference"], hold["kind"]) == (held.reference, "asylum_pending")
        assert hold["opened_by"] == guard.full_name and hold["status_label"] == "Suspended"
    for role in (Role.verifier, Role.analyst, Role.auditor, Role.admin):
        assert client.get(url, headers=world.headers("USA", role)).status_code == 403
    for state in ("CHN", "GTM", "MEX"):
        for role in Role:
            assert client.get(url, headers=world.headers(state, role)).status_code == 404


# --- team workload -------------------------------------------------------------------------


def test_the_workload_counts_open_cases_per_officer(
    client: TestClient, db: Session, world: World
) -> None:
    late = make_case(db, world, status=Status.under_verification, index=8)
    backdate(db, late, 400)
    make_case(db, world, status=Status.received, index=9)
    make_case(db, world, status=Status.closed, index=10)
    db.commit()
    loads = client.get("/api/v1/workload", headers=world.headers("USA", Role.supervisor)).json()
    officer = next(
        row for row in loads if row["user_id"] == world.users[("USA", Role.case_officer)]
    )
    assert (officer["opened"], officer["worked"], officer["overdue"]) == (2, 2, 1)
    answers = client.get("/api/v1/workload", headers=world.headers("CHN", Role.supervisor)).json()
    verifier = next(row for row in answers if row["user_id"] == world.users[("CHN", Role.verifier)])
    assert (verifier["opened"], verifier["worked"], verifier["overdue"]) == (0, 2, 1)
    for state in ("USA", "CHN"):
        for role in (Role.case_officer, Role.verifier, Role.analyst, Role.protection_officer):
            refused = client.get("/api/v1/workload", headers=world.headers(state, role))
            assert refused.status_code == 403


def test_every_status_label_is_the_viewers(db: Session, world: World) -> None:
    from readmit.search import service as search

    for state, words in (("USA", "Suspended"), ("CHN", applications.SUSPENDED_FOR_REQUESTED)):
        choices = dict(search.status_choices(session=db, user=world.user(db, state, Role.analyst)))
        assert choices["suspended"] == words
        assert ("draft" in choices) == (state == "USA")
