"""`readmit designations import|export` as an operator runs them: a real process on a fresh
database, the acting user named with --as, a bad line refusing the whole file."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import Role
from readmit.database.core import make_engine
from readmit.database.migrate import upgrade
from readmit.designations.models import Designation, Entity
from readmit.tenancy import service as tenancy
from tests.conftest import database_url

ANALYST = "analyst@us.designations.test"
AUDITOR = "auditor@us.designations.test"
LINES = [
    {"id": "co-1", "schema": "Company", "properties": {"name": ["Charter Sur S.A."]}},
    {"id": "p-1", "schema": "Person", "properties": {"name": ["José Girón", "何塞"]}},
    {"id": "o-1", "schema": "Ownership", "properties": {"owner": ["p-1"], "asset": ["co-1"]}},
    {"id": "s-1", "schema": "Sanction", "properties": {"entity": ["co-1"], "program": ["P"]}},
    {"id": "a-1", "schema": "Address", "properties": {"full": ["1 Main St"]}},
]


def write(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data directory and a migrated database with a USA analyst and auditor."""
    url = database_url("designations_cli")
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        tenancy.get_or_create_state(session=session, code="USA", name="USA")
        authority = tenancy.get_or_create_authority(
            session=session, state_code="USA", name="US", short_name="us-des"
        )
        for email, role in ((ANALYST, Role.analyst), (AUDITOR, Role.auditor)):
            auth.create_user(
                session=session,
                authority_id=authority.id,
                email=email,
                full_name=role.value,
                password="correct horse battery staple",
                roles=[role],
            )
        session.commit()
    engine.dispose()
    return tmp_path_factory.mktemp("home"), url


def run(fresh: tuple[Path, str], *args: str) -> subprocess.CompletedProcess[str]:
    home, url = fresh
    env = {**os.environ, "READMIT_HOME": str(home), "READMIT_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "readmit", "designations", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        entities = session.scalar(select(func.count()).select_from(Entity))
        designations = session.scalar(select(func.count()).select_from(Designation))
    engine.dispose()
    return int(entities or 0), int(designations or 0)


def test_import_then_export(fresh: tuple[Path, str], tmp_path: Path) -> None:
    source = write(tmp_path / "list.jsonl", LINES)
    done = run(fresh, "import", str(source), "--state", "usa", "--as", ANALYST)
    assert done.returncode == 0, done.stderr
    assert "3 entities added" in done.stderr and "1 designations proposed" in done.stderr
    assert "left out: 1 Address" in done.stderr
    assert counts(fresh[1]) == (3, 1)
    out = tmp_path / "out.jsonl"
    exported = run(fresh, "export", str(out), "--as", ANALYST, "--state", "USA")
    assert exported.returncode == 0, exported.stderr
    written = [json.loads(line) for line in out.read_text().splitlines()]
    # The proposal stays home: only designations in force or delisted go out as Sanctions.
    assert sorted(e["id"] for e in written) == ["co-1", "o-1", "p-1"]
    assert {e["id"]: e for e in written}["p-1"]["properties"]["name"] == ["José Girón", "何塞"]


def test_a_bad_line_imports_nothing(fresh: tuple[Path, str], tmp_path: Path) -> None:
    before = counts(fresh[1])
    bad = {"id": "p-2", "schema": "Person", "properties": {"name": ["X"], "birthDate": ["2"]}}
    source = write(tmp_path / "bad.jsonl", [*LINES[:2], {"id": "c-9", "schema": "Company",
                   "properties": {"name": ["New Co"]}}, bad])  # fmt: skip
    refused = run(fresh, "import", str(source), "--state", "USA", "--as", ANALYST)
    assert refused.returncode == 1
    assert "bad.jsonl: line 4: properties.birthDate.0: not a date" in refused.stderr
    assert "nothing was imported" in refused.stderr
    assert counts(fresh[1]) == before


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--state", "MEX", "--as", ANALYST), 1, "acts for USA, not MEX"),
        (("--state", "USA", "--as", AUDITOR), 1, "only analysts and supervisors"),
        (("--state", "USA", "--as", "nobody@x.test"), 1, "no active user"),
        (("--state", "XX", "--as", ANALYST), 2, "not an ISO 3166-1 alpha-3 code"),
    ],
)
def test_who_may_import(
    fresh: tuple[Path, str], tmp_path: Path, args: tuple[str, ...], code: int, words: str
) -> None:
    source = write(tmp_path / "list.jsonl", LINES)
    refused = run(fresh, "import", str(source), *args)
    assert refused.returncode == code and words in refused.stderr, refused.stderr
