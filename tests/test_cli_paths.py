"""Every `readmit` command that reads or writes a path, given one it cannot use: a missing
file, a folder, a file it may not read; an output in a missing folder, in a folder it may not
write, over a file it may not overwrite, or over its own input. Each is refused in one line
(exit status 1), never a traceback, and nothing is created or changed."""

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from readmit.identity.loader import COLUMNS
from tests.biometrics.test_nist import _transaction
from tests.cli_files import open_folder, tree, unprivileged
from tests.identity.cli_runner import run_cli

FACE = ["--country", "CHN", "--modality", "face"]


def _npy() -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.random.default_rng(1).standard_normal((2, 512)).astype(np.float32))
    return buffer.getvalue()


FILES: dict[str, Callable[[], bytes]] = {
    "reg.csv": lambda: (
        ",".join(COLUMNS) + "\nP1,,López García,Ana,,,F,1990-01-02,0101,,,\n"
    ).encode(),
    "apps.jsonl": lambda: b'{"application_id": "A-1", "person": {"names": [{"family": "X"}]}}\n',
    "ids.csv": lambda: b"person_id\nA\nB\n",
    "t.npy": _npy,
    "face.png": lambda: b"\x89PNG\r\n\x1a\n",
    "seal.b64": lambda: b"3AM=",
    "list.json": lambda: b'{"format": "readmit-master-list/1", "certificates": []}',
    "agreement.yaml": lambda: b"agreements: []\n",
    "person.eft": lambda: _transaction("CHN-1", np.ones(512, np.float32)),
}


@pytest.fixture
def work() -> Iterator[Path]:
    """A folder holding a usable file for every input slot."""
    with open_folder() as path:
        for name, content in FILES.items():
            (path / name).write_bytes(content())
        (path / "folder").mkdir()
        yield path


# command, its arguments with {in} for the input under test ({w}: the work folder), and a
# usable file for that slot
INPUTS: list[tuple[str, list[str], str]] = [
    ("registry load", ["registry", "load", "--country", "GTM", "{in}"], "reg.csv"),
    ("verify", ["verify", "--country", "GTM", "{in}", "--out", "{w}/o.jsonl"], "apps.jsonl"),
    ("synth applications", ["synth", "applications", "--country", "GTM", "--register", "{in}",
     "--count", "1", "--out", "{w}/a.jsonl", "--truth", "{w}/t.jsonl"], "reg.csv"),
    ("biometrics load --ids", ["biometrics", "load", *FACE, "--ids", "{in}",
     "--templates", "{w}/t.npy"], "ids.csv"),
    ("biometrics load --templates", ["biometrics", "load", *FACE, "--ids", "{w}/ids.csv",
     "--templates", "{in}"], "t.npy"),
    ("biometrics search", ["biometrics", "search", *FACE, "--probes", "{in}",
     "--out", "{w}/o.jsonl"], "t.npy"),
    ("biometrics import-nist", ["biometrics", "import-nist", "--country", "CHN", "{in}"],
     "person.eft"),
    ("biometrics extract", ["biometrics", "extract", "{in}", "--out", "{w}/t2.npy"], "face.png"),
    ("traveldoc verify", ["traveldoc", "verify", "{in}"], "seal.b64"),
    ("traveldoc trust-import", ["traveldoc", "trust-import", "{in}"], "list.json"),
    ("agreements load", ["agreements", "load", "{in}"], "agreement.yaml"),
]  # fmt: skip


def _unreadable(good: Path) -> Path:
    good.chmod(0)
    return good


# what is wrong, how to make it from the usable file, the reason printed, as another user
BAD_INPUTS: list[tuple[str, Callable[[Path], Path], str, bool]] = [
    ("missing", lambda good: good.with_name("absent"), "no such file", False),
    ("a folder", lambda good: good.with_name("folder"), "is a directory, not a file", False),
    ("unreadable", _unreadable, "cannot be read (permission denied)", True),
]  # fmt: skip


def _args(template: list[str], work: Path, **paths: Path) -> list[str]:
    return [a.format(w=work, **paths) for a in template]


def _refused(work: Path, args: list[str], *, as_other: bool) -> list[str]:
    """Run the command; assert exit 1, no traceback and nothing created; the lines printed."""
    before = tree(work)
    if as_other:
        with unprivileged():
            ran = run_cli(work / "home", *args)
    else:
        ran = run_cli(work / "home", *args)
    assert ran.code == 1, ran.output
    assert tree(work) == before, "a refused command creates or changes nothing"
    return ran.lines


