"""Only aggregates per flight are kept: the run that follows an import counts the passenger
rows and deletes them in the same transaction, however the file came in; a refused file
leaves nothing at all."""

import io
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from readmit.auth.models import Role, User
from readmit.leads import runs, service
from readmit.leads.models import Flight, FlightImport, FlightNationality, Passenger
from readmit.leads.schemas import RuleSet
from readmit.synth.flights import rows, to_csv
from tests.factories import World
from tests.leads.cases import days_apart, flights, import_plans, passenger_rows
from tests.pages.browsing import login

PLANS = flights(days_apart(4, 6), passengers=60, one_way_outside=40, one_way_inside=10)


def counts(db: Session) -> Counter[tuple[str, str, int, int]]:
    """(date, nationality, passengers, one way) as the database keeps them."""
    found = db.execute(
        select(
            Flight.flight_date,
            FlightNationality.nationality,
            FlightNationality.passengers,
            FlightNationality.one_way,
        ).join(Flight, Flight.id == FlightNationality.flight_id)
    )
    return Counter((d.isoformat(), n, p, o) for d, n, p, o in found)


def expected(seed: int) -> Counter[tuple[str, str, int, int]]:
    """The same, counted from the generator's rows."""
    people: Counter[tuple[str, str]] = Counter()
    one_way: Counter[tuple[str, str]] = Counter()
    for r in rows(PLANS, seed=seed):
        people[(r["date"], r["nationality"])] += 1
        one_way[(r["date"], r["nationality"])] += r["journey"] == "one_way"
    return Counter((d, n, people[(d, n)], one_way[(d, n)]) for d, n in people)


def test_the_run_counts_the_passengers_and_deletes_them(
    db: Session, world: World, rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    analyst = world.user(db, "USA", Role.analyst)
    original = runs.count_passengers

    def spy(*, session: Session, user: User) -> None:
        seen.append(passenger_rows(session))  # written by the import, before the run
        original(session=session, user=user)
        seen.append(passenger_rows(session))

    monkeypatch.setattr(runs, "count_passengers", spy)
    import_plans(db, analyst, PLANS, seed=5)
    assert seen == [sum(p.passengers for p in PLANS), 0]
    assert counts(db) == expected(5)
    totals = db.execute(select(Flight.passengers, Flight.one_way).order_by(Flight.flight_date))
    assert [tuple(t) for t in totals] == [
        (p.passengers, p.one_way_outside + p.one_way_inside) for p in PLANS
    ]


def test_a_run_deletes_any_passenger_row_it_finds(
    db: Session, world: World, rules: RuleSet
) -> None:
    analyst = world.user(db, "USA", Role.analyst)
    import_plans(db, analyst, PLANS)
    flight_id = db.scalars(select(Flight.id)).first()
    db.execute(insert(Passenger), [{"flight_id": flight_id, "nationality": "IND", "one_way": True}])
    before = db.scalar(
        select(FlightNationality.passengers).where(
            FlightNationality.flight_id == flight_id, FlightNationality.nationality == "IND"
        )
    )
    service.run(session=db, user=analyst)
    assert passenger_rows(db) == 0
    after = db.scalar(
        select(FlightNationality.passengers).where(
            FlightNationality.flight_id == flight_id, FlightNationality.nationality == "IND"
        )
    )
    assert after == (before or 0) + 1


def test_no_passenger_row_survives_an_import_through_the_api_or_the_page(
    client: TestClient, db: Session, world: World, rules: RuleSet
) -> None:
    files = {"file": ("flights.csv", to_csv(PLANS[:2], seed=1).encode(), "text/csv")}
    made = client.post(
        "/api/v1/leads/imports", files=files, headers=world.headers("USA", Role.supervisor)
    )
    assert made.status_code == 201, made.text
    assert passenger_rows(db) == 0
    token = login(client, "USA", Role.analyst)
    upload = {"file": ("more.csv", to_csv(PLANS[2:], seed=2).encode(), "text/csv")}
    page = client.post("/leads/import", data={"csrf_token": token}, files=upload)
    assert page.status_code == 200, page.text
    assert passenger_rows(db) == 0
    assert db.scalar(select(func.count()).select_from(Flight)) == len(PLANS)


def test_a_refused_file_leaves_nothing(
    client: TestClient, db: Session, world: World, rules: RuleSet
) -> None:
    analyst = world.user(db, "USA", Role.analyst)
    import_plans(db, analyst, PLANS[:1])
    db.commit()
    # The second flight is new, the first was imported already: the whole file is refused.
    text = to_csv(PLANS[:2], seed=3)
    files = {"file": ("again.csv", text.encode(), "text/csv")}
    refused = client.post(
        "/api/v1/leads/imports", files=files, headers=world.headers("USA", Role.analyst)
    )
    assert refused.status_code == 422
    (problem,) = refused.json()["detail"]
    assert problem["loc"][0] == "file" and "was imported already" in problem["msg"]
    assert db.scalar(select(func.count()).select_from(Flight)) == 1
    assert db.scalar(select(func.count()).select_from(FlightImport)) == 1
    assert passenger_rows(db) == 0


def test_reading_a_file_keeps_no_names(db: Session) -> None:
    """The layout has no column for a name: a file that brings one is refused."""
    text = to_csv(PLANS[:1]).replace("journey\n", "journey,name\n", 1)
    from readmit.leads.records import RecordsRefused, read_records

    with pytest.raises(RecordsRefused) as caught:
        read_records(io.StringIO(text), today=PLANS[0].day)
    assert "unknown column(s) name" in caught.value.problems[0].text()
