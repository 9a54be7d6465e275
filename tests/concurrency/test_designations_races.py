"""Designations under N real parallel clients: one decision per proposal (approve and reject
racing: one wins, the rest 409, one audit event), and one delisting per designation."""

from typing import Any

from tests.concurrency.harness import (
    Attempt,
    N,
    Server,
    assert_database_consistent,
    assert_one_winner,
    assert_only_success_or_conflict,
    ok,
    race,
    winners,
)

PROPOSAL = {
    "legal_basis": "INA 212(a)(3)(C)",
    "reason": "charters sold as one-way packages",
    "entity": {
        "schema": "Company",
        "properties": {"name": ["Aerolíneas Quetzal S.A. de C.V."], "sector": ["charter operator"]},
    },
}


def propose(server: Server, name: str) -> dict[str, Any]:
    body = PROPOSAL | {"entity": {**PROPOSAL["entity"], "properties": {"name": [name]}}}
    with server.client(server.token("USA", "analyst")) as analyst:
        return dict(ok(analyst.post("/designations", json=body)))


def test_one_decision_per_proposal(server: Server) -> None:
    proposal = propose(server, "Aerolíneas Quetzal S.A. de C.V.")
    supervisor = server.token("USA", "supervisor")
    attempts = [
        Attempt(f"{step}-{i}", supervisor, "POST", f"/designations/{proposal['id']}/{step}", {})
        for i in range(N)
        for step in (("approve", "reject")[i % 2],)
    ]
    outcomes = race(server, attempts)
    assert_only_success_or_conflict(outcomes)
    won = assert_one_winner(outcomes)
    with server.client(supervisor) as api:
        final = ok(api.get(f"/designations/{proposal['id']}"))
    assert final["status"] == won.body["status"] in {"designated", "rejected"}
    assert_database_consistent(server)


def test_one_delisting_per_designation(server: Server) -> None:
    proposal = propose(server, "Transportes Istmeños S. de R.L.")
    supervisor = server.token("USA", "supervisor")
    with server.client(supervisor) as api:
        ok(api.post(f"/designations/{proposal['id']}/approve", json={}))
    path = f"/designations/{proposal['id']}/delist"
    outcomes = race(
        server,
        [Attempt(f"delist-{i}", supervisor, "POST", path, {"reason": f"r{i}"}) for i in range(N)],
    )
    assert_only_success_or_conflict(outcomes)
    assert len(winners(outcomes)) == 1
    assert_database_consistent(server)