@pytest.mark.parametrize(
    ("make", "reason", "as_other"), [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS]
)
@pytest.mark.parametrize(("template", "good"), [c[1:] for c in INPUTS], ids=[c[0] for c in INPUTS])
def test_an_input_that_cannot_be_read_is_one_line(
    work: Path,
    template: list[str],
    good: str,
    make: Callable[[Path], Path],
    reason: str,
    as_other: bool,
) -> None:
    bad = make(work / good)
    lines = _refused(work, _args(template, work, **{"in": bad}), as_other=as_other)
    expected = [f"error: {bad}: {reason}"]
    if template[:2] == ["biometrics", "import-nist"]:  # one line per file, then the outcome
        expected.append("error: 1 of 1 files refused; nothing was loaded")
    assert lines == expected


# command, its arguments with {out} for the output under test, and the input it reads (for
# the case where the output would overwrite it)
OUTPUTS: list[tuple[str, list[str], str | None]] = [
    ("verify", ["verify", "--country", "GTM", "{w}/apps.jsonl", "--out", "{out}"], "apps.jsonl"),
    ("synth register", ["synth", "register", "--country", "GTM", "--size", "2", "--out", "{out}"],
     None),
    ("synth applications --out", ["synth", "applications", "--country", "GTM", "--register",
     "{w}/reg.csv", "--count", "1", "--out", "{out}", "--truth", "{w}/t.jsonl"], "reg.csv"),
    ("synth applications --truth", ["synth", "applications", "--country", "GTM", "--register",
     "{w}/reg.csv", "--count", "1", "--out", "{w}/a.jsonl", "--truth", "{out}"], "reg.csv"),
    ("biometrics search", ["biometrics", "search", *FACE, "--probes", "{w}/t.npy",
     "--out", "{out}"], "t.npy"),
    ("biometrics extract", ["biometrics", "extract", "{w}/face.png", "--out", "{out}"],
     "face.png"),
    ("traveldoc trust-export", ["traveldoc", "trust-export", "{out}"], None),
]  # fmt: skip


def _locked(work: Path) -> Path:
    (work / "locked").mkdir(mode=0o555)
    return work / "locked" / "out"


def _read_only(work: Path) -> Path:
    (work / "kept").write_bytes(b"results of yesterday")
    (work / "kept").chmod(0o444)
    return work / "kept"


# what is wrong, how to make it, the reason printed ({w}: the work folder), as another user
BAD_OUTPUTS: list[tuple[str, Callable[[Path], Path], str, bool]] = [
    ("in a missing folder", lambda w: w / "nowhere" / "out",
     "the folder {w}/nowhere does not exist", False),
    ("a folder", lambda w: w / "folder", "is a directory, not a file", False),
    ("under a file", lambda w: w / "ids.csv" / "out", "{w}/ids.csv is not a folder", False),
    ("in a folder it may not write", _locked,
     "cannot be written in {w}/locked (permission denied)", True),
    ("over a file it may not overwrite", _read_only, "cannot be written (permission denied)",
     True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "reason", "as_other"), [b[1:] for b in BAD_OUTPUTS], ids=[b[0] for b in BAD_OUTPUTS]
)
@pytest.mark.parametrize(
    ("template", "read"), [c[1:] for c in OUTPUTS], ids=[c[0] for c in OUTPUTS]
)
def test_an_output_that_cannot_be_written_is_one_line_before_any_work(
    work: Path,
    template: list[str],
    read: str | None,
    make: Callable[[Path], Path],
    reason: str,
    as_other: bool,
) -> None:
    out = make(work)
    lines = _refused(work, _args(template, work, out=out), as_other=as_other)
    assert lines == [f"error: {out}: {reason.format(w=work)}"]


@pytest.mark.parametrize(
    ("template", "read"), [c[1:] for c in OUTPUTS if c[2]], ids=[c[0] for c in OUTPUTS if c[2]]
)
def test_an_output_over_the_input_is_refused(work: Path, template: list[str], read: str) -> None:
    lines = _refused(work, _args(template, work, out=work / read), as_other=False)
    assert lines == [f"error: {work / read}: is also read by this command; write elsewhere"]


def test_synth_applications_refuses_the_same_file_for_both_outputs(work: Path) -> None:
    same = str(work / "a.jsonl")
    args = ["synth", "applications", "--country", "GTM", "--register", str(work / "reg.csv"),
            "--count", "1", "--out", same, "--truth", same]  # fmt: skip
    lines = _refused(work, args, as_other=False)
    assert lines == [f"error: {work / 'a.jsonl'}: is given for two outputs; write elsewhere"]


def test_a_home_that_cannot_hold_the_database_is_one_line(work: Path) -> None:
    ran = run_cli(work / "reg.csv" / "home", "traveldoc", "trust-export", str(work / "o.json"))
    assert ran.code == 1
    assert len(ran.lines) == 1
    assert ran.lines[0].startswith(
        "error: the database schema could not be upgraded (nothing was changed): "
    )
