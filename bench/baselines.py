"""Baseline matchers the identity benchmark compares the engine against, on the same data.

* ``naive_exact``: exact equality of an ASCII-folded Latin name and a full birth date, or
  of the national ID number. What a clerk with a spreadsheet would do.
* ``splink5``: a Fellegi-Sunter model in Splink 5 (DuckDB backend) given the project's own
  romanisation variants (``Profile.register_name_keys``/``application_keys``), gazetteer
  and document-number normalisation, so it differs from the engine only in its model.

Both write one JSON line per application in the engine's output format.

Run alone: .venv/bin/python bench/baselines.py --country CHN --register R.csv
    --applications A.jsonl --truth T.jsonl --out-dir DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import time
import traceback
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from readmit.countries import country as country_profile
from readmit.identity.docnums import normalise_number
from readmit.identity.places import gazetteer

TOP_K = 10
CONFIRM_TOP = 0.9999
CONFIRM_RUNNER_UP = 0.01
THRESHOLD = 0.001
FINDABLE_SHARE = 0.67
U_MAX_PAIRS = 5e6
ID_ONE_EDIT_M, ID_ONE_EDIT_U = 0.01, 1e-7
SPLINK_MISSING = "splink not installed (pip install -e '.[bench]')"
Result = dict[str, Any]


def fold(text: str | None) -> str:
    """ASCII-folded upper case with everything but letters and digits removed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).upper()


