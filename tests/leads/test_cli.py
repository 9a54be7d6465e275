"""`readmit leads` as an operator runs it: a real process on a fresh database, acting as the
user named by --as."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import Role
from readmit.database.core import make_engine
from readmit.database.migrate import upgrade
from readmit.leads import rules
from readmit.leads.models import Flight, Lead, Passenger
from readmit.tenancy import service as tenancy
from tests.conftest import database_url

READMIT = [sys.executable, "-m", "readmit"]
ANALYST, OFFICER = "analyst@leads.test", "officer@leads.test"


def run(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READMIT_HOME": str(home), "READMIT_DATABASE_URL": url}
    env.pop("READMIT_LEAD_RULES", None)
    return subprocess.run(
        [*READMIT, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def url() -> str:
    """A fresh database with one authority of USA: an analyst and a case officer."""
    found = database_url("leads_cli")
    engine = make_engine(found)
    upgrade(engine)
    with Session(engine) as session:
        tenancy.get_or_create_state(session=session, code="USA", name="USA")
        authority = tenancy.get_or_create_authority(
            session=session, state_code="USA", name="ERO", short_name="ero"
        )
        for email, role in ((ANALYST, Role.analyst), (OFFICER, Role.case_officer)):
            auth.create_user(
                session=session,
                authority_id=authority.id,
                email=email,
                full_name=email,
                password="correct horse battery staple",
                roles=[role],
            )
        session.commit()
    engine.dispose()
    return found


def counts(url: str) -> tuple[int, int, int]:
    """Flights, leads and passenger rows in the database."""
    engine = make_engine(url)
    with Session(engine) as session:
        found = tuple(
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Flight, Lead, Passenger)
        )
    engine.dispose()
    return found  # type: ignore[return-value]


def test_import_as_an_analyst(tmp_path: Path, url: str) -> None:
    records = tmp_path / "flights.csv"
    made = run(tmp_path, url, "leads", "synth", "--out", str(records))
    assert made.returncode == 0, made.stderr
    bad = tmp_path / "bad.csv"
    lines = records.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if ",MGA,charter," in line)
    lines[at] = lines[at].replace(",MGA,", ",MG,")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = run(tmp_path, url, "leads", "import", str(bad), "--as", ANALYST)
    assert refused.returncode == 1
    assert "bad.csv: refused, nothing was imported" in refused.stderr
    assert f'line {at + 1}, destination: "MG" is not an IATA airport code' in refused.stderr
    assert counts(url) == (0, 0, 0)

    officer = run(tmp_path, url, "leads", "import", str(records), "--as", OFFICER)
    assert officer.returncode == 1 and "Only analysts and supervisors" in officer.stderr
    nobody = run(tmp_path, url, "leads", "import", str(records), "--as", "nobody@x.test")
    assert nobody.returncode == 1 and "no user nobody@x.test" in nobody.stderr
    assert counts(url) == (0, 0, 0)

    done = run(tmp_path, url, "leads", "import", str(records), "--as", ANALYST)
    assert done.returncode == 0, done.stderr
    assert "lead(s) opened" in done.stderr and "no passenger row was kept" in done.stderr
    flights, leads, passengers = counts(url)
    assert flights > 0 and leads == 2 and passengers == 0

    again = run(tmp_path, url, "leads", "import", str(records), "--as", ANALYST)
    assert again.returncode == 1 and "was imported already" in again.stderr
    rerun = run(tmp_path, url, "leads", "run", "--as", ANALYST)
    assert rerun.returncode == 0 and "0 lead(s) opened, 0 updated" in rerun.stderr
    assert counts(url) == (flights, leads, 0)


def test_check_a_rule_file(tmp_path: Path, url: str) -> None:
    good = run(tmp_path, url, "leads", "check", str(rules.DEFAULT_RULES))
    assert good.returncode == 0, good.stderr
    assert "one_way_from_outside_region (one_way_share; threshold 0.6" in good.stderr
    wrong = tmp_path / "rules.yaml"
    wrong.write_text(
        rules.DEFAULT_RULES.read_text(encoding="utf-8").replace("threshold: 0.6", "threshold: 6"),
        encoding="utf-8",
    )
    bad = run(tmp_path, url, "leads", "check", str(wrong))
    assert bad.returncode == 1
    assert "parameters.threshold: Input should be less than 1 (line" in bad.stderr
