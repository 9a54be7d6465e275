"""`readmit biometrics` fed hostile files: every bad line of the ids CSV is one numbered line,
a file that cannot be read is one line, exit status 1, nothing loaded, never a traceback. And
the gallery, its index and their directory are private whatever the umask."""

import io
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from readmit.biometrics import ann, store
from tests.biometrics.test_nist import _transaction
from tests.identity.cli_runner import Ran, run_cli

FACE = ["--country", "CHN", "--modality", "face"]


def _faces(n: int, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, 512)).astype(np.float32)


def _npy(array: object) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def _enrolled(home: Path) -> int:
    path = store.gallery_path(home, "CHN", "face")
    if not path.exists():
        return 0
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM templates").fetchone()[0])


def _load(tmp_path: Path, ids: bytes, templates: bytes) -> Ran:
    (tmp_path / "ids.csv").write_bytes(ids)
    (tmp_path / "t.npy").write_bytes(templates)
    files = ["--ids", str(tmp_path / "ids.csv"), "--templates", str(tmp_path / "t.npy")]
    return run_cli(tmp_path / "home", "biometrics", "load", *FACE, *files)


GOOD_IDS = b"person_id\nA\nB\n"
# name, ids CSV, templates, the lines printed ({ids}, {npy}: the files)
LOADS: list[tuple[str, bytes, Callable[[], bytes], list[str]]] = [
    ("a person twice", b"person_id\nA\nB\nA\n", lambda: _npy(_faces(3)),
     ["line 4: person_id 'A' repeats line 2", "error: 1 bad lines in {ids}; nothing was loaded"]),
    ("invalid UTF-8 and a blank id", b"person_id\n\xffA\n\n \nB\n", lambda: _npy(_faces(3)),
     ["line 2: invalid UTF-8 in person_id (byte 0xff)", "line 4: person_id is empty",
      "error: 2 bad lines in {ids}; nothing was loaded"]),
    ("no person_id column", b"id\nA\nB\n", lambda: _npy(_faces(2)),
     ["error: {ids}: no person_id column on line 1"]),
    ("binary ids", bytes(range(256)), lambda: _npy(_faces(2)),
     ["error: {ids}: no person_id column on line 1"]),
    ("an unterminated quote", b'person_id\nA\n"B\n', lambda: _npy(_faces(2)),
     ["error: {ids}: line 3: not valid CSV (unexpected end of data)"]),
    ("fewer ids than templates", GOOD_IDS, lambda: _npy(_faces(3)),
     ["error: {ids} has 2 person ids for 3 templates; nothing was loaded"]),
    ("an empty .npy", GOOD_IDS, lambda: b"",
     ["error: {npy}: not a readable .npy array (No data left in file)"]),
    ("a truncated .npy", GOOD_IDS, lambda: _npy(_faces(2))[:300],
     ["error: {npy}: not a readable .npy array (Failed to read all data for array."]),
    ("a pickled .npy", GOOD_IDS, lambda: _npy(np.array([{"a": 1}, None], dtype=object)),
     ["error: {npy}: not a readable .npy array ("]),
    ("templates of the wrong length", GOOD_IDS, lambda: _npy(_faces(2)[:, :128]),
     ["error: templates have 128 values, expected 512; nothing was loaded"]),
    ("a NaN", GOOD_IDS, lambda: _npy(np.vstack([_faces(1), np.full((1, 512), np.nan)])),
     ["error: row 1 contains NaN or infinity; nothing was loaded"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("ids", "templates", "expected"), [c[1:] for c in LOADS], ids=[c[0] for c in LOADS]
)
def test_load_lists_each_bad_line_and_loads_nothing(
    tmp_path: Path, ids: bytes, templates: Callable[[], bytes], expected: list[str]
) -> None:
    ran = _load(tmp_path, ids, templates())
    assert ran.code == 1
    files = {"ids": tmp_path / "ids.csv", "npy": tmp_path / "t.npy"}
    assert len(ran.lines) == len(expected), ran.output
    for line, start in zip(ran.lines, expected, strict=True):
        assert line.startswith(start.format(**files)), ran.output
    assert _enrolled(tmp_path / "home") == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda p: None, "no such file"), (lambda p: p.mkdir(), "is a directory, not a file")],
    ids=["missing", "directory"],
)
def test_a_missing_file_or_a_directory_is_one_line(
    tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    make(tmp_path / "in")
    (tmp_path / "ids.csv").write_bytes(GOOD_IDS)
    (tmp_path / "t.npy").write_bytes(_npy(_faces(2)))
    home, bad = tmp_path / "home", str(tmp_path / "in")
    for args in (
        ("load", *FACE, "--ids", bad, "--templates", str(tmp_path / "t.npy")),
        ("load", *FACE, "--ids", str(tmp_path / "ids.csv"), "--templates", bad),
        ("search", *FACE, "--probes", bad, "--out", str(tmp_path / "o.jsonl")),
        ("extract", bad, "--out", str(tmp_path / "t.npy")),
    ):
        ran = run_cli(home, "biometrics", *args)
        assert (ran.code, ran.lines) == (1, [f"error: {bad}: {message}"])
    ran = run_cli(home, "biometrics", "import-nist", "--country", "CHN", bad)
    assert (ran.code, ran.lines[0]) == (1, f"error: {bad}: {message}")


def test_import_nist_refuses_unreadable_files_and_a_person_in_two(tmp_path: Path) -> None:
    faces = _faces(2)
    files = {
        "a.eft": _transaction("CHN-1", faces[0]),
        "b.eft": _transaction("CHN-1", faces[1]),
        "c.eft": b"",
        "d.eft": bytes(range(256)),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    ran = run_cli(tmp_path / "home", "biometrics", "import-nist", "--country", "CHN",
                  *(str(tmp_path / name) for name in files))  # fmt: skip
    assert ran.code == 1
    a, b, c, d = (tmp_path / name for name in files)
    assert ran.lines[0] == f"error: {b}: person 'CHN-1' is also in {a}"
    assert ran.lines[1].startswith(f"error: {c}: not an ANSI/NIST-ITL transaction")
    assert ran.lines[2].startswith(f"error: {d}: not an ANSI/NIST-ITL transaction")
    assert ran.lines[3:] == ["error: 3 of 4 files refused; nothing was loaded"]
    assert _enrolled(tmp_path / "home") == 0


def test_search_with_another_key_or_an_unwritable_output_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _load(tmp_path, GOOD_IDS, _npy(_faces(2))).code == 0
    search = ["biometrics", "search", *FACE, "--probes", str(tmp_path / "t.npy")]
    (tmp_path / "out").mkdir()
    ran = run_cli(tmp_path / "home", *search, "--out", str(tmp_path / "out"))
    assert (ran.code, ran.lines) == (1, [f"error: {tmp_path / 'out'}: is a directory, not a file"])
    monkeypatch.setenv("READMIT_BIOMETRIC_KEY", "bm90IGJhc2U2NA==")
    ran = run_cli(tmp_path / "home", *search, "--out", str(tmp_path / "o.jsonl"))
    assert (ran.code, ran.lines) == (1, ["error: the biometric key must be 64 bytes"])
    monkeypatch.setenv("READMIT_BIOMETRIC_KEY", "A" * 86 + "==")  # 64 bytes, not the key
    ran = run_cli(tmp_path / "home", *search, "--out", str(tmp_path / "o.jsonl"))
    assert ran.code == 1
    assert ran.lines == [
        "error: the gallery was sealed with another key than this one "
        "(READMIT_BIOMETRIC_KEY, else READMIT_HOME/secrets/biometrics-chn.key)"
    ]


def test_a_file_that_is_not_a_gallery_is_one_line(tmp_path: Path) -> None:
    gallery = store.gallery_path(tmp_path / "home", "CHN", "face")
    gallery.parent.mkdir(parents=True)
    gallery.write_bytes(bytes(range(256)) * 8)
    ran = _load(tmp_path, GOOD_IDS, _npy(_faces(2)))
    assert ran.code == 1
    assert ran.lines == [f"error: {gallery}: not a usable gallery (file is not a database)"]


def test_gallery_and_index_are_private_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ann, "EXACT_BELOW", 100)  # an index (and its sealed file) for 300
    ids = b"person_id\n" + b"".join(f"CHN-{i}\n".encode() for i in range(300))
    old = os.umask(0o022)
    try:
        assert _load(tmp_path, ids, _npy(_faces(300))).code == 0
        files = ["--probes", str(tmp_path / "t.npy"), "--out", str(tmp_path / "o.jsonl")]
        ran = run_cli(tmp_path / "home", "biometrics", "search", *FACE, *files)
    finally:
        os.umask(old)
    assert ran.code == 0, ran.output
    folder = tmp_path / "home" / "biometrics"
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
    assert modes == {"chn-face.sqlite": 0o600, "chn-face.index": 0o600}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
