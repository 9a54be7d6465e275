"""The independent generator's applications: format, classes, absent share, and that each
application really carries the error its difficulty class names."""

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any

import pytest
from rapidfuzz.distance import OSA

from readmit.applications.schemas import PersonIn
from readmit.synth.independent import all_classes, make_applications
from readmit.synth.independent.chn_names import (
    cantonese_syllable,
    clean_pinyin,
    dialect_spellings,
    surname_syllables,
    wade_giles,
)
from readmit.synth.independent.chn_surnames import SURNAME_BY_HAN
from readmit.synth.independent.common import ocr_normal, strip_accents
from readmit.synth.independent.gtm import split_surnames
from tests.synth.independent_data import Apps, Rows, applications, register


def letters(text: str) -> str:
    """Upper-case letters only (separators, apostrophes and accents dropped)."""
    return re.sub(r"[^A-Z]", "", strip_accents(text).upper())


def u_forms(text: str) -> set[str]:
    """Pinyin with ü (written v) as V, U or YU."""
    return {text.upper().replace("V", form) for form in ("V", "U", "YU")}


def by_class(
    apps: Apps, register: Rows
) -> dict[str, list[tuple[dict[str, Any], dict[str, str] | None]]]:
    """Class → [(person object, register row or None)]."""
    rows = {r["person_id"]: r for r in register}
    out: dict[str, list[tuple[dict[str, Any], dict[str, str] | None]]] = defaultdict(list)
    for app, truth in zip(*apps, strict=True):
        assert app["application_id"] == truth["application_id"]
        row = rows[truth["person_id"]] if truth["person_id"] else None
        out[truth["difficulty"]].append((app["person"], row))
    return out


@pytest.mark.parametrize("country", ["CHN", "GTM"])
def test_format_classes_and_absent_share(country: str) -> None:
    """README JSON lines that the application schema accepts; every class well represented;
    a third absent."""
    apps, truth = applications(country)
    assert len(apps) == len(truth) == 2000
    assert len({a["application_id"] for a in apps}) == 2000
    ids = {r["person_id"] for r in register(country)}
    for app, t in zip(apps, truth, strict=True):
        assert set(app) == {"application_id", "requesting_state", "requested_state", "person"}
        assert (app["requesting_state"], app["requested_state"]) == ("USA", country)
        PersonIn.model_validate(app["person"])
        assert set(t) == {"application_id", "person_id", "difficulty"}
        assert t["person_id"] is None or t["person_id"] in ids
        assert (t["person_id"] is None) == t["difficulty"].startswith("absent")
    counts = Counter(t["difficulty"] for t in truth)
    assert set(counts) == set(all_classes(country))
    assert 12 <= len(counts) - 3 <= 16
    assert min(counts.values()) >= 80
    assert sum(1 for t in truth if t["person_id"] is None) == round(2000 / 3)
    present = [t["person_id"] for t in truth if t["person_id"]]
    assert len(set(present)) == len(present)  # nobody is the subject of two applications


def test_absent_share_adjustable_and_deterministic() -> None:
    """absent_share is honoured; a seed gives the same output."""
    gtm_register = register("GTM")
    apps, truth = make_applications(
        country="GTM", register=gtm_register, count=120, seed=5, absent_share=0.5
    )
    assert sum(t["person_id"] is None for t in truth) == 60
    again = make_applications(
        country="GTM", register=gtm_register, count=120, seed=5, absent_share=0.5
    )
    assert (apps, truth) == again
    none_absent = make_applications(
        country="GTM", register=gtm_register, count=50, seed=5, absent_share=0
    )
    assert all(t["person_id"] for t in none_absent[1])


