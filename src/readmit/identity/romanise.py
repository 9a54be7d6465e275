"""Register side: the lattice of Latin keys of a native (Han) name, with provenance.

A register name 曾小红 becomes every Latin rendering a foreign officer may have written,
each a :class:`NameKey` naming the scheme of the *surname* reading:

* ``pinyin``: Hanyu pinyin with the surname's surname reading (曾 zeng, never ceng; table
  ``SURNAME_READINGS``), given syllables joined; a name with ü gives three keys, written
  ``yu`` (passports: LYU), ``u`` and ``v``, the same spelling in family and given name.
* ``wade_giles``: both parts converted syllable by syllable (``romanise_tables.wade_giles``):
  Tseng / hsiaohung.
* ``cantonese``: Hong Kong government romanisation: the surname from the curated table,
  given characters from the ``cantonese-romanisation`` package (Tsang / siuhung).
* ``hokkien``, ``teochew``, ``fuzhou``, ``hakka``: curated surname spellings (Tan, Teo,
  Ding, Chong...) with the pinyin given name (no given-name data for these schemes).
  Decision: "Teo Wei" (Teochew surname, pinyin given) is a key of 张伟; such mixed
  records exist (a dialect surname kept, the given name read from a PRC document), and
  the key only nominates a candidate: dates, places and documents decide.
* ``pinyin_alt_reading``: other readings: the surname's other surname readings (乐 le) and
  the other name readings of given-name characters (``GIVEN_NAME_READINGS``: 长 chang /
  zhang; at most one character changed per key, at most ``_MAX_ALT`` keys).
* ``latin``: a register name with no Han characters at all, folded as it is.

Keys are deduplicated on (family, given), the first scheme producing a key keeps it, in
the order: pinyin, wade_giles, cantonese (first spelling), dialect surnames, alternative
readings, other Cantonese spellings. ``limit`` cuts the tail.

Speed: every step is cached per character, per family name and per given name; the
heavy libraries (pypinyin, cantonese-romanisation, OpenCC) load on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NamedTuple

from readmit.identity.latin import fold
from readmit.identity.romanise_tables import (
    CANTONESE_SURNAMES,
    COMPOUND_SURNAMES,
    DIALECT_TABLES,
    GIVEN_NAME_READINGS,
    SURNAME_READINGS,
    U_MODES,
    WADE_GILES,
    wade_giles,
)

__all__ = ["SCHEMES", "NameKey", "han_key_strings", "han_name_keys", "pinyin_syllables"]

SCHEMES: Final = (
    "pinyin", "pinyin_alt_reading", "wade_giles", "cantonese", "hokkien", "teochew",
    "fuzhou", "hakka", "latin",
)  # fmt: skip
_MAX_ALT: Final = 4  # given-name keys with one other reading of one character
_MAX_CANTONESE: Final = 3  # Cantonese given-name spellings per name
_SEPARATORS: Final = frozenset(" \t·•・‧.-_,'")


@dataclass(frozen=True, slots=True)
class NameKey:
    """One Latin rendering of a register name; ``scheme`` is that of the surname reading."""

    family: str
    given: str
    scheme: str


def is_han(ch: str) -> bool:
    """True for one Han character (a longer or empty text is not one)."""
    if len(ch) != 1:
        return False
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
        or ch == "〇"
    )


# --- per-character sources (loaded lazily) --------------------------------------------


@lru_cache(maxsize=1)
def _pypinyin() -> Any:
    import pypinyin

    return pypinyin


@lru_cache(maxsize=1)
def _cantonese_table() -> dict[str, list[str]]:
    from cantoroman import Cantonese

    return Cantonese().charToRoman  # type: ignore[no-any-return]


@lru_cache(maxsize=2)
def _opencc(config: str) -> Any:
    from opencc import OpenCC

    return OpenCC(config)


@lru_cache(maxsize=1 << 17)  # bounded by the Han character set
def _reading(ch: str) -> str:
    """pypinyin's default toneless reading of one Han character (ü as v), or ""."""
    pypinyin = _pypinyin()
    found = pypinyin.pinyin(ch, style=pypinyin.Style.NORMAL, errors="ignore")
    reading = found[0][0] if found and found[0] else ""
    return reading if reading.isascii() and reading.isalpha() else ""


@lru_cache(maxsize=1 << 17)  # bounded by the Han character set
def _simplified(ch: str) -> str:
    return str(_opencc("t2s").convert(ch))


