"""The server under test, its users, real parallel clients and the after-scenario checks."""

import os
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

READMIT = Path(sys.executable).parent / "readmit"
N = 8  # parallel clients per race
REQUEST_TIMEOUT = 60.0  # a request still running after this is a deadlock, not a slow server


@dataclass
class Server:
    """A running `readmit serve` and the environment (READMIT_HOME, database) it runs in."""

    base_url: str
    env: dict[str, str]
    users: list[dict[str, str]]
    log: Path
    _ids: dict[str, int] = field(default_factory=dict)

    def user(self, state: str, role: str) -> dict[str, str]:
        found = [u for u in self.users if u["state"] == state and u["role"] == role]
        assert found, f"the demo has no {role} in {state}"
        return found[0]

    def token(self, state: str, role: str) -> str:
        return self.user(state, role)["api_token"]

    def client(self, token: str) -> httpx.Client:
        return httpx.Client(
            base_url=f"{self.base_url}/api/v1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=REQUEST_TIMEOUT,
        )

    def user_ids(self, state: str) -> set[int]:
        """The numeric ids of every demo user of a state (each asks /me for its own)."""
        ids = set()
        for u in self.users:
            if u["state"] != state:
                continue
            if u["email"] not in self._ids:
                with self.client(u["api_token"]) as api:
                    self._ids[u["email"]] = ok(api.get("/me"))["id"]
            ids.add(self._ids[u["email"]])
        return ids

    def cli(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        """Run `readmit ARGS` in the server's environment."""
        return subprocess.run(
            [str(READMIT), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def ok(response: httpx.Response) -> Any:
    """The JSON of a successful response; a failure names the call and shows the body."""
    assert response.is_success, (
        f"{response.request.method} {response.request.url.path} -> "
        f"{response.status_code}: {response.text[:1000]}"
    )
    return response.json() if response.content else None


def environment(home: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("READMIT_")}
    env.update(READMIT_HOME=str(home), READMIT_DATABASE_URL=url, PYTHONUNBUFFERED="1")
    # Departures are recorded only near the booked time, and a real server's clock cannot be
    # moved: a week's tolerance lets the suite depart the flights it books five days ahead.
    env.update(READMIT_DEPARTURE_TOLERANCE_MINUTES=str(7 * 24 * 60))
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- races ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """One client's request in a race."""

    label: str
    token: str
    method: str
    path: str
    json: Any = None


@dataclass(frozen=True)
class Outcome:
    label: str
    status: int | None  # None: no HTTP answer at all (timeout, dropped connection)
    body: Any
    error: str | None = None

    @property
    def won(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def text(self) -> str:
        return self.body if isinstance(self.body, str) else repr(self.body)


def race(server: Server, attempts: list[Attempt]) -> list[Outcome]:
    """Send every attempt at once: one thread and one HTTP connection each, released together
    by a barrier once every connection is open."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt: Attempt) -> Outcome:
        with server.client(attempt.token) as api:
            try:
                api.get("/me").raise_for_status()  # the connection is open before the start
            except httpx.HTTPError as exc:
                barrier.abort()  # release the others: this race cannot be run
                return Outcome(attempt.label, None, None, f"before the start: {exc!r}")
            try:
                barrier.wait(timeout=REQUEST_TIMEOUT)
            except threading.BrokenBarrierError:
                return Outcome(attempt.label, None, None, "another client failed to connect")
            try:
                response = api.request(attempt.method, attempt.path, json=attempt.json)
            except httpx.HTTPError as exc:
                return Outcome(attempt.label, None, None, f"{type(exc).__name__}: {exc}")
        try:
            body = response.json()
        except ValueError:
            body = response.text
        return Outcome(attempt.label, response.status_code, body)

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))


def summary(outcomes: Iterable[Outcome]) -> str:
    """e.g. "confirm: 200×1 409×3; reject: 409×4", then the body of anything unexpected."""
    outcomes = list(outcomes)
    per_label: dict[str, Counter[str]] = {}
    for o in outcomes:
        per_label.setdefault(o.label, Counter())[str(o.status or o.error)] += 1
    line = "; ".join(
        f"{label}: " + " ".join(f"{code}×{n}" for code, n in sorted(counts.items()))
        for label, counts in per_label.items()
    )
    odd = [f"  {o.label} {o.status}: {o.error or o.text[:300]}" for o in outcomes if not _fine(o)]
    return "\n".join([line, *odd])


def _fine(outcome: Outcome) -> bool:
    return outcome.won or outcome.status == 409


def assert_only_success_or_conflict(outcomes: list[Outcome], *, also: tuple[int, ...] = ()) -> None:
    """Every answer is 2xx or 409 (or a listed code): never a 500, never a timeout."""
    bad = [o for o in outcomes if not (_fine(o) or o.status in also)]
    assert not bad, f"answers other than 2xx/409 {also or ''}: {summary(outcomes)}"


def winners(outcomes: list[Outcome], label: str | None = None) -> list[Outcome]:
    return [o for o in outcomes if o.won and (label is None or o.label == label)]


def assert_one_winner(outcomes: list[Outcome]) -> Outcome:
    """Exactly one 2xx, and 409 for all the others."""
    assert_only_success_or_conflict(outcomes)
    won = winners(outcomes)
    assert len(won) == 1, f"expected exactly one winner, got {len(won)}: {summary(outcomes)}"
    return won[0]


# --- after every scenario ---------------------------------------------------------------------


def assert_database_consistent(server: Server) -> None:
    """`readmit check` and `readmit audit verify` both exit 0 (run side by side)."""
    commands = {"readmit check": ["check"], "readmit audit verify": ["audit", "verify"]}
    running = {
        name: subprocess.Popen(
            [str(READMIT), *args],
            env=server.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, args in commands.items()
    }
    failures = []
    for name, process in running.items():
        output, _ = process.communicate(timeout=180)
        if process.returncode != 0:
            failures.append(f"`{name}` exited {process.returncode}:\n{output.strip()[-3000:]}")
    assert not failures, "\n".join(failures)
