"""`readmit pathways allocate` as an operator runs it: a real process on a fresh database,
by the system or a supervisor named with --as; refusals exit 1 and allocate nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import Role
from readmit.database.core import make_engine, utcnow
from readmit.database.migrate import upgrade
from readmit.pathways import fiscal
from readmit.pathways.models import PathwayCase
from readmit.tenancy import service as tenancy
from tests.conftest import database_url
from tests.pathways.allocation_cases import load, programme_file

YEAR = fiscal.fiscal_year_of(utcnow().date(), 10)
SUPERVISOR, OFFICER = "supervisor@us.pathways.test", "officer@us.pathways.test"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A migrated database with a USA programme of 2 places this year and 3 waitlisted cases."""
    url = database_url("pathways_cli")
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        tenancy.get_or_create_state(session=session, code="USA", name="USA")
        authority = tenancy.get_or_create_authority(
            session=session, state_code="USA", name="US", short_name="us-pw"
        )
        users = {
            email: auth.create_user(
                session=session,
                authority_id=authority.id,
                email=email,
                full_name=role.value,
                password="correct horse battery staple",
                roles=[role],
            )
            for email, role in (
                (SUPERVISOR, Role.supervisor),
                (OFFICER, Role.safe_mobility_officer),
            )
        }
        programme = load(session, programme_file(ceilings=[{"fiscal_year": YEAR, "places": 2}]))
        for i in range(3):
            session.add(
                PathwayCase(
                    reference=f"PW-USA-1999-{i:06d}",
                    state_code="USA",
                    programme_code=programme.code,
                    programme_version=programme.version,
                    status="waitlisted",
                    intake_place="SMO-GTM-GUA",
                    intake_state="GTM",
                    nationality="VEN",
                    created_by_id=users[OFFICER].id,
                )
            )
        session.commit()
    engine.dispose()
    return tmp_path_factory.mktemp("home"), url


def allocate(fresh: tuple[Path, str], *args: str) -> subprocess.CompletedProcess[str]:
    home, url = fresh
    env = {**os.environ, "READMIT_HOME": str(home), "READMIT_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "readmit", "pathways", "allocate", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def statuses(url: str) -> list[str]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = list(session.scalars(select(PathwayCase.status).order_by(PathwayCase.id)))
    engine.dispose()
    return found


# (arguments, message): each refused with exit 1 before anything is allocated
REFUSED = [
    (
        ["--programme", "test-alloc", "--fiscal-year", str(YEAR), "--as", OFFICER],
        "Only a supervisor",
    ),
    (
        ["--programme", "test-alloc", "--fiscal-year", str(YEAR), "--as", "nobody@x.test"],
        "no active user",
    ),
    (["--programme", "no-such", "--fiscal-year", str(YEAR)], "No programme no-such"),
    (["--programme", "test-alloc", "--fiscal-year", str(YEAR + 1)], f"fiscal year {YEAR + 1}"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED)
def test_refused(fresh: tuple[Path, str], args: list[str], message: str) -> None:
    done = allocate(fresh, *args)
    assert done.returncode == 1, done.stderr
    assert message in done.stderr
    assert statuses(fresh[1]) == ["waitlisted"] * 3


def test_allocates_by_the_system_then_a_supervisor(fresh: tuple[Path, str]) -> None:
    done = allocate(fresh, "--programme", "test-alloc", "--fiscal-year", str(YEAR))
    assert done.returncode == 0, done.stderr
    assert f"test-alloc FY{YEAR}: 2 places allocated, 1 still waitlisted" in done.stderr
    assert "total: 2 of 2 taken, 0 left" in done.stderr
    assert statuses(fresh[1]) == ["approved", "approved", "waitlisted"]
    again = allocate(
        fresh, "--programme", "test-alloc", "--fiscal-year", str(YEAR), "--as", SUPERVISOR
    )
    assert again.returncode == 0 and "0 places allocated, 1 still waitlisted" in again.stderr