@lru_cache(maxsize=1 << 17)  # bounded by the Han character set
def _traditional(ch: str) -> str:
    return str(_opencc("s2t").convert(ch))


def _lookup(table: dict[str, tuple[str, ...]], han: str) -> tuple[str, ...]:
    found = table.get(han)
    if found is None:
        found = table.get("".join(_simplified(c) for c in han))
    return found or ()


# Hong Kong government spellings never start with b/d/g/j/z and never double "aa"; the
# package also lists Jyutping-like forms (daai, gwok, jiu): ranked after, or respelt.
_HK_RESPELL: Final = (("gw", "kw"), ("b", "p"), ("d", "t"), ("g", "k"), ("j", "ch"), ("z", "ts"))


def _hk_form(reading: str) -> str:
    for old, new in _HK_RESPELL:
        if reading.startswith(old):
            reading = new + reading[len(old) :]
            break
    return reading.replace("aa", "a")


@lru_cache(maxsize=1 << 17)  # bounded by the Han character set
def _cantonese_char(ch: str) -> tuple[str, ...]:
    """Hong Kong government romanisations of one character (at most two)."""
    table = _cantonese_table()
    raw = table.get(ch) or table.get(_traditional(ch)) or []
    native = [r for r in raw if r.isascii() and r.isalpha() and _hk_form(r) == r]
    respelt = [_hk_form(r) for r in raw if r.isascii() and r.isalpha()]
    return tuple(dict.fromkeys(native + respelt))[:2]


# --- family and given names -----------------------------------------------------------


class _Family(NamedTuple):
    pinyin: tuple[tuple[str, ...], ...]  # syllables of each reading, the surname reading first
    wade_giles: str
    cantonese: tuple[str, ...]
    dialects: tuple[tuple[str, str], ...]  # (spelling, scheme)


class _Given(NamedTuple):
    pinyin: tuple[str, ...]  # syllables, default readings
    alternatives: tuple[tuple[str, ...], ...]  # syllables with one other reading
    wade_giles: str
    cantonese: tuple[str, ...]


def _parts(text: str) -> list[str]:
    """Han characters one by one; runs of anything else folded to Latin chunks."""
    out: list[str] = []
    chunk = ""
    for ch in text:
        if is_han(ch) or ch in _SEPARATORS:
            if chunk:
                out.append(fold(chunk).replace(" ", ""))
                chunk = ""
            if is_han(ch):
                out.append(ch)
        else:
            chunk += ch
    if chunk:
        out.append(fold(chunk).replace(" ", ""))
    return [p for p in out if p]


def _char_syllable(part: str) -> str:
    return _reading(part) if len(part) == 1 and is_han(part) else part


def pinyin_syllables(han: str) -> tuple[str, ...]:
    """Default pinyin of each Han character (toneless, ü as v); other characters dropped."""
    return tuple(s for ch in han if is_han(ch) and (s := _char_syllable(ch)))


def _wg(syllables: tuple[str, ...]) -> str:
    return "".join(WADE_GILES.get(s) or wade_giles(s) for s in syllables)


@lru_cache(maxsize=1 << 14)
def _family(family: str) -> _Family:
    parts = _parts(family)
    han = "".join(p for p in parts if is_han(p))
    compound = _lookup(COMPOUND_SURNAMES, han) if len(han) == 2 and len(parts) == 2 else ()
    if compound:
        readings: list[tuple[str, ...]] = [compound]
    elif len(parts) == 1 and is_han(parts[0]):
        fixed = _lookup(SURNAME_READINGS, parts[0])
        readings = [(r,) for r in fixed] or [(_char_syllable(parts[0]),)]
    else:  # double-barrelled (张李) or not Han: each part's surname reading
        readings = [tuple((_lookup(SURNAME_READINGS, p) or (_char_syllable(p),))[0] for p in parts)]
    readings = [r for r in readings if "".join(r)]
    if not readings:
        return _Family((), "", (), ())
    cantonese = _lookup(CANTONESE_SURNAMES, han) if han else ()
    if not cantonese and han and len(parts) == len(han):
        per_char = [_cantonese_char(c) for c in han]
        if all(per_char):
            cantonese = ("".join(r[0] for r in per_char),)
    dialects = tuple(
        (spelling, scheme)
        for scheme, table in DIALECT_TABLES
        for spelling in (_lookup(table, han) if han and len(parts) == len(han) else ())
    )
    return _Family(tuple(readings), _wg(readings[0]), cantonese, dialects)


