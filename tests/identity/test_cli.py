"""The identity commands as an operator runs them: real processes on a fresh READMIT_HOME."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

READMIT = [sys.executable, "-m", "readmit"]


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READMIT_HOME": str(home)}
    return subprocess.run(
        [*READMIT, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GTM register of 3,000 and 120 applications, loaded into a fresh home."""
    work = tmp_path_factory.mktemp("cli")
    home = work / "home"
    assert _run(home, "synth", "register", "--country", "GTM", "--size", "3000",
                "--out", str(work / "reg.csv"), "--seed", "4").returncode == 0  # fmt: skip
    made = _run(home, "synth", "applications", "--country", "GTM", "--register",
                str(work / "reg.csv"), "--count", "120", "--out", str(work / "apps.jsonl"),
                "--truth", str(work / "truth.jsonl"), "--seed", "5")  # fmt: skip
    assert made.returncode == 0, made.stderr
    load = _run(home, "registry", "load", "--country", "GTM", str(work / "reg.csv"))
    assert load.returncode == 0, load.stderr
    assert "loaded 3,000 rows (0 replaced), 0 bad rows" in load.stderr
    return work


def test_verify_keeps_order_and_flags_bad_lines_with_any_number_of_workers(loaded: Path) -> None:
    lines = (loaded / "apps.jsonl").read_text().splitlines()
    lines.insert(7, '{"application_id": "broken", "person": {"names": []}}')
    (loaded / "with-bad.jsonl").write_text("\n".join(lines) + "\n")
    outputs = []
    for workers in ("1", "2"):
        out = loaded / f"out-{workers}.jsonl"
        done = _run(loaded / "home", "verify", "--country", "GTM", str(loaded / "with-bad.jsonl"),
                    "--out", str(out), "--workers", workers)  # fmt: skip
        assert done.returncode == 2
        assert "line 8: person: a person needs a name, a document number" in done.stderr
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1]
    results = [json.loads(line) for line in outputs[0].splitlines()]
    assert len(results) == len(lines)
    assert results[7] == {"line": 8, "error": results[7]["error"]}
    expected = [json.loads(line)["application_id"] for line in lines if "broken" not in line]
    assert [r["application_id"] for r in results if "line" not in r] == expected
    answers = (loaded / "truth.jsonl").read_text().splitlines()
    truth = {t["application_id"]: t["person_id"] for t in map(json.loads, answers)}
    for r in results:
        if r.get("recommendation") == "confirm":
            assert r["candidates"][0]["person_id"] == truth[r["application_id"]]


