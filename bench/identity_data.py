"""Commands the identity benchmark runs, and the synthetic data it makes with them.

Two generators write the same file formats (register CSV; applications JSONL; truth JSONL
with application_id, person_id or null when absent, and a difficulty class):

* ``project``: the project's own, ``readmit synth register|applications`` (classes clean,
  typical, hard);
* ``independent``: written apart from the engine, ``python -m readmit.synth.independent
  register|applications``, with its own difficulty classes.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

READMIT = [sys.executable, "-m", "readmit"]
TIME = "/usr/bin/time"
GENERATORS: dict[str, tuple[str, list[str]]] = {
    "project": ("readmit.synth.project", [*READMIT, "synth"]),
    "independent": (
        "readmit.synth.independent.__main__",
        [sys.executable, "-m", "readmit.synth.independent"],
    ),
}


@dataclass(frozen=True)
class Timed:
    """A finished command: wall time, peak memory (MB) and CPU time (user + system, all its
    processes) when measurable, exit status, and the lines it printed (stdout, then stderr)."""

    seconds: float
    peak_mb: float | None
    returncode: int
    said: tuple[str, ...] = ()
    cpu_seconds: float | None = None


def run_command(
    env: dict[str, str], argv: list[str], ok: tuple[int, ...] = (0,), cwd: Path | None = None
) -> Timed:
    """Run a command; stop the benchmark unless it exits with one of `ok`."""
    wrapper = [TIME, "-f", "MAXRSS %M CPU %U %S"] if Path(TIME).exists() else []
    start = time.perf_counter()
    done = subprocess.run(
        [*wrapper, *argv], env=env, capture_output=True, text=True, check=False, cwd=cwd
    )
    seconds = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peaks = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS ")]
    peak = round(int(peaks[-1].split()[1]) / 1024) if peaks else None
    cpu = round(float(peaks[-1].split()[3]) + float(peaks[-1].split()[4]), 2) if peaks else None
    said = [
        line
        for line in (done.stdout + "\n" + done.stderr).splitlines()
        if line.strip() and not line.startswith(("MAXRSS ", "Command exited with non-zero"))
    ]
    return Timed(seconds, peak, done.returncode, tuple(said), cpu)


def run(
    env: dict[str, str], *args: str, ok: tuple[int, ...] = (0, 3)
) -> tuple[float, float | None]:
    """Run a readmit CLI command; return its wall time and peak memory (MB, when measurable).
    Exit status 3 (a register load that listed bad rows) is not a failure."""
    done = run_command(env, [*READMIT, *args], ok)
    return done.seconds, done.peak_mb


def check_generators(names: list[str]) -> None:
    """Stop with a clear message when a generator is unknown or its module is missing."""
    for name in names:
        if name not in GENERATORS:
            raise SystemExit(f"unknown generator {name!r}; choose from {', '.join(GENERATORS)}")
        module = GENERATORS[name][0]
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            raise SystemExit(
                f"generator {name!r} is not available: module {module} is missing "
                f"(leave it out with --generators "
                f"{','.join(g for g in names if g != name) or 'project'})"
            )


@dataclass(frozen=True)
class Data:
    """One register with its applications and their answers."""

    register: Path
    applications: Path
    truth: Path


def make_data(
    env: dict[str, str], work: Path, country: str, size: int, count: int, generator: str = "project"
) -> Data:
    """A synthetic register of `size` persons and `count` applications in `work`."""
    command = GENERATORS[generator][1]
    stem = work / f"{generator}-{country}-{size}"
    data = Data(Path(f"{stem}.csv"), Path(f"{stem}.jsonl"), Path(f"{stem}.truth.jsonl"))
    run_command(env, [*command, "register", "--country", country, "--size", str(size),
                      "--out", str(data.register), "--seed", "1"])  # fmt: skip
    run_command(env, [*command, "applications", "--country", country,
                      "--register", str(data.register), "--count", str(count),
                      "--out", str(data.applications), "--truth", str(data.truth),
                      "--seed", "2"])  # fmt: skip
    return data


def read_lines(path: Path) -> list[str | None]:
    """A JSONL file's lines as `readmit verify` reads them: None for a line it cannot read
    (not UTF-8, too long); an empty text for an empty line (it refuses that too)."""
    from readmit.identity.applications_file import MAX_LINE
    from readmit.jsonl import lines

    return [text if issue is None else None for _, text, issue in lines(path, max_bytes=MAX_LINE)]


def application_id(line: str | None) -> str | None:
    """The application_id of an input line, when it has one."""
    if line is None:
        return None
    try:
        value = json.loads(line)
    except ValueError:
        return None
    found = value.get("application_id") if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def read_truth(path: Path) -> list[dict[str, Any]]:
    """Truth lines, in order."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def answers_by_line(applications: Path, truth: Path) -> list[dict[str, Any]]:
    """The answer for each applications line: by its application_id, else by position."""
    answers = read_truth(truth)
    by_id = {a["application_id"]: a for a in answers}
    lines = read_lines(applications)
    out = []
    for number, line in enumerate(lines):
        found = by_id.get(application_id(line) or "")
        if found is None:
            if number >= len(answers):
                raise SystemExit(f"{applications}: line {number + 1} has no answer in {truth}")
            found = answers[number]
        out.append(found)
    return out
