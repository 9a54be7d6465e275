"""Interviews, charter answers and custody refuse, in words, whoever may not act and whatever
is not a valid request: 404 for a state that may not know, 403 for a role that may not act,
422 naming the field for a malformed body; never a 500, and nothing is recorded."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.concurrency.cases import Cases
from tests.concurrency.harness import Server, assert_database_consistent, ok
from tests.concurrency.scenes import (
    OFFICERS,
    ROLES,
    VERIFIERS,
    audit_trail,
    charter,
    decision,
    interview_request,
    today,
)


@dataclass(frozen=True)
class Scene:
    """A running case on a charter, with an interview waiting for the requested state."""

    case_id: int
    interview_id: int
    transfer_id: int

    def path(self, route: str) -> str:
        template = ROUTES[route][1]
        return template.format(case=self.case_id, interview=self.interview_id, t=self.transfer_id)


CUSTODY = "/applications/{case}/custody"
INTERVIEWS = "/applications/{case}/interviews"
# Each route with a body its rightful user could send.
ROUTES: dict[str, tuple[str, str, Any]] = {
    "read custody": ("GET", CUSTODY, None),
    "record custody": ("POST", CUSTODY, {"status": "detained", "since": str(today())}),
    "read interviews": ("GET", INTERVIEWS, None),
    "request interview": ("POST", INTERVIEWS, interview_request()),
    "decide interview": ("POST", INTERVIEWS + "/{interview}/decision", decision("grant")),
    "read charter": ("GET", "/transfers/{t}", None),
    "answer charter": ("POST", "/transfers/{t}/acceptance", {"accepted": True}),
}


def but(*roles: str) -> tuple[str, ...]:
    return tuple(r for r in ROLES if r not in roles)


# (state, roles, route, expected status). USA asks CHN; GTM is party to none of it.
WHO: list[tuple[str, tuple[str, ...], str, int]] = [
    ("USA", ROLES, "read custody", 200),
    ("USA", ROLES, "read interviews", 200),
    ("CHN", ROLES, "read interviews", 200),
    ("CHN", ROLES, "read custody", 404),
    ("CHN", ROLES, "record custody", 404),
    *(("GTM", ROLES, route, 404) for route in ROUTES),
    ("USA", but(*OFFICERS), "record custody", 403),
    ("USA", but(*OFFICERS), "request interview", 403),
    ("CHN", ROLES, "request interview", 403),
    ("USA", ROLES, "decide interview", 403),
    ("CHN", but(*VERIFIERS), "decide interview", 403),
    ("USA", ROLES, "answer charter", 403),
    ("CHN", but(*VERIFIERS), "answer charter", 403),
]

NESTED = '{"status": "detained", "since": "2026-01-01", "note": ' + "[" * 500 + "]" * 500 + "}"
# (route, body: a str is sent as it is, anything else as JSON, the field or words the
# 422 must name). The rightful user sends each.
MALFORMED: list[tuple[str, Any, str]] = [
    ("record custody", "{", "JSON decode error"),
    ("record custody", [], "valid dictionary"),
    ("record custody", {}, "custody status or the final order date"),
    ("record custody", {"status": "jailed", "since": "2026-01-01"}, "status"),
    ("record custody", {"status": "detained", "since": "2026-13-45"}, "since"),
    ("record custody", {"status": "detained"}, "(since)"),
    ("record custody", {"status": "released", "since": "2026-01-01"}, "release_reason"),
    ("record custody", {"final_order_on": str(today() + timedelta(days=1))}, "future"),
    (
        "record custody",
        {"status": "detained", "since": "2026-01-01", "note": "x" * 100_000},
        "note",
    ),
    ("record custody", {"status": "detained", "since": "2026-01-01", "note": "a\x00b"}, "NUL"),
    ("record custody", {"final_order_on": "2026-01-01", "custody": "jail"}, "custody"),
    ("record custody", NESTED, "note"),
    ("request interview", None, "body"),
    ("request interview", interview_request() | {"proposed_date": "next week"}, "proposed_date"),
    ("request interview", interview_request() | {"proposed_place": "x" * 121}, "proposed_place"),
    ("request interview", interview_request() | {"note": "x" * 100_000}, "note"),
    ("decide interview", {"decision": "approve"}, "decision"),
    ("decide interview", {"decision": "grant"}, "date and place"),
    ("decide interview", {"decision": "refuse"}, "needs a reason"),
    ("decide interview", decision("hold") | {"interview_place": "Room 1"}, "only a grant"),
    ("decide interview", decision("grant") | {"interview_date": "2020-01-01"}, "interview_date"),
    ("decide interview", {"decision": "hold", "reason": "x" * 100_000}, "reason"),
    ("answer charter", {"accepted": False}, "reason"),
    ("answer charter", {"accepted": "perhaps"}, "accepted"),
    ("answer charter", {"accepted": False, "reason": ["no"]}, "reason"),
    ("answer charter", "null", "valid dictionary"),
]
RIGHTFUL = {
    "record custody": ("USA", "case_officer"),
    "request interview": ("USA", "case_officer"),
    "decide interview": ("CHN", "verifier"),
    "answer charter": ("CHN", "verifier"),
}
# JSON nested deeper than the parser follows is refused before validation, with 400.
# (Bodies above the 1 MB limit get 413 and a closed connection: tests/web covers them.)
TOO_DEEP = '{"note": ' + "[" * 100_000 + "]" * 100_000 + "}"


@pytest.fixture(scope="module")
def scene(server: Server, cases: Cases) -> Scene:
    transfer = charter(cases)
    [case] = transfer["cases"]
    interview = ok(
        cases.officer.post(
            f"/applications/{case['application_id']}/interviews", json=interview_request()
        )
    )
    return Scene(case["application_id"], interview["id"], transfer["id"])


@pytest.fixture(scope="module")
def clients(server: Server) -> Iterator[dict[tuple[str, str], httpx.Client]]:
    """One API client per demo user."""
    opened = {(u["state"], u["role"]): server.client(u["api_token"]) for u in server.users}
    yield opened
    for client in opened.values():
        client.close()


def send(client: httpx.Client, method: str, path: str, body: Any) -> httpx.Response:
    if isinstance(body, str):
        return client.request(
            method, path, content=body, headers={"Content-Type": "application/json"}
        )
    return client.request(method, path, json=body)


def assert_nothing_recorded(server: Server, scene: Scene) -> None:
    """No custody, no interview decision and no charter answer; none audited."""
    with server.client(server.token("USA", "case_officer")) as officer:
        held = ok(officer.get(scene.path("read custody")))
        [interview] = ok(officer.get(scene.path("read interviews")))
        answered = ok(officer.get(scene.path("read charter")))["acceptance"]
    assert (held["history"], held["final_order_on"]) == ([], None), f"custody: {held}"
    assert (interview["status"], interview["decisions"]) == ("requested", []), interview
    assert answered is None, f"the charter was answered: {answered}"
    recorded = {"custody.record", "custody.final_order"}
    assert not audit_trail(server, "USA", recorded, scene.case_id, scene.case_id)
    decided = {"interview.grant", "interview.hold", "interview.refuse"}
    assert not audit_trail(server, "CHN", decided, scene.interview_id, scene.case_id)
    answers = {"transfer.accept", "transfer.refuse"}
    assert not audit_trail(server, "CHN", answers, scene.transfer_id, None)


def test_each_state_and_role_gets_its_answer(
    server: Server, scene: Scene, clients: dict[tuple[str, str], httpx.Client]
) -> None:
    wrong = []
    for state, roles, route, expected in WHO:
        method, body = ROUTES[route][0], ROUTES[route][2]
        for role in roles:
            answer = send(clients[state, role], method, scene.path(route), body)
            detail = answer.json().get("detail") if answer.status_code != 200 else "…"
            if answer.status_code != expected or not detail:
                wrong.append(f"{state} {role} {route}: {answer.status_code} {answer.text[:200]}")
    assert not wrong, f"{len(wrong)} answers differ from the rule:\n" + "\n".join(wrong)
    assert_nothing_recorded(server, scene)
    assert_database_consistent(server)


def problems(answer: httpx.Response) -> str:
    """The 422's problems as one line per field, failing on anything but a clear 422."""
    assert answer.status_code == 422, f"{answer.status_code}: {answer.text[:300]}"
    detail = answer.json()["detail"]
    assert detail and all(p["msg"] and isinstance(p["loc"], list) for p in detail), detail
    return "\n".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in detail)


