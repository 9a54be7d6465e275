"""Consular interviews, charter answers and custody under N real parallel clients: one answer
per interview step and per charter (409 for the rest, never a 500), no custody record or final
order correction lost, and one audit event for every recorded change."""

from datetime import timedelta
from typing import Any

import pytest

from tests.concurrency.cases import Case, Cases
from tests.concurrency.harness import (
    Attempt,
    N,
    Outcome,
    Server,
    assert_database_consistent,
    assert_one_winner,
    assert_only_success_or_conflict,
    ok,
    race,
    summary,
    winners,
)
from tests.concurrency.scenes import (
    OFFICERS,
    VERIFIERS,
    audit_trail,
    charter,
    decision,
    interview_request,
    today,
    token,
)

DECIDED = {"grant": "granted", "hold": "held", "refuse": "refused"}
# Every sequence of decisions the rule allows: a held interview may still be granted or
# refused; a granted or refused one is final.
LAWFUL = {("granted",), ("refused",), ("held",), ("held", "granted"), ("held", "refused")}


# --- consular interviews ----------------------------------------------------------------------


def interviews(server: Server, case: Case) -> list[dict[str, Any]]:
    with server.client(server.token("CHN", "verifier")) as verifier:
        return list(ok(verifier.get(f"/applications/{case.id}/interviews")))


def test_n_requests_for_an_interview_make_one(server: Server, cases: Cases) -> None:
    case = cases.build("submitted")
    path = f"/applications/{case.id}/interviews"
    outcomes = race(
        server,
        [
            Attempt(
                "request", token(server, "USA", OFFICERS, i), "POST", path, interview_request(i)
            )
            for i in range(N)
        ],
    )

    winner = assert_one_winner(outcomes)
    listed = interviews(server, case)
    assert [i["id"] for i in listed] == [winner.body["id"]], f"interviews: {listed}"
    events = audit_trail(server, "USA", {"interview.request"}, winner.body["id"], case.id)
    assert len(events) == 1, f"{len(events)} audit events for one request: {events}"
    assert_database_consistent(server)


# Decisions sent at once on one freshly requested interview.
DECISION_RACES = {
    "grant‖refuse": ("grant", "refuse"),
    "hold‖hold": ("hold",),
    "grant‖hold‖refuse": ("grant", "hold", "refuse"),
}


@pytest.mark.parametrize("name", list(DECISION_RACES))
def test_parallel_decisions_follow_the_interview_rule(
    name: str, server: Server, cases: Cases
) -> None:
    case = cases.build("submitted")
    requested = ok(
        cases.officer.post(f"/applications/{case.id}/interviews", json=interview_request())
    )
    kinds = DECISION_RACES[name]
    path = f"/applications/{case.id}/interviews/{requested['id']}/decision"
    attempts = [
        Attempt(
            kinds[i % len(kinds)],
            token(server, "CHN", VERIFIERS, i),
            "POST",
            path,
            decision(kinds[i % len(kinds)], i),
        )
        for i in range(N)
    ]
    outcomes = race(server, attempts)

    assert_only_success_or_conflict(outcomes)
    [after] = interviews(server, case)
    recorded = tuple(d["decision"] for d in after["decisions"])
    assert recorded in LAWFUL, f"decisions {recorded} break the rule: {summary(outcomes)}"
    won = winners(outcomes)
    assert sorted(DECIDED[o.label] for o in won) == sorted(recorded), (
        f"answered {[o.label for o in won]} but recorded {recorded}: {summary(outcomes)}"
    )
    assert after["status"] == recorded[-1]
    for o in won:
        # Each winner saw every decision before its own, and its own last.
        seen = tuple(d["decision"] for d in o.body["decisions"])
        assert seen == recorded[: len(seen)] and seen[-1] == DECIDED[o.label], (
            f"{o.label} answered with decisions {seen}; recorded {recorded}"
        )
    for o in outcomes:
        if o.status == 409:
            assert "not possible" in o.body["detail"], f"unclear refusal: {o.body}"
    actions = {f"interview.{kind}" for kind in DECIDED}
    events = audit_trail(server, "CHN", actions, requested["id"], case.id)
    assert [e["detail"]["status"] for e in events] == list(recorded), (
        f"audit events {[e['action'] for e in events]} for decisions {recorded}"
    )
    assert_database_consistent(server)


# --- charter acceptance -----------------------------------------------------------------------


def answers(server: Server, transfer_id: int, count: int) -> list[Attempt]:
    """Accepts on even turns, refusals (with a reason) on odd ones."""
    path = f"/transfers/{transfer_id}/acceptance"
    return [
        Attempt("accept", token(server, "CHN", VERIFIERS, i), "POST", path, {"accepted": True})
        if i % 2 == 0
        else Attempt(
            "refuse",
            token(server, "CHN", VERIFIERS, i),
            "POST",
            path,
            {"accepted": False, "reason": f"No landing slot ({i})."},
        )
        for i in range(count)
    ]


def acceptance_seen(server: Server, transfer_id: int) -> list[Any]:
    """The charter's answer as each state sees it."""
    seen = []
    for state, role in (("USA", "case_officer"), ("CHN", "verifier")):
        with server.client(server.token(state, role)) as api:
            seen.append(ok(api.get(f"/transfers/{transfer_id}"))["acceptance"])
    return seen


def answer_events(server: Server, transfer_id: int) -> list[dict[str, Any]]:
    return audit_trail(server, "CHN", {"transfer.accept", "transfer.refuse"}, transfer_id, None)


