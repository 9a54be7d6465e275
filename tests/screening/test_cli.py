"""`readmit screen IN OUT --as EMAIL` on its own database: one result line per input line,
in order and numbered; a bad line is reported by its number and the batch goes on."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.database.core import make_engine
from readmit.database.migrate import upgrade
from readmit.screening.models import Screening
from tests.conftest import database_url
from tests.factories import seed_world
from tests.identity.cli_runner import run_cli
from tests.screening.factories import COMPANY, Designated, charter_operator


@dataclass(frozen=True)
class Place:
    url: str
    made: Designated


@pytest.fixture(scope="module")
def place() -> Iterator[Place]:
    """A database with the test world and USA's designated charter operator, committed."""
    url = database_url("screening_cli")
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = seed_world(session)
        made = charter_operator(session, world)
        session.commit()
    try:
        yield Place(url, made)
    finally:
        engine.dispose()


def screenings(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(Screening)) or 0
    engine.dispose()
    return count


LINES = [
    json.dumps({"kind": "person", "family_name": "ZHANG", "given_name": "Wei", "reference": "V-1"}),
    "{not json",
    "",
    json.dumps({"kind": "vessel", "name": "Sea Breeze"}),
    json.dumps({"kind": "person", "name": "Zhang Wei", "birth_date": "1975-02-30"}),
    json.dumps(["a", "list"]),
    json.dumps({"kind": "company", "name": COMPANY.upper()}, ensure_ascii=False),
]  # fmt: skip


def test_a_batch_with_bad_lines(tmp_path: Path, place: Place) -> None:
    queries, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    queries.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    before = screenings(place.url)
    ran = run_cli(
        tmp_path, "screen", str(queries), str(out), "--as", "case_officer@us-ero.test",
        database_url=place.url,
    )  # fmt: skip
    assert ran.code == 2, ran.output
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6, 7]
    errors = {r["line"]: r["error"] for r in results if "error" in r}
    assert sorted(errors) == [2, 3, 4, 5, 6]
    assert errors[2].startswith("not JSON") and errors[3] == "empty line"
    assert errors[4].startswith("kind:")
    assert errors[5] == "birth_date: Enter a date as YYYY, YYYY-MM or YYYY-MM-DD"
    assert errors[6] == "not a JSON object"
    director = next(h for h in results[0]["hits"] if h["entity"]["id"] == place.made.director_id)
    assert director["through_link"] and director["path"][0]["link"] == "Directorship"
    assert results[0]["reference"] == "V-1" and results[0]["query"]["family_name"] == "ZHANG"
    company = next(h for h in results[6]["hits"] if h["entity"]["id"] == place.made.company_id)
    assert company["status"] == "open"
    assert "line 2: not JSON" in ran.output and "invalid lines: 5" in ran.output
    assert screenings(place.url) == before + 2


@pytest.mark.parametrize(
    ("email", "words"),
    [
        ("nobody@us-ero.test", "no active user"),
        ("verifier@us-ero.test", "only case officers, analysts and supervisors"),
    ],
)
def test_only_a_screener_may_run_it(tmp_path: Path, place: Place, email: str, words: str) -> None:
    queries = tmp_path / "in.jsonl"
    queries.write_text(LINES[0] + "\n", encoding="utf-8")
    ran = run_cli(
        tmp_path, "screen", str(queries), str(tmp_path / "out.jsonl"), "--as", email,
        database_url=place.url,
    )  # fmt: skip
    assert ran.code == 1 and words in ran.output
    assert not (tmp_path / "out.jsonl").exists()


def test_the_output_may_not_be_the_input(tmp_path: Path, place: Place) -> None:
    queries = tmp_path / "in.jsonl"
    queries.write_text(LINES[0] + "\n", encoding="utf-8")
    ran = run_cli(
        tmp_path, "screen", str(queries), str(queries), "--as", "analyst@us-ero.test",
        database_url=place.url,
    )  # fmt: skip
    assert ran.code == 1 and "is also read by this command" in ran.output
    assert queries.read_text(encoding="utf-8") == LINES[0] + "\n"
