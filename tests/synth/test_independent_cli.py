"""The independent generator's command line: files in the README formats, one-line errors."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from readmit.synth.independent.__main__ import main
from readmit.synth.independent.common import REGISTER_COLUMNS


def test_register_then_applications(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """register writes the extract CSV; applications reads it and writes JSON lines + truth."""
    reg, apps, truth = tmp_path / "reg.csv", tmp_path / "apps.jsonl", tmp_path / "truth.jsonl"
    assert (
        main(["register", "--country", "gtm", "--size", "400", "--out", str(reg), "--seed", "1"])
        == 0
    )
    with reg.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 400 and tuple(rows[0]) == REGISTER_COLUMNS
    argv = ["applications", "--country", "GTM", "--register", str(reg), "--count", "60",
            "--out", str(apps), "--truth", str(truth), "--seed", "2"]  # fmt: skip
    assert main(argv) == 0
    lines = apps.read_text(encoding="utf-8").splitlines()
    truths = [json.loads(t) for t in truth.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(truths) == 60
    assert [json.loads(line)["application_id"] for line in lines] == [
        t["application_id"] for t in truths
    ]
    assert sum(t["person_id"] is None for t in truths) == 20
    first = apps.read_bytes()
    assert main(argv) == 0 and apps.read_bytes() == first  # deterministic
    assert "written" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["register", "--country", "FRA", "--size", "10", "--out", "x.csv"], 2),
        (["register", "--country", "CHN", "--size", "ten", "--out", "x.csv"], 2),
        (["register", "--country", "CHN", "--size", "-1", "--out", "x.csv"], 1),
        (["register", "--country", "CHN", "--size", "5", "--out", "/nonexistent/dir/x.csv"], 1),
        (["applications", "--country", "CHN", "--register", "/nonexistent.csv", "--count", "5",
          "--out", "a", "--truth", "t"], 1),
        (["frobnicate"], 2),
    ],
)  # fmt: skip
def test_bad_arguments_and_files_give_one_line(
    argv: list[str],
    status: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-line error and a non-zero status, never a traceback."""
    monkeypatch.chdir(tmp_path)
    try:
        got = main(argv)
    except SystemExit as exc:
        got = int(exc.code or 0)
    err = capsys.readouterr().err
    assert got == status
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_register_file_without_columns_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV that is not a register extract is refused in one line."""
    bad = tmp_path / "bad.csv"
    bad.write_text("person_id,name\nP1,x\n", encoding="utf-8")
    argv = ["applications", "--country", "CHN", "--register", str(bad), "--count", "5",
            "--out", str(tmp_path / "a"), "--truth", str(tmp_path / "t")]  # fmt: skip
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "missing register columns" in err and len(err.strip().splitlines()) == 1


def test_module_entry_point(tmp_path: Path) -> None:
    """python -m readmit.synth.independent works as the bench calls it."""
    out = tmp_path / "chn.csv"
    done = subprocess.run(
        [sys.executable, "-m", "readmit.synth.independent", "register", "--country", "CHN",
         "--size", "50", "--out", str(out), "--seed", "1"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 51
