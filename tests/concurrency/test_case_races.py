"""One case, one outcome: conflicting lifecycle steps sent at once by N real clients."""

from tests.concurrency.cases import (
    REJECT,
    WITHDRAW,
    Cases,
    assert_timeline_is_a_path,
    confirm,
    steps,
)
from tests.concurrency.harness import (
    Attempt,
    N,
    Server,
    assert_database_consistent,
    assert_one_winner,
    assert_only_success_or_conflict,
    race,
    summary,
    winners,
)
from tests.concurrency.views import RequestedState, decisions_on_page


def tokens(server: Server, state: str, *roles: str) -> list[str]:
    return [server.token(state, role) for role in roles]


def test_submit_race_submits_once(server: Server, cases: Cases) -> None:
    case = cases.build("draft")
    officers = tokens(server, "USA", "case_officer", "supervisor")
    outcomes = race(
        server,
        [
            Attempt("submit", officers[i % 2], "POST", f"/applications/{case.id}/submit")
            for i in range(N)
        ],
    )

    assert_one_winner(outcomes)
    after = cases.as_requesting(case.id)
    assert after["status"] == "submitted", f"status {after['status']}; {summary(outcomes)}"
    submitted = steps(after, "submit")
    assert len(submitted) == 1, f"{len(submitted)} submit steps on the timeline: {submitted}"
    assert_timeline_is_a_path(after)
    assert_database_consistent(server)


def test_confirm_reject_race_records_one_decision(
    server: Server, cases: Cases, requested: RequestedState
) -> None:
    case = cases.build("under_verification")
    verifiers = tokens(server, "CHN", "verifier", "supervisor")
    path = f"/applications/{case.id}/decision"
    outcomes = race(
        server,
        [
            Attempt("confirm", verifiers[i // 2 % 2], "POST", path, confirm(case))
            if i % 2 == 0
            else Attempt("reject", verifiers[i // 2 % 2], "POST", path, REJECT)
            for i in range(N)
        ],
    )

    winner = assert_one_winner(outcomes)
    expected = {"confirm": "confirmed", "reject": "rejected"}[winner.label]
    after = cases.as_requesting(case.id)
    assert after["status"] == expected, (
        f"{winner.label} won but the case is {after['status']}: {summary(outcomes)}"
    )
    assert requested.case(case.id)["status"] == expected
    decided = steps(after, "confirm", "reject")
    assert len(decided) == 1, f"{len(decided)} decision steps on the timeline: {decided}"
    shown = decisions_on_page(requested.page(case.id))
    assert shown == 1, f"the requested state's case page lists {shown} decisions"
    assert_timeline_is_a_path(after)
    assert_database_consistent(server)


def test_confirm_withdraw_race_leaves_a_consistent_path(server: Server, cases: Cases) -> None:
    case = cases.build("under_verification")
    verifiers = tokens(server, "CHN", "verifier", "supervisor")
    officers = tokens(server, "USA", "case_officer", "supervisor")
    outcomes = race(
        server,
        [
            Attempt(
                "confirm",
                verifiers[i // 2 % 2],
                "POST",
                f"/applications/{case.id}/decision",
                confirm(case),
            )
            if i % 2 == 0
            else Attempt(
                "withdraw",
                officers[i // 2 % 2],
                "POST",
                f"/applications/{case.id}/transitions",
                WITHDRAW,
            )
            for i in range(N)
        ],
    )

    assert_only_success_or_conflict(outcomes)
    confirmed, withdrawn = winners(outcomes, "confirm"), winners(outcomes, "withdraw")
    assert len(confirmed) <= 1, f"more than one confirm won: {summary(outcomes)}"
    # Withdrawal is open from under_verification and from confirmed alike, so one always wins.
    assert len(withdrawn) == 1, f"expected exactly one withdraw to win: {summary(outcomes)}"
    after = cases.as_requesting(case.id)
    assert after["status"] == "withdrawn", f"status {after['status']}: {summary(outcomes)}"
    assert_timeline_is_a_path(after)
    withdraw_steps = steps(after, "withdraw")
    assert len(withdraw_steps) == 1, f"withdraw steps: {withdraw_steps}"
    if withdraw_steps[0]["from_status"] == "under_verification":
        assert not confirmed, f"the withdrawal came first, yet a confirm won: {summary(outcomes)}"
    decided = steps(after, "confirm", "reject")
    assert len(decided) == len(confirmed), (
        f"{len(confirmed)} confirm won but the timeline has decisions {decided}"
    )
    assert_database_consistent(server)


def test_submit_withdraw_race_shows_the_case_only_if_it_was_submitted(
    server: Server, cases: Cases, requested: RequestedState
) -> None:
    case = cases.build("draft")
    officers = tokens(server, "USA", "case_officer", "supervisor")
    outcomes = race(
        server,
        [
            Attempt("submit", officers[i // 2 % 2], "POST", f"/applications/{case.id}/submit")
            if i % 2 == 0
            else Attempt(
                "withdraw",
                officers[i // 2 % 2],
                "POST",
                f"/applications/{case.id}/transitions",
                WITHDRAW,
            )
            for i in range(N)
        ],
    )

    assert_only_success_or_conflict(outcomes)
    submitted = winners(outcomes, "submit")
    assert len(submitted) <= 1, f"more than one submit won: {summary(outcomes)}"
    assert len(winners(outcomes, "withdraw")) == 1, f"one withdraw must win: {summary(outcomes)}"
    after = cases.as_requesting(case.id)
    assert after["status"] == "withdrawn"
    assert_timeline_is_a_path(after)
    assert len(steps(after, "submit")) == len(submitted), f"timeline: {after['timeline']}"

    seen = requested.api.get(f"/applications/{case.id}").status_code
    listed = [
        row["id"]
        for row in requested.api.get("/applications", params={"limit": 200}).json()["data"]
    ]
    if submitted:
        assert seen == 200, f"submitted then withdrawn: the requested state got {seen}, not 200"
    else:
        assert seen == 404, f"never submitted: the requested state got {seen}, not 404"
        assert case.id not in listed, "a never-submitted case is in the requested state's list"
    assert_database_consistent(server)