@lru_cache(maxsize=1 << 16)
def _given(given: str) -> _Given:
    parts = _parts(given)
    base = tuple(_char_syllable(p) for p in parts)
    alternatives = [
        (*base[:i], other, *base[i + 1 :])
        for i, p in enumerate(parts)
        for other in _lookup(GIVEN_NAME_READINGS, p)
        if other != base[i] and len(p) == 1
    ]
    cantonese: tuple[str, ...] = () if parts else ("",)
    per_char = [_cantonese_char(p) if is_han(p) else (p,) for p in parts]
    if parts and all(per_char):
        first = tuple(r[0] for r in per_char)
        variants = [first] + [
            (*first[:i], r[1], *first[i + 1 :]) for i, r in enumerate(per_char) if len(r) > 1
        ]
        cantonese = tuple("".join(v) for v in variants[:_MAX_CANTONESE])
    return _Given(
        tuple(s for s in base if s),
        tuple(alternatives[:_MAX_ALT]),
        _wg(tuple(s for s in base if s)),
        cantonese,
    )


@lru_cache(maxsize=1 << 16)
def _u_spell(syllables: tuple[str, ...], mode: str) -> str:
    # Cached: a register load spells the same few thousand given names millions of times.
    table = U_MODES[mode]
    return "".join(table.get(s, s) for s in syllables)


def _split_native(family: str, given: str) -> tuple[str, str]:
    """A full name in one field -> (family, given), recognising compound surnames."""
    family, given = family.strip(), given.strip()
    if family and given:
        return family, given
    full = family or given
    if len(full) >= 2 and all(is_han(c) for c in full):
        if len(full) > 2 and _lookup(COMPOUND_SURNAMES, full[:2]):
            return full[:2], full[2:]
        if not _lookup(COMPOUND_SURNAMES, full):
            return full[:1], full[1:]
    return family, given


def han_name_keys(family: str, given: str, *, limit: int = 32) -> tuple[NameKey, ...]:
    """Every plausible Latin rendering of a native-script name, pinyin first."""
    renderings = _renderings(*_split_native(family, given))
    return tuple(NameKey(f, g, scheme) for (f, g), scheme in renderings[:limit])


def han_key_strings(family: str, given: str, *, limit: int = 32) -> tuple[str, ...]:
    """The same renderings as 'family|given' strings, as the register's index keys them."""
    return tuple(f"{f}|{g}" for (f, g), _ in _renderings(*_split_native(family, given))[:limit])


def _renderings(family: str, given: str) -> list[tuple[tuple[str, str], str]]:
    if not any(is_han(c) for c in family + given):
        f, g = fold(family).replace(" ", ""), fold(given).replace(" ", "")
        return [((f, g), "latin")] if f or g else []
    fam, giv = _family(family), _given(given)
    if not fam.pinyin and not giv.pinyin:
        return []
    out: dict[tuple[str, str], str] = {}

    def add(f: str, g: str, scheme: str) -> None:
        if (f or g) and (f, g) not in out:
            out[f, g] = scheme

    surname = fam.pinyin[0] if fam.pinyin else ()
    has_u = any(s in U_MODES["v"] for s in surname + giv.pinyin)
    for mode in ("yu", "u", "v") if has_u else ("yu",):
        add(_u_spell(surname, mode), _u_spell(giv.pinyin, mode), "pinyin")
    given_py = _u_spell(giv.pinyin, "yu")
    add(fam.wade_giles, giv.wade_giles, "wade_giles")
    if fam.cantonese and giv.cantonese:
        add(fam.cantonese[0], giv.cantonese[0], "cantonese")
    for spelling, scheme in fam.dialects:
        add(spelling, given_py, scheme)
    for reading in fam.pinyin[1:]:
        add(_u_spell(reading, "yu"), given_py, "pinyin_alt_reading")
        add(_wg(reading), giv.wade_giles, "pinyin_alt_reading")
    for alternative in giv.alternatives:
        add(_u_spell(surname, "yu"), _u_spell(alternative, "yu"), "pinyin_alt_reading")
    for f in fam.cantonese:
        for g in giv.cantonese:
            add(f, g, "cantonese")
    return list(out.items())