def test_malformed_bodies_get_a_422_naming_the_problem(
    server: Server, scene: Scene, clients: dict[tuple[str, str], httpx.Client]
) -> None:
    wrong = []
    for route, body, named in MALFORMED:
        answer = send(clients[RIGHTFUL[route]], ROUTES[route][0], scene.path(route), body)
        try:
            said = problems(answer)
        except AssertionError as refused:
            said = f"not a clear 422: {refused}"
        if named not in said:
            shown = body if isinstance(body, str) else json.dumps(body)
            wrong.append(f"{route} {shown[:80]}: expected {named!r} in\n  {said[:300]}")
    for route in RIGHTFUL:
        answer = send(clients[RIGHTFUL[route]], ROUTES[route][0], scene.path(route), TOO_DEEP)
        if answer.status_code != 400 or "parsing" not in answer.json()["detail"]:
            wrong.append(f"{route} too deep: {answer.status_code} {answer.text[:200]}")
    assert not wrong, f"{len(wrong)} unclear refusals:\n" + "\n".join(wrong)
    assert_nothing_recorded(server, scene)
    assert_database_consistent(server)


def test_bad_addresses_are_refused(
    server: Server, scene: Scene, clients: dict[tuple[str, str], httpx.Client]
) -> None:
    officer, verifier = clients["USA", "case_officer"], clients["CHN", "verifier"]
    case = f"/applications/{scene.case_id}"
    answers = {
        "custody of case 0": (officer.get("/applications/0/custody"), 422),
        "custody of case 2**31": (officer.get(f"/applications/{2**31}/custody"), 422),
        "custody of no case": (officer.get(f"/applications/{2**31 - 1}/custody"), 404),
        "decision on interview 'x'": (
            verifier.post(f"{case}/interviews/x/decision", json=decision("grant")),
            422,
        ),
        "decision on no interview": (
            verifier.post(f"{case}/interviews/{2**31 - 1}/decision", json=decision("grant")),
            404,
        ),
        "answer to no charter": (
            verifier.post(f"/transfers/{2**31 - 1}/acceptance", json={"accepted": True}),
            404,
        ),
    }
    wrong = [
        f"{name}: {answer.status_code} {answer.text[:200]}"
        for name, (answer, expected) in answers.items()
        if answer.status_code != expected or not answer.json().get("detail")
    ]
    assert not wrong, "\n".join(wrong)
    assert_nothing_recorded(server, scene)


def test_a_commercial_flight_takes_no_answer(server: Server, cases: Cases) -> None:
    case = cases.build("transfer_scheduled")
    [transfer] = [
        t
        for t in ok(cases.officer.get("/transfers"))
        if case.id in [c["application_id"] for c in t["cases"]]
    ]
    with server.client(server.token("CHN", "verifier")) as verifier:
        refused = verifier.post(f"/transfers/{transfer['id']}/acceptance", json={"accepted": True})
    assert refused.status_code == 409, refused.text
    assert "only a charter" in refused.json()["detail"], refused.text
    assert_database_consistent(server)
