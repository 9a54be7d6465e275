"""ICAO 9303 TD3 MRZ: check digits, parsing, building, transliteration, cross-checks."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from readmit.documents.mrz import (
    TD3,
    MRZError,
    build_td3,
    check_digit,
    cross_check,
    parse_td3,
    transliterate,
)

# ICAO Doc 9303 Part 4 specimen passport.
LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _flip(line: str, index: int, char: str) -> str:
    assert line[index] != char
    return line[:index] + char + line[index + 1 :]


def _recheck(line2: str) -> str:
    """Recompute every check digit of line 2 so only the field under test is wrong."""
    parts = [
        line2[0:9], check_digit(line2[0:9]), line2[10:13],
        line2[13:19], check_digit(line2[13:19]), line2[20],
        line2[21:27], check_digit(line2[21:27]), line2[28:42],
    ]  # fmt: skip
    optional = line2[28:42]
    parts.append("<" if optional == "<" * 14 else check_digit(optional))
    body = "".join(parts)
    return body + check_digit(body[0:10] + body[13:20] + body[21:43])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("<<<<<<<<<", "0"),
        ("A", "0"),  # A=10, weight 7 -> 70
        ("Z", "5"),  # Z=35, weight 7 -> 245
        ("", "0"),
    ],
    ids=["docnum", "birth", "expiry", "optional", "fillers", "letter-a", "letter-z", "empty"],
)
def test_check_digit(data: str, expected: str) -> None:
    assert check_digit(data) == expected


@pytest.mark.parametrize(
    "data", ["l898", "AB CD", "É", "A-1"], ids=["lower", "space", "accent", "hyphen"]
)
def test_check_digit_rejects_foreign_characters(data: str) -> None:
    with pytest.raises(ValueError):
        check_digit(data)


def test_parse_specimen_fields() -> None:
    td3 = parse_td3([LINE1, LINE2])
    assert td3 == TD3(
        document_code="P",
        issuing_state="UTO",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        document_number="L898902C3",
        nationality="UTO",
        birth_date="740812",
        sex="F",
        expiry_date="120415",
        optional_data="ZE184226B",
    )
    assert td3.birth_date_iso() == "1974-08-12"
    assert td3.expiry_date_iso() == "2012-04-15"
    # The specimen's printed check digits are the ones the algorithm yields.
    assert check_digit(LINE2[0:9]) == LINE2[9] == "6"
    assert check_digit(LINE2[13:19]) == LINE2[19] == "2"
    assert check_digit(LINE2[21:27]) == LINE2[27] == "9"
    assert check_digit(LINE2[28:42]) == LINE2[42] == "1"
    assert check_digit(LINE2[0:10] + LINE2[13:20] + LINE2[21:43]) == LINE2[43] == "0"


def test_parse_strips_surrounding_whitespace() -> None:
    assert parse_td3([f"  {LINE1}\n", f"{LINE2}  "]).surname == "ERIKSSON"


@pytest.mark.parametrize(
    ("index", "char", "field"),
    [
        (0, "M", "line2.document_number_check"),
        (9, "7", "line2.document_number_check"),
        (14, "5", "line2.birth_date_check"),
        (19, "3", "line2.birth_date_check"),
        (23, "1", "line2.expiry_date_check"),
        (27, "8", "line2.expiry_date_check"),
        (28, "Y", "line2.optional_data_check"),
        (42, "2", "line2.optional_data_check"),
        (43, "1", "line2.composite_check"),
    ],
    ids=[
        "docnum-data", "docnum-check", "birth-data", "birth-check", "expiry-data",
        "expiry-check", "optional-data", "optional-check", "composite",
    ],
)  # fmt: skip
def test_flipped_character_fails_its_check(index: int, char: str, field: str) -> None:
    with pytest.raises(MRZError) as info:
        parse_td3([LINE1, _flip(LINE2, index, char)])
    assert info.value.field == field


def test_check_digit_message_names_both_digits() -> None:
    with pytest.raises(MRZError, match="birth date check digit is 3, expected 2"):
        parse_td3([LINE1, _flip(LINE2, 19, "3")])


def test_fields_outside_composite_are_not_check_protected() -> None:
    # ICAO excludes nationality and sex from every check digit.
    td3 = parse_td3([LINE1, _flip(_flip(LINE2, 10, "D"), 20, "M")])
    assert (td3.nationality, td3.sex) == ("DTO", "M")


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([LINE1], "lines"),
        ([LINE1, LINE2, LINE2], "lines"),
        (LINE1 + LINE2, "lines"),
        ([LINE1[:-1], LINE2], "line1"),
        ([LINE1, LINE2 + "<"], "line2"),
        ([LINE1.replace("ERIKSSON", "Eriksson"), LINE2], "line1"),
        ([LINE1.replace("ANNA<", "ANNA-"), LINE2], "line1"),
        ([_flip(LINE1, 0, "V"), LINE2], "line1.document_code"),
        (["P<UTO" + "<" * 39, LINE2], "line1.name"),
        ([LINE1, _flip(LINE2, 20, "Q")], "line2.sex"),
        ([LINE1, _recheck(LINE2[:15] + "13" + LINE2[17:])], "line2.birth_date"),
        ([LINE1, _recheck(LINE2[:21] + "130230" + LINE2[27:])], "line2.expiry_date"),
        ([LINE1, _recheck(LINE2[:21] + "12<<15" + LINE2[27:])], "line2.expiry_date"),
    ],
    ids=[
        "one-line", "three-lines", "bare-string", "line1-short", "line2-long", "lowercase",
        "hyphen", "not-passport", "empty-name", "bad-sex", "birth-month-13", "expiry-feb-30",
        "expiry-unknown",
    ],
)  # fmt: skip
def test_structural_errors(lines: list[str] | str, field: str) -> None:
    with pytest.raises(MRZError) as info:
        parse_td3(lines)
    assert info.value.field == field
    assert isinstance(info.value, ValueError)


def test_lowercase_error_says_so() -> None:
    with pytest.raises(MRZError, match="upper-case"):
        parse_td3([LINE1.lower(), LINE2])


@pytest.mark.parametrize("check", ["<", "0"], ids=["filler", "zero"])
def test_unused_personal_number_check_may_be_filler_or_zero(check: str) -> None:
    line2 = _recheck(LINE2[:28] + "<" * 14 + "<")
    line2 = line2[:42] + check + check_digit(line2[0:10] + line2[13:20] + line2[21:42] + check)
    assert parse_td3([LINE1, line2]).optional_data == ""


def test_unused_personal_number_rejects_other_check() -> None:
    line2 = _recheck(LINE2[:28] + "<" * 14 + "<")
    line2 = line2[:42] + "5" + line2[43]
    with pytest.raises(MRZError) as info:
        parse_td3([LINE1, line2])
    assert info.value.field == "line2.optional_data_check"


def test_unknown_birth_day_gives_partial_iso() -> None:
    td3 = parse_td3([LINE1, _recheck(LINE2[:13] + "7408<<" + LINE2[19:])])
    assert td3.birth_date == "7408<<"
    assert td3.birth_date_iso() == "1974-08"


def test_filler_sex_means_x() -> None:
    assert parse_td3([LINE1, _recheck(_flip(LINE2, 20, "<"))]).sex == "X"


@pytest.mark.parametrize(
    ("birth", "reference_year", "expected"),
    [
        ("740812", 2024, "1974-08-12"),
        ("050101", 2024, "2005-01-01"),
        ("240101", 2024, "2024-01-01"),
        ("250101", 2024, "1925-01-01"),
        ("000229", 2024, "2000-02-29"),
    ],
    ids=["1970s", "2000s", "this-year", "next-year-is-past-century", "leap-2000"],
)
def test_birth_date_century(birth: str, reference_year: int, expected: str) -> None:
    td3 = dataclasses.replace(parse_td3([LINE1, LINE2]), birth_date=birth)
    assert td3.birth_date_iso(reference_year) == expected


def test_birth_date_never_in_future_by_default() -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    td3 = dataclasses.replace(parse_td3([LINE1, LINE2]), birth_date=tomorrow.strftime("%y%m%d"))
    assert td3.birth_date_iso() == tomorrow.replace(year=tomorrow.year - 100).isoformat()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Müller", "MUELLER"),
        ("Peña", "PENA"),
        ("O'Brien-Smith", "OBRIEN<SMITH"),
        ("Gößling", "GOESSLING"),
        ("Ångström", "AANGSTROEM"),
        ("Ærø", "AEROE"),
        ("Søren  Kierkegaard", "SOEREN<KIERKEGAARD"),
        ("José María", "JOSE<MARIA"),
        ("Dvořák", "DVORAK"),
        ("Łukasz", "LUKASZ"),
        ("D’Angelo", "DANGELO"),
        (" anna maria ", "ANNA<MARIA"),
    ],
    ids=[
        "umlaut", "enye", "apostrophe-hyphen", "eszett", "a-ring", "ae-oslash", "spaces",
        "acutes", "caron", "l-stroke", "typographic-apostrophe", "trim-lower",
    ],
)  # fmt: skip
def test_transliterate(name: str, expected: str) -> None:
    assert transliterate(name) == expected


def test_transliterate_rejects_non_latin() -> None:
    with pytest.raises(ValueError, match="no MRZ transliteration"):
        transliterate("张伟")


PEOPLE = [
    {"surname": "Eriksson", "given_names": "Anna Maria", "document_number": "L898902C3",
     "issuing_state": "UTO", "nationality": "UTO", "sex": "F", "optional_data": "ZE184226B"},
    {"surname": "Zhang", "given_names": "Xiaoming", "document_number": "E12345678",
     "issuing_state": "CHN", "nationality": "CHN", "sex": "M", "optional_data": ""},
    {"surname": "Müller-Lüdenscheidt", "given_names": "Hans Jürgen", "document_number": "C01X00T4",
     "issuing_state": "D", "nationality": "D", "sex": "M", "optional_data": ""},
    {"surname": "García Márquez", "given_names": "", "document_number": "G1234",
     "issuing_state": "COL", "nationality": "COL", "sex": "X", "optional_data": "123456789"},
    {"surname": "Wolfeschlegelsteinhausenbergerdorff", "given_names": "Hubert Blaine",
     "document_number": "123456789", "issuing_state": "USA", "nationality": "USA",
     "sex": "M", "optional_data": ""},
]  # fmt: skip


@pytest.mark.parametrize("person", PEOPLE, ids=["specimen", "chinese", "german", "mono", "long"])
def test_build_round_trips(person: dict[str, str]) -> None:
    birth, expiry = datetime.date(1985, 3, 7), datetime.date(2031, 12, 31)
    line1, line2 = build_td3(birth_date=birth, expiry_date=expiry, **person)
    assert len(line1) == len(line2) == 44
    td3 = parse_td3([line1, line2])
    assert td3.document_number == person["document_number"]
    assert td3.nationality == person["nationality"]
    assert td3.issuing_state == person["issuing_state"]
    assert td3.sex == person["sex"]
    assert td3.optional_data == person["optional_data"]
    assert td3.birth_date_iso() == "1985-03-07"
    assert td3.expiry_date_iso() == "2031-12-31"
    assert (
        cross_check(
            td3,
            family=person["surname"],
            given=person["given_names"],
            document_number=person["document_number"],
            birth_date="1985-03-07",
            sex=person["sex"],
            nationality=person["nationality"],
        )
        == []
    )


def test_build_reproduces_specimen() -> None:
    lines = build_td3(
        issuing_state="UTO", surname="Eriksson", given_names="Anna Maria",
        document_number="L898902C3", nationality="UTO", birth_date=datetime.date(1974, 8, 12),
        sex="F", expiry_date=datetime.date(2012, 4, 15), optional_data="ZE184226B",
    )  # fmt: skip
    assert lines == (LINE1, LINE2)


def test_build_chinese_name_layout() -> None:
    line1, _ = build_td3(
        issuing_state="CHN", surname="Zhang", given_names="Xiaoming", document_number="E1",
        nationality="CHN", birth_date=datetime.date(1990, 1, 1), sex="M",
        expiry_date=datetime.date(2030, 1, 1),
    )  # fmt: skip
    assert line1.startswith("P<CHNZHANG<<XIAOMING<")


def _build_long_name() -> tuple[str, str]:
    person = PEOPLE[4]
    return build_td3(
        issuing_state=person["issuing_state"], surname=person["surname"],
        given_names=person["given_names"], document_number=person["document_number"],
        nationality=person["nationality"], birth_date=datetime.date(1950, 1, 1),
        sex=person["sex"], expiry_date=datetime.date(2030, 1, 1),
    )  # fmt: skip


def test_build_truncates_long_names() -> None:
    line1, line2 = _build_long_name()
    assert line1[5:] == "WOLFESCHLEGELSTEINHAUSENBERGERDORFF<<HU"
    assert parse_td3([line1, line2]).given_names == "HU"


@pytest.mark.parametrize(
    ("override", "match"),
    [
        ({"document_number": "1234567890"}, "longer than 9"),
        ({"sex": "Q"}, "sex"),
        ({"document_code": "V"}, "starts with P"),
        ({"nationality": "UTOP"}, "nationality"),
        ({"optional_data": "A" * 15}, "optional data"),
        ({"surname": ""}, "surname"),
        ({"surname": "Иванов"}, "transliteration"),
    ],
    ids=["long-docnum", "bad-sex", "visa-code", "long-nationality", "long-optional",
         "no-surname", "cyrillic"],
)  # fmt: skip
def test_build_rejects(override: dict[str, str], match: str) -> None:
    args: dict[str, object] = {**PEOPLE[0], "birth_date": datetime.date(1974, 8, 12),
                               "expiry_date": datetime.date(2012, 4, 15), **override}  # fmt: skip
    with pytest.raises(ValueError, match=match):
        build_td3(**args)  # type: ignore[arg-type]


SPECIMEN_TYPED: dict[str, str | None] = {
    "family": "Eriksson", "given": "Anna-Maria", "document_number": "l898902c3",
    "birth_date": "1974-08-12", "sex": "f", "nationality": "uto",
}  # fmt: skip


@pytest.mark.parametrize(
    ("override", "fields"),
    [
        ({}, []),
        ({"birth_date": "1974"}, []),
        ({"birth_date": "1974-08"}, []),
        ({"birth_date": "2074-08-12"}, []),  # the MRZ carries no century
        ({"birth_date": "1975"}, ["birth_date"]),
        ({"birth_date": "1974-09"}, ["birth_date"]),
        ({"birth_date": "1974-08-13"}, ["birth_date"]),
        ({"birth_date": "12/08/1974"}, ["birth_date"]),
        ({"family": "Erikson"}, ["family"]),
        ({"given": "Anna"}, ["given"]),
        ({"given": "Anna Maria"}, []),
        ({"given": "AnnaMaria"}, []),
        ({"document_number": "L898902C3<"}, []),
        ({"document_number": "L898902C4"}, ["document_number"]),
        ({"sex": "M"}, ["sex"]),
        ({"sex": "female"}, []),
        ({"nationality": "SWE"}, ["nationality"]),
        ({k: None for k in SPECIMEN_TYPED}, []),
        ({"family": "Smith", "sex": "M", "birth_date": "1980"}, ["family", "birth_date", "sex"]),
    ],
    ids=[
        "all-match", "year-only", "year-month", "other-century", "wrong-year", "wrong-month",
        "wrong-day", "bad-format", "family", "given-missing-part", "given-space",
        "given-joined", "docnum-filler", "docnum", "sex", "sex-word", "nationality",
        "all-none", "several",
    ],
)  # fmt: skip
def test_cross_check(override: dict[str, str | None], fields: list[str]) -> None:
    td3 = parse_td3([LINE1, LINE2])
    typed = {**SPECIMEN_TYPED, **override}
    problems = cross_check(td3, **typed)
    assert [field for field, _ in problems] == fields
    assert all(message for _, message in problems)


def _chinese_passport(surname: str) -> TD3:
    lines = build_td3(
        issuing_state="CHN", surname=surname, given_names="Wei", document_number="E1",
        nationality="CHN", birth_date=datetime.date(1990, 1, 1), sex="M",
        expiry_date=datetime.date(2030, 1, 1),
    )  # fmt: skip
    return parse_td3(lines)


@pytest.mark.parametrize("printed", ["LYU", "LU", "LV"], ids=["current", "older-u", "older-v"])
def test_cross_check_accepts_pinyin_u_umlaut_spellings(printed: str) -> None:
    td3 = _chinese_passport(printed)
    none: dict[str, str | None] = dict.fromkeys(
        ("given", "document_number", "birth_date", "sex", "nationality")
    )
    assert cross_check(td3, family="Lü", **none) == []
    assert cross_check(td3, family="Li", **none)[0][0] == "family"


def test_cross_check_tolerates_truncated_given_names() -> None:
    td3 = parse_td3(_build_long_name())
    none: dict[str, str | None] = dict.fromkeys(("document_number", "birth_date", "sex"))
    ok = cross_check(td3, family=PEOPLE[4]["surname"], given="Hubert Blaine", nationality=None,
                     **none)  # fmt: skip
    assert ok == []
    bad = cross_check(td3, family=None, given="Gustav", nationality=None, **none)
    assert [f for f, _ in bad] == ["given"]


def test_cross_check_reports_untransliterable_name() -> None:
    td3 = parse_td3([LINE1, LINE2])
    problems = cross_check(
        td3, family="Эрикссон", given=None, document_number=None, birth_date=None, sex=None,
        nationality=None,
    )  # fmt: skip
    assert problems[0][0] == "family"
    assert "MRZ characters" in problems[0][1]
