"""The allocation API per role and state: supervisors approve and allocate; safe mobility
officers, supervisors and auditors read the ceilings; every other role 403; another state's
case or programme 404, as an unknown one."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.pathways import fiscal
from readmit.pathways.models import Programme
from tests.factories import World
from tests.pathways.allocation_cases import add_case, load, programme_file

API = "/api/v1/pathways"
SUPERVISORS = {Role.supervisor}
READERS = {Role.safe_mobility_officer, Role.supervisor, Role.auditor}
YEAR = fiscal.fiscal_year_of(utcnow().date(), 10)


def capped(db: Session, places: int = 1) -> Programme:
    """A programme with `places` in the current fiscal year."""
    return load(db, programme_file(ceilings=[{"fiscal_year": YEAR, "places": places}]))


def approve_route(db: Session, world: World, programme: Programme) -> str:
    return f"cases/{add_case(db, world, programme).reference}/approve"


def ceilings_route(db: Session, world: World, programme: Programme) -> str:
    return f"programmes/{programme.code}/ceilings?fiscal_year={YEAR}"


def allocations_route(db: Session, world: World, programme: Programme) -> str:
    add_case(db, world, programme, status="waitlisted")
    return f"programmes/{programme.code}/allocations"


# (method, path maker, body, roles allowed)
ROUTES: list[tuple[str, Callable[..., str], Any, set[Role]]] = [
    ("POST", approve_route, {"note": "Interview consistent"}, SUPERVISORS),
    ("GET", ceilings_route, None, READERS),
    ("POST", allocations_route, {"fiscal_year": YEAR}, SUPERVISORS),
]


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r[0]} {r[1].__name__}" for r in ROUTES])
def test_each_route_per_role_and_state(
    client: TestClient, db: Session, world: World, route: tuple
) -> None:
    method, path_of, body, allowed = route
    programme = capped(db, places=10)
    target = path_of(db, world, programme)
    db.commit()

    def call(state: str, role: Role, path: str) -> Any:
        headers = world.headers(state, role)
        return client.request(method, f"{API}/{path}", json=body, headers=headers)

    for role in set(Role) - allowed:
        assert call("USA", role, target).status_code == 403, role
    for role in allowed:
        assert call("MEX", role, target).status_code == 404, role
    for role in allowed:
        fresh = path_of(db, world, programme)
        db.commit()
        response = call("USA", role, fresh)
        assert response.is_success, (role, response.text)


def test_approval_then_waitlist_then_ceilings(
    client: TestClient, db: Session, world: World
) -> None:
    programme = capped(db, places=1)
    first, second = add_case(db, world, programme), add_case(db, world, programme)
    db.commit()
    headers = world.headers("USA", Role.supervisor)
    approved = client.post(f"{API}/cases/{first.reference}/approve", json={}, headers=headers)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["fiscal_year"] == YEAR
    waitlisted = client.post(f"{API}/cases/{second.reference}/approve", json={}, headers=headers)
    assert waitlisted.json()["status"] == "waitlisted"
    again = client.post(f"{API}/cases/{second.reference}/approve", json={}, headers=headers)
    assert again.status_code == 409
    shown = client.get(f"{API}/programmes/{programme.code}/ceilings", headers=headers).json()
    assert shown == {
        "programme": programme.code,
        "fiscal_year": YEAR,
        "uncapped": False,
        "ceilings": [{"bucket": "total", "capacity": 1, "allocated": 1, "left": 0}],
    }
    run = client.post(
        f"{API}/programmes/{programme.code}/allocations",
        json={"fiscal_year": YEAR},
        headers=headers,
    )
    assert run.status_code == 200 and (run.json()["allocated"], run.json()["waitlisted"]) == (0, 1)


# (path, body, status): unknown targets, years out of range, ended years, no ceiling
REFUSED = [
    ("cases/PW-USA-1999-999999/approve", {}, 404),
    ("programmes/no-such-programme/allocations", {"fiscal_year": YEAR}, 404),
    ("{programme}/allocations", {"fiscal_year": 1999}, 422),
    ("{programme}/allocations", {"fiscal_year": YEAR - 1}, 409),
    ("{programme}/allocations", {"fiscal_year": YEAR + 1}, 409),
    ("{programme}/allocations", {}, 422),
]


@pytest.mark.parametrize(("path", "body", "status"), REFUSED)
def test_refusals(
    client: TestClient, db: Session, world: World, path: str, body: dict, status: int
) -> None:
    programme = capped(db)
    db.commit()
    url = f"{API}/{path.format(programme=f'programmes/{programme.code}')}"
    response = client.post(url, json=body, headers=world.headers("USA", Role.supervisor))
    assert response.status_code == status, response.text
