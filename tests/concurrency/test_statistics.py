"""The monthly statistics under parallel writers: N cases submitted at once all land in the
same cell, and each is counted exactly once (and `readmit check` recounts them all)."""

from datetime import UTC, datetime

from tests.concurrency.cases import Cases
from tests.concurrency.harness import (
    Attempt,
    N,
    Server,
    assert_database_consistent,
    ok,
    race,
    summary,
    winners,
)


def submitted_this_month(server: Server) -> int:
    month = datetime.now(UTC).strftime("%Y-%m")
    with server.client(server.token("USA", "analyst")) as analyst:
        report = ok(
            analyst.get(
                "/statistics/indicators", params={"corridor": "USA-CHN", "from": month, "to": month}
            )
        )
    value = report["corridors"][0]["months"][0]["submitted"]
    assert isinstance(value, int), f"the month's submissions are withheld ({value})"
    return value


def test_parallel_submissions_are_each_counted_once(server: Server, cases: Cases) -> None:
    drafts = cases.build_many("draft", N)
    before = submitted_this_month(server)
    officer = server.token("USA", "case_officer")
    outcomes = race(
        server,
        [Attempt("submit", officer, "POST", f"/applications/{case.id}/submit") for case in drafts],
    )
    assert len(winners(outcomes)) == N, summary(outcomes)
    assert submitted_this_month(server) == before + N
    assert_database_consistent(server)
