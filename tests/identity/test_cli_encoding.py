"""Register extracts in UTF-8, GB18030 (Chinese government extracts) and Latin-1: `--encoding`
reads them; a file whose bytes are not in the encoding assumed is refused in one line that
names the line, the encoding assumed and the option to give, and nothing is created."""

import json
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from readmit.identity.loader import COLUMNS
from readmit.identity.store import store_path
from tests.identity.cli_runner import run_cli

HEADER = ",".join(COLUMNS) + "\n"
HAN = (
    "P1,,王,小明,,,M,1990-01-02,350181,,,\n"
    "P2,,李,秀英,,,F,1985-03-04,350181,,,\n"
    "P3,,刘,䶮,,,M,1979-11-20,350181,,,\n"  # 䶮 is outside GBK: four bytes in GB18030
    "P4,,阿依古丽·买买提,𠀀,,,F,1992-07-08,350181,,,\n"
)
WANG = HAN.splitlines(keepends=True)[0]
LATIN = "P1,,López García,Ana,,,F,1990-01-02,0101,,,\n"
ASCII = "P1,,Lopez Garcia,Ana,,,F,1990-01-02,0101,,,\n"
GB_BOM = "\ufeff".encode("gb18030")
AGAIN = "nothing was loaded"
TRY_GB = "if it is in another encoding, give --encoding gb18030 or --encoding latin-1"


def _text(body: str, encoding: str) -> bytes:
    return (HEADER + body).encode(encoding)


def _parquet() -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({c: ["P1" if c == "person_id" else "王"] for c in COLUMNS}), sink)
    return sink.getvalue().to_pybytes()


def _stored(home: Path, country: str) -> dict[str, str]:
    path = store_path(home, country)
    if not path.exists():
        return {}
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT person_id, family_name || ' ' || given_names FROM persons"
        )
        return dict(rows.fetchall())


