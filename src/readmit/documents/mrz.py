"""ICAO Doc 9303 TD3 (passport) machine-readable zone: parse, build, cross-check.

Layout (Part 4): line 1 = document code (2), issuing state (3), name field (39);
line 2 = document number (9) + check, nationality (3), birth date YYMMDD + check,
sex, expiry date YYMMDD + check, optional data (14) + check, composite check.
"""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from readmit.i18n import N_, _, gettext

__all__ = [
    "TD3",
    "MRZError",
    "build_td3",
    "check_digit",
    "cross_check",
    "parse_td3",
    "transliterate",
]

LINE_LENGTH = 44
NAME_FIELD_LENGTH = 39
_WEIGHTS = (7, 3, 1)
_MRZ_LINE = re.compile(r"[A-Z0-9<]{44}")
_FIELD_CHARS = re.compile(r"[A-Z0-9<]*")


class MRZError(ValueError):
    """An MRZ failed validation; ``field`` names the part that failed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _char_value(char: str) -> int:
    if char.isdigit() and char.isascii():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"character {char!r} is not allowed in an MRZ")


def check_digit(data: str) -> str:
    """ICAO 9303 Part 3 check digit: weights 7-3-1, A=10..Z=35, '<'=0."""
    total = sum(_char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data))
    return str(total % 10)


@dataclass(frozen=True)
class TD3:
    """Fields of a verified TD3 MRZ, fillers removed (names use spaces)."""

    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: str  # YYMMDD as printed; unknown parts may be '<<'
    sex: str  # 'M', 'F' or 'X'
    expiry_date: str  # YYMMDD
    optional_data: str

    def birth_date_iso(self, reference_year: int | None = None) -> str:
        """ISO birth date; the MRZ has no century, so pick the latest one not in the future.

        Unknown month/day ('<<') yield a partial date ('YYYY' or 'YYYY-MM').
        """
        yy, mm, dd = self.birth_date[:2], self.birth_date[2:4], self.birth_date[4:]
        if not yy.isdigit():
            raise ValueError("birth year is not recorded in the MRZ")
        year = 2000 + int(yy)
        if reference_year is not None:
            if year > reference_year:
                year -= 100
        else:
            today = datetime.date.today()
            known = (int(mm) if mm.isdigit() else 1, int(dd) if dd.isdigit() else 1)
            if (year, *known) > (today.year, today.month, today.day):
                year -= 100
        if not mm.isdigit():
            return f"{year:04d}"
        if not dd.isdigit():
            return f"{year:04d}-{mm}"
        return datetime.date(year, int(mm), int(dd)).isoformat()

    def expiry_date_iso(self) -> str:
        """ISO expiry date; passports issued under 9303 expire in the 21st century."""
        d = self.expiry_date
        return datetime.date(2000 + int(d[:2]), int(d[2:4]), int(d[4:])).isoformat()


def _check(field: str, label: str, data: str, given: str) -> None:
    expected = check_digit(data)
    if given != expected:
        raise MRZError(
            field,
            _(
                "{part} check digit is {given}, expected {expected}",
                part=gettext(label),
                given=given,
                expected=expected,
            ),
        )


def _split_names(name_field: str) -> tuple[str, str]:
    surname, _sep, given = name_field.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def parse_td3(lines: Sequence[str]) -> TD3:
    """Parse and fully verify a TD3 MRZ; raises MRZError naming the failing field."""
    if isinstance(lines, str) or len(lines) != 2:
        raise MRZError("lines", _("a TD3 MRZ has exactly 2 lines"))
    cleaned = [line.strip() for line in lines]
    for number, line in enumerate(cleaned, start=1):
        field = f"line{number}"
        if len(line) != LINE_LENGTH:
            raise MRZError(
                field,
                _(
                    "line {number} has {length} characters, expected 44",
                    number=number,
                    length=len(line),
                ),
            )
        if not _MRZ_LINE.fullmatch(line):
            bad = next(c for c in line if not _FIELD_CHARS.fullmatch(c))
            invalid = (
                N_("line {number} contains invalid character {char!r} (MRZ letters are upper-case)")
                if bad.islower()
                else N_("line {number} contains invalid character {char!r}")
            )
            raise MRZError(field, _(invalid, number=number, char=bad))
    line1, line2 = cleaned

    if line1[0] != "P":
        raise MRZError(
            "line1.document_code",
            _("document code {code!r} is not a passport (P)", code=line1[0]),
        )
    surname, given = _split_names(line1[5:])
    if not surname:
        raise MRZError("line1.name", _("the primary identifier (surname) is empty"))

    _check("line2.document_number_check", N_("document number"), line2[0:9], line2[9])
    birth, expiry = line2[13:19], line2[21:27]
    _check("line2.birth_date_check", N_("birth date"), birth, line2[19])
    _check("line2.expiry_date_check", N_("expiry date"), expiry, line2[27])
    optional, optional_check = line2[28:42], line2[42]
    # Part 4: when the personal number is unused its check digit may be '<' or '0'.
    if not (optional == "<" * 14 and optional_check in "<0"):
        _check("line2.optional_data_check", N_("personal number"), optional, optional_check)
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    _check("line2.composite_check", N_("composite"), composite, line2[43])

    _validate_yymmdd("line2.birth_date", N_("birth date"), birth, allow_unknown=True)
    _validate_yymmdd("line2.expiry_date", N_("expiry date"), expiry, allow_unknown=False)
    sex_char = line2[20]
    if sex_char not in "MFX<":
        raise MRZError("line2.sex", _("sex {sex!r} is not M, F or <", sex=sex_char))

    return TD3(
        document_code=line1[0:2].rstrip("<"),
        issuing_state=line1[2:5].rstrip("<"),
        surname=surname,
        given_names=given,
        document_number=line2[0:9].rstrip("<"),
        nationality=line2[10:13].rstrip("<"),
        birth_date=birth,
        sex="X" if sex_char == "<" else sex_char,
        expiry_date=expiry,
        optional_data=optional.rstrip("<"),
    )


def _validate_yymmdd(field: str, label: str, value: str, *, allow_unknown: bool) -> None:
    parts = (value[:2], value[2:4], value[4:])
    names, lows, highs = (N_("year"), N_("month"), N_("day")), (0, 1, 1), (99, 12, 31)
    for part, name, low, high in zip(parts, names, lows, highs, strict=True):
        if part == "<<" and allow_unknown:
            continue  # Part 3: an unknown date component is written as fillers
        if not part.isdigit() or not low <= int(part) <= high:
            raise MRZError(
                field,
                _(
                    "{date} {value!r} has an invalid {part}",
                    date=gettext(label),
                    value=value,
                    part=gettext(name),
                ),
            )
    if not allow_unknown:
        try:
            datetime.date(2000 + int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError as exc:
            raise MRZError(
                field,
                _("{date} {value!r} is not a calendar date", date=gettext(label), value=value),
            ) from exc


# ICAO 9303 Part 3 recommended transliterations; other Latin diacritics are dropped.
_SPECIAL = {
    "Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "ẞ": "SS", "Å": "AA", "Æ": "AE",
    "Ø": "OE", "Œ": "OE", "Ñ": "N", "Þ": "TH", "Ð": "D", "Đ": "D", "Ł": "L",
    "Ħ": "H", "Ĳ": "IJ", "ı": "I",
}  # fmt: skip
_APOSTROPHES = "'’‘ʼ`´"
_DROPPED = _APOSTROPHES + ".,"


def transliterate(name: str) -> str:
    """Name -> MRZ characters per ICAO 9303 Part 3 (e.g. "O'Brien-Smith" -> "OBRIEN<SMITH")."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", name.strip()):
        upper = char if char == "ß" else char.upper()
        if upper in _DROPPED:
            continue
        if upper.isspace() or upper in "-‐‑–<":
            out.append("<")
            continue
        if upper in _SPECIAL:
            out.append(_SPECIAL[upper])
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFD", upper) if not unicodedata.combining(c)
        )
        if not re.fullmatch(r"[A-Z]+", base):
            raise ValueError(f"character {char!r} in {name!r} has no MRZ transliteration")
        out.append(base)
    return re.sub("<+", "<", "".join(out)).strip("<")


