"""Programme files as versions: loading, the same file again, a changed file that must raise
its version, a code another state runs, who may load; `readmit pathways check|load`."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from readmit.auth.models import Role
from readmit.cli.main import app
from readmit.database.core import make_engine
from readmit.database.migrate import upgrade
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.pathways import programmes
from readmit.pathways.definitions import ProgrammeFile, load_programme_file
from readmit.pathways.models import Programme
from tests.conftest import database_url
from tests.factories import World
from tests.pathways.core_cases import examples, take_in

API = "/api/v1/pathways/programmes"
FRP = programmes.DATA_DIR / "usa-frp.yaml"


def changed(**changes: Any) -> ProgrammeFile:
    data = load_programme_file(FRP).model_dump(mode="json") | changes
    return ProgrammeFile.model_validate(data, strict=False)


def test_the_examples_load_and_each_state_sees_its_own(db: Session, world: World) -> None:
    loaded = examples(db)
    assert sorted(loaded) == ["col-regularisation", "usa-frp", "usa-h2b", "usa-resettlement"]
    assert {p.code: p.state_code for p in loaded.values()}["col-regularisation"] == "COL"
    usa = programmes.list_current(session=db, user=world.user(db, "USA", Role.auditor))
    assert [p.code for p in usa] == ["usa-frp", "usa-h2b", "usa-resettlement"]
    assert programmes.list_current(session=db, user=world.user(db, "MEX", Role.admin)) == []
    h2b = programmes.definition(loaded["usa-h2b"])
    fy2024 = h2b.ceiling(2024)
    assert fy2024 is not None and fy2024.places == 66_000 and fy2024.carry_over
    assert [(p.from_month, p.to_month, p.places) for p in fy2024.periods] == [
        (10, 3, 33_000),
        (4, 9, 33_000),
    ]
    resettlement = programmes.definition(loaded["usa-resettlement"])
    ceiling = resettlement.ceiling(2024)
    assert ceiling is not None and (ceiling.places, ceiling.regions) == (
        125_000,
        {"western_hemisphere": 50_000},
    )
    assert programmes.definition(loaded["usa-frp"]).uncapped
    permit = programmes.definition(loaded["col-regularisation"]).permit
    assert permit is not None and permit.valid_until is not None
    assert permit.valid_until.isoformat() == "2031-05-30"
    assert all(programmes.definition(p).source for p in loaded.values())


def test_the_same_file_again_changes_nothing(db: Session) -> None:
    first = examples(db)["usa-frp"]
    count = db.scalar(select(func.count()).select_from(Programme))
    again = programmes.load(
        session=db, user=None, file=load_programme_file(FRP), sha256=programmes.digest(FRP)
    )
    assert again.id == first.id
    assert db.scalar(select(func.count()).select_from(Programme)) == count


def test_a_changed_file_becomes_the_current_version_and_cases_keep_theirs(
    db: Session, world: World
) -> None:
    case = take_in(db, world)
    second = programmes.load(
        session=db, user=None, file=changed(version=2, title="FRP, second version"), sha256="b" * 64
    )
    user = world.user(db, "USA", Role.supervisor)
    assert programmes.current(session=db, user=user, code="usa-frp").id == second.id
    assert [p.version for p in programmes.versions(session=db, user=user, code="usa-frp")] == [2, 1]
    assert case.programme_version == 1


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"version": 1, "title": "Another text"}, "a changed file needs a higher version"),
        ({"version": 1, "state": "MEX"}, "is run by USA"),
        ({"version": 5, "state": "MEX"}, "is run by USA"),
    ],
)
def test_conflicting_files_are_refused(db: Session, changes: dict[str, Any], words: str) -> None:
    examples(db)
    programmes.load(session=db, user=None, file=changed(version=2), sha256="c" * 64)
    with pytest.raises(Conflict, match=words):
        programmes.load(session=db, user=None, file=changed(**changes), sha256="d" * 64)
    if changes["version"] == 1 and "state" not in changes:
        with pytest.raises(Conflict, match="at version 2"):
            programmes.load(
                session=db, user=None, file=changed(version=2, title="x"), sha256="e" * 64
            )


@pytest.mark.parametrize(
    ("state", "role", "allowed"),
    [("USA", Role.admin, True), ("USA", Role.supervisor, False), ("MEX", Role.admin, False)],
)
def test_only_an_admin_of_the_programme_state_loads(
    db: Session, world: World, state: str, role: Role, allowed: bool
) -> None:
    user = world.user(db, state, role)
    file = changed(code="usa-frp-test")
    if allowed:
        assert (
            programmes.load(session=db, user=user, file=file, sha256="f" * 64).loaded_by_id
            == user.id
        )
    else:
        with pytest.raises(Forbidden):
            programmes.load(session=db, user=user, file=file, sha256="f" * 64)


def test_another_state_does_not_find_a_programme(db: Session, world: World) -> None:
    examples(db)
    with pytest.raises(NotFound):
        programmes.current(session=db, user=world.user(db, "MEX", Role.supervisor), code="usa-frp")


@pytest.mark.parametrize("role", list(Role))
def test_programmes_api_per_role_and_state(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    examples(db)
    db.commit()
    listed = client.get(API, headers=world.headers("USA", role))
    assert listed.status_code == 200
    assert [p["code"] for p in listed.json()] == ["usa-frp", "usa-h2b", "usa-resettlement"]
    one = client.get(f"{API}/usa-frp", headers=world.headers("USA", role)).json()
    assert one["versions"] == [1] and one["uncapped"] is True
    assert [r["id"] for r in one["rules"]][:2] == ["petitioner", "petition"]
    assert {d["kind"] for d in one["documents"]} >= {"i130_approval_notice", "passport"}
    assert one["source"].startswith("USCIS")
    assert client.get(API, headers=world.headers("MEX", role)).json() == []
    assert client.get(f"{API}/usa-frp", headers=world.headers("MEX", role)).status_code == 404
    assert client.get(f"{API}/Bad Code", headers=world.headers("USA", role)).status_code == 422


def test_programme_api_shows_ceilings(client: TestClient, db: Session, world: World) -> None:
    examples(db)
    db.commit()
    h2b = client.get(f"{API}/usa-h2b", headers=world.headers("USA", Role.analyst)).json()
    assert [c["fiscal_year"] for c in h2b["ceilings"]] == [2024, 2025]
    assert h2b["ceilings"][0]["periods"][0] == {
        "id": "first_half",
        "from_month": 10,
        "to_month": 3,
        "places": 33000,
    }


# --- the command line --------------------------------------------------------------------

BROKEN = """\
code: usa-frp
version: 2
title: Family Reunification Parole
kind: family_reunification_parole
state: USA
valid_from: 2023-07-10
eligible_nationalities: [COL]
intake_places:
  - {code: SMO-GTM-GUA, state: GTM, name: Guatemala City}
