"""A ceiling is never exceeded: 20 real parallel clients (two worker processes on
PostgreSQL) approve 20 interviewed cases of a programme with 5 places, and allocation runs
race approvals. The ceiling rows are locked in bucket order, so exactly the places there are
get taken, the rest are waitlisted, and `allocated` matches the cases that hold a place.
One case approved or screened by many at once has exactly one outcome."""

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.database.core import make_engine, utcnow
from readmit.pathways import fiscal
from readmit.pathways.models import CaseEvent, Ceiling, PathwayCase
from tests.concurrency.harness import (
    Attempt,
    Server,
    assert_database_consistent,
    assert_one_winner,
    assert_only_success_or_conflict,
    ok,
    race,
    summary,
)
from tests.pathways.allocation_cases import load, programme_file

YEAR = fiscal.fiscal_year_of(utcnow().date(), 10)
CLIENTS = 20


@pytest.fixture(scope="module")
def engine(server: Server) -> Iterator[Engine]:
    """The served database, to set scenes up and check them afterwards."""
    made = make_engine(server.env["READMIT_DATABASE_URL"])
    yield made
    made.dispose()


@dataclass
class Scene:
    code: str
    interviewed: list[str]
    waitlisted: list[str]


def scene(
    server: Server, engine: Engine, *, places: int, interviewed: int, waitlisted: int
) -> Scene:
    """A USA programme with `places` in the current fiscal year and cases at each status."""
    code = f"race-{secrets.token_hex(4)}"
    file = programme_file(code=code, ceilings=[{"fiscal_year": YEAR, "places": places}])
    references: dict[str, list[str]] = {"interviewed": [], "waitlisted": []}
    with Session(engine) as session:
        officer = auth.get_by_email(
            session=session, email=server.user("USA", "supervisor")["email"]
        )
        assert officer is not None
        programme = load(session, file)
        for status, count in (("interviewed", interviewed), ("waitlisted", waitlisted)):
            for i in range(count):
                reference = f"PW-USA-1998-{secrets.randbelow(10**9):09d}"
                references[status].append(reference)
                session.add(
                    PathwayCase(
                        reference=reference,
                        state_code="USA",
                        programme_code=code,
                        programme_version=programme.version,
                        status=status,
                        intake_place="SMO-GTM-GUA",
                        intake_state="GTM",
                        family_name=f"Race {i}",
                        nationality="VEN",
                        created_by_id=officer.id,
                    )
                )
        session.commit()
    return Scene(code, references["interviewed"], references["waitlisted"])


def held(engine: Engine, code: str) -> tuple[int, int, int]:
    """(places allocated on the ceiling row, cases holding a place, cases waitlisted)."""
    with Session(engine) as session:
        ceiling = session.scalar(
            select(Ceiling).where(Ceiling.programme_code == code, Ceiling.bucket == "total")
        )
        statuses = list(
            session.scalars(select(PathwayCase.status).where(PathwayCase.programme_code == code))
        )
    assert ceiling is not None
    return ceiling.allocated, statuses.count("approved"), statuses.count("waitlisted")


def test_twenty_approvals_for_five_places(server: Server, engine: Engine) -> None:
    made = scene(server, engine, places=5, interviewed=CLIENTS, waitlisted=0)
    supervisor = server.token("USA", "supervisor")
    attempts = [
        Attempt("approve", supervisor, "POST", f"/pathways/cases/{reference}/approve", {})
        for reference in made.interviewed
    ]
    outcomes = race(server, attempts)
    assert all(o.won for o in outcomes), summary(outcomes)
    statuses = sorted(o.body["status"] for o in outcomes)
    assert statuses == ["approved"] * 5 + ["waitlisted"] * 15, summary(outcomes)
    assert held(engine, made.code) == (5, 5, 15)
    with server.client(supervisor) as api:
        shown = ok(api.get(f"/pathways/programmes/{made.code}/ceilings"))
    assert shown["ceilings"] == [{"bucket": "total", "capacity": 5, "allocated": 5, "left": 0}]
    assert_database_consistent(server)


def test_allocation_runs_race_approvals(server: Server, engine: Engine) -> None:
    made = scene(server, engine, places=6, interviewed=14, waitlisted=4)
    supervisor = server.token("USA", "supervisor")
    runs = [
        Attempt(
            "run",
            supervisor,
            "POST",
            f"/pathways/programmes/{made.code}/allocations",
            {"fiscal_year": YEAR},
        )
        for _ in range(CLIENTS - len(made.interviewed))
    ]
    approvals = [
        Attempt("approve", supervisor, "POST", f"/pathways/cases/{reference}/approve", {})
        for reference in made.interviewed
    ]
    outcomes = race(server, runs + approvals)
    assert_only_success_or_conflict(outcomes)
    assert all(o.won for o in outcomes), summary(outcomes)
    allocated, approved, waitlisted = held(engine, made.code)
    assert (allocated, approved, waitlisted) == (6, 6, 12), summary(outcomes)
    ran = sum(o.body["allocated"] for o in outcomes if o.label == "run")
    took = sum(o.body["status"] == "approved" for o in outcomes if o.label == "approve")
    assert ran + took == 6, summary(outcomes)
    assert_database_consistent(server)


def test_one_case_approved_by_many_supervisors_at_once(server: Server, engine: Engine) -> None:
    made = scene(server, engine, places=3, interviewed=1, waitlisted=0)
    supervisor = server.token("USA", "supervisor")
    reference = made.interviewed[0]
    attempts = [
        Attempt("approve", supervisor, "POST", f"/pathways/cases/{reference}/approve", {})
        for _ in range(CLIENTS)
    ]
    won = assert_one_winner(race(server, attempts))
    assert won.body["status"] == "approved"
    assert held(engine, made.code) == (1, 1, 0)
    with Session(engine) as session:
        case_id = session.scalar(select(PathwayCase.id).where(PathwayCase.reference == reference))
        steps = session.scalars(select(CaseEvent.step).where(CaseEvent.case_id == case_id))
        assert list(steps) == ["approve"]
    assert_database_consistent(server)


def test_one_case_screened_by_many_officers_at_once(server: Server, engine: Engine) -> None:
    made = scene(server, engine, places=3, interviewed=1, waitlisted=0)
    reference = made.interviewed[0]
    with Session(engine) as session:
        case = session.scalar(select(PathwayCase).where(PathwayCase.reference == reference))
        assert case is not None
        case.status = "registered"
        session.commit()
    officer = server.token("USA", "safe_mobility_officer")
    attempts = [
        Attempt("screen", officer, "POST", f"/pathways/cases/{reference}/screen", {})
        for _ in range(CLIENTS)
    ]
    won = assert_one_winner(race(server, attempts))
    assert won.body["status"] == "screened"
    assert_database_consistent(server)
