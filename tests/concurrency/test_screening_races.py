"""One pair, one current judgement: N reviewers judge, then revise, the hits of the same
(screened subject, designated director) pair at once, through the real server (two worker
processes on PostgreSQL). The pair is locked while it is judged: one judgement wins, the
others find the pair settled (409), and a revision race still leaves exactly one current."""

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.database.core import make_engine
from tests.concurrency.harness import (
    Attempt,
    N,
    Server,
    assert_database_consistent,
    assert_one_winner,
    assert_only_success_or_conflict,
    ok,
    race,
    summary,
    winners,
)
from tests.screening.factories import Designated, designate_operator

QUERY = {"kind": "person", "family_name": "ZHANG", "given_name": "Wei", "birth_date": "1975-03-14"}


@pytest.fixture(scope="module")
def made(server: Server) -> Iterator[Designated]:
    """USA's designated charter operator and its director, in the served database."""
    engine = make_engine(server.env["READMIT_DATABASE_URL"])
    with Session(engine, expire_on_commit=False) as session:
        analyst = auth.get_by_email(session=session, email=server.user("USA", "analyst")["email"])
        boss = auth.get_by_email(session=session, email=server.user("USA", "supervisor")["email"])
        assert analyst is not None and boss is not None
        designated = designate_operator(session, analyst=analyst, supervisor=boss)
        session.commit()
    engine.dispose()
    yield designated


def open_hits(server: Server, made: Designated, count: int, **also: object) -> list[int]:
    """Screen the director `count` times (as a subject no other test screens, with `also`):
    one open hit of the same pair in each."""
    hits = []
    with server.client(server.token("USA", "case_officer")) as officer:
        for i in range(count):
            body = QUERY | also | {"reference": f"race-{i}"}
            result = ok(officer.post("/screenings", json=body))
            hit = next(h for h in result["hits"] if h["entity"]["id"] == made.director_id)
            assert hit["status"] == "open", hit
            hits.append(hit["id"])
    return hits


def reviewers(server: Server) -> list[str]:
    return [server.token("USA", role) for role in ("analyst", "supervisor")]


def test_judging_one_pair_at_once_leaves_one_judgement(server: Server, made: Designated) -> None:
    hits = open_hits(server, made, N)
    tokens = reviewers(server)
    verdicts = ("same", "not_same")
    outcomes = race(
        server,
        [
            Attempt(
                verdicts[i % 2],
                tokens[i // 2 % 2],
                "POST",
                f"/screening/hits/{hits[i]}/judgement",
                {"verdict": verdicts[i % 2], "note": f"reviewer {i}"},
            )
            for i in range(N)
        ],
    )

    winner = assert_one_winner(outcomes)
    with server.client(tokens[0]) as api:
        details = [ok(api.get(f"/screening/hits/{hit}")) for hit in hits]
        queue = ok(api.get("/screening/review", params={"limit": 500}))
    history = details[0]["history"]
    assert len(history) == 1 and history[0]["current"], f"{history}; {summary(outcomes)}"
    assert history[0]["verdict"] == winner.label
    assert all(d["history"] == history for d in details)
    settled = {d["hit"]["status"] for d in details}
    assert "open" not in settled and settled <= {winner.label, f"remembered_{winner.label}"}
    assert not {item["hit"]["id"] for item in queue["items"]} & set(hits)
    assert_database_consistent(server)


def test_revising_one_pair_at_once_leaves_one_current(server: Server, made: Designated) -> None:
    hits = open_hits(server, made, N, aliases=["Chang Wei"])
    tokens = reviewers(server)
    with server.client(tokens[0]) as api:
        ok(api.post(f"/screening/hits/{hits[0]}/judgement", json={"verdict": "not_same"}))
    outcomes = race(
        server,
        [
            Attempt(
                "revise", tokens[i % 2], "POST", f"/screening/hits/{hits[i]}/revise",
                {"verdict": "same", "note": f"reviewer {i}"},
            )
            for i in range(N)
        ],
    )  # fmt: skip

    assert_only_success_or_conflict(outcomes)
    assert len(winners(outcomes)) == 1, summary(outcomes)
    with server.client(tokens[1]) as api:
        history = ok(api.get(f"/screening/hits/{hits[-1]}"))["history"]
    current = [j for j in history if j["current"]]
    assert len(current) == 1 and current[0]["verdict"] == "same", history
    assert [j["verdict"] for j in history] == ["not_same", "same"]
    assert_database_consistent(server)
