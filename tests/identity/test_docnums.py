"""Passport numbers with OCR confusions; national IDs with checksums and embedded fields."""

from __future__ import annotations

import datetime

import pytest

from readmit.documents.national_ids import NationalIdError, validate_national_id
from readmit.identity.docnums import (
    DOCUMENT_LEVELS,
    MAX_VARIANTS,
    NATIONAL_ID_LEVELS,
    compare_document,
    compare_national_id,
    confusion_key,
    embedded_fields,
    normalise_number,
    ocr_variants,
    within_one_edit,
)

# GB 11643-1999's own example (a woman born 1949-12-31 in Beijing's Chaoyang district).
CHN_ID = "11010519491231002X"
# Published CUI test value (see readmit.documents.national_ids.validate_gtm).
GTM_CUI = "1587564440904"

NORMALISE = [
    ("spaces and hyphens", "e 1234-5678", "E12345678"),
    ("MRZ filler", "E12345678<<<", "E12345678"),
    ("full-width characters", "Ｅ１２３４５６７８", "E12345678"),
    ("Cyrillic look-alike letter", "Е12345678", "E12345678"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in NORMALISE], ids=[c[0] for c in NORMALISE]
)
def test_normalise_number(text: str, expected: str) -> None:
    assert normalise_number(text) == expected


def test_confusion_key() -> None:
    assert confusion_key("E1234S678") == confusion_key("E12345678") == "E12345678"
    assert confusion_key("GO1I") == "G011"
    assert confusion_key("EB1234567") == confusion_key("E81234567")
    assert confusion_key("el234567z") == "E1234567" + "2"
    assert confusion_key("E12345678") != confusion_key("E12345679")


def test_ocr_variants() -> None:
    variants = ocr_variants("E1234S678")
    assert variants[0] == "E1234S678"
    assert "E12345678" in variants
    assert len(set(variants)) == len(variants)
    assert len(ocr_variants("O0O0O0O0O0")) == MAX_VARIANTS
    assert all(confusion_key(v) == confusion_key("E1234S678") for v in variants)


DOCUMENTS = [
    # (case, application number, register numbers, level)
    ("same number", "E12345678", ["E12345678"], "exact"),
    ("spacing and case", "e1234 5678", ["E12345678"], "exact"),
    ("one of several passports", "G12345678", ["E11111111", "G12345678"], "exact"),
    ("S read for 5", "E1234S678", ["E12345678"], "ocr_confusion"),
    ("O read for 0, I for 1", "EO0I23456", ["E00123456"], "ocr_confusion"),
    ("B for 8, Z for 2", "EB12Z4567", ["E8122456" + "7"], "ocr_confusion"),
    ("one digit wrong", "E12345679", ["E12345678"], "one_edit"),
    ("adjacent digits swapped", "E12345687", ["E12345678"], "one_edit"),
    ("confusion plus one wrong digit", "E1234S679", ["E12345678"], "one_edit"),
    ("digit dropped: not one_edit", "E1234567", ["E12345678"], "different"),
    ("two digits wrong", "E12345699", ["E12345678"], "different"),
    ("other number", "E87654321", ["E12345678"], "different"),
    ("short numbers never one_edit", "12345", ["12346"], "different"),
    ("no application number", None, ["E12345678"], "null"),
    ("separators only", " - ", ["E12345678"], "null"),
    ("no register numbers", "E12345678", [], "null"),
    ("blank register number", "E12345678", [""], "null"),
]


@pytest.mark.parametrize(
    ("app", "register", "level"), [c[1:] for c in DOCUMENTS], ids=[c[0] for c in DOCUMENTS]
)
def test_compare_document(app: str | None, register: list[str], level: str) -> None:
    assert level in DOCUMENT_LEVELS
    assert compare_document(app, register) == level


def _invalid(country: str, number: str) -> bool:
    try:
        validate_national_id(country, number)
    except NationalIdError:
        return True
    return False