def test_n_answers_to_one_charter_record_one(server: Server, cases: Cases) -> None:
    transfer = charter(cases)
    outcomes = race(server, answers(server, transfer["id"], N))

    winner = assert_one_winner(outcomes)
    kept = winner.body["acceptance"]
    assert kept["accepted"] is (winner.label == "accept")
    assert acceptance_seen(server, transfer["id"]) == [kept, kept]
    for o in outcomes:
        if o.status == 409:
            assert "already answered" in o.body["detail"], f"unclear refusal: {o.body}"
    events = answer_events(server, transfer["id"])
    assert [e["action"] for e in events] == [f"transfer.{winner.label}"], f"events: {events}"
    assert_database_consistent(server)


def test_answers_racing_the_departure(server: Server, cases: Cases) -> None:
    """Before departure a charter takes one answer; once departed, none."""
    transfer = charter(cases)
    ok(cases.officer.post(f"/transfers/{transfer['id']}/lock"))
    attempts = answers(server, transfer["id"], N - 1)
    attempts.insert(
        N // 2,
        Attempt(
            "depart",
            server.token("USA", "case_officer"),
            "POST",
            f"/transfers/{transfer['id']}/depart",
        ),
    )
    outcomes = race(server, attempts)

    assert_only_success_or_conflict(outcomes)
    assert winners(outcomes, "depart"), f"the departure must succeed: {summary(outcomes)}"
    answered = [o for o in winners(outcomes) if o.label != "depart"]
    assert len(answered) <= 1, f"more than one answer won: {summary(outcomes)}"
    seen = acceptance_seen(server, transfer["id"])
    expected = answered[0].body["acceptance"] if answered else None
    assert seen == [expected, expected], f"answers {summary(outcomes)}; recorded {seen}"
    if answered:
        assert answered[0].body["status"] != "departed", "an answer was taken after departure"
    events = answer_events(server, transfer["id"])
    assert len(events) == len(answered), f"{len(events)} answer events: {summary(outcomes)}"
    assert_database_consistent(server)


# --- custody ----------------------------------------------------------------------------------


def custody_change(i: int, marker: str) -> dict[str, Any]:
    """A different custody status each turn; a release names its reason."""
    status = ("detained", "alternative_to_detention", "released")[i % 3]
    body = {"status": status, "since": str(today() - timedelta(days=i)), "note": f"{marker} #{i}"}
    if status == "released":
        body["release_reason"] = ("bond", "parole", "other")[i % 3]
    return body


def custody(server: Server, case: Case) -> dict[str, Any]:
    with server.client(server.token("USA", "analyst")) as analyst:
        return dict(ok(analyst.get(f"/applications/{case.id}/custody")))


def assert_history_kept(
    server: Server, case: Case, attempts: list[Attempt], outcomes: list[Outcome]
) -> list[dict[str, Any]]:
    """Every change is recorded once, in one order that each answer saw a prefix of, ending
    with its own; one `custody.record` event each. The final history is returned."""
    assert_only_success_or_conflict(outcomes)
    assert len(winners(outcomes)) == N, f"every change should be recorded: {summary(outcomes)}"
    history = custody(server, case)["history"]
    notes = sorted(r["note"] for r in history)
    assert notes == sorted(a.json["note"] for a in attempts), f"history notes: {notes}"
    ids = [r["id"] for r in history]
    for attempt, o in zip(attempts, outcomes, strict=True):
        seen = [r["id"] for r in o.body["history"]]
        assert seen == ids[: len(seen)], f"an answer showed {seen}; the history is {ids}"
        assert o.body["current"]["note"] == attempt.json["note"], (
            f"{attempt.json['note']} answered with {o.body['current']['note']} as current"
        )
    for record in history:
        events = audit_trail(server, "USA", {"custody.record"}, record["id"], case.id)
        assert len(events) == 1, f"record {record['id']} has {len(events)} audit events"
    return list(history)


def test_parallel_custody_changes_are_all_kept(server: Server, cases: Cases) -> None:
    case = cases.build("confirmed")
    path = f"/applications/{case.id}/custody"
    attempts = [
        Attempt(
            "record", token(server, "USA", OFFICERS, i), "POST", path, custody_change(i, "race")
        )
        for i in range(N)
    ]
    outcomes = race(server, attempts)

    assert_history_kept(server, case, attempts, outcomes)
    assert_database_consistent(server)


def test_parallel_final_order_corrections_chain(server: Server, cases: Cases) -> None:
    """Each correction overwrites the final order, and its audit event names the date it
    replaced: the events form one chain ending at the date kept."""
    case = cases.build("confirmed")
    path = f"/applications/{case.id}/custody"
    attempts = [
        Attempt(
            "record",
            token(server, "USA", OFFICERS, i),
            "POST",
            path,
            custody_change(i, "order") | {"final_order_on": str(today() - timedelta(days=30 + i))},
        )
        for i in range(N)
    ]
    outcomes = race(server, attempts)

    assert_history_kept(server, case, attempts, outcomes)
    for attempt, o in zip(attempts, outcomes, strict=True):
        assert o.body["final_order_on"] == attempt.json["final_order_on"], (
            f"set {attempt.json['final_order_on']}, answered {o.body['final_order_on']}"
        )
    events = audit_trail(server, "USA", {"custody.final_order"}, case.id, case.id)
    dates = [e["detail"]["final_order_on"] for e in events]
    assert sorted(dates) == sorted(a.json["final_order_on"] for a in attempts), dates
    replaced = [e["detail"].get("before") for e in events]
    assert replaced == [None, *dates[:-1]], f"corrections replaced {replaced}; dates {dates}"
    assert custody(server, case)["final_order_on"] == dates[-1]
    assert_database_consistent(server)
