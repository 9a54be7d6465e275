"""`readmit registry load` and `readmit verify` fed hostile files: every bad row or line is
one numbered line with a reason (a row of the wrong width names its column count), a file
that cannot be read is one line and creates nothing, never a traceback, and nothing bad is
loaded."""

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from readmit.identity.loader import COLUMNS, load_rows
from readmit.identity.store import store_path
from tests.identity.cli_runner import run_cli

HEADER = ",".join(COLUMNS) + "\n"
WANG = "P1,,王,小明,,,M,1990-01-02,350181,,,\n"  # a good CHN row
ANA = "P1,,López García,Ana,,,F,1990-01-02,0101,,,\n"  # a good GTM row


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def _parquet(rows: list[dict[str, object]], types: dict[str, pa.DataType] | None = None) -> bytes:
    columns = {c: [r.get(c, "") for r in rows] for c in COLUMNS}
    schema = pa.schema([(c, (types or {}).get(c, pa.string())) for c in COLUMNS])
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table(columns, schema=schema), sink)
    return sink.getvalue().to_pybytes()


def _person(person_id: str, family: object, given: object = "小明") -> dict[str, object]:
    return {"person_id": person_id, "family_name": family, "given_names": given, "sex": "M",
            "birth_date": "1990-01-02", "birth_place": "350181"}  # fmt: skip


def _loaded(home: Path, country: str) -> set[str]:
    path = store_path(home, country)
    if not path.exists():
        return set()
    with sqlite3.connect(path) as connection:
        return {r[0] for r in connection.execute("SELECT person_id FROM persons")}


CHN_ROWS = [_person("P1", "王"), _person("P2", "Smith"), _person("P3", "王", "Li小")]