def _code_field(value: str, length: int, label: str) -> str:
    text = value.strip().upper()
    if len(text) > length or not re.fullmatch(r"[A-Z0-9<]*", text):
        raise ValueError(f"{label} {value!r} must be at most {length} characters A-Z, 0-9, <")
    return text.ljust(length, "<")


def _yymmdd(value: datetime.date) -> str:
    return value.strftime("%y%m%d")


def build_td3(
    *,
    document_code: str = "P",
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: datetime.date,
    sex: str,
    expiry_date: datetime.date,
    optional_data: str = "",
) -> tuple[str, str]:
    """Produce the two TD3 lines with all check digits."""
    if not document_code.upper().startswith("P"):
        raise ValueError("a TD3 passport document code starts with P")
    number = document_number.strip().upper()
    if len(number) > 9:
        raise ValueError("document numbers longer than 9 characters are not supported")
    sex_char = {"M": "M", "F": "F", "X": "<", "<": "<"}.get(sex.strip().upper())
    if sex_char is None:
        raise ValueError(f"sex {sex!r} must be M, F or X")

    name = transliterate(surname)
    if not name:
        raise ValueError("surname is required")
    given = transliterate(given_names)
    if given:
        name = f"{name}<<{given}"
    # Part 4 truncation: cut at the field end, never leaving a dangling separator.
    name = name[:NAME_FIELD_LENGTH].rstrip("<")

    line1 = (
        _code_field(document_code, 2, "document code")
        + _code_field(issuing_state, 3, "issuing state")
        + name.ljust(NAME_FIELD_LENGTH, "<")
    )
    number_field = _code_field(number, 9, "document number")
    birth, expiry = _yymmdd(birth_date), _yymmdd(expiry_date)
    optional = _code_field(optional_data, 14, "optional data")
    optional_check = "<" if optional == "<" * 14 else check_digit(optional)
    body = (
        number_field
        + check_digit(number_field)
        + _code_field(nationality, 3, "nationality")
        + birth
        + check_digit(birth)
        + sex_char
        + expiry
        + check_digit(expiry)
        + optional
        + optional_check
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + check_digit(composite)


_UMLAUT_U_VARIANTS = ("UE", "U", "YU", "V")


def _name_variants(typed: str) -> set[str]:
    """Compact MRZ forms a typed name may take; pinyin ü is YU now, U or V on older passports."""
    pieces = re.split("([üÜ])", typed)
    options: list[tuple[str, ...]] = [
        _UMLAUT_U_VARIANTS if p in ("ü", "Ü") else (p,) for p in pieces
    ]
    return {transliterate("".join(combo)).replace("<", "") for combo in itertools.product(*options)}


# By the field compared (family or given name): the name cannot be written in MRZ
# characters, or it differs from the MRZ.
_UNWRITABLE = {
    "family": N_("family name {typed!r} cannot be written in MRZ characters"),
    "given": N_("given name {typed!r} cannot be written in MRZ characters"),
}
_NAME_DIFFERS = {
    "family": N_("family name {typed!r} does not match MRZ {mrz!r}"),
    "given": N_("given name {typed!r} does not match MRZ {mrz!r}"),
}


def _compare_name(field: str, typed: str, mrz_value: str, truncated: bool) -> list[tuple[str, str]]:
    try:
        variants = _name_variants(typed)
    except ValueError:
        return [(field, _(_UNWRITABLE[field], typed=typed))]
    target = mrz_value.replace(" ", "")
    if target in variants or (truncated and any(v.startswith(target) for v in variants)):
        return []
    return [(field, _(_NAME_DIFFERS[field], typed=typed, mrz=mrz_value))]


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _compare_birth_date(typed: str, mrz_date: str) -> list[tuple[str, str]]:
    match = _PARTIAL_DATE.fullmatch(typed.strip())
    if not match:
        return [
            (
                "birth_date",
                _("birth date {typed!r} is not YYYY, YYYY-MM or YYYY-MM-DD", typed=typed),
            )
        ]
    year, month, day = match.groups()
    # The MRZ holds no century, so only the two-digit year can be compared.
    pairs = [(year[2:], mrz_date[:2]), (month, mrz_date[2:4]), (day, mrz_date[4:])]
    for typed_part, mrz_part in pairs:
        if typed_part is None or mrz_part == "<<":
            continue
        if typed_part != mrz_part:
            return [
                (
                    "birth_date",
                    _("birth date {typed!r} does not match MRZ {mrz!r}", typed=typed, mrz=mrz_date),
                )
            ]
    return []


def cross_check(
    td3: TD3,
    *,
    family: str | None,
    given: str | None,
    document_number: str | None,
    birth_date: str | None,
    sex: str | None,
    nationality: str | None,
) -> list[tuple[str, str]]:
    """(field, message) for each typed value that disagrees with the MRZ; None is skipped."""
    problems: list[tuple[str, str]] = []
    encoded = td3.surname.replace(" ", "<")
    if td3.given_names:
        encoded += "<<" + td3.given_names.replace(" ", "<")
    truncated = len(encoded) >= NAME_FIELD_LENGTH
    if family is not None:
        problems += _compare_name("family", family, td3.surname, truncated and not td3.given_names)
    if given is not None:
        problems += _compare_name("given", given, td3.given_names, truncated)
    if document_number is not None:
        typed_number = document_number.strip().upper().replace("<", "")
        if typed_number != td3.document_number.replace("<", ""):
            problems.append(
                (
                    "document_number",
                    _(
                        "document number {typed!r} does not match MRZ {mrz!r}",
                        typed=document_number,
                        mrz=td3.document_number,
                    ),
                )
            )
    if birth_date is not None:
        problems += _compare_birth_date(birth_date, td3.birth_date)
    if sex is not None:
        typed_sex = {"MALE": "M", "FEMALE": "F"}.get(sex.strip().upper(), sex.strip().upper())
        if typed_sex != td3.sex:
            problems.append(
                ("sex", _("sex {typed!r} does not match MRZ {mrz!r}", typed=sex, mrz=td3.sex))
            )
    if nationality is not None and nationality.strip().upper().rstrip("<") != td3.nationality:
        problems.append(
            (
                "nationality",
                _(
                    "nationality {typed!r} does not match MRZ {mrz!r}",
                    typed=nationality,
                    mrz=td3.nationality,
                ),
            )
        )
    return problems
