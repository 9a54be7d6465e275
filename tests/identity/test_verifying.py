"""A file of applications verified across worker processes decides exactly as one process
does, m estimation included (the estimate is made once, over every application)."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from readmit.identity.engine import Engine
from readmit.identity.estimate import MIN_APPLICATIONS
from readmit.identity.verifying import Verified, verify_lines

READMIT = [sys.executable, "-m", "readmit"]


def _run(home: Path, *args: str) -> None:
    env = {**os.environ, "READMIT_HOME": str(home)}
    done = subprocess.run([*READMIT, *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CHN register of 3,000 and enough applications for m to be estimated."""
    work = tmp_path_factory.mktemp("verifying")
    home = work / "home"
    _run(home, "synth", "register", "--country", "CHN", "--size", "3000",
         "--out", str(work / "reg.csv"), "--seed", "8")  # fmt: skip
    _run(home, "synth", "applications", "--country", "CHN", "--register", str(work / "reg.csv"),
         "--count", str(MIN_APPLICATIONS + 60), "--out", str(work / "apps.jsonl"),
         "--truth", str(work / "truth.jsonl"), "--seed", "9")  # fmt: skip
    _run(home, "registry", "load", "--country", "CHN", str(work / "reg.csv"))
    return work


def _results(loaded: Path, workers: int) -> list[str]:
    home = loaded / f"home-{workers}"
    shutil.copytree(loaded / "home", home)  # the same stored model to start from
    lines = (loaded / "apps.jsonl").read_text().splitlines()
    lines.insert(3, "{not json")
    ticks: list[int] = []
    results = list(
        verify_lines(lines, country="CHN", home=home, workers=workers, done=lambda: ticks.append(1))
    )
    assert len(ticks) == len(lines)  # progress is reported for every line, from every worker
    assert isinstance(results[3], str)
    return [r.line if isinstance(r, Verified) else r for r in results]


def test_any_number_of_workers_gives_the_same_model_and_decisions(loaded: Path) -> None:
    one = _results(loaded, 1)
    assert '"model_version":"fs-2.' in one[0]
    assert _results(loaded, 3) == one


def test_a_store_error_in_a_worker_stops_the_batch(
    loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(self: Engine, request: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Engine, "examine", failing)  # forked workers inherit it
    lines = (loaded / "apps.jsonl").read_text().splitlines()
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        list(verify_lines(lines, country="CHN", home=loaded / "home", workers=2))
