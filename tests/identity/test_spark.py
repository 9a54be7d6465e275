"""The Spark engine gives what the single-machine engine gives: the same bad rows with the same
messages when a register is prepared, and the same result lines (recommendations, candidate
lists, evidence, model) when a file of applications is verified. Run through the real
commands, on Spark in local[2]."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from readmit.identity import loader
from readmit.identity.batch import RegisterFileError
from readmit.identity.estimate import MIN_APPLICATIONS
from readmit.identity.loader import LoadReport
from readmit.identity.spark.register import load as prepare
from readmit.identity.spark.verify import verify_lines as spark_verify
from readmit.identity.store import store_path
from readmit.identity.verifying import Verified, verify_lines

READMIT = [sys.executable, "-m", "readmit"]
SPARK = ["--engine", "spark", "--spark-master", "local[2]"]


def _run(home: Path, *args: str, status: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READMIT_HOME": str(home)}
    done = subprocess.run([*READMIT, *args], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == status, done.stderr[-3000:]
    return done


def _synthetic(work: Path, country: str, size: int) -> tuple[Path, Path]:
    """A register from the project's generator and applications drawn from it (a third of
    them for people absent from it), with one line that is not an application."""
    home = work / "home"
    register, apps = work / "reg.csv", work / "apps.jsonl"
    _run(home, "synth", "register", "--country", country, "--size", str(size),
         "--out", str(register), "--seed", "21")  # fmt: skip
    _run(home, "synth", "applications", "--country", country, "--register", str(register),
         "--count", str(MIN_APPLICATIONS + 40), "--out", str(apps),
         "--truth", str(work / "truth.jsonl"), "--seed", "22")  # fmt: skip
    lines = apps.read_text(encoding="utf-8").splitlines()
    lines.insert(5, '{"application_id": "X", "person": {}}')
    apps.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return register, apps


def _same(ones: list[dict[str, object]], others: list[dict[str, object]]) -> None:
    decided = [r for r in ones if "recommendation" in r]
    # The data must exercise the comparison: every recommendation, an estimated model.
    assert {r["recommendation"] for r in decided} == {"confirm", "review", "no_match"}
    assert str(decided[0]["model_version"]).startswith("fs-2.")
    assert [r.get("recommendation") for r in others] == [r.get("recommendation") for r in ones]
    assert [[c["person_id"] for c in r.get("candidates", [])] for r in others] == [  # type: ignore[attr-defined]
        [c["person_id"] for c in r.get("candidates", [])]
        for r in ones  # type: ignore[attr-defined]
    ]
    assert others == ones  # scores, evidence and model too


def test_both_commands_give_the_same_result_lines(tmp_path: Path) -> None:
    register, apps = _synthetic(tmp_path, "CHN", 3000)
    home = tmp_path / "home"
    _run(home, "registry", "load", "--country", "CHN", str(register))
    _run(home, "registry", "load", "--country", "CHN", str(register), *SPARK)
    single, spark = tmp_path / "single.jsonl", tmp_path / "spark.jsonl"
    _run(home, "verify", "--country", "CHN", str(apps), "--out", str(single), status=2)
    _run(home, "verify", "--country", "CHN", str(apps), "--out", str(spark), *SPARK, status=2)
    ones = [json.loads(line) for line in single.read_text(encoding="utf-8").splitlines()]
    assert ones[5]["error"] and ones[5]["line"] == 6
    _same(ones, [json.loads(line) for line in spark.read_text(encoding="utf-8").splitlines()])
    assert spark.read_bytes() == single.read_bytes()


def test_both_engines_verify_spanish_names_alike(tmp_path: Path) -> None:
    register, apps = _synthetic(tmp_path, "GTM", 2000)
    home = tmp_path / "home"
    loader.load(path=register, country="GTM", store=store_path(home, "GTM"))
    prepare(path=register, country="GTM", home=home, master="local[2]")
    lines = apps.read_text(encoding="utf-8").splitlines()

    def parsed(results: Iterable[Verified | str]) -> list[dict[str, object]]:
        return [json.loads(r.line) if isinstance(r, Verified) else {"error": r} for r in results]

    ones = parsed(verify_lines(lines, country="GTM", home=home, workers=1))
    _same(ones, parsed(spark_verify(lines, country="GTM", home=home, master="local[2]")))


BAD_ROWS = [
    # (columns, reason the loader gives): each row is refused by both engines alike.
    ({"sex": "Q"}, "sex must be M, F or X"),
    ({"birth_date": "1990-02-30"}, "is not YYYY-MM-DD"),
    ({"person_id": ""}, "person_id is empty"),
    ({"family_name": "Zhang"}, "is not written in Han characters"),
    ({"national_id": "110101199003070000"}, "national_id"),
]


def _extract(tmp_path: Path) -> tuple[list[dict[str, str]], Path]:
    from readmit.identity.batch import COLUMNS
    from readmit.synth.project.generator import generate_register, register_row

    rows = [register_row(p) for p in generate_register(country="CHN", size=60, seed=5)]
    for at, (change, _) in enumerate(BAD_ROWS):
        rows[10 + at] = {**rows[10 + at], **change}
    rows.append(dict(rows[2]))  # a person_id repeated: the first is kept
    path = tmp_path / "bad.csv"
    lines = [",".join(COLUMNS)]
    lines += [",".join(f'"{r[c]}"' for c in COLUMNS) for r in rows]
    lines.insert(30, "only,three,columns")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows, path


def _both(path: Path, home: Path) -> tuple[LoadReport, LoadReport]:
    single = loader.load(path=path, country="CHN", store=store_path(home, "CHN"))
    return single, prepare(path=path, country="CHN", home=home, master="local[2]")


def test_bad_rows_are_listed_alike_by_both_loads(tmp_path: Path) -> None:
    _, path = _extract(tmp_path)
    single, spark = _both(path, tmp_path)
    assert len(single.bad) == len(BAD_ROWS) + 2
    assert spark.bad == single.bad
    for (_, reason), (_, expected) in zip(single.bad, BAD_ROWS, strict=False):
        assert expected in reason
    assert (63, "person_id 'CHN-000003' repeats line 4; only the first is loaded") in spark.bad
    assert (31, "expected 12 columns, found 3") in spark.bad
    assert spark.loaded == single.loaded == 55
    meta = json.loads((tmp_path / "identity" / "chn.spark" / "meta.json").read_text())
    assert meta["size"] == "55"


def test_a_parquet_extract_is_prepared_with_row_numbers(tmp_path: Path) -> None:
    rows, _ = _extract(tmp_path)
    path = tmp_path / "extract.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    single, spark = _both(path, tmp_path)
    assert spark.unit == single.unit == "row"
    assert spark.bad == single.bad
    assert spark.bad[0][0] == 11


def test_a_file_unreadable_as_a_whole_is_refused_and_nothing_replaced(tmp_path: Path) -> None:
    _, good = _extract(tmp_path)
    prepare(path=good, country="CHN", home=tmp_path, master="local[2]")
    before = (tmp_path / "identity" / "chn.spark" / "meta.json").read_bytes()
    clean = good.read_bytes().split(b"\n")
    lines = [*clean[:2], b'"\xff' + clean[2][1:], *clean[3:]]
    broken = tmp_path / "broken.csv"
    for content, expected in [
        (b"\xff\xfe not a header\n", "line 1 is not UTF-8"),
        (b"\n".join(lines), "line 3 is not UTF-8 (byte 0xff at column 2)"),
        (b"person_id,family_name\n1,x\n", "missing columns"),
        (b"\n".join([*clean[:5], b'"CHN-9,"x', *clean[5:]]), "line 6: not valid CSV"),
    ]:
        broken.write_bytes(content)
        with pytest.raises(RegisterFileError, match=re.escape(expected)):
            prepare(path=broken, country="CHN", home=tmp_path, master="local[2]")
        assert (tmp_path / "identity" / "chn.spark" / "meta.json").read_bytes() == before
        assert [p.name for p in (tmp_path / "identity").iterdir() if ".new-" in p.name] == []


def test_a_gb18030_extract_is_read_as_on_one_machine(tmp_path: Path) -> None:
    _, path = _extract(tmp_path)
    encoded = tmp_path / "gb.csv"
    encoded.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    single = loader.load(
        path=encoded, country="CHN", store=store_path(tmp_path, "CHN"), encoding="gb18030"
    )
    spark = prepare(
        path=encoded, country="CHN", home=tmp_path, master="local[2]", encoding="gb18030"
    )
    assert spark.bad == single.bad and spark.loaded == single.loaded == 55
    utf8 = "the file is UTF-8 text (see line 2), not Latin-1"
    with pytest.raises(RegisterFileError, match=re.escape(utf8)):
        loader.load(path=path, country="CHN", store=store_path(tmp_path, "X"), encoding="iso8859-1")
    with pytest.raises(RegisterFileError, match=re.escape(utf8)):
        prepare(path=path, country="CHN", home=tmp_path, master="local[2]", encoding="iso8859-1")


def test_spark_options_are_checked_before_any_work(tmp_path: Path) -> None:
    _, path = _extract(tmp_path)
    bad = _run(tmp_path, "registry", "load", "--country", "CHN", str(path), "--engine", "spark",
               "--spark-conf", "memory=4g", status=2)  # fmt: skip
    assert "--spark-conf 'memory=4g' is not spark.KEY=VALUE" in bad.stderr
    wrong = _run(tmp_path, "verify", "--country", "CHN", str(path), "--out",
                 str(tmp_path / "o.jsonl"), "--engine", "hadoop", status=2)  # fmt: skip
    assert "hadoop" in wrong.stderr
    missing = _run(tmp_path, "verify", "--country", "CHN", str(path), "--out",
                   str(tmp_path / "o.jsonl"), *SPARK, status=1)  # fmt: skip
    assert "no register prepared on Spark" in missing.stderr
    assert "registry load --engine spark" in missing.stderr