# name, country, file name, content, exit status, a line the output must hold, persons loaded
LOADS: list[tuple[str, str, str, Callable[[], bytes], int, str, set[str]]] = [
    ("latin surname in a CHN row", "CHN", "r.csv",
     lambda: _csv(WANG, "P2,,Smith,John,,,M,1990-01-02,350181,,,\n"),
     3, "line 3: family_name 'Smith' is not written in Han characters", {"P1"}),
    ("latin and Han in one given name", "CHN", "r.csv",
     lambda: _csv(WANG, "P2,,王,Li小,,,M,1990-01-02,350181,,,\n"),
     3, "line 3: given_names 'Li小' is not written in Han characters", {"P1"}),
    ("latin parent in a CHN row", "CHN", "r.csv",
     lambda: _csv(WANG, "P2,,王,伟,,,M,1990-01-02,350181,Mary Lin,,\n"),
     3, "line 3: mother_name 'Mary Lin' is not written in Han characters", {"P1"}),
    ("a row too short", "GTM", "r.csv", lambda: _csv(ANA, "P2,,Pérez,Juan\n"),
     3, "line 3: expected 12 columns, found 4", {"P1"}),
    ("a row too long, its values shifted", "GTM", "r.csv",
     lambda: _csv(ANA, "P2,1234,Pérez,Juan,,,M,1990-01-02,0101,,,,\n"),
     3, "line 3: expected 12 columns, found 13", {"P1"}),
    ("a row one column short, the ID in the name's place", "CHN", "r.csv",
     lambda: _csv(WANG, "P2,王,小明,,,M,1990-01-02,350181,,,\n"),
     3, "line 3: expected 12 columns, found 11", {"P1"}),
    ("rows as wide as a header with a column of its own", "GTM", "r.csv",
     lambda: (HEADER.strip() + ",note\n" + ANA.strip() + ",x\n" + "P2,,Pérez,Juan\n").encode(),
     3, "line 3: expected 13 columns, found 4", {"P1"}),
    ("bytes that are not UTF-8 in one row", "GTM", "r.csv",
     lambda: _csv(ANA) + b"P2,,P\xe9rez,Juan,,,M,1990-01-02,0101,,,\n",
     1, "r.csv: line 3 is not UTF-8 (byte 0xe9 at column 6): the file was read as UTF-8; if it "
     "is in another encoding, give --encoding gb18030 or --encoding latin-1; nothing was loaded",
     set()),
    ("a NUL byte", "GTM", "r.csv", lambda: _csv(ANA, "P2,,Pé\0rez,Juan,,,M,,,,,\n"),
     3, "line 3: family_name contains a control character ('\\x00')", {"P1"}),
    ("a value of 1,001 characters", "GTM", "r.csv",
     lambda: _csv(ANA, f"P2,,{'a' * 1001},J,,,,,,,,\n"),
     3, "line 3: family_name is longer than 1,000 characters", {"P1"}),
    ("the same person twice", "GTM", "r.csv",
     lambda: _csv(ANA, "P2,,Pérez,Juan,,,M,,,,,\n", "P1,,Girón,Ana,,,F,,,,,\n"),
     3, "line 4: person_id 'P1' repeats line 2; only the first is loaded", {"P1", "P2"}),
    ("a quoted field spanning lines, then a bad row", "GTM", "r.csv",
     lambda: _csv('P1,,"López\nGarcía",Ana,,,F,,,,,\n', "P2,,Pérez,Juan,,,Q,,,,,\n"),
     3, "line 4: sex must be M, F or X, not 'Q'", set()),
    ("blank lines", "GTM", "r.csv", lambda: _csv(ANA, "\n", "\n", "P2,,Pérez,Juan,,,Q,,,,,\n"),
     3, "line 5: sex must be M, F or X, not 'Q'", {"P1"}),
    ("a UTF-8 BOM", "GTM", "r.csv", lambda: b"\xef\xbb\xbf" + _csv(ANA), 0,
     "loaded 1 rows (0 replaced), 0 bad rows", {"P1"}),
    ("a line longer than the CSV field limit", "GTM", "r.csv",
     lambda: _csv(ANA, f"P2,,{'a' * 200_000},Juan,,,M,,,,,\n"),
     1, "r.csv: line 3: not valid CSV (field larger than field limit (131072)); nothing was loaded",
     set()),
    ("an unterminated quote", "GTM", "r.csv", lambda: _csv(ANA, 'P2,,"Pérez,Juan,,,M,,,,,\n'),
     1, "r.csv: line 3: not valid CSV (unexpected end of data); nothing was loaded", set()),
    ("an empty file", "GTM", "r.csv", lambda: b"", 1, "r.csv: missing columns birth_date,", set()),
    ("binary garbage", "GTM", "r.csv", lambda: bytes(range(256)) * 8, 1,
     "r.csv: line 1 is not a CSV header in UTF-8 text", set()),
    ("wrong columns", "GTM", "r.csv", lambda: b"id,name\n1,x\n", 1,
     "r.csv: missing columns birth_date,", set()),
    ("a column twice", "GTM", "r.csv", lambda: (HEADER.strip() + ",sex\n" + ANA).encode(), 1,
     "r.csv: column sex appears twice", set()),
    ("latin surname in a CHN Parquet row", "CHN", "r.parquet", lambda: _parquet(CHN_ROWS),
     3, "row 2: family_name 'Smith' is not written in Han characters", {"P1"}),
    ("a Parquet row repeating a person", "CHN", "r.parquet",
     lambda: _parquet([_person("P1", "王"), _person("P1", "李")]),
     3, "row 2: person_id 'P1' repeats row 1; only the first is loaded", {"P1"}),
    ("invalid UTF-8 in a Parquet binary column", "CHN", "r.parquet",
     lambda: _parquet([_person("P1", b"\xff\xfe")], {"family_name": pa.binary()}),
     3, "row 1: invalid UTF-8 in family_name (byte 0xff)", set()),
    ("a Parquet list column", "CHN", "r.parquet",
     lambda: _parquet([{**_person("P1", "王"), "passport_numbers": ["E1"]}],
                      {"passport_numbers": pa.list_(pa.string())}),
     1, "r.parquet: column passport_numbers holds list<element: string>, not text", set()),
    ("a truncated Parquet file", "CHN", "r.parquet", lambda: _parquet(CHN_ROWS)[:300], 1,
     "r.parquet: not a readable Parquet file (", set()),
    ("a Parquet file with a damaged page", "CHN", "r.parquet",
     lambda: (lambda b: b[:4] + bytes(40) + b[44:])(_parquet(CHN_ROWS)), 1,
     "r.parquet: row 1 and after cannot be read (", set()),
    ("an empty Parquet file", "CHN", "r.parquet", lambda: b"", 1,
     "r.parquet: not a readable Parquet file (Parquet file size is 0 bytes)", set()),
    ("CSV text named .parquet", "CHN", "r.parquet", lambda: _csv(WANG), 1,
     "r.parquet: not a readable Parquet file (", set()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("country", "name", "content", "status", "expected", "persons"),
    [case[1:] for case in LOADS],
    ids=[case[0] for case in LOADS],
)
def test_registry_load_reports_each_bad_row_and_refuses_unreadable_files(
    tmp_path: Path,
    country: str,
    name: str,
    content: Callable[[], bytes],
    status: int,
    expected: str,
    persons: set[str],
) -> None:
    (tmp_path / name).write_bytes(content())
    ran = run_cli(tmp_path / "home", "registry", "load", "--country", country, str(tmp_path / name))
    assert ran.code == status, ran.output
    assert any(expected in line for line in ran.lines), ran.output
    if status == 1:
        assert len(ran.lines) == 1, "a refused file is one line"
        assert not (tmp_path / "home").exists(), "a refused file creates nothing"
    else:
        assert ran.lines[-1].startswith("loaded "), "a load ends with its summary"
    assert _loaded(tmp_path / "home", country) == persons


@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda p: None, "no such file"), (lambda p: p.mkdir(), "is a directory, not a file")],
    ids=["missing", "directory"],
)
def test_a_missing_file_or_a_directory_is_one_line(
    tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    make(tmp_path / "in")
    bad, out = str(tmp_path / "in"), str(tmp_path / "out.jsonl")
    for args in (
        ("registry", "load", "--country", "GTM", bad),
        ("verify", "--country", "GTM", bad, "--out", out),
        ("synth", "applications", "--country", "GTM", "--register", bad, "--count", "1",
         "--out", out, "--truth", str(tmp_path / "truth.jsonl")),
    ):  # fmt: skip
        ran = run_cli(tmp_path / "home", *args)
        assert (ran.code, ran.lines) == (1, [f"error: {bad}: {message}"])


def test_synth_applications_refuses_a_register_the_loader_would_refuse(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_bytes(_csv("P2,,Pérez,Juan,,,Q,1990-01-02,0101,,,\n", ANA))
    outputs = ["--out", str(tmp_path / "a.jsonl"), "--truth", str(tmp_path / "t.jsonl")]
    ran = run_cli(tmp_path / "home", "synth", "applications", "--country", "GTM",
                  "--register", str(tmp_path / "r.csv"), "--count", "1", *outputs)  # fmt: skip
    assert ran.code == 1
    assert ran.lines == [f"error: {tmp_path / 'r.csv'}: line 2: sex must be M, F or X, not 'Q'"]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home whose GTM register holds Ana López García."""
    row = dict(zip(COLUMNS, ANA.strip().split(","), strict=True))
    load_rows(rows=[(2, row)], country="GTM", store=store_path(tmp_path / "home", "GTM"))
    return tmp_path / "home"


GOOD = '{"application_id": "A-1", "person": {"names": [{"family": "LOPEZ", "given": "ANA"}]}}'


def test_verify_gives_one_result_line_per_input_line_in_order(home: Path, tmp_path: Path) -> None:
    lines = [GOOD.encode(), b"", b"   \t", b'{"application_id": "A-\xff"}', b"x" * ((1 << 20) + 1),
             b"{not json", b"[]", GOOD.replace("A-1", "A-2").encode() + b"\r"]  # fmt: skip
    (tmp_path / "apps.jsonl").write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    ran = run_cli(home, "verify", "--country", "GTM", str(tmp_path / "apps.jsonl"),
                  "--out", str(tmp_path / "out.jsonl"))  # fmt: skip
    assert ran.code == 2
    results = [json.loads(r) for r in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(results) == len(lines)
    assert [r.get("application_id") for r in results] == ["A-1", *[None] * 6, "A-2"]
    errors = {r["line"]: r["error"] for r in results if "error" in r}
    assert errors[2] == errors[3] == "empty line"
    assert errors[4] == "invalid UTF-8 (byte 0xff at column 23)"
    assert errors[5] == "line longer than 1,048,576 bytes"
    assert errors[6].startswith("Invalid JSON") and errors[7].startswith("Input should be")
    assert [int(line.split(":")[0].removeprefix("line ")) for line in ran.lines[:-1]] == [
        2, 3, 4, 5, 6, 7]  # fmt: skip
    assert ran.lines[-1].endswith(f"invalid lines: 6 → {tmp_path / 'out.jsonl'}")


def test_verify_refuses_an_output_it_cannot_write_in_one_line(home: Path, tmp_path: Path) -> None:
    (tmp_path / "apps.jsonl").write_text(GOOD + "\n")
    (tmp_path / "out").mkdir()
    ran = run_cli(home, "verify", "--country", "GTM", str(tmp_path / "apps.jsonl"),
                  "--out", str(tmp_path / "out"))  # fmt: skip
    assert (ran.code, ran.lines) == (1, [f"error: {tmp_path / 'out'}: is a directory, not a file"])


def test_a_store_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    store = store_path(tmp_path / "home", "GTM")
    store.parent.mkdir(parents=True)
    store.write_bytes(bytes(range(256)) * 64)
    (tmp_path / "r.csv").write_bytes(_csv(ANA))
    (tmp_path / "apps.jsonl").write_text(GOOD + "\n")
    ran = run_cli(
        tmp_path / "home", "registry", "load", "--country", "GTM", str(tmp_path / "r.csv")
    )
    assert (ran.code, ran.lines) == (
        1,
        [f"error: {store}: file is not a database; nothing was loaded"],
    )
    ran = run_cli(tmp_path / "home", "verify", "--country", "GTM", str(tmp_path / "apps.jsonl"),
                  "--out", str(tmp_path / "out.jsonl"))  # fmt: skip
    assert (ran.code, ran.lines) == (1, ["error: the register store: file is not a database"])