def read_register(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a register CSV."""
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def read_applications(path: Path) -> list[dict[str, Any]]:
    """Application objects of a JSONL file, one per line as `readmit verify` numbers them: a
    line that is not a JSON object with a person becomes one with an empty person (found by
    nobody), so results stay line by line."""
    apps = []
    with path.open(encoding="utf-8", errors="replace", newline="\n") as handle:
        for number, line in enumerate(handle, 1):
            try:
                app = json.loads(line)
            except ValueError:
                app = None
            if not isinstance(app, dict) or not isinstance(app.get("person"), dict):
                app = {"application_id": f"line {number}", "person": {}}
            app.setdefault("application_id", f"line {number}")
            apps.append(app)
    return apps


def read_results(path: Path) -> list[dict[str, Any]]:
    """Result lines of a JSONL file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def document_numbers(person: dict[str, Any], kind: str) -> list[str]:
    """Normalised numbers of an application's documents of one type."""
    numbers = (normalise_number(d.get("number") or "") for d in person.get("documents") or [])
    kinds = (d.get("type") for d in person.get("documents") or [])
    return [n for n, k in zip(numbers, kinds, strict=True) if n and k == kind]


def result(app: dict[str, Any], recommendation: str, candidates: list[Result]) -> Result:
    """One output line in the engine's format."""
    return {
        "application_id": app["application_id"],
        "recommendation": recommendation,
        "candidates": candidates,
    }


def write_results(path: Path, results: list[Result]) -> None:
    """Write results as JSON lines."""
    with path.open("w", encoding="utf-8") as handle:
        for result in results:
            handle.write(json.dumps(result, ensure_ascii=False) + "\n")


def naive_exact(register_csv: Path, applications: list[dict[str, Any]]) -> list[Result]:
    """Exact Latin name + full birth date, or exact national ID."""
    by_name: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    by_id: dict[str, list[str]] = defaultdict(list)
    for row in read_register(register_csv):
        family, given = fold(row["family_name_latin"]), fold(row["given_names_latin"])
        if family and row["birth_date"]:
            by_name[family, given, row["birth_date"]].append(row["person_id"])
        if row["national_id"]:
            by_id[normalise_number(row["national_id"])].append(row["person_id"])
    results = []
    for app in applications:
        person = app["person"]
        date = person.get("birth_date") or ""
        found: dict[str, None] = {}
        if len(date) == 10:
            for name in person.get("names") or []:
                key = (fold(name.get("family")), fold(name.get("given")), date)
                found.update(dict.fromkeys(by_name.get(key, ())))
        for number in document_numbers(person, "national_id"):
            found.update(dict.fromkeys(by_id.get(number, ())))
        ids = list(found)[:TOP_K]
        recommendation = "confirm" if len(found) == 1 else "review" if found else "no_match"
        candidates = [{"person_id": i, "score": round(1 / len(found), 6)} for i in ids]
        results.append(result(app, recommendation, candidates))
    return results


def with_ancestors(country: str, codes: tuple[str, ...]) -> list[str] | None:
    """Division codes with every ancestor division, or None when there are none."""
    places = gazetteer(country)
    out: dict[str, None] = {}
    for code in codes:
        out[code] = None
        out.update(dict.fromkeys(places.ancestors(code)))
    return list(out) or None


def record(uid: str, keys: tuple[str, ...] | list[str], **fields: Any) -> dict[str, Any]:
    """One Splink input record; empty arrays and strings become nulls."""
    parts = sorted({part for key in keys for part in key.split("|") if part})
    values = {"name_keys": list(keys), "name_parts": parts, **fields}
    return {"unique_id": uid, **{k: v or None for k, v in values.items()}}


def splink_inputs(
    country: str, register_csv: Path, applications: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Register and application records with the columns the Splink model compares."""
    rules, places = country_profile(country).names, gazetteer(country)
    ancestors: dict[str, list[str] | None] = {}
    register = []
    for row in read_register(register_csv):
        code = row["birth_place"]
        if code not in ancestors:
            ancestors[code] = with_ancestors(country, (code,) if code else ())
        names = (row["family_name"], row["given_names"])
        latin = (row["family_name_latin"], row["given_names_latin"])
        passports = [normalise_number(p) for p in row["passport_numbers"].split(";")]
        register.append(
            record(
                row["person_id"],
                rules.register_name_keys(*names, *latin),
                birth_date=row["birth_date"],
                sex=row["sex"],
                place_codes=ancestors[code],
                national_id=normalise_number(row["national_id"]),
                passports=[p for p in passports if p],
            )
        )
    apps = []
    for app in applications:
        person = app["person"]
        variants: dict[str, None] = {}
        for name in person.get("names") or []:
            family, given = name.get("family") or "", name.get("given") or ""
            variants.update(dict.fromkeys(rules.application_keys(family, given)))
        text = person.get("birth_place")
        ids = document_numbers(person, "national_id")
        apps.append(
            record(
                app["application_id"],
                list(variants),
                birth_date=person.get("birth_date"),
                sex=person.get("sex"),
                place_codes=with_ancestors(country, places.resolve(text) if text else ()),
                national_id=ids[0] if ids else None,
                passports=document_numbers(person, "passport"),
            )
        )
    return register, apps


def splink_settings(register_size: int, place_depth: int) -> Any:
    """The Splink model: comparisons, prediction blocking rules and prior."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    def level(sql: str, label: str) -> Any:
        return cll.CustomLevel(sql, label_for_charts=label)

    best_jw = (
        "list_max(list_transform(name_keys_l, lambda a: list_max(list_transform("
        "name_keys_r, lambda b: jaro_winkler_similarity(a, b)))))"
    )
    names = cl.CustomComparison(
        [
            cll.NullLevel("name_keys"),
            cll.ArrayIntersectLevel("name_keys", min_intersection=1),
            level(f"{best_jw} >= 0.92", "a variant within Jaro-Winkler 0.92"),
            cll.ArrayIntersectLevel("name_parts", min_intersection=2),
            cll.ArrayIntersectLevel("name_parts", min_intersection=1),
            cll.ElseLevel(),
        ],
        output_column_name="name_keys",
    )
    dates = cl.CustomComparison(
        [
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            level(
                "length(birth_date_l) = 10 AND length(birth_date_r) = 10 AND "
                "levenshtein(birth_date_l, birth_date_r) <= 1",
                "one character apart",
            ),
            level("left(birth_date_l, 7) = left(birth_date_r, 7)", "same year-month"),
            level("left(birth_date_l, 4) = left(birth_date_r, 4)", "same year"),
            cll.ElseLevel(),
        ],
        output_column_name="birth_date",
    )
    # Never seen in training (no misread IDs among blocked pairs), so its m and u are set.
    one_edit = cll.LevenshteinLevel("national_id", 1).configure(
        m_probability=ID_ONE_EDIT_M, u_probability=ID_ONE_EDIT_U,
        fix_m_probability=True, fix_u_probability=True,
    )  # fmt: skip
    national_id = cl.CustomComparison(
        [
            cll.NullLevel("national_id"),
            cll.ExactMatchLevel("national_id"),
            one_edit,
            cll.ElseLevel(),
        ],
        output_column_name="national_id",
    )
    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            names,
            dates,
            cl.ExactMatch("sex"),
            cl.ArrayIntersectAtSizes("place_codes", list(range(place_depth, 0, -1))),
            national_id,
            cl.ArrayIntersectAtSizes("passports", 1),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name_keys", arrays_to_explode=["name_keys"]),
            block_on("birth_date"),
            block_on("national_id"),
            block_on("passports", arrays_to_explode=["passports"]),
        ],
        probability_two_random_records_match=FINDABLE_SHARE / max(register_size, 1),
        retain_matching_columns=False,
    )


