"""One real `readmit serve` per test session, seeded with the demo, for the concurrency suite.

SQLite file by default; a fresh PostgreSQL schema (and `--workers 2`) when
READMIT_TEST_DATABASE_URL is set. If the server cannot start, every test errors: never a skip.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.concurrency.cases import Cases
from tests.concurrency.harness import READMIT, Server, environment, free_port
from tests.concurrency.views import RequestedState

PG_URL = os.environ.get("READMIT_TEST_DATABASE_URL")
START_TIMEOUT = 90.0


def fresh_database(tmp: Path, name: str) -> tuple[str, str | None]:
    """A new, empty database URL (SQLite file or PostgreSQL schema) and the schema, if any."""
    if not PG_URL:
        return f"sqlite:///{tmp / f'{name}.db'}", None
    import psycopg

    schema = f"{name}_{uuid.uuid4().hex[:8]}"
    # Fails loudly (no skip) when PostgreSQL is unreachable: CI must test it.
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str | None) -> None:
    if schema and PG_URL:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def seed_demo(envs: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """`readmit demo --seed-only --json` in each environment, side by side: the users of every
    role of USA, CHN and GTM, per database."""
    command = [str(READMIT), "demo", "--seed-only", "--json"]
    running = [
        subprocess.Popen(
            command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for env in envs
    ]
    seeded = []
    for process in running:
        out, err = process.communicate(timeout=300)
        if process.returncode != 0:
            pytest.fail(f"`{' '.join(command[1:])}` exited {process.returncode}:\n{err}")
        seeded.append(json.loads(out))
    return seeded


def workers() -> int:
    """2 on PostgreSQL (real parallel processes), 1 on SQLite.

    READMIT_CONCURRENCY_WORKERS overrides (1 omits the option altogether)."""
    override = os.environ.get("READMIT_CONCURRENCY_WORKERS")
    if override:
        return int(override)
    return 2 if PG_URL else 1


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its worker processes (its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [str(READMIT), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers() > 1:
        command += ["--workers", str(workers())]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"`{' '.join(command)}` exited {process.returncode} before answering:\n"
                + log.read_text(errors="replace")[-4000:]
            )
        try:
            if httpx.get(f"{base_url}/login", timeout=2).status_code == 200:
                return process, base_url
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    stop(process)
    pytest.fail(
        f"`{' '.join(command)}` did not answer within {START_TIMEOUT:.0f} s:\n"
        + log.read_text(errors="replace")[-4000:]
    )


@pytest.fixture(scope="session")
def tmp_root() -> Path:
    return Path(tempfile.mkdtemp(prefix="readmit-concurrency-"))


@pytest.fixture(scope="session")
def databases(tmp_root: Path) -> Iterator[dict[str, tuple[dict[str, str], list[dict[str, str]]]]]:
    """Two fresh databases seeded with the demo (side by side, to save time): "served", for the
    server, and "damaged", which a test damages on purpose. Each: environment and demo users."""
    names = ("served", "damaged")
    fresh = {name: fresh_database(tmp_root, f"concurrency_{name}") for name in names}
    envs = {name: environment(tmp_root / f"{name}-home", fresh[name][0]) for name in names}
    try:
        users = seed_demo([envs[name] for name in names])
        yield {name: (envs[name], users[i]) for i, name in enumerate(names)}
    finally:
        for _, schema in fresh.values():
            drop_schema(schema)


@pytest.fixture(scope="session")
def server(
    tmp_root: Path, databases: dict[str, tuple[dict[str, str], list[dict[str, str]]]]
) -> Iterator[Server]:
    """A seeded `readmit serve` on a free loopback port, stopped at the end of the session."""
    env, users = databases["served"]
    log = tmp_root / "server.log"
    process, base_url = start_server(env, log)
    try:
        yield Server(base_url=base_url, env=env, users=users, log=log)
    finally:
        stop(process)
        print(f"\nserver log: {log}", file=sys.stderr)


@pytest.fixture(scope="session")
def seeded_database(
    databases: dict[str, tuple[dict[str, str], list[dict[str, str]]]],
) -> dict[str, str]:
    """The environment of a seeded database without a server, to damage on purpose."""
    return databases["damaged"][0]


@pytest.fixture(scope="session")
def cases(server: Server) -> Iterator[Cases]:
    """Builds fresh USA→CHN cases at a given stage through the API."""
    builder = Cases(server)
    yield builder
    builder.close()


@pytest.fixture(scope="session")
def requested(server: Server) -> Iterator[RequestedState]:
    """The requested state's (CHN's) views of a case."""
    views = RequestedState(server)
    yield views
    views.close()
