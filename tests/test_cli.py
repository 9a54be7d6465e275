"""The CLI as an operator runs it: a real process on a fresh data directory."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from readmit.applications.models import Application
from readmit.attachments import service as attachments
from readmit.attachments.models import Attachment
from readmit.auth import service as auth
from readmit.auth.models import Role, User
from readmit.database.core import make_engine
from readmit.protection import queue
from readmit.protection.models import DueKind, TraffickingScreening
from tests.conftest import database_url

READMIT = [sys.executable, "-m", "readmit"]


def _run(home: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READMIT_HOME": str(home), "READMIT_DATABASE_URL": url}
    return subprocess.run(
        [*READMIT, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _demo_user(session: Session, email: str) -> User:
    user = auth.get_by_email(session=session, email=email)
    assert user is not None, email
    return user


def _sees(session: Session, user: User, attachment: Attachment) -> bool:
    """Whether the attachment is on the user's list of the case's attachments."""
    case = session.get(Application, attachment.application_id)
    assert case is not None
    listed = attachments.list_for(session=session, user=user, application=case)
    return attachment.id in {a.id for a in listed}


def _assert_documents_and_screening(url: str) -> None:
    """The demo's attachments, each seen by whom it should be, and its draft held for a
    trafficking decision on the protection officer's list."""
    engine = make_engine(url)
    with Session(engine) as session:
        officer = _demo_user(session, "case.officer@us-ice-ero.example")
        analyst = _demo_user(session, "analyst@us-ice-ero.example")
        verifier = _demo_user(session, "verifier@cn-nia.example")
        # Who sees each one: USA's case officer and analyst (no protection data), CHN's verifier.
        seen = [
            (
                attachment.kind,
                *(_sees(session, u, attachment) for u in (officer, analyst, verifier)),
            )
            for attachment in session.scalars(select(Attachment).order_by(Attachment.id))
        ]
        assert seen == [
            ("passport_scan", True, True, True),
            ("removal_order", True, True, False),
            ("protection_evidence", True, False, False),
        ]
        (screening,) = session.scalars(select(TraffickingScreening))
        held = session.get(Application, screening.application_id)
        assert held is not None and held.status == "draft" and screening.is_open
        guard = _demo_user(session, "protection.officer@us-ice-ero.example")
        due = queue.decisions_due(session=session, user=guard)
        assert (held.id, DueKind.trafficking_screening) in {
            (item.application.id, item.due) for item in due
        }
    engine.dispose()


def test_demo_seed_json_then_audit_verify_and_tamper(tmp_path: Path) -> None:
    url = database_url("cli")
    seeded = _run(tmp_path, url, "demo", "--seed-only", "--json")
    assert seeded.returncode == 0, seeded.stderr
    users = json.loads(seeded.stdout)
    assert {u["role"] for u in users} == {r.value for r in Role}
    assert {u["state"] for u in users} == {"USA", "CHN", "GTM", "COL"}  # COL: regularisation
    assert all(u["api_token"].startswith("rdm_") and len(u["password"]) >= 12 for u in users)
    again = _run(tmp_path, url, "demo", "--seed-only", "--json")
    assert json.loads(again.stdout) == users, "re-running the demo keeps the same logins"
    _assert_documents_and_screening(url)

    assert _run(tmp_path, url, "audit", "verify").returncode == 0
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET action = 'nothing' WHERE seq = 5"))
    engine.dispose()
    broken = _run(tmp_path, url, "audit", "verify")
    assert broken.returncode == 1
    assert "event 5 was altered" in broken.stderr


def test_bad_agreement_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("agreements:\n  - requesting_state: usa\n")
    result = _run(tmp_path, database_url("cli_bad"), "agreements", "load", str(bad))
    assert result.returncode == 1
    assert "agreements.0.requesting_state" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_names_a_broken_rule_and_exits_non_zero(tmp_path: Path) -> None:
    url = database_url("cli_check")
    assert _run(tmp_path, url, "demo", "--seed-only").returncode == 0
    clean = _run(tmp_path, url, "check")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    engine = make_engine(url)
    with engine.begin() as conn:
        reference = conn.execute(
            text("SELECT reference FROM applications WHERE status = 'confirmed' LIMIT 1")
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO protection_flags (application_id, kind, note, opened_by_id, opened_at)"
                " SELECT id, 'asylum_pending', '', created_by_id, created_at FROM applications"
                " WHERE reference = :reference"
            ),
            {"reference": reference},
        )
    engine.dispose()
    broken = _run(tmp_path, url, "check")
    assert broken.returncode == 1
    assert f"open hold: {reference}: an open protection hold on a confirmed case" in broken.stdout


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    result = _run(tmp_path, f"sqlite:///{tmp_path / 'one.db'}", "serve", "--workers", "2")
    assert result.returncode == 1
    assert "SQLite has one writer" in result.stderr and "Traceback" not in result.stderr


def test_the_four_reported_cli_failures_are_one_line_each(tmp_path: Path) -> None:
    """Issue 12 as the tester met it, through the real `readmit` process."""
    url = database_url("cli_inputs")
    header = "person_id,national_id,family_name,given_names,family_name_latin,given_names_latin,"
    header += "sex,birth_date,birth_place,mother_name,father_name,passport_numbers\n"
    (tmp_path / "gb.csv").write_bytes(
        (header + "P1,,王,小明,,,M,1990-01-02,350181,,,\n").encode("gb18030")
    )
    (tmp_path / "short.csv").write_text(
        header + "P1,,王,小明,,,M,1990-01-02,350181,,,\nP2,王,小明\n", encoding="utf-8"
    )
    home = tmp_path / "home"
    cases = [
        (["registry", "load", "--country", "CHN", str(tmp_path / "gb.csv")], 1,
         "line 2 is not UTF-8 (byte 0xcd at column 5): the file was read as UTF-8; if it is in "
         "another encoding, give --encoding gb18030 or --encoding latin-1"),
        (["synth", "register", "--country", "CHN", "--size", "2",
          "--out", str(tmp_path / "missing" / "r.csv")], 1,
         f"the folder {tmp_path / 'missing'} does not exist"),
        (["registry", "load", "--country", "XXX", str(tmp_path / "short.csv")], 2,
         "--country 'XXX' is not an ISO 3166-1 alpha-3 code"),
        (["registry", "load", "--country", "CHN", str(tmp_path / "short.csv")], 3,
         "line 3: expected 12 columns, found 3"),
    ]  # fmt: skip
    for args, status, message in cases:
        done = _run(home, url, *args)
        assert done.returncode == status, done.stderr
        assert message in done.stderr and "Traceback" not in done.stderr
        if status != 3:
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
            assert not (home / "identity").exists()
    loaded = _run(home, url, "registry", "load", "--country", "CHN", "--encoding", "gb18030",
                  str(tmp_path / "gb.csv"))  # fmt: skip
    assert loaded.returncode == 0 and "loaded 1 rows (1 replaced)" in loaded.stderr
