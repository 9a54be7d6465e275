"""National identity numbers: published values, constructed values, one failure per rule.

The helpers below compute check digits independently of the module under test
(ISO 7064 recursive form for China, explicit weight tables elsewhere).
"""

from __future__ import annotations

import datetime

import pytest
from stdnum.cn import ric
from stdnum.mx import curp

from readmit.documents.national_ids import (
    NationalIdError,
    NationalIdInfo,
    UnsupportedCountry,
    has_validator,
    validate_national_id,
)

# --- independent check-digit helpers ---------------------------------------


def chn_id(first17: str) -> str:
    """ISO 7064 MOD 11-2 in its recursive form: p = 2 * (p + d) mod 11."""
    p = 0
    for digit in first17:
        p = (p + int(digit)) * 2 % 11
    value = (12 - p) % 11
    return first17 + ("X" if value == 10 else str(value))


def gtm_cui(serial: str, department: str, municipality: str) -> str:
    weights = [2, 3, 4, 5, 6, 7, 8, 9]
    remainder = sum(w * int(d) for w, d in zip(weights, serial, strict=True)) % 11
    assert remainder != 10, "pick another serial"
    return f"{serial}{remainder}{department}{municipality}"


def slv_dui(first8: str) -> str:
    weights = [9, 8, 7, 6, 5, 4, 3, 2]
    total = sum(w * int(d) for w, d in zip(weights, first8, strict=True))
    return f"{first8}-{-total % 10}"


def mex_curp(first17: str) -> str:
    values = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ")}
    total = sum(values[c] * weight for c, weight in zip(first17, range(18, 1, -1), strict=True))
    return first17 + str(-total % 10)


def _break_last(number: str) -> str:
    """Same number with a wrong final check character."""
    last = number[-1]
    return number[:-1] + ("1" if last != "1" else "2")


# --- valid values ----------------------------------------------------------

VALID = [
    # Published examples.
    ("CHN", "360426199101010071", "360426199101010071", datetime.date(1991, 1, 1), "M", "360426"),
    ("CHN", "11010519491231002X", "11010519491231002X", datetime.date(1949, 12, 31), "F", "110105"),
    ("CHN", "11010519491231002x", "11010519491231002X", datetime.date(1949, 12, 31), "F", "110105"),
    ("GTM", "1587564440904", "1587564440904", None, None, "0904"),
    ("GTM", "1580352240101", "1580352240101", None, None, "0101"),
    ("GTM", "2987 94438 0208", "2987944380208", None, None, "0208"),
    ("SLV", "12345678-4", "123456784", None, None, None),
    ("SLV", "000000018", "000000018", None, None, None),
    ("MEX", "BOXW310820HNERXN09", "BOXW310820HNERXN09", datetime.date(1931, 8, 20), "M", "NE"),
    ("MEX", "OEVL921024MDFLRR07", "OEVL921024MDFLRR07", datetime.date(1992, 10, 24), "F", "DF"),
    ("HND", "0801-1990-12345", "0801199012345", None, None, "0801"),
    # Constructed with the helpers above.
    ("CHN", chn_id("44030520000229124"), chn_id("44030520000229124"),
     datetime.date(2000, 2, 29), "F", "440305"),
    ("CHN", chn_id("82000019851107001"), chn_id("82000019851107001"),
     datetime.date(1985, 11, 7), "M", "820000"),
    ("GTM", gtm_cui("20240001", "22", "17"), gtm_cui("20240001", "22", "17"), None, None, "2217"),
    ("GTM", gtm_cui("31415926", "05", "14"), gtm_cui("31415926", "05", "14"), None, None, "0514"),
    ("GTM", gtm_cui("27182818", "13", "33"), gtm_cui("27182818", "13", "33"), None, None, "1333"),
    ("SLV", slv_dui("04218484"), "042184840", None, None, None),
    ("MEX", mex_curp("GOMA050315MJCNRNA"), mex_curp("GOMA050315MJCNRNA"),
     datetime.date(2005, 3, 15), "F", "JC"),
    ("MEX", mex_curp("PEXJ991231XNEXXX0"), mex_curp("PEXJ991231XNEXXX0"),
     datetime.date(1999, 12, 31), None, "NE"),
    ("MEX", mex_curp("LOPA800101HDFPNR0").lower(), mex_curp("LOPA800101HDFPNR0"),
     datetime.date(1980, 1, 1), "M", "DF"),
    ("HND", "1828 1900 00001", "1828190000001", None, None, "1828"),
]  # fmt: skip
VALID_IDS = [
    "chn-published", "chn-x-published", "chn-lower-x", "gtm-stdnum-1", "gtm-stdnum-2",
    "gtm-spaced", "slv-hyphen", "slv-compact", "mex-stdnum", "mex-published", "hnd-published",
    "chn-leap-day", "chn-macau", "gtm-last-dept", "gtm-sipacate", "gtm-petatan", "slv-built",
    "mex-2000s",
    "mex-nonbinary", "mex-lowercase", "hnd-max-structure",
]  # fmt: skip


@pytest.mark.parametrize(
    ("country", "value", "normalized", "birth", "sex", "region"), VALID, ids=VALID_IDS
)
def test_valid(
    country: str,
    value: str,
    normalized: str,
    birth: datetime.date | None,
    sex: str | None,
    region: str | None,
) -> None:
    info = validate_national_id(country, value)
    assert info == NationalIdInfo(country, normalized, birth, sex, region)


def test_constructed_chinese_ids_agree_with_stdnum() -> None:
    for first17 in ("11010519491231002", "36042619910101007", "44030520000229124"):
        number = chn_id(first17)
        assert ric.is_valid(number)
        assert not ric.is_valid(_break_last(number))