def arrow_table(rows: list[dict[str, Any]]) -> Any:
    """A pyarrow table with fixed column types (so all-null columns keep their type)."""
    import pyarrow as pa

    text, texts = pa.string(), pa.list_(pa.string())
    schema = pa.schema(
        [
            ("unique_id", text), ("name_keys", texts), ("name_parts", texts),
            ("birth_date", text), ("sex", text),
            ("place_codes", texts), ("national_id", text), ("passports", texts),
        ]
    )  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)


def splink5(
    country: str, register_csv: Path, applications: list[dict[str, Any]]
) -> tuple[list[Result], dict[str, Any]]:
    """Train and run the Splink model; return results and timing facts."""
    from splink import DuckDBAPI, Linker, block_on

    start = time.perf_counter()
    register, apps = splink_inputs(country, register_csv, applications)
    prepared = time.perf_counter()
    db_api = DuckDBAPI()
    left = db_api.register(arrow_table(register), dataset_display_name="register")
    right = db_api.register(arrow_table(apps), dataset_display_name="applications")
    depth = max(len(r["place_codes"] or ()) for r in register)
    settings = splink_settings(len(register), depth)
    linker = Linker([left, right], settings, log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=1)
    em_notes = []
    for rule in (block_on("birth_date"), block_on("name_keys[1]")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
            em_notes.append(f"EM on {rule.get_blocking_rule('duckdb').blocking_rule_sql}")
        except Exception as error:  # EM may fail to converge: say so
            em_notes.append(f"EM failed ({type(error).__name__}); Splink default m")
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    sql = f"""
        SELECT app, person, match_probability FROM (
            SELECT
                CASE WHEN source_dataset_l = 'applications' THEN unique_id_l
                     ELSE unique_id_r END AS app,
                CASE WHEN source_dataset_l = 'applications' THEN unique_id_r
                     ELSE unique_id_l END AS person,
                match_probability
            FROM {predictions.physical_name})
        QUALIFY row_number() OVER (PARTITION BY app ORDER BY match_probability DESC,
                                   person) <= {TOP_K}
        ORDER BY app, match_probability DESC, person
    """
    ranked: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for app_id, person_id, probability in db_api.duckdb_con.sql(sql).fetchall():
        ranked[app_id].append({"person_id": person_id, "score": round(float(probability), 6)})
    predicted = time.perf_counter()
    results = []
    for app in applications:
        candidates = ranked.get(app["application_id"], [])
        scores = [c["score"] for c in candidates]
        confident = bool(scores) and scores[0] >= CONFIRM_TOP
        alone = len(scores) < 2 or scores[1] < CONFIRM_RUNNER_UP
        recommendation = "confirm" if confident and alone else "review" if scores else "no_match"
        results.append(result(app, recommendation, candidates))
    facts = {
        "prepare_seconds": round(prepared - start, 2),
        "train_seconds": round(trained - prepared, 2),
        "predict_seconds": round(predicted - trained, 2),
        "per_application_ms": round((predicted - trained) * 1000 / max(len(applications), 1), 3),
        "config": (
            "Splink 5 DuckDB link_only; names: shared romanised variant key / JW>=0.92 best "
            "variant / 2 or 1 shared name parts; birth date exact / 1 edit / year-month / "
            "year; sex; birthplace code+ancestors intersect sizes "
            f"{depth}..1; national ID exact / lev<=1 (m, u fixed: never observed); "
            f"passports intersect; u by random sampling ({U_MAX_PAIRS:.0e} pairs); "
            f"{'; '.join(em_notes)}; blocking: exploded name keys, birth date, national ID, "
            f"exploded passports; predict threshold {THRESHOLD}; confirm top>={CONFIRM_TOP} "
            f"and runner-up<{CONFIRM_RUNNER_UP}"
        ),
    }
    return results, facts


def run_baselines(
    *, country: str, register_csv: Path, applications: Path, out_dir: Path
) -> dict[str, dict]:
    """Run each baseline; write out_dir/{name}.jsonl; return per-baseline timing facts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    apps = read_applications(applications)
    facts: dict[str, dict] = {}
    start = time.perf_counter()
    naive = naive_exact(register_csv, apps)
    seconds = round(time.perf_counter() - start, 2)
    write_results(out_dir / "naive_exact.jsonl", naive)
    facts["naive_exact"] = {"results": out_dir / "naive_exact.jsonl", "seconds": seconds}
    try:
        import splink  # noqa: F401
    except ImportError:
        facts["splink5"] = {"skipped": SPLINK_MISSING}
        return facts
    try:
        results, splink_facts = splink5(country, register_csv, apps)
    except Exception as error:  # a failed baseline is reported, not the end of the benchmark
        traceback.print_exc()
        facts["splink5"] = {"skipped": f"failed: {type(error).__name__}: {error}"[:300]}
        return facts
    write_results(out_dir / "splink5.jsonl", results)
    facts["splink5"] = {"results": out_dir / "splink5.jsonl", **splink_facts}
    return facts


def score(results: Path, truth: Path) -> dict[str, float | int]:
    """Top-1 accuracy and recall@5 over findable applications; false confirmations."""
    answers = {a["application_id"]: a["person_id"] for a in read_results(truth)}
    findable = top1 = recall5 = false_confirmations = 0
    for result in read_results(results):
        expected = answers.get(result["application_id"])
        ids = [c["person_id"] for c in result["candidates"]]
        right = bool(ids) and ids[0] == expected
        findable += expected is not None
        top1 += expected is not None and right
        recall5 += expected is not None and expected in ids[:5]
        false_confirmations += result["recommendation"] == "confirm" and not right
    return {
        "findable": findable,
        "top1": round(top1 / max(findable, 1), 4),
        "recall_at_5": round(recall5 / max(findable, 1), 4),
        "false_confirmations": false_confirmations,
    }


def main() -> None:
    """Run the baselines on one country's files and print their scores and timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--country", required=True)
    parser.add_argument("--register", type=Path, required=True)
    parser.add_argument("--applications", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args()
    facts = run_baselines(
        country=args.country.upper(),
        register_csv=args.register,
        applications=args.applications,
        out_dir=args.out_dir,
    )
    for name, fact in facts.items():
        shown = {k: v for k, v in fact.items() if k != "results"}
        if "results" in fact:
            shown = {**score(fact["results"], args.truth), **shown}
        print(f"{name}: {json.dumps(shown, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
