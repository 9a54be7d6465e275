"""Interviews, charters and custody set up through the API, and the audit trail read back by
each state's auditor."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.concurrency.cases import Cases, flight
from tests.concurrency.harness import Server, ok

ROLES = (
    "case_officer",
    "protection_officer",
    "verifier",
    "supervisor",
    "analyst",
    "auditor",
    "admin",
)
VERIFIERS = ("verifier", "supervisor")  # the requested state's, who answer
OFFICERS = ("case_officer", "supervisor")  # the requesting state's, who ask and record custody


def today() -> date:
    return datetime.now(UTC).date()


def token(server: Server, state: str, roles: tuple[str, ...], i: int) -> str:
    """The token of the i-th client, taking turns among `roles`."""
    return server.token(state, roles[i % len(roles)])


def audit_trail(
    server: Server, state: str, actions: set[str], entity_id: int, application_id: int | None
) -> list[dict[str, Any]]:
    """The state's audit events with one of `actions` about one entity, oldest first (read by
    the state's auditor)."""
    params: dict[str, Any] = {"limit": 1000}
    if application_id is not None:
        params["application_id"] = application_id
    with server.client(server.token(state, "auditor")) as auditor:
        events = ok(auditor.get("/audit/events", params=params))
    return sorted(
        (e for e in events if e["action"] in actions and e["entity_id"] == str(entity_id)),
        key=lambda e: e["seq"],
    )


def interview_request(i: int = 0) -> dict[str, Any]:
    return {
        "proposed_date": str(today() + timedelta(days=14)),
        "proposed_place": f"Consulate General, Houston (desk {i})",
    }


def decision(kind: str, i: int = 0) -> dict[str, Any]:
    """A grant with its date and place, or a hold or refusal with its reason."""
    if kind == "grant":
        when = str(today() + timedelta(days=10 + i))
        return {"decision": "grant", "interview_date": when, "interview_place": f"Room {i}"}
    return {"decision": kind, "reason": f"{kind} #{i}, sent in a race"}


def charter(cases: Cases) -> dict[str, Any]:
    """A new charter carrying one fresh case with its travel document."""
    case = cases.build("travel_document_issued")
    return dict(ok(cases.officer.post("/transfers", json=flight("charter", [case.id]))))