def test_load_reports_bad_rows_by_line_and_keeps_the_good_ones(tmp_path: Path) -> None:
    with open(tmp_path / "reg.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "person_id",
                "national_id",
                "family_name",
                "given_names",
                "family_name_latin",
                "given_names_latin",
                "sex",
                "birth_date",
                "birth_place",
                "mother_name",
                "father_name",
                "passport_numbers",
            ]
        )
        writer.writerow(
            ["P1", "", "López García", "Ana", "", "", "F", "1990-01-02", "0101", "", "", ""]
        )
        writer.writerow(["P2", "", "Pérez", "Juan", "", "", "Q", "1990-01-02", "0101", "", "", ""])
        writer.writerow(["P3", "", "Pérez", "Luis", "", "", "M", "1990-13-02", "0101", "", "", ""])
        writer.writerow(["P4", "", "Pérez", "Rosa", "", "", "F", "1991-02-03", "1", "", "", ""])
    done = _run(
        tmp_path / "home", "registry", "load", "--country", "GTM", str(tmp_path / "reg.csv")
    )
    assert done.returncode == 3
    assert "line 3: sex must be M, F or X, not 'Q'" in done.stderr
    assert "line 4: birth_date '1990-13-02' is not YYYY-MM-DD" in done.stderr
    assert "line 5: birth_place '1' is not a 4-digit division code" in done.stderr
    assert "loaded 1 rows (0 replaced), 3 bad rows" in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("verify", "--country", "CHN", "missing.jsonl", "--out", "o.jsonl"), "no such file"),
        (("registry", "load", "--country", "CHN", "missing.csv"), "no such file"),
        (("registry", "load", "--country", "CHINA", "x.csv"), "alpha-3 code"),
    ],
)
def test_bad_invocations_are_one_clear_error(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = _run(tmp_path / "home", *args)
    assert done.returncode in (1, 2)
    assert message in done.stderr and "Traceback" not in done.stderr


def test_verify_without_a_loaded_register_says_how_to_load_one(tmp_path: Path) -> None:
    (tmp_path / "apps.jsonl").write_text(
        '{"application_id": "a", "person": {"names": [{"family": "X"}]}}\n'
    )
    done = _run(tmp_path / "home", "verify", "--country", "CHN", str(tmp_path / "apps.jsonl"),
                "--out", str(tmp_path / "o.jsonl"))  # fmt: skip
    assert done.returncode == 1
    assert "no register loaded" in done.stderr and "readmit registry load" in done.stderr


def test_a_parquet_extract_loads_and_reloading_replaces_by_person_id(loaded: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    names = (loaded / "reg.csv").read_text().splitlines()[0].split(",")
    table = pacsv.read_csv(
        loaded / "reg.csv",
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
    )
    pq.write_table(table, loaded / "reg.parquet")
    home = loaded / "parquet-home"
    first = _run(home, "registry", "load", "--country", "GTM", str(loaded / "reg.parquet"))
    assert first.returncode == 0 and "loaded 3,000 rows (0 replaced), 0 bad rows" in first.stderr
    again = _run(home, "registry", "load", "--country", "GTM", str(loaded / "reg.csv"))
    assert again.returncode == 0 and "loaded 3,000 rows (3,000 replaced)" in again.stderr


def test_a_latin_surname_in_a_chn_row_is_a_numbered_bad_row_not_a_traceback(
    tmp_path: Path,
) -> None:
    header = "person_id,national_id,family_name,given_names,family_name_latin,given_names_latin,"
    header += "sex,birth_date,birth_place,mother_name,father_name,passport_numbers\n"
    (tmp_path / "chn.csv").write_text(
        header
        + "P1,,王,小明,,,M,1990-01-02,350181,,,\n"
        + "P2,,Smith,John,,,M,1990-01-02,350181,,,\n"
        + "P3,,王,Li小,,,M,1990-01-02,350181,,,\n",
        encoding="utf-8",
    )
    done = _run(
        tmp_path / "home", "registry", "load", "--country", "CHN", str(tmp_path / "chn.csv")
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert "line 3: family_name 'Smith' is not written in Han characters" in done.stderr
    assert "line 4: given_names 'Li小' is not written in Han characters" in done.stderr
    assert "loaded 1 rows (0 replaced), 2 bad rows" in done.stderr


def test_verify_accepts_every_shape_of_name(loaded: Path) -> None:
    """A whole name in either field, a given name or a surname alone, initials: each is a
    result line, none an error."""
    register = list(csv.DictReader((loaded / "reg.csv").open(encoding="utf-8")))
    person = register[17]
    family, given = person["family_name_latin"], person["given_names_latin"]
    shapes = [
        {"family": "", "given": f"{given} {family}"},
        {"family": f"{family} {given}", "given": ""},
        {"family": given, "given": family},
        {"family": "", "given": given},
        {"family": family, "given": ""},
        {"family": family, "given": " ".join(w[0] for w in given.split())},
    ]
    lines = [
        json.dumps({"application_id": f"S{i}", "person": {"names": [name],
                    "birth_date": person["birth_date"]}})
        for i, name in enumerate(shapes)
    ]  # fmt: skip
    (loaded / "shapes.jsonl").write_text("\n".join(lines) + "\n")
    out = loaded / "shapes-out.jsonl"
    done = _run(loaded / "home", "verify", "--country", "GTM", str(loaded / "shapes.jsonl"),
                "--out", str(out), "--workers", "1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["application_id"] for r in results] == [f"S{i}" for i in range(len(shapes))]
    for result in results[:3]:
        assert result["candidates"][0]["person_id"] == person["person_id"], result