def test_constructed_curps_agree_with_stdnum() -> None:
    for first17 in ("GOMA050315MJCNRNA", "LOPA800101HDFPNR0", "BOXW310820HNERXN0"):
        number = mex_curp(first17)
        assert curp.is_valid(number)
        assert not curp.is_valid(_break_last(number))


# --- one failure per rule ----------------------------------------------------

INVALID = [
    # China
    ("CHN", "36042619910101007", "18 characters"),
    ("CHN", "3604261991010100711", "18 characters"),
    ("CHN", "36042619910101007A", "digit or X"),
    ("CHN", "3604261991O101007X", "digit or X"),
    ("CHN", _break_last("360426199101010071"), "check character is 2, expected 1"),
    ("CHN", chn_id("11010519990230002"), "does not exist"),
    ("CHN", chn_id("11010520991231002"), "in the future"),
    ("CHN", chn_id("11010518991231002"), "before 1900"),
    ("CHN", chn_id("16010519491231002"), "province"),
    ("CHN", chn_id("91010519491231002"), "province"),
    # Guatemala
    ("GTM", "158756444090", "13 digits"),
    ("GTM", "15875644409041", "13 digits"),
    ("GTM", "1587564A40904", "only digits"),
    ("GTM", "1234567090101", "check digit is 9, expected 3"),
    ("GTM", "1000000700101", "remainder 10"),
    ("GTM", gtm_cui("12345670", "23", "01"), "department 23"),
    ("GTM", gtm_cui("12345670", "00", "01"), "department 00"),
    ("GTM", gtm_cui("12345670", "01", "18"), "municipality 18"),
    ("GTM", gtm_cui("12345670", "18", "06"), "municipality 06"),
    ("GTM", gtm_cui("12345670", "05", "00"), "municipality 00"),
    ("GTM", gtm_cui("12345670", "13", "34"), "municipality 34"),
    # El Salvador
    ("SLV", "04218484-8", "check digit is 8, expected 0"),
    ("SLV", "1234567-4", "9 digits"),
    ("SLV", "123456784-1", "9 digits"),
    ("SLV", "1234-5678-4", "9 digits"),
    ("SLV", "1234567a-4", "only digits"),
    ("SLV", "00000000-0", "never issued"),
    # Mexico
    ("MEX", "BOXW310820HNERXN0", "18 characters"),
    ("MEX", "BOXW310820HNERXN08", "check digit is 8, expected 9"),
    ("MEX", mex_curp("BOXW311320HNERXN0"), "does not exist"),
    ("MEX", mex_curp("BOXW990101HNERXNA"), "in the future"),
    ("MEX", mex_curp("BOXW310820HZZRXN0"), "ZZ is not a state"),
    ("MEX", mex_curp("BOXW310820QNERXN0"), "H/M/X"),
    ("MEX", mex_curp("BOXW310820HNEAXN0"), "consonants"),
    ("MEX", "B0XW310820HNERXN09", "4 letters"),
    # Honduras
    ("HND", "080119901234", "13 digits"),
    ("HND", "0801-1990-123456", "13 digits"),
    ("HND", "0801-199O-12345", "only digits"),
    ("HND", "1901-1990-12345", "department 19"),
    ("HND", "0001-1990-12345", "department 00"),
    ("HND", "0829-1990-12345", "municipality 29"),
    ("HND", "0800-1990-12345", "municipality 00"),
    ("HND", "0801-2099-12345", "birth year 2099"),
    ("HND", "0801-1899-12345", "birth year 1899"),
]  # fmt: skip
INVALID_IDS = [
    "chn-short", "chn-long", "chn-letter-check", "chn-letter-body", "chn-check", "chn-feb-30",
    "chn-future", "chn-too-old", "chn-province-16", "chn-province-91",
    "gtm-short", "gtm-long", "gtm-letter", "gtm-check", "gtm-remainder-10", "gtm-dept-23",
    "gtm-dept-00", "gtm-muni-18-in-01", "gtm-muni-06-in-18", "gtm-muni-00",
    "gtm-muni-34-in-13",
    "slv-brief-example", "slv-short", "slv-long", "slv-misplaced-hyphen", "slv-letter",
    "slv-zeros",
    "mex-short", "mex-check", "mex-month-13", "mex-future", "mex-state", "mex-sex",
    "mex-vowel-consonant", "mex-digit-in-name",
    "hnd-short", "hnd-long", "hnd-letter", "hnd-dept-19", "hnd-dept-00", "hnd-muni-29",
    "hnd-muni-00", "hnd-future-year", "hnd-old-year",
]  # fmt: skip


@pytest.mark.parametrize(("country", "value", "message"), INVALID, ids=INVALID_IDS)
def test_invalid(country: str, value: str, message: str) -> None:
    with pytest.raises(NationalIdError) as info:
        validate_national_id(country, value)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


# --- dispatch ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "checked"),
    [("CHN", True), ("GTM", True), ("SLV", True), ("MEX", True), ("HND", True), ("AUS", False)],
)
def test_which_countries_check_their_numbers(country: str, checked: bool) -> None:
    assert has_validator(country) is checked


@pytest.mark.parametrize("country", [" chn", "Chn"], ids=["space", "mixed-case"])
def test_country_code_is_normalised(country: str) -> None:
    assert validate_national_id(country, "360426199101010071").country == "CHN"


@pytest.mark.parametrize("country", ["USA", "CN", ""], ids=["usa", "alpha-2", "empty"])
def test_unsupported_country(country: str) -> None:
    with pytest.raises(UnsupportedCountry, match="supported: CHN, GTM, HND, MEX, SLV") as info:
        validate_national_id(country, "123")
    assert isinstance(info.value, LookupError)
    assert not isinstance(info.value, NationalIdError)
