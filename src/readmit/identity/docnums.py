"""Document and national ID numbers: normalisation, OCR confusions, comparison levels.

Passport numbers are read by machines and people from worn documents: 0/O, 1/I/L,
5/S, 8/B and 2/Z are confused. ``confusion_key`` maps each confusable character to
one representative (the digit), so numbers that differ only by such confusions share
one key: use it for blocking instead of enumerating variants.

``compare_document`` levels (Splink order; first that applies wins):
``null`` (no number on either side), ``exact``, ``ocr_confusion`` (equal confusion
keys), ``one_edit`` (confusion keys one substitution or adjacent transposition
apart, numbers of six or more characters), ``different``.

``compare_national_id`` levels: ``null``, ``exact`` (after normalisation; a Chinese
15-digit ID of the first generation is upgraded to its 18-digit form first, as
GB 11643-1999 prescribes), ``invalid_checksum_one_edit`` (the application's number
fails its country's check and is one substitution, transposition, dropped or extra
character, or OCR confusions, away from the register's: a misread of that number),
``different`` (including a valid number one edit away: the check digit catches
single errors, so that is another person's number). For countries without a
validator only ``exact`` and ``different`` are possible.

The birth date, sex and division embedded in an ID (``embedded_fields``) are not
independent evidence next to the birth date, sex and birthplace fields: the
engine collapses them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from readmit.countries import country as profile
from readmit.documents.national_ids import (
    NationalIdError,
    NationalIdInfo,
    UnsupportedCountry,
    validate_national_id,
)

__all__ = [
    "COMPARISONS", "DOCUMENT_LEVELS", "NATIONAL_ID_LEVELS", "compare_document",
    "compare_national_id", "confusion_key", "embedded_fields", "normalise_number",
    "ocr_variants", "within_one_edit",
]  # fmt: skip

DOCUMENT_LEVELS: tuple[str, ...] = ("null", "exact", "ocr_confusion", "one_edit", "different")
NATIONAL_ID_LEVELS: tuple[str, ...] = (
    "null", "exact", "invalid_checksum_one_edit", "unchecked_one_edit", "unchecked_different",
    "different",
)  # fmt: skip
COMPARISONS: dict[str, tuple[str, ...]] = {
    "compare_document": DOCUMENT_LEVELS,
    "compare_national_id": NATIONAL_ID_LEVELS,
}

# Each class of characters OCR and tired eyes confuse; the first is the representative.
CONFUSION_CLASSES: tuple[str, ...] = ("0O", "1IL", "5S", "8B", "2Z")
_TO_KEY = str.maketrans({c: group[0] for group in CONFUSION_CLASSES for c in group[1:]})
_CLASS_OF = {c: group for group in CONFUSION_CLASSES for c in group}
MAX_VARIANTS = 64
MIN_ONE_EDIT_LENGTH = 6
# Cyrillic and Greek capitals that look like Latin ones (typed on another keyboard).
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТУХІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEKMHOPCTYXIJSABEZHIKMNOPTYX")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


@lru_cache(maxsize=1 << 14)
def normalise_number(text: str) -> str:
    """Upper case, full-width and look-alike letters folded, separators and '<' removed."""
    text = unicodedata.normalize("NFKC", text).upper().translate(_HOMOGLYPHS)
    return _NOT_ALNUM.sub("", text)


@lru_cache(maxsize=1 << 14)
def confusion_key(number: str) -> str:
    """The number with every confusable character replaced by its class representative:
    "E1234S678" and "E12345678" both give "E12345678"; "GO1I" gives "G011"."""
    return normalise_number(number).translate(_TO_KEY)


def ocr_variants(number: str) -> tuple[str, ...]:
    """Numbers the same document could be read as, the normalised number first.

    Bounded to ``MAX_VARIANTS``; prefer ``confusion_key`` for lookups.
    """
    norm = normalise_number(number)
    options = [_CLASS_OF.get(c, c) for c in norm]
    out = [norm]
    for combo in itertools.product(*options):
        variant = "".join(combo)
        if variant != norm:
            out.append(variant)
        if len(out) >= MAX_VARIANTS:
            break
    return tuple(out)


def compare_document(app_number: str | None, register_numbers: Sequence[str]) -> str:
    """Compare an application's document number with the register's numbers."""
    if not app_number:
        return "null"
    app = normalise_number(app_number)
    register = [n for n in (normalise_number(r) for r in register_numbers if r) if n]
    if not app or not register:
        return "null"
    if app in register:
        return "exact"
    key = confusion_key(app)
    keys = [confusion_key(n) for n in register]
    if key in keys:
        return "ocr_confusion"
    if len(key) >= MIN_ONE_EDIT_LENGTH and any(within_one_edit(key, k, indels=False) for k in keys):
        return "one_edit"
    return "different"


def within_one_edit(a: str, b: str, *, indels: bool = True) -> bool:
    """True when ``a`` and ``b`` differ by one substitution, adjacent transposition or
    (with ``indels``) one inserted or deleted character. Equal strings are not."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if la != lb:
        if not indels or abs(la - lb) != 1:
            return False
        short, long_ = (a, b) if la < lb else (b, a)
        i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
        return short[i:] == long_[i + 1 :]
    i = next(k for k in range(la) if a[k] != b[k])
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


# --- national IDs ----------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def _canonical(country: str, number: str) -> tuple[str, bool | None]:
    """(normalised number, passes its check?) with None when no validator exists."""
    text = profile(country).upgrade_id(normalise_number(number))
    try:
        return validate_national_id(country, text).normalized, True
    except UnsupportedCountry:
        return text, None
    except NationalIdError:
        return text, False


def compare_national_id(app_id: str | None, register_id: str | None, *, country: str) -> str:
    """Compare the application's national ID with the register's."""
    if not app_id or not register_id:
        return "null"
    country = country.strip().upper()
    app, app_valid = _canonical(country, app_id)
    # The register's own numbers need no check (the loader checked them): normalising is
    # enough, and runs for every candidate.
    register = profile(country).upgrade_id(normalise_number(register_id))
    if not app or not register:
        return "null"
    if app == register:
        return "exact"
    close = within_one_edit(app, register) or confusion_key(app) == confusion_key(register)
    if app_valid is False and close:
        return "invalid_checksum_one_edit"
    if app_valid is None:
        # No check digit to tell a typo from another person's number, nor to show that a
        # foreign clerk copied the right number from the right document.
        return "unchecked_one_edit" if close else "unchecked_different"
    return "different"


def embedded_fields(country: str, id: str) -> NationalIdInfo | None:
    """Birth date, sex and region embedded in a valid national ID; None when the number
    is empty, invalid, or of a country without a validator."""
    if not id or not id.strip():
        return None
    country = country.strip().upper()
    number = profile(country).upgrade_id(normalise_number(id))
    try:
        return validate_national_id(country, number)
    except (NationalIdError, UnsupportedCountry):
        return None