rules:
  - id: adult
    text: An adult
    fact: age
    at_least: eighteen
uncapped: true
"""


@pytest.mark.parametrize("name", sorted(p.name for p in programmes.DATA_DIR.glob("*.yaml")))
def test_check_passes_on_each_example(name: str) -> None:
    done = CliRunner().invoke(app, ["pathways", "check", str(programmes.DATA_DIR / name)])
    assert done.exit_code == 0, done.output
    assert "valid" in done.output


def test_check_names_the_field_and_line_of_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    done = CliRunner().invoke(app, ["pathways", "check", str(broken)])
    assert done.exit_code == 1
    assert "rules.0.at_least" in done.output and "(line 14)" in done.output
    missing = CliRunner().invoke(app, ["pathways", "check", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 1


def test_load_stores_versions_once_and_refuses_a_conflict(tmp_path: Path) -> None:
    url = database_url("pathway_programmes_cli")
    upgrade(make_engine(url))
    env = {**os.environ, "READMIT_HOME": str(tmp_path / "home"), "READMIT_DATABASE_URL": url}

    def run(*paths: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "readmit", "pathways", "load", *map(str, paths)]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)

    files = sorted(programmes.DATA_DIR.glob("*.yaml"))
    done = run(*files)
    assert done.returncode == 0, done.stderr
    assert "usa-h2b version 1 (USA)" in done.stderr
    assert run(*files).returncode == 0
    edited = tmp_path / "usa-frp.yaml"
    edited.write_text(FRP.read_text().replace("title: Family Reunification Parole", "title: FRP"))
    refused = run(edited)
    assert refused.returncode == 1 and "nothing was loaded" in refused.stderr
    edited.write_text(edited.read_text().replace("version: 1", "version: 2"))
    assert run(edited).returncode == 0
    engine = make_engine(url)
    with Session(engine) as session:
        versions = session.scalars(
            select(Programme.version).where(Programme.code == "usa-frp").order_by(Programme.version)
        )
        assert list(versions) == [1, 2]
        assert session.scalar(select(func.count()).select_from(Programme)) == 5
    engine.dispose()
