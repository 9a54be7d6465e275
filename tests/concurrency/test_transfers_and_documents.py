"""One case on one flight; travel documents issued in parallel keep distinct numbers and leave
one valid document per case."""

from tests.concurrency.cases import (
    Cases,
    assert_timeline_is_a_path,
    flight,
    manifests_of,
    steps,
    transfers,
)
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


def officer_token(server: Server, i: int) -> str:
    return server.token("USA", ("case_officer", "supervisor")[i % 2])


def verifier_token(server: Server, i: int) -> str:
    return server.token("CHN", ("verifier", "supervisor")[i % 2])


def assert_scheduled_once(
    server: Server, cases: Cases, case_id: int, winner: Outcome, outcomes: list[Outcome]
) -> None:
    on = manifests_of(server, case_id)
    assert on == [winner.body["id"]], (
        f"the case is on manifests {on}, expected only {winner.body['id']}: {summary(outcomes)}"
    )
    after = cases.as_requesting(case_id)
    assert after["status"] == "transfer_scheduled", f"status {after['status']}"
    scheduled = steps(after, "schedule_transfer")
    assert len(scheduled) == 1, f"{len(scheduled)} schedule_transfer steps: {scheduled}"
    assert_timeline_is_a_path(after)


def test_same_case_on_n_new_charters(server: Server, cases: Cases) -> None:
    case = cases.build("travel_document_issued")
    charters = [flight("charter", [case.id]) for _ in range(N)]
    outcomes = race(
        server,
        [
            Attempt("create charter", officer_token(server, i), "POST", "/transfers", body)
            for i, body in enumerate(charters)
        ],
    )

    winner = assert_one_winner(outcomes)
    assert_scheduled_once(server, cases, case.id, winner, outcomes)
    numbers = {c["flight_number"] for c in charters}
    created = [t["flight_number"] for t in transfers(server) if t["flight_number"] in numbers]
    assert created == [winner.body["flight_number"]], (
        f"refused charters were created all the same (empty manifests): {created}"
    )
    assert_database_consistent(server)


def test_same_case_added_to_n_charters(server: Server, cases: Cases) -> None:
    with server.client(server.token("USA", "case_officer")) as officer:
        charters = [
            ok(officer.post("/transfers", json=flight("charter", [filler.id])))
            for filler in cases.build_many("travel_document_issued", N)
        ]
    case = cases.build("travel_document_issued")
    outcomes = race(
        server,
        [
            Attempt(
                f"add to charter {charter['id']}",
                officer_token(server, i),
                "POST",
                f"/transfers/{charter['id']}/cases",
                {"application_id": case.id},
            )
            for i, charter in enumerate(charters)
        ],
    )

    winner = assert_one_winner(outcomes)
    assert_scheduled_once(server, cases, case.id, winner, outcomes)
    assert_database_consistent(server)


def test_parallel_issuing_gives_distinct_numbers(server: Server, cases: Cases) -> None:
    confirmed = cases.build_many("confirmed", N)
    outcomes = race(
        server,
        [
            Attempt(
                f"issue {case.reference}",
                verifier_token(server, i),
                "POST",
                f"/applications/{case.id}/travel-document",
            )
            for i, case in enumerate(confirmed)
        ],
    )

    assert len(winners(outcomes)) == N, f"every case should get its document: {summary(outcomes)}"
    numbers = [o.body["number"] for o in outcomes]
    assert len(set(numbers)) == N, f"document numbers clash: {sorted(numbers)}"
    for case in confirmed:
        assert cases.status(case.id) == "travel_document_issued"
    assert_database_consistent(server)


def test_parallel_issuing_on_one_case_leaves_one_valid_document(
    server: Server, cases: Cases
) -> None:
    case = cases.build("confirmed")
    path = f"/applications/{case.id}"
    outcomes = race(
        server,
        [
            Attempt("issue", verifier_token(server, i), "POST", f"{path}/travel-document")
            for i in range(N)
        ],
    )

    assert_only_success_or_conflict(outcomes)
    issued = {o.body["number"]: o.body for o in winners(outcomes)}
    assert issued, f"no document was issued: {summary(outcomes)}"
    with server.client(server.token("CHN", "verifier")) as verifier:
        current = ok(verifier.get(f"/applications/{case.id}/travel-document"))
        checks = {
            number: ok(
                verifier.post("/travel-documents/verify", json={"seal_base64": doc["seal_base64"]})
            )
            for number, doc in issued.items()
        }
    valid = sorted(number for number, check in checks.items() if check["valid"])
    assert not current["revoked"], f"the case's current document {current['number']} is revoked"
    assert valid == [current["number"]], (
        f"issued {sorted(issued)}; still valid {valid}; current {current['number']}"
    )
    after = cases.as_requesting(case.id)
    assert after["status"] == "travel_document_issued"
    assert_timeline_is_a_path(after)
    assert_database_consistent(server)
