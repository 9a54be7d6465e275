"""Real processes for the jobs' tests: `readmit serve` (with its job workers) or `readmit jobs
work` on a database the test seeded, each in its own process group and READMIT_HOME."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from readmit.database.core import make_engine
from readmit.database.migrate import upgrade
from tests.conftest import database_url
from tests.factories import World, seed_world

READMIT = Path(sys.executable).parent / "readmit"
FINISHED = ("done", "failed", "cancelled")


def seeded(name: str) -> tuple[str, Engine, World]:
    """A fresh database (SQLite file or PostgreSQL schema), migrated and seeded with the
    test world: its URL, an engine on it, and the world."""
    url = database_url(name)
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = seed_world(session)
        session.commit()
    return url, engine, world


def environment(home: Path, url: str, **settings: str) -> dict[str, str]:
    """The variables of a process on that database and home (READMIT_* of this run left
    out), with `settings` as READMIT_<NAME> variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMIT_")}
    env.update(READMIT_HOME=str(home), READMIT_DATABASE_URL=url, PYTHONUNBUFFERED="1")
    env.update({f"READMIT_{name.upper()}": value for name, value in settings.items()})
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`readmit ARGS` in a process group of its own, its output into `log`."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(READMIT), *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`readmit serve` on a free loopback port, once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = start(["serve", "--host", "127.0.0.1", "--port", str(port)], env, log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-3000:]
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    stop(process)
    raise AssertionError("the server did not answer:\n" + log.read_text(errors="replace")[-3000:])


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> int:
    """Signal the process's group and wait for it; its exit status."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
    return process.returncode


def wait_until(check: Any, timeout: float = 120, every: float = 0.2) -> Any:
    """Call `check` until it returns something true; that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(every)
    raise AssertionError(f"still waiting after {timeout:.0f} s")


def finished(api: httpx.Client, reference: str, timeout: float = 120) -> dict[str, Any]:
    """The job once it has ended, read through the API."""

    def ended() -> dict[str, Any] | None:
        job = api.get(f"/api/v1/jobs/{reference}").json()
        return job if job["status"] in FINISHED else None

    return wait_until(ended, timeout)