def check_dates(classes: dict[str, list[tuple[dict[str, Any], dict[str, str] | None]]]) -> None:
    """Date classes carry exactly their error."""
    for person, row in classes["year_off_by_one"]:
        assert row is not None
        got, want = (
            dt.date.fromisoformat(person["birth_date"]),
            dt.date.fromisoformat(row["birth_date"]),
        )
        assert abs(got.year - want.year) == 1 and got.month == want.month
        assert got.day == want.day or (want.month, want.day) == (2, 29)
    for person, row in classes["date_days_off"]:
        assert row is not None
        got, want = (
            dt.date.fromisoformat(person["birth_date"]),
            dt.date.fromisoformat(row["birth_date"]),
        )
        swapped = (got.year, got.month, got.day) == (want.year, want.day, want.month)
        digit = got.year == want.year and got.month == want.month and OSA.distance(
            f"{got.day:02d}", f"{want.day:02d}") == 1  # fmt: skip
        assert got != want and (abs((got - want).days) <= 7 or swapped or digit)
    for person, row in classes["partial_date"]:
        assert row is not None
        value = person["birth_date"]
        placeholder = len(value) == 10 and value.endswith("-01-01") and value != row["birth_date"]
        assert placeholder or (len(value) in (4, 7) and row["birth_date"].startswith(value))
    for person, _ in classes["no_date"]:
        assert "birth_date" not in person
    for person, row in classes["compound"]:
        assert row is not None and person.get("birth_date") != row["birth_date"]
        assert "documents" not in person
    for cls in ("clean", "id_typo", "passport_ocr"):
        for person, row in classes[cls]:
            assert row is not None and person["birth_date"] == row["birth_date"]


def check_documents(classes: dict[str, list[tuple[dict[str, Any], dict[str, str] | None]]]) -> None:
    """A slipped national ID one edit away; a passport misread by OCR or one character off."""
    for person, row in classes["id_typo"]:
        assert row is not None
        ids = [
            d["number"].replace(" ", "") for d in person["documents"] if d["type"] == "national_id"
        ]
        assert len(ids) == 1 and ids[0] != row["national_id"]
        assert OSA.distance(ids[0], row["national_id"]) == 1
        assert not any(d["type"] == "passport" for d in person["documents"])
    ocr_only = 0
    for person, row in classes["passport_ocr"]:
        assert row is not None
        held = row["passport_numbers"].split(";")
        numbers = [d["number"] for d in person["documents"] if d["type"] == "passport"]
        assert len(numbers) == 1 and numbers[0] not in held
        current = held[-1]
        ocr_only += ocr_normal(numbers[0]) == ocr_normal(current)
        assert (
            ocr_normal(numbers[0]) == ocr_normal(current) or OSA.distance(numbers[0], current) == 1
        )
    assert ocr_only >= len(classes["passport_ocr"]) // 3
    for person, _ in classes["namesake_sibling"]:
        assert "documents" not in person


def test_chn_applications_carry_their_errors() -> None:
    """Each Chinese class against the truth's register row."""
    chn_register = register("CHN")
    classes = by_class(applications("CHN"), chn_register)
    check_dates(classes)
    check_documents(classes)

    def name(person: dict[str, Any]) -> tuple[str, str]:
        """The first name entry."""
        return person["names"][0]["family"], person["names"][0]["given"]

    for person, row in classes["clean"]:
        assert row is not None
        fam, giv = clean_pinyin(row["family_name"], row["given_names"])
        assert letters("".join(name(person))) in u_forms(fam + giv)
    changed = 0
    for person, row in classes["wade_giles"]:
        assert row is not None
        fam = name(person)[0].upper().replace("'", "").replace("-", "")
        assert (
            fam
            == "".join(wade_giles(s, False) for s in surname_syllables(row["family_name"])).upper()
        )
        changed += letters("".join(name(person))) not in u_forms(
            "".join(clean_pinyin(row["family_name"], row["given_names"]))
        )
    assert changed > 0.6 * len(classes["wade_giles"])
    south = 0
    for person, row in classes["cantonese"]:
        assert row is not None
        known = SURNAME_BY_HAN.get(row["family_name"])
        forms = set(known.cantonese) if known and known.cantonese else set()
        forms.add("".join(cantonese_syllable(c) for c in row["family_name"]))
        assert name(person)[0].upper() in {f.upper() for f in forms}
        south += row["birth_place"][:2] in ("44", "45", "46")
    assert south > 0.5 * len(classes["cantonese"])
    for person, row in classes["dialect_surname"]:
        assert row is not None
        spellings = {s.upper() for s in dialect_spellings(row["family_name"], row["birth_place"])}
        assert name(person)[0].upper() in spellings
        assert name(person)[0].upper() not in u_forms(
            "".join(surname_syllables(row["family_name"]))
        )
    for person, row in classes["name_order_swapped"]:
        assert row is not None
        fam, giv = clean_pinyin(row["family_name"], row["given_names"])
        assert letters(name(person)[1]) in u_forms(fam) and letters(name(person)[0]) in u_forms(giv)
    for person, row in classes["name_in_one_field"]:
        assert row is not None
        fam, giv = clean_pinyin(row["family_name"], row["given_names"])
        parts = name(person)
        assert "" in parts and any(parts)
        assert letters("".join(parts)) in u_forms(fam + giv) | u_forms(giv + fam)
    for person, row in classes["name_typo"]:
        assert row is not None
        fam, giv = clean_pinyin(row["family_name"], row["given_names"])
        got = letters("".join(name(person)))
        assert min(OSA.distance(got, form) for form in u_forms(fam + giv)) == 1
    for person, row in classes["partial_name"]:
        assert row is not None
        fam, giv = clean_pinyin(row["family_name"], row["given_names"])
        assert letters(name(person)[0]) in u_forms(fam) | {""}
        assert (
            len(letters("".join(name(person)))) < len(fam + giv)
            or person["names"][0]["source"] == "alias"
        )
    check_near_misses(
        classes,
        chn_register,
        lambda r: "".join(clean_pinyin(r["family_name"], r["given_names"])).upper(),
    )


