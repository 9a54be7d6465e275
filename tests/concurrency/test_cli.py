"""`readmit serve --workers` and `readmit check` as specified."""

import os
import signal
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import IntegrityError

from tests.concurrency.harness import READMIT, environment, free_port


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    env = environment(tmp_path / "home", f"sqlite:///{tmp_path / 'one.db'}")
    command = [str(READMIT), "serve", "--host", "127.0.0.1", "--port", str(free_port())]
    process = subprocess.Popen(
        [*command, "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError("`readmit serve --workers 2` on SQLite started serving") from None
    assert process.returncode != 0, f"exit 0 for --workers 2 on SQLite:\n{output}"
    said = output.lower()
    assert "sqlite" in said and "worker" in said, (
        f"the refusal should say that SQLite takes one worker; it said:\n{output}"
    )


Run = Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]


def database(env: dict[str, str]) -> tuple[Run, Callable[[], None]]:
    """Run SQL on the database named by the environment (SQLite file or PostgreSQL schema)."""
    url = env["READMIT_DATABASE_URL"]
    if url.startswith("sqlite"):
        conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"))
        placeholder = "?"
    else:
        conn = psycopg.connect(url)
        placeholder = "%s"

    def run(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        cursor = conn.execute(sql.replace("?", placeholder), params)
        return list(cursor.fetchall()) if cursor.description else []

    def close() -> None:
        conn.commit()
        conn.close()

    return run, close


@dataclass(frozen=True)
class Damage:
    """A violation written straight into the database, as a lost race would have left it."""

    what: str
    victim: str  # SQL: (id, reference) of the case to damage, first row
    write: str  # SQL with one parameter: the case id
    schema_may_refuse: bool  # a unique constraint may make this one impossible: fine


DAMAGES = (
    Damage(
        "an open hold on a case that is not suspended",
        "SELECT a.id, a.reference FROM applications a JOIN protection_flags f "
        "ON f.application_id = a.id WHERE a.status = 'suspended' AND f.cleared_at IS NULL "
        "ORDER BY a.id",
        "UPDATE applications SET status = COALESCE(status_before_suspension, 'confirmed') "
        "WHERE id = ?",
        schema_may_refuse=False,
    ),
    Damage(
        "a chain gap",
        "SELECT id, reference FROM applications WHERE status = 'travel_document_issued' "
        "ORDER BY id",
        "DELETE FROM timeline_events WHERE application_id = ? AND action = 'start_verification'",
        schema_may_refuse=False,
    ),
    Damage(
        "two decisions",
        "SELECT id, reference FROM applications WHERE status = 'confirmed' ORDER BY id",
        "INSERT INTO decisions (application_id, kind, register_person_id, reason_code, reason, "
        "model_version, decided_by_id, decided_at) SELECT application_id, 'reject', NULL, "
        "'identity_not_found', 'second', model_version, decided_by_id, decided_at "
        "FROM decisions WHERE application_id = ?",
        schema_may_refuse=True,
    ),
    Damage(
        "a case on two manifests",
        "SELECT id, reference FROM applications WHERE status = 'transfer_scheduled' ORDER BY id",
        "INSERT INTO transfer_cases (transfer_id, application_id, reintegration_referral) "
        "SELECT t.id, a.id, c.reintegration_referral FROM applications a, transfers t, "
        "transfer_cases c WHERE a.id = ? AND c.application_id = a.id AND t.id <> c.transfer_id",
        schema_may_refuse=True,
    ),
)


def damage(run: Run) -> dict[str, tuple[int, str]]:
    """Apply every damage the schema allows; what was done, and to which case."""
    done: dict[str, tuple[int, str]] = {}
    for item in DAMAGES:
        victim = run(item.victim, ())
        assert victim, f"the demo has no case to give {item.what}"
        run("SAVEPOINT damage", ())
        try:
            run(item.write, (victim[0][0],))
        except (sqlite3.IntegrityError, IntegrityError):
            assert item.schema_may_refuse, f"the schema refused {item.what}"
            run("ROLLBACK TO SAVEPOINT damage", ())
            continue
        run("RELEASE SAVEPOINT damage", ())
        done[item.what] = victim[0]
    return done


def test_check_names_every_violation(seeded_database: dict[str, str]) -> None:
    env = seeded_database

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(READMIT), "check"], env=env, capture_output=True, text=True, timeout=180
        )

    clean = check()
    assert clean.returncode == 0, (
        f"`readmit check` on the freshly seeded demo exited {clean.returncode}:\n"
        f"{clean.stdout}{clean.stderr}"
    )
    run, close = database(env)
    try:
        violations = damage(run)
    finally:
        close()
    found = check()
    output = found.stdout + found.stderr
    assert found.returncode == 1, f"`readmit check` exited {found.returncode}:\n{output}"
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) >= len(violations), f"expected a line per violation:\n{output}"
    for what, (case_id, reference) in violations.items():
        assert reference in output or f" {case_id}" in output, (
            f"`readmit check` does not name {reference} ({what}):\n{output}"
        )
