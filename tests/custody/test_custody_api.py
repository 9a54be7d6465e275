"""The custody API: history and clocks for the requesting state, 404 for every role of the
requested state, 403 for the requesting state's roles that do not write, each change audited."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.database.core import utcnow
from tests.factories import World, make_case

WRITERS = (Role.case_officer, Role.supervisor)
READ_ONLY = tuple(role for role in Role if role not in WRITERS)


def _path(application_id: int) -> str:
    return f"/api/v1/applications/{application_id}/custody"


def test_history_final_order_and_clocks(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.submitted)
    officer = world.headers("USA", Role.case_officer)
    today = utcnow().date()
    order_on = today - timedelta(days=170)
    detained = {"status": "detained", "since": str(today - timedelta(days=200)), "note": "ICE"}
    first = client.post(
        _path(case.id), json=detained | {"final_order_on": str(order_on)}, headers=officer
    )
    assert first.status_code == 201, first.text
    clock = first.json()["clock"]
    assert clock["removal_period_ends"] == str(order_on + timedelta(days=90))
    assert clock["removal_period_days_left"] == -80
    assert clock["review_due"] == str(order_on + timedelta(days=180))
    assert clock["review_days_left"] == 10

    released = {
        "status": "released",
        "since": str(today),
        "release_reason": "removal_not_reasonably_foreseeable",
    }
    second = client.post(
        _path(case.id), json=released, headers=world.headers("USA", Role.supervisor)
    )
    assert second.status_code == 201, second.text
    body = client.get(_path(case.id), headers=world.headers("USA", Role.analyst)).json()
    assert [r["status"] for r in body["history"]] == ["detained", "released"]
    assert body["current"]["release_reason"] == "removal_not_reasonably_foreseeable"
    assert body["final_order_on"] == str(order_on)
    # Released: the removal period still runs, the custody review no longer does.
    assert body["clock"]["review_due"] is None and body["clock"]["removal_period_days_left"] == -80

    corrected = client.post(
        _path(case.id), json={"final_order_on": str(order_on + timedelta(days=1))}, headers=officer
    )
    assert corrected.json()["clock"]["removal_period_days_left"] == -79
    actions = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.application_id == case.id, AuditEvent.action.like("custody.%")
        )
    ).all()
    assert actions.count("custody.record") == 2 and actions.count("custody.final_order") == 2
    assert "custody.read" in actions


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"status": "detained"},
        {"status": "released", "since": "2025-01-01"},
        {"status": "detained", "since": "2025-01-01", "release_reason": "bond"},
        {"note": "no status"},
        {"final_order_on": "2999-01-01"},
        {"status": "sedated", "since": "2025-01-01"},
    ],
)
def test_refuses_incomplete_changes(
    client: TestClient, db: Session, world: World, body: dict[str, str]
) -> None:
    case = make_case(db, world, status=Status.submitted)
    found = client.post(_path(case.id), json=body, headers=world.headers("USA", Role.case_officer))
    assert found.status_code == 422, found.text


@pytest.mark.parametrize("role", list(Role))
def test_requested_state_gets_404_for_every_role(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = make_case(db, world, status=Status.submitted)
    headers = world.headers("CHN", role)
    assert client.get(_path(case.id), headers=headers).status_code == 404
    body = {"status": "detained", "since": "2025-01-01"}
    assert client.post(_path(case.id), json=body, headers=headers).status_code == 404


@pytest.mark.parametrize("role", READ_ONLY)
def test_requesting_roles_that_do_not_write_get_403(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = make_case(db, world, status=Status.submitted)
    headers = world.headers("USA", role)
    assert client.get(_path(case.id), headers=headers).status_code == 200
    body = {"status": "detained", "since": "2025-01-01"}
    assert client.post(_path(case.id), json=body, headers=headers).status_code == 403
