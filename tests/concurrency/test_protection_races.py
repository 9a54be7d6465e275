"""A protection flag always wins: it suspends the case, whatever step races it, and the requested
state learns only "Suspended by the requesting state"."""

import uuid
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from tests.concurrency.cases import (
    Case,
    Cases,
    assert_timeline_is_a_path,
    confirm,
    flight,
    manifests_of,
)
from tests.concurrency.harness import (
    Attempt,
    N,
    Outcome,
    Server,
    assert_database_consistent,
    assert_only_success_or_conflict,
    race,
    summary,
    winners,
)
from tests.concurrency.views import SUSPENDED_LABEL, RequestedState, leaks, page_status

KIND = "asylum_pending"


def confirming(server: Server, case: Case, i: int) -> Attempt:
    token = server.token("CHN", ("verifier", "supervisor")[i % 2])
    return Attempt("confirm", token, "POST", f"/applications/{case.id}/decision", confirm(case))


def scheduling(server: Server, case: Case, i: int) -> Attempt:
    token = server.token("USA", ("case_officer", "supervisor")[i % 2])
    return Attempt("schedule", token, "POST", "/transfers", flight("commercial", [case.id]))


def confirm_again(case: Case) -> tuple[str, Any]:
    return "/decision", confirm(case)


def reissue(case: Case) -> tuple[str, Any]:
    return "/travel-document", None


# The step raced against the flag, the stage it starts from, and the requested state's own next
# step (refused while suspended), whose error must not reveal the hold either.
Race = tuple[Callable[[Server, Case, int], Attempt], str, Callable[[Case], tuple[str, Any]]]
RACES: dict[str, Race] = {
    "flag-vs-confirm": (confirming, "under_verification", confirm_again),
    "flag-vs-schedule": (scheduling, "travel_document_issued", reissue),
}


@pytest.mark.parametrize("name", list(RACES))
def test_flag_wins_against_a_racing_step(
    name: str, server: Server, cases: Cases, requested: RequestedState
) -> None:
    step, stage, own_step = RACES[name]
    case = cases.build(stage)
    marker = f"note-{uuid.uuid4().hex}"
    flag = Attempt(
        "flag",
        server.token("USA", "protection_officer"),
        "POST",
        f"/applications/{case.id}/protection-flags",
        {"kind": KIND, "note": f"Claim lodged ({marker})."},
    )
    attempts = [step(server, case, i) for i in range(N - 1)]
    raced = attempts[0].label
    attempts.insert(N // 2, flag)
    outcomes = race(server, attempts)

    flagged = next(o for o in outcomes if o.label == "flag")
    assert flagged.status == 201, f"the flag must always succeed: {summary(outcomes)}"
    assert_only_success_or_conflict(outcomes)
    assert len(winners(outcomes, raced)) <= 1, f"more than one {raced} won: {summary(outcomes)}"

    after = cases.as_requesting(case.id)
    assert after["status"] == "suspended", (
        f"an open {KIND} flag, yet the case is {after['status']}: {summary(outcomes)}"
    )
    assert [f["kind"] for f in after["protection_flags"] if f["cleared_at"] is None] == [KIND]
    assert_timeline_is_a_path(after)
    if name == "flag-vs-schedule":
        manifests = manifests_of(server, case.id)
        assert len(manifests) <= 1, f"the case is on manifests {manifests}: {summary(outcomes)}"

    path, body = own_step(case)
    refused = requested.api.post(f"/applications/{case.id}{path}", json=body)
    assert refused.status_code in (403, 409), (
        f"the requested state's step on a suspended case got {refused.status_code}: "
        f"{refused.text[:500]}"
    )
    own = [o for o in outcomes if o.label == "confirm"]
    assert_requested_state_sees_only_a_suspension(
        server, requested, case, marker, own=own, refused=refused.json()
    )
    assert_database_consistent(server)


def test_flag_on_a_departed_case_suspends_it(
    server: Server, cases: Cases, requested: RequestedState
) -> None:
    case = cases.build("departed")
    marker = f"note-{uuid.uuid4().hex}"
    with server.client(server.token("USA", "protection_officer")) as guard:
        opened = guard.post(
            f"/applications/{case.id}/protection-flags",
            json={"kind": KIND, "note": f"Claim lodged on arrival ({marker})."},
        )
    assert opened.status_code == 201, f"flag on a departed case: {opened.status_code} {opened.text}"
    after = cases.as_requesting(case.id)
    assert after["status"] == "suspended", f"flagged while departed, the case is {after['status']}"
    assert_timeline_is_a_path(after)
    assert_requested_state_sees_only_a_suspension(server, requested, case, marker)
    assert_database_consistent(server)


def assert_requested_state_sees_only_a_suspension(
    server: Server,
    requested: RequestedState,
    case: Case,
    marker: str,
    *,
    own: Sequence[Outcome] = (),
    refused: Any = None,
) -> None:
    """The requested state sees the case as suspended, and nothing that reveals the hold."""
    seen = requested.case(case.id)
    assert (seen["status"], seen["status_label"]) == ("suspended", SUSPENDED_LABEL), (
        f"the requested state sees {seen['status']!r} / {seen['status_label']!r}"
    )
    shown = page_status(requested.page(case.id))
    assert shown == SUSPENDED_LABEL, f"the requested state's case page says {shown!r}"
    views = requested.everything(case.id)
    views["answers to its own raced steps"] = [o.body for o in own]
    if refused is not None:
        views["error of its own refused step"] = refused
    found = leaks(views, foreign_ids=server.user_ids("USA"), secrets=(marker, KIND))
    assert not found, "the requested state receives what it must not:\n" + "\n".join(found)