def test_gtm_applications_carry_their_errors() -> None:
    """Each Guatemalan class against the truth's register row."""
    gtm_register = register("GTM")
    classes = by_class(applications("GTM"), gtm_register)
    check_dates(classes)
    check_documents(classes)

    def name(person: dict[str, Any]) -> tuple[str, str]:
        """Family and given fields, letters only."""
        return letters(person["names"][0]["family"]), letters(person["names"][0]["given"])

    for person, row in classes["clean"]:
        assert row is not None
        assert name(person) == (letters(row["family_name"]), letters(row["given_names"]))
    for person, row in classes["one_surname"]:
        assert row is not None
        surnames = [letters(s) for s in split_surnames(row["family_name"])]
        assert name(person)[0] in surnames and name(person)[1] == letters(row["given_names"])
    for person, row in classes["surnames_swapped"]:
        assert row is not None
        fam, giv = name(person)
        assert fam != letters(row["family_name"])
        assert sorted(fam + giv) == sorted(letters(row["family_name"] + row["given_names"]))
    for person, row in classes["married_name"]:
        assert row is not None and row["sex"] == "F"
        assert name(person)[0] != letters(row["family_name"])
    for person, row in classes["name_order_swapped"]:
        assert row is not None
        assert name(person) == (letters(row["given_names"]), letters(row["family_name"]))
    for person, row in classes["name_in_one_field"]:
        assert row is not None
        fam, giv = name(person)
        assert "" in (fam, giv)
        assert sorted(fam + giv) == sorted(letters(row["family_name"] + row["given_names"]))
    for person, row in classes["name_typo"]:
        assert row is not None
        got = "".join(name(person))
        assert OSA.distance(got, letters(row["family_name"] + row["given_names"])) == 1
    for person, row in classes["partial_name"]:
        assert row is not None
        assert len("".join(name(person))) < len(letters(row["family_name"] + row["given_names"]))
    check_near_misses(classes, gtm_register, lambda r: letters(r["family_name"] + r["given_names"]))


def check_near_misses(
    classes: dict[str, list[tuple[dict[str, Any], dict[str, str] | None]]],
    register: Rows,
    key: Any,
) -> None:
    """Absent namesakes share a register person's name, sex and birth year; absent siblings
    carry a register family's parents; plain absent people match nobody's name and date."""
    by_name_year = {(k, r["birth_date"][:4], r["sex"]) for r in register for k in u_forms(key(r))}
    by_name_date = {(k, r["birth_date"]) for r in register for k in u_forms(key(r))}
    hits = 0
    for person, row in classes["absent_namesake"]:
        assert row is None
        first = person["names"][0]
        app_key = letters(first["family"] + first["given"])
        year = person.get("birth_date", "")[:4]
        sexes = [person["sex"]] if "sex" in person else ["M", "F"]
        hits += any((app_key, year, sex) in by_name_year for sex in sexes)
    assert hits >= 0.75 * len(classes["absent_namesake"])
    for person, _ in classes["absent_sibling"]:
        assert set(person["parents"]) == {"mother", "father"}
    for person, row in classes["absent"]:
        assert row is None
        first = person["names"][0]
        date = person.get("birth_date", "")
        assert (letters(first["family"] + first["given"]), date) not in by_name_date
