"""Protection data never reaches the requested state: not through the API, the timeline,
lists, messages, refusals or the audit trail."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from tests.factories import World, make_case

NOTE = "Applicant fears persecution by provincial police"


def _suspended_case(client: TestClient, db: Session, world: World) -> int:
    case = make_case(db, world, status=Status.under_verification)
    db.commit()
    response = client.post(
        f"/api/v1/applications/{case.id}/protection-flags",
        headers=world.headers("USA", Role.protection_officer),
        json={"kind": "asylum_pending", "note": NOTE},
    )
    assert response.status_code == 201
    return case.id


def _clean(text: str) -> None:
    lowered = text.lower()
    for leak in ("asylum", "protection_flag", "protection.", NOTE.lower(), "persecution"):
        assert leak not in lowered, f"{leak!r} leaked: {text[:400]}"


def test_requesting_side_sees_the_flag(client: TestClient, db: Session, world: World) -> None:
    case_id = _suspended_case(client, db, world)
    body = client.get(
        f"/api/v1/applications/{case_id}", headers=world.headers("USA", Role.case_officer)
    ).json()
    assert body["status"] == "suspended"
    assert [f["kind"] for f in body["protection_flags"]] == ["asylum_pending"]
    assert any(e["action"] == "protection_flag" for e in body["timeline"])


def test_requested_side_sees_only_suspension(client: TestClient, db: Session, world: World) -> None:
    case_id = _suspended_case(client, db, world)
    for role in Role:
        headers = world.headers("CHN", role)
        detail = client.get(f"/api/v1/applications/{case_id}", headers=headers)
        assert detail.status_code == 200
        assert detail.json()["status_label"] == "Suspended by the requesting state"
        assert "protection_flags" not in detail.json()
        _clean(detail.text)
        _clean(client.get("/api/v1/applications", headers=headers).text)
        _clean(client.get(f"/api/v1/applications/{case_id}/messages", headers=headers).text)
        flags = client.get(f"/api/v1/applications/{case_id}/protection-flags", headers=headers)
        assert flags.status_code == 404
        refused = client.post(
            f"/api/v1/applications/{case_id}/decision",
            headers=headers,
            json={"decision": "reject", "reason": "x", "reason_code": "other"},
        )
        assert refused.status_code in (403, 409)
        _clean(refused.text)


def test_requested_side_audit_views_hold_no_protection(
    client: TestClient, db: Session, world: World
) -> None:
    _suspended_case(client, db, world)
    headers = world.headers("CHN", Role.auditor)
    _clean(client.get("/api/v1/audit/events?limit=1000", headers=headers).text)
    _clean(client.get("/api/v1/audit/export.csv", headers=headers).text)


def test_requesting_auditor_sees_protection_events(
    client: TestClient, db: Session, world: World
) -> None:
    case_id = _suspended_case(client, db, world)
    events = client.get(
        f"/api/v1/audit/events?application_id={case_id}", headers=world.headers("USA", Role.auditor)
    ).json()
    assert "protection.open" in {e["action"] for e in events}


def test_only_protection_roles_see_protection_steps(
    client: TestClient, db: Session, world: World
) -> None:
    case_id = _suspended_case(client, db, world)
    for role in (Role.analyst, Role.verifier, Role.auditor, Role.admin):
        detail = client.get(f"/api/v1/applications/{case_id}", headers=world.headers("USA", role))
        assert "protection_flags" not in detail.json()
        _clean(detail.text)


def test_withdrawal_note_stays_with_the_requesting_state(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification)
    db.commit()
    note = "Granted asylum by the immigration judge"
    response = client.post(
        f"/api/v1/applications/{case.id}/transitions",
        headers=world.headers("USA", Role.case_officer),
        json={"action": "withdraw", "reason_code": "regularised", "note": note},
    )
    assert response.status_code == 200
    mine = client.get(
        f"/api/v1/applications/{case.id}", headers=world.headers("USA", Role.case_officer)
    ).json()
    assert mine["timeline"][-1]["note"] == note
    theirs = client.get(
        f"/api/v1/applications/{case.id}", headers=world.headers("CHN", Role.verifier)
    )
    assert theirs.json()["timeline"][-1]["action"] == "withdraw"
    _clean(theirs.text)
