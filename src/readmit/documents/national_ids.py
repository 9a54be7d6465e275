"""Structure and check-digit validation of national identity numbers.

Validation proves only that a number is well formed, never that it was issued
or that it belongs to the person presenting it; that is for the requested
state's own records.

Three kinds of failure, so that intake can tell a card it must record from text that is
no such number at all:

- ``MalformedId``: not this kind of number (wrong length, characters it never has, for a
  CURP letters and digits out of their places). Intake refuses it.
- ``CheckDigitFails``: well formed, but the check digit (China's check character,
  Guatemala's remainder 10) disagrees with the rest.
- ``ContentsFail``: well formed, but a part cannot be right (a province, department or
  state that does not exist, an impossible embedded birth date, a serial never issued).

Intake records the last two as printed, marked as failing (``check_national_id``): a
damaged or forged card is evidence too, and refusing it would only push the officer to
"correct" the number or leave the card out.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum
from operator import mul

from readmit.i18n import N_, _

__all__ = [
    "CHECK_LABELS",
    "CheckDigitFails",
    "ContentsFail",
    "IdCheck",
    "MalformedId",
    "NationalIdError",
    "NationalIdInfo",
    "NumberCheck",
    "UnsupportedCountry",
    "check_national_id",
    "has_validator",
    "validate_chn",
    "validate_gtm",
    "validate_hnd",
    "validate_mex",
    "validate_national_id",
    "validate_slv",
]

# Nobody alive was born earlier; older "dates" are typing errors.
MIN_BIRTH_YEAR = 1900


class NationalIdError(ValueError):
    """The number is malformed or fails one of its checks."""


class MalformedId(NationalIdError):
    """Not a number of this kind at all: wrong length, or characters it never has."""


class CheckDigitFails(NationalIdError):
    """Well formed, but the check digit (or check character) disagrees with the rest."""


class ContentsFail(NationalIdError):
    """Well formed, but a part of it cannot be right: a region that does not exist, an
    impossible embedded birth date, a serial that is never issued."""


class UnsupportedCountry(LookupError):
    """No validator exists for the requested country."""


@dataclass(frozen=True)
class NationalIdInfo:
    country: str  # ISO 3166-1 alpha-3
    normalized: str  # compact form: separators removed, canonical case
    birth_date: datetime.date | None
    sex: str | None  # 'M', 'F' or None when not encoded
    region_code: str | None


def _today() -> datetime.date:
    return datetime.date.today()


def _check_digit(label: str, given: str, expected: int) -> str:
    return _(
        "{document}: check digit is {given}, expected {expected}",
        document=label,
        given=given,
        expected=expected,
    )


def _birth_date(label: str, year: int, month: int, day: int) -> datetime.date:
    try:
        born = datetime.date(year, month, day)
    except ValueError as exc:
        raise ContentsFail(
            _(
                "{document}: embedded birth date {date} does not exist",
                document=label,
                date=f"{year:04d}-{month:02d}-{day:02d}",
            )
        ) from exc
    if born > _today():
        raise ContentsFail(
            _(
                "{document}: embedded birth date {date} is in the future",
                document=label,
                date=born.isoformat(),
            )
        )
    if born.year < MIN_BIRTH_YEAR:
        raise ContentsFail(
            _(
                "{document}: embedded birth year {year} is before {minimum}",
                document=label,
                year=born.year,
                minimum=MIN_BIRTH_YEAR,
            )
        )
    return born


# --- China: resident identity card number (GB 11643-1999) ---------------------

_CHN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHN_CHECK_CHARS = "10X98765432"
# Province-level prefixes of GB/T 2260 division codes.
_CHN_PROVINCES: frozenset[int] = frozenset().union(
    range(11, 16),
    range(21, 24),
    range(31, 38),
    range(41, 47),
    range(50, 55),
    range(61, 66),
    (71, 81, 82),
)


def validate_chn(value: str) -> NationalIdInfo:
    """China resident ID: 6-digit division, YYYYMMDD, 3-digit sequence, MOD 11-2 check."""
    label = _("Chinese resident ID")
    number = value.strip().upper()
    if len(number) != 18:
        raise MalformedId(
            _("{document} must have 18 characters, got {count}", document=label, count=len(number))
        )
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise MalformedId(
            _("{document} must be 17 digits followed by a digit or X", document=label)
        )
    if int(number[:2]) not in _CHN_PROVINCES:
        raise ContentsFail(
            _(
                "{document}: {code} is not a province code (GB/T 2260)",
                document=label,
                code=number[:2],
            )
        )
    born = _birth_date(label, int(number[6:10]), int(number[10:12]), int(number[12:14]))
    total = sum(map(mul, map(int, number[:17]), _CHN_WEIGHTS))
    expected = _CHN_CHECK_CHARS[total % 11]
    if number[17] != expected:
        raise CheckDigitFails(
            _(
                "{document}: check character is {given}, expected {expected}",
                document=label,
                given=number[17],
                expected=expected,
            )
        )
    return NationalIdInfo(
        country="CHN",
        normalized=number,
        birth_date=born,
        sex="M" if int(number[16]) % 2 else "F",
        region_code=number[:6],
    )


# --- Guatemala: CUI on the DPI (RENAP) ----------------------------------------

# Municipalities per department, codes 01..22 (Escuintla has 14 since Sipacate, 2015;
# Huehuetenango 33 since Petatán, 2015).
_GTM_MUNICIPALITIES = {
    1: 17, 2: 8, 3: 16, 4: 16, 5: 14, 6: 14, 7: 19, 8: 8, 9: 24, 10: 21, 11: 9,
    12: 30, 13: 33, 14: 21, 15: 8, 16: 17, 17: 14, 18: 5, 19: 11, 20: 11, 21: 7, 22: 17,
}  # fmt: skip


def validate_gtm(value: str) -> NationalIdInfo:
    """Guatemala CUI: 8-digit serial, check digit, department (2), municipality (2).

    Check digit: sum of serial digit i (0-based, from the LEFT) times i + 2, mod 11.
    Confirmed against published test values 1587564440904 and 1580352240101
    (python-stdnum's JavaScript port, koblas/stdnum-js src/gt/cui.spec.ts) and
    2987944380208 (a public project's CUI unit test); the right-to-left reading
    fails all three. Implementations differ on remainder 10 (some map it to 0):
    no single digit can hold it, so such a CUI is rejected here.
    """
    label = _("Guatemalan CUI")
    number = re.sub(r"[\s-]", "", value)
    if not number.isdigit() or not number.isascii():
        raise MalformedId(
            _("{document} may contain only digits, spaces and hyphens", document=label)
        )
    if len(number) != 13:
        raise MalformedId(
            _("{document} must have 13 digits, got {count}", document=label, count=len(number))
        )
    department, municipality = int(number[9:11]), int(number[11:13])
    if department not in _GTM_MUNICIPALITIES:
        raise ContentsFail(
            _(
                "{document}: department {code} does not exist (01-22)",
                document=label,
                code=number[9:11],
            )
        )
    limit = _GTM_MUNICIPALITIES[department]
    if not 1 <= municipality <= limit:
        raise ContentsFail(
            _(
                "{document}: municipality {code} does not exist in department {department} "
                "(01-{limit:02d})",
                document=label,
                code=number[11:13],
                department=number[9:11],
                limit=limit,
            )
        )
    remainder = sum(int(d) * (i + 2) for i, d in enumerate(number[:8])) % 11
    if remainder == 10:
        raise CheckDigitFails(
            _(
                "{document}: the serial's weighted sum leaves remainder 10, which no check "
                "digit can represent; the number is invalid",
                document=label,
            )
        )
    if int(number[8]) != remainder:
        raise CheckDigitFails(_check_digit(label, number[8], remainder))
    return NationalIdInfo(
        country="GTM", normalized=number, birth_date=None, sex=None, region_code=number[9:13]
    )


# --- El Salvador: DUI -------------------------------------------------------


def validate_slv(value: str) -> NationalIdInfo:
    """El Salvador DUI: 8 digits + check digit, optionally written NNNNNNNN-N."""
    label = _("Salvadoran DUI")
    text = value.strip()
    if not re.fullmatch(r"[0-9]{8}-?[0-9]", text):
        if re.fullmatch(r"[0-9-]*", text):
            raise MalformedId(
                _("{document} must have 9 digits (8 + check), e.g. 12345678-4", document=label)
            )
        raise MalformedId(
            _("{document} may contain only digits and one hyphen before the last", document=label)
        )
    number = text.replace("-", "")
    if number[:8] == "00000000":
        raise ContentsFail(_("{document}: serial 00000000 is never issued", document=label))
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True))
    expected = (10 - total % 10) % 10
    if int(number[8]) != expected:
        raise CheckDigitFails(_check_digit(label, number[8], expected))
    return NationalIdInfo(
        country="SLV", normalized=number, birth_date=None, sex=None, region_code=None
    )


# --- Mexico: CURP (RENAPO) --------------------------------------------------

_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ"
# RENAPO entity codes; NE = born abroad (nacido en el extranjero).
_MEX_STATES = frozenset(
    ("AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC",
     "MN", "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ",
     "YN", "ZS", "NE")
)  # fmt: skip
_CURP = re.compile(
    r"[A-Z]{4}(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})(?P<sex>[HMX])(?P<state>[A-Z]{2})"
    r"[B-DF-HJ-NP-TV-Z]{3}(?P<homonym>[0-9A-Z])\d"
)


def validate_mex(value: str) -> NationalIdInfo:
    """Mexico CURP: 18 characters with embedded birth date, sex, state and check digit."""
    label = _("Mexican CURP")
    number = value.strip().upper()
    if len(number) != 18:
        raise MalformedId(
            _("{document} must have 18 characters, got {count}", document=label, count=len(number))
        )
    match = _CURP.fullmatch(number)
    if not match:
        raise MalformedId(
            _(
                "{document} must be 4 letters, YYMMDD, H/M/X, state, 3 consonants, "
                "a digit or letter, and a check digit",
                document=label,
            )
        )
    state = match["state"]
    if state not in _MEX_STATES:
        raise ContentsFail(_("{document}: {code} is not a state code", document=label, code=state))
    # RENAPO uses a digit homonym character for births up to 1999, a letter after.
    century = 1900 if match["homonym"].isdigit() else 2000
    born = _birth_date(label, century + int(match["yy"]), int(match["mm"]), int(match["dd"]))
    total = sum(_CURP_ALPHABET.index(c) * (18 - i) for i, c in enumerate(number[:17]))
    expected = (10 - total % 10) % 10
    if int(number[17]) != expected:
        raise CheckDigitFails(_check_digit(label, number[17], expected))
    sex = {"H": "M", "M": "F"}.get(match["sex"])  # hombre / mujer; X is non-binary
    return NationalIdInfo(
        country="MEX", normalized=number, birth_date=born, sex=sex, region_code=state
    )


# --- Honduras: DNI (RNP) ----------------------------------------------------


def validate_hnd(value: str) -> NationalIdInfo:
    """Honduras DNI: department, municipality, birth year, 5-digit sequence; no check digit."""
    label = _("Honduran DNI")
    text = value.strip()
    if not re.fullmatch(r"\d{4}[-\s]?\d{4}[-\s]?\d{5}", text):
        if re.fullmatch(r"[\d\s-]*", text):
            digits = len(re.sub(r"\D", "", text))
            raise MalformedId(
                _(
                    "{document} must have 13 digits (DDMM-YYYY-NNNNN), got {count}",
                    document=label,
                    count=digits,
                )
            )
        raise MalformedId(
            _("{document} may contain only digits, hyphens and spaces", document=label)
        )
    number = re.sub(r"[-\s]", "", text)
    department, municipality, year = int(number[:2]), int(number[2:4]), int(number[4:8])
    if not 1 <= department <= 18:
        raise ContentsFail(
            _(
                "{document}: department {code} does not exist (01-18)",
                document=label,
                code=number[:2],
            )
        )
    # Francisco Morazán has the most municipalities (28).
    if not 1 <= municipality <= 28:
        raise ContentsFail(
            _(
                "{document}: municipality {code} is out of range (01-28)",
                document=label,
                code=number[2:4],
            )
        )
    if not MIN_BIRTH_YEAR <= year <= _today().year:
        raise ContentsFail(
            _(
                "{document}: birth year {year} is outside {low}-{high}",
                document=label,
                year=year,
                low=MIN_BIRTH_YEAR,
                high=_today().year,
            )
        )
    return NationalIdInfo(
        country="HND", normalized=number, birth_date=None, sex=None, region_code=number[:4]
    )


def has_validator(country: str) -> bool:
    """Whether a country's national ID numbers can be checked (see `readmit.countries`)."""
    from readmit.countries import country as profile

    return profile(country).check_id is not None


def validate_national_id(country: str, value: str) -> NationalIdInfo:
    """Validate ``value`` as the national ID of ``country`` (ISO alpha-3), with the check its
    country profile names."""
    from readmit.countries import MODULES
    from readmit.countries import country as profile

    check = profile(country).check_id
    if check is None:
        supported = sorted(c for c in MODULES if profile(c).check_id is not None)
        raise UnsupportedCountry(
            f"no national ID validator for {country!r}; supported: {', '.join(supported)}"
        )
    return check(value)


class NumberCheck(StrEnum):
    """What the checks found in a well-formed national ID number."""

    passes = "passes"
    check_digit_fails = "check_digit_fails"
    contents_fail = "contents_fail"


# Translated where they are shown (`_(CHECK_LABELS[status])`).
CHECK_LABELS = {
    NumberCheck.passes: N_("Passes its checks"),
    NumberCheck.check_digit_fails: N_("Check digit fails — recorded as printed"),
    NumberCheck.contents_fail: N_("Fails its checks — recorded as printed"),
}


@dataclass(frozen=True)
class IdCheck:
    """The outcome of checking a well-formed number: its embedded fields when it passes,
    else why it fails."""

    status: NumberCheck
    info: NationalIdInfo | None = None
    reason: str | None = None


def check_national_id(country: str, value: str) -> IdCheck:
    """Check a number as printed: it passes or fails; only a number that is not of this
    kind at all (``MalformedId``) or a country without a validator (``UnsupportedCountry``)
    raises."""
    try:
        return IdCheck(NumberCheck.passes, validate_national_id(country, value))
    except CheckDigitFails as exc:
        return IdCheck(NumberCheck.check_digit_fails, reason=str(exc))
    except ContentsFail as exc:
        return IdCheck(NumberCheck.contents_fail, reason=str(exc))
