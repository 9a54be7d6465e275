"""Flight leads under N real parallel clients: the same file imported at once is stored once
(the others are refused, 422), its passengers are counted once and none is kept; one decision
per lead (409 for the rest)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.database.core import make_engine
from readmit.leads.models import Flight, FlightNationality, Passenger
from readmit.synth.flights import Scenario, demo_scenario, to_csv
from tests.concurrency.harness import (
    Attempt,
    N,
    Server,
    assert_database_consistent,
    assert_one_winner,
    assert_only_success_or_conflict,
    ok,
    race,
)


def import_at_once(server: Server, data: bytes) -> list[int]:
    """Send the same file from N analysts at once; the status codes."""
    barrier = threading.Barrier(N)

    def send(i: int) -> int:
        role = ("analyst", "supervisor")[i % 2]
        with server.client(server.token("USA", role)) as api:
            api.get("/me").raise_for_status()
            barrier.wait(timeout=60)
            files = {"file": ("flights.csv", data, "text/csv")}
            return api.post("/leads/imports", files=files).status_code

    with ThreadPoolExecutor(max_workers=N) as pool:
        return list(pool.map(send, range(N)))


def stored(server: Server) -> tuple[int, int, int]:
    """USA's flights, the passengers counted into them, and passenger rows left."""
    engine = make_engine(server.env["READMIT_DATABASE_URL"])
    with Session(engine) as session:
        flights = session.scalar(select(func.count()).where(Flight.state_code == "USA"))
        counted = session.scalar(
            select(func.coalesce(func.sum(FlightNationality.passengers), 0))
            .join(Flight, Flight.id == FlightNationality.flight_id)
            .where(Flight.state_code == "USA")
        )
        left = session.scalar(select(func.count()).select_from(Passenger))
    engine.dispose()
    return int(flights or 0), int(counted or 0), int(left or 0)


@pytest.fixture(scope="module")
def imported(server: Server) -> tuple[Scenario, list[int]]:
    """The demo traffic, sent by N analysts at once, and the answers they got."""
    scenario = demo_scenario(today=date.today())
    return scenario, import_at_once(server, to_csv(scenario.plans).encode())


def test_one_file_imported_at_once_is_stored_and_counted_once(
    server: Server, imported: tuple[Scenario, list[int]]
) -> None:
    scenario, codes = imported
    assert sorted(codes) == [201] + [422] * (N - 1), codes
    flights, counted, left = stored(server)
    assert flights == len(scenario.plans)
    assert counted == sum(p.passengers for p in scenario.plans)
    assert left == 0
    assert_database_consistent(server)


def test_one_decision_per_lead(server: Server, imported: tuple[Scenario, list[int]]) -> None:
    with server.client(server.token("USA", "analyst")) as analyst:
        leads: list[dict[str, Any]] = list(ok(analyst.get("/leads?status=open")))
    assert leads, "the imported demo traffic raises leads"
    lead = leads[0]["id"]
    attempts = [
        Attempt(
            f"{kind}-{i}",
            server.token("USA", ("analyst", "supervisor")[i % 2]),
            "POST",
            f"/leads/{lead}/{kind}",
            {"reason": f"checked {i}"} if kind == "dismiss" else {"note": f"refer {i}"},
        )
        for i in range(N)
        for kind in (("dismiss", "refer")[i % 2],)
    ]
    outcomes = race(server, attempts)
    assert_only_success_or_conflict(outcomes)
    assert_one_winner(outcomes)
    assert_database_consistent(server)