NATIONAL_IDS = [
    # (case, application ID, register ID, country, level)
    ("same ID", CHN_ID, CHN_ID, "CHN", "exact"),
    ("lower-case x", CHN_ID.lower(), CHN_ID, "CHN", "exact"),
    ("spaced", "110105 19491231 002X", CHN_ID, "CHN", "exact"),
    ("first-generation 15-digit ID", "110105491231002", CHN_ID, "CHN", "exact"),
    ("check character wrong", "110105194912310021", CHN_ID, "CHN", "invalid_checksum_one_edit"),
    ("sequence digits swapped", "11010519491231020X", CHN_ID, "CHN",
     "invalid_checksum_one_edit"),
    ("digit dropped", "1101051949123102X", CHN_ID, "CHN", "invalid_checksum_one_edit"),
    ("letter O for zero", "11O10519491231002X", CHN_ID, "CHN", "invalid_checksum_one_edit"),
    ("two digits wrong", "110105194912310120", CHN_ID, "CHN", "different"),
    ("another valid ID", "360426199101010071", CHN_ID, "CHN", "different"),
    ("CUI", GTM_CUI, GTM_CUI, "GTM", "exact"),
    ("CUI as printed on the DPI", "1587 56444 0904", GTM_CUI, "GTM", "exact"),
    ("CUI serial digits swapped", "1587546440904", GTM_CUI, "GTM", "invalid_checksum_one_edit"),
    ("CUI digit dropped", "158756444904", GTM_CUI, "GTM", "invalid_checksum_one_edit"),
    ("other valid CUI", "1580352240101", GTM_CUI, "GTM", "different"),
    ("no validator: exact", "123456789", "123456789", "USA", "exact"),
    ("no validator: one digit wrong", "123456780", "123456789", "USA", "unchecked_one_edit"),
    ("no validator: digits swapped", "123456798", "123456789", "USA", "unchecked_one_edit"),
    ("no validator: two digits wrong", "123456700", "123456789", "USA", "unchecked_different"),
    ("no application ID", None, CHN_ID, "CHN", "null"),
    ("empty application ID", "", CHN_ID, "CHN", "null"),
    ("no register ID", CHN_ID, None, "CHN", "null"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("app", "register", "country", "level"),
    [c[1:] for c in NATIONAL_IDS],
    ids=[c[0] for c in NATIONAL_IDS],
)
def test_compare_national_id(app: str | None, register: str | None, country: str, level: str):
    assert level in NATIONAL_ID_LEVELS
    if level == "invalid_checksum_one_edit":
        assert app is not None and _invalid(country, app)  # the case is what it claims
    assert compare_national_id(app, register, country=country) == level


def test_embedded_fields_china() -> None:
    info = embedded_fields("CHN", CHN_ID)
    assert info is not None
    assert (info.birth_date, info.sex, info.region_code) == (
        datetime.date(1949, 12, 31), "F", "110105",
    )  # fmt: skip
    assert embedded_fields("chn", "110105491231002") == info  # 15-digit form upgraded


def test_embedded_fields_guatemala() -> None:
    info = embedded_fields("GTM", GTM_CUI)
    assert info is not None
    assert (info.birth_date, info.sex, info.region_code) == (None, None, "0904")


@pytest.mark.parametrize(
    ("country", "number"),
    [("CHN", "110105194912310021"), ("CHN", ""), ("GTM", "1587564450904"), ("USA", "123")],
    ids=["bad checksum", "empty", "bad CUI", "no validator"],
)
def test_embedded_fields_none(country: str, number: str) -> None:
    assert embedded_fields(country, number) is None


EDITS = [
    ("substitution", "ABCDEF", "ABXDEF", True, True),
    ("adjacent transposition", "ABCDEF", "ABDCEF", True, True),
    ("deletion", "ABCDEF", "ABDEF", True, False),
    ("insertion", "ABDEF", "ABCDEF", True, False),
    ("equal is not an edit", "ABCDEF", "ABCDEF", False, False),
    ("two substitutions", "ABCDEF", "AXCDEY", False, False),
    ("distant swap", "ABCDEF", "FBCDEA", False, False),
]


@pytest.mark.parametrize(
    ("a", "b", "with_indels", "without"), [c[1:] for c in EDITS], ids=[c[0] for c in EDITS]
)
def test_within_one_edit(a: str, b: str, with_indels: bool, without: bool) -> None:
    assert within_one_edit(a, b) is with_indels
    assert within_one_edit(a, b, indels=False) is without
