"""Every endpoint × role × authority: 401 without a token, 403 for a role or side that may
not act, 404 for what the caller may not see. The expectations restate the policy."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from tests.factories import AUTHORITIES, World, make_case, person_payload

OFFICERS = {Role.case_officer, Role.supervisor}
VERIFIERS = {Role.verifier, Role.supervisor}
GUARDS = {Role.protection_officer, Role.supervisor}
SENDERS = {Role.case_officer, Role.verifier, Role.supervisor}

Expect = Callable[[str, Role], int]


@dataclass(frozen=True)
class Endpoint:
    """A call on a USA→CHN case in a given status, and who gets which status code."""

    name: str
    method: str
    path: str
    case_status: Status | None
    expect: Expect
    body: Callable[[World], dict] | None = None


def parties(
    ok: int,
    roles: set[Role],
    *,
    requested_sees: bool = True,
    requesting_acts: bool = True,
    requested_acts: bool = False,
) -> Expect:
    """USA requests, CHN is requested; GTM and MEX are outsiders."""

    def expect(state: str, role: Role) -> int:
        if state == "USA":
            return ok if requesting_acts and role in roles else 403
        if state == "CHN" and requested_sees:
            return ok if requested_acts and role in roles else 403
        return 404

    return expect


def anyone_in(roles: set[Role], ok: int = 200) -> Expect:
    return lambda state, role: ok if role in roles else 403


ENDPOINTS = [
    Endpoint(
        "read draft",
        "GET",
        "/applications/{id}",
        Status.draft,
        lambda s, r: 200 if s == "USA" else 404,
    ),
    Endpoint(
        "read submitted",
        "GET",
        "/applications/{id}",
        Status.submitted,
        lambda s, r: 200 if s in ("USA", "CHN") else 404,
    ),
    Endpoint("list", "GET", "/applications", None, lambda s, r: 200),
    Endpoint(
        "create",
        "POST",
        "/applications",
        None,
        lambda s, r: (201 if s == "USA" else 422) if r in OFFICERS else 403,
        body=lambda w: {"requested_state": "CHN", "person": person_payload(w)},
    ),
    Endpoint(
        "submit",
        "POST",
        "/applications/{id}/submit",
        Status.draft,
        parties(200, OFFICERS, requested_sees=False),
    ),
    Endpoint(
        "open flag",
        "POST",
        "/applications/{id}/protection-flags",
        Status.submitted,
        lambda s, r: (201 if r in GUARDS else 403) if s == "USA" else 404,
        body=lambda w: {"kind": "asylum_pending", "note": "claim lodged"},
    ),
    Endpoint(
        "list flags",
        "GET",
        "/applications/{id}/protection-flags",
        Status.submitted,
        lambda s, r: (200 if r in GUARDS | {Role.case_officer} else 403) if s == "USA" else 404,
    ),
    Endpoint(
        "receive",
        "POST",
        "/applications/{id}/transitions",
        Status.submitted,
        parties(200, VERIFIERS, requesting_acts=False, requested_acts=True),
        body=lambda w: {"action": "receive"},
    ),
    Endpoint(
        "decide",
        "POST",
        "/applications/{id}/decision",
        Status.under_verification,
        parties(200, VERIFIERS, requesting_acts=False, requested_acts=True),
        body=lambda w: {"decision": "confirm", "person_id": w.registers["CHN"][0].person_id},
    ),
    Endpoint(
        "lookup",
        "POST",
        "/applications/{id}/register-lookup",
        Status.under_verification,
        parties(200, VERIFIERS, requesting_acts=False, requested_acts=True),
        body=lambda w: {"number": "X123"},
    ),
    Endpoint(
        "extend reply",
        "POST",
        "/applications/{id}/extend-reply",
        Status.received,
        parties(200, VERIFIERS, requesting_acts=False, requested_acts=True),
    ),
    Endpoint(
        "read messages",
        "GET",
        "/applications/{id}/messages",
        Status.submitted,
        lambda s, r: 200 if s in ("USA", "CHN") else 404,
    ),
    Endpoint(
        "send message",
        "POST",
        "/applications/{id}/messages",
        Status.submitted,
        lambda s, r: (201 if r in SENDERS else 403) if s in ("USA", "CHN") else 404,
        body=lambda w: {"body": "Interview possible on Monday."},
    ),
    Endpoint("audit events", "GET", "/audit/events", None, anyone_in({Role.auditor})),
    Endpoint("audit export", "GET", "/audit/export.csv", None, anyone_in({Role.auditor})),
    Endpoint("users", "GET", "/users", None, anyone_in({Role.admin})),
    Endpoint("agreements", "GET", "/agreements", None, lambda s, r: 200),
    Endpoint("me", "GET", "/me", None, lambda s, r: 200),
]
CASES = [(e, s, r) for e in ENDPOINTS for s in AUTHORITIES for r in Role]


@pytest.mark.parametrize(
    ("endpoint", "state", "role"), CASES, ids=[f"{e.name}-{s}-{r.value}" for e, s, r in CASES]
)
def test_matrix(
    client: TestClient, db: Session, world: World, endpoint: Endpoint, state: str, role: Role
) -> None:
    path = endpoint.path
    if endpoint.case_status is not None:
        case = make_case(db, world, status=endpoint.case_status)
        db.commit()
        path = path.format(id=case.id)
    body = endpoint.body(world) if endpoint.body else None
    response = client.request(
        endpoint.method, "/api/v1" + path, json=body, headers=world.headers(state, role)
    )
    assert response.status_code == endpoint.expect(state, role), response.text


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_no_token_is_401(client: TestClient, endpoint: Endpoint) -> None:
    response = client.request(
        endpoint.method,
        "/api/v1" + endpoint.path.format(id=1),
        headers={"Authorization": "Bearer rdm_not-a-token"},
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_revoked_token_is_401(client: TestClient, world: World) -> None:
    headers = world.headers("USA", Role.analyst)
    issued = client.post("/api/v1/tokens", json={"name": "temp"}, headers=headers).json()
    temp = {"Authorization": f"Bearer {issued['token']}"}
    assert client.get("/api/v1/me", headers=temp).status_code == 200
    assert client.post(f"/api/v1/tokens/{issued['id']}/revoke", headers=headers).status_code == 200
    assert client.get("/api/v1/me", headers=temp).status_code == 401