# name, country, file name, content, --encoding (None: not given), exit status, the line
# printed ({file}: the file), the names stored
CASES: list[tuple[str, str, str, bytes, str | None, int, str, dict[str, str]]] = [
    ("GB18030 read as UTF-8", "CHN", "r.csv", _text(HAN, "gb18030"), None, 1,
     f"error: {{file}}: line 2 is not UTF-8 (byte 0xcd at column 5): the file was read as "
     f"UTF-8; {TRY_GB}; {AGAIN}", {}),
    ("GB18030", "CHN", "r.csv", _text(HAN, "gb18030"), "gb18030", 0,
     "loaded 4 rows (0 replaced), 0 bad rows skipped and listed above",
     {"P1": "王 小明", "P2": "李 秀英", "P3": "刘 䶮", "P4": "阿依古丽·买买提 𠀀"}),
    ("GB18030 with its byte-order mark", "CHN", "r.csv", GB_BOM + _text(WANG, "gb18030"),
     "GB18030", 0, "loaded 1 rows (0 replaced), 0 bad rows skipped and listed above",
     {"P1": "王 小明"}),
    ("Latin-1 read as UTF-8", "GTM", "r.csv", _text(LATIN, "latin-1"), None, 1,
     f"error: {{file}}: line 2 is not UTF-8 (byte 0xf3 at column 6): the file was read as "
     f"UTF-8; {TRY_GB}; {AGAIN}", {}),
    ("Latin-1", "GTM", "r.csv", _text(LATIN, "latin-1"), "latin-1", 0,
     "loaded 1 rows (0 replaced), 0 bad rows skipped and listed above",
     {"P1": "López García Ana"}),
    ("Latin-1 spelt latin1", "GTM", "r.csv", _text(LATIN, "latin-1"), "Latin1", 0,
     "loaded 1 rows (0 replaced), 0 bad rows skipped and listed above",
     {"P1": "López García Ana"}),
    ("UTF-8 spelt UTF8", "GTM", "r.csv", _text(LATIN, "utf-8"), "UTF8", 0,
     "loaded 1 rows (0 replaced), 0 bad rows skipped and listed above",
     {"P1": "López García Ana"}),
    ("ASCII read as Latin-1", "GTM", "r.csv", _text(ASCII, "ascii"), "latin-1", 0,
     "loaded 1 rows (0 replaced), 0 bad rows skipped and listed above",
     {"P1": "Lopez Garcia Ana"}),
    ("UTF-8 read as Latin-1 (it would be garbled)", "GTM", "r.csv", _text(LATIN, "utf-8"),
     "latin-1", 1, f"error: {{file}}: the file is UTF-8 text (see line 2), not Latin-1: load "
     f"it without --encoding; {AGAIN}", {}),
    ("UTF-8 Spanish read as GB18030 (it would be garbled)", "GTM", "r.csv",
     _text(LATIN, "utf-8"), "gb18030", 1, "error: {file}: the file is UTF-8 text (see line 2), "
     f"not GB18030: load it without --encoding; {AGAIN}", {}),
    ("UTF-8 Han read as GB18030", "CHN", "r.csv", _text(HAN, "utf-8"), "gb18030", 1,
     "error: {file}: line 2 is not GB18030 (byte 0x8b at column 7): the file was read as "
     "GB18030; if it is in another encoding, give --encoding utf-8 or --encoding latin-1; "
     f"{AGAIN}", {}),
    ("a UTF-8 byte-order mark read as Latin-1", "GTM", "r.csv",
     b"\xef\xbb\xbf" + _text(ASCII, "ascii"), "latin-1", 1, "error: {file}: starts with a "
     f"UTF-8 byte-order mark, yet was to be read as Latin-1: load it without --encoding; {AGAIN}",
     {}),
    ("an encoding Readmit does not read", "GTM", "r.csv", _text(ASCII, "ascii"), "cp1252", 2,
     "error: --encoding 'cp1252' is not one of utf-8, gb18030, latin-1", {}),
    ("a name no codec has", "GTM", "r.csv", _text(ASCII, "ascii"), "klingon", 2,
     "error: --encoding 'klingon' is not one of utf-8, gb18030, latin-1", {}),
    ("an encoding for Parquet", "CHN", "r.parquet", _parquet(), "gb18030", 2,
     "error: --encoding is for CSV files; Parquet text is UTF-8", {}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("country", "name", "content", "encoding", "status", "expected", "stored"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_registry_load_reads_the_encoding_given_and_refuses_a_file_not_in_it(
    tmp_path: Path,
    country: str,
    name: str,
    content: bytes,
    encoding: str | None,
    status: int,
    expected: str,
    stored: dict[str, str],
) -> None:
    (tmp_path / name).write_bytes(content)
    chosen = ["--encoding", encoding] if encoding else []
    home, path = tmp_path / "home", str(tmp_path / name)
    ran = run_cli(home, "registry", "load", "--country", country, *chosen, path)
    assert (ran.code, ran.lines) == (status, [expected.format(file=path)])
    assert _stored(home, country) == stored
    if status:
        assert not home.exists(), "a refused file creates nothing"


def test_a_gb18030_register_loaded_with_its_encoding_finds_a_han_named_application(
    tmp_path: Path,
) -> None:
    (tmp_path / "chn.csv").write_bytes(_text(HAN, "gb18030"))
    home = tmp_path / "home"
    loaded = run_cli(home, "registry", "load", "--country", "CHN", "--encoding", "gb18030",
                     str(tmp_path / "chn.csv"))  # fmt: skip
    assert loaded.code == 0, loaded.output
    person = {"names": [{"family": "王", "given": "小明"}], "sex": "M", "birth_date": "1990-01-02"}
    (tmp_path / "apps.jsonl").write_text(
        json.dumps({"application_id": "A-1", "person": person}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    ran = run_cli(home, "verify", "--country", "CHN", str(tmp_path / "apps.jsonl"),
                  "--out", str(tmp_path / "out.jsonl"))  # fmt: skip
    assert ran.code == 0, ran.output
    result = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert result["recommendation"] != "no_match"
    best = result["candidates"][0]
    assert best["person_id"] == "P1"
    assert best["evidence"]["name"]["register"] == "王 小明"


def test_synth_applications_reads_a_gb18030_register(tmp_path: Path) -> None:
    made = run_cli(tmp_path / "home", "synth", "register", "--country", "CHN", "--size", "20",
                   "--out", str(tmp_path / "utf8.csv"))  # fmt: skip
    assert made.code == 0, made.output
    text = (tmp_path / "utf8.csv").read_text(encoding="utf-8")
    (tmp_path / "chn.csv").write_bytes(text.encode("gb18030"))
    outputs = ["--out", str(tmp_path / "a.jsonl"), "--truth", str(tmp_path / "t.jsonl")]
    args = ["synth", "applications", "--country", "CHN", "--register", str(tmp_path / "chn.csv"),
            "--count", "3", "--absent-share", "0", *outputs]  # fmt: skip
    refused = run_cli(tmp_path / "home", *args)
    assert refused.code == 1 and "line 2 is not UTF-8" in refused.lines[0]
    assert not (tmp_path / "a.jsonl").exists()
    ran = run_cli(tmp_path / "home", *args, "--encoding", "gb18030")
    assert ran.code == 0, ran.output
    people = {line.split(",")[0] for line in text.splitlines()[1:]}
    truth = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    assert len(truth) == 3 and {t["person_id"] for t in truth} <= people


def test_synth_applications_names_a_register_row_it_cannot_draw_from(tmp_path: Path) -> None:
    (tmp_path / "chn.csv").write_bytes(_text(WANG, "utf-8"))
    ran = run_cli(tmp_path / "home", "synth", "applications", "--country", "CHN", "--register",
                  str(tmp_path / "chn.csv"), "--count", "1", "--out", str(tmp_path / "a.jsonl"),
                  "--truth", str(tmp_path / "t.jsonl"))  # fmt: skip
    assert (ran.code, ran.lines) == (1, [f"error: {tmp_path / 'chn.csv'}: line 2: no national_id"])
