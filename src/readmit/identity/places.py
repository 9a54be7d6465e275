"""Birthplace comparison: an application's free text against a register's division code.

Levels, in Splink's order (null, exact, fuzzy levels, else):

* ``null``: no text or no code, the text names no known division, the register
  code is unknown to the gazetteer, or the country has no gazetteer.
* ``exact``: one of the divisions the text may mean is the register's division.
  Superseded codes resolve too ("Changle" means 350182 and 350112 alike).
* ``same_level2``: the deepest division they share is a prefecture (China only):
  "Fuzhou" against 350181 福清市, or Fuqing against 350182 长乐市.
* ``same_level1``: they share only the province (China) or department (Guatemala).
* ``different``: nothing shared.

When the text is ambiguous ("Gulou" is a district of several cities) the best
agreement of any reading counts; the engine's weights for these levels are estimated
on data with the same ambiguity. The birthplace embedded in a national ID is not
independent of this field (see ``docnums.embedded_fields``).

This module also builds the gazetteers (the country profiles of ``readmit.countries`` name
their builder; ``gazetteer.gazetteer`` calls it):
China from python-stdnum's GB/T 2260 table (``stdnum/cn/loc.dat``: codes, Chinese
names and their history) romanised with pypinyin, with the readings and
conventional names of ``data/chn.py``; Guatemala from ``data/gtm.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources

from pypinyin import Style, lazy_pinyin
from pypinyin.style.wadegiles import to_wade_glides

from readmit.identity.data import chn as chn_data
from readmit.identity.data import gtm as gtm_data
from readmit.identity.gazetteer import (
    RANK,
    Division,
    Gazetteer,
    Level,
    gazetteer,
    latin_key,
    native_base,
)

__all__ = ["COMPARISONS", "PLACE_LEVELS", "Division", "Gazetteer", "compare_place", "gazetteer"]

PLACE_LEVELS: tuple[str, ...] = ("null", "exact", "same_level2", "same_level1", "different")
COMPARISONS: dict[str, tuple[str, ...]] = {"compare_place": PLACE_LEVELS}

# Rank of the shared division -> level: 0 = province/department, 1 = prefecture.
_SHARED_LEVEL = {0: "same_level1", 1: "same_level2"}


def compare_place(text: str | None, code: str | None, *, country: str) -> str:
    """Compare a free-text birthplace with a register's division code."""
    if not text or not text.strip() or not code or not code.strip():
        return "null"
    return _compare(text.strip(), code.strip(), country.strip().upper())


@lru_cache(maxsize=1 << 16)
def _compare(text: str, code: str, country: str) -> str:
    try:
        places = gazetteer(country)
    except LookupError:
        return "null"
    register_chain = set(places.ancestors(code))
    if places.get(code) is not None:
        register_chain.add(code)
    if not register_chain:
        return "null"
    readings = places.resolve(text)
    if not readings:
        return "null"
    if code in readings:
        return "exact"
    # The deepest division shared by any reading and the register's code (which may
    # itself be a prefecture: "Fuqing" against 350100 agrees at the prefecture).
    shared = -1
    for reading in readings:
        for common in register_chain.intersection((reading, *places.ancestors(reading))):
            division = places.get(common)
            if division is not None:
                shared = max(shared, RANK[division.level])
    return _SHARED_LEVEL.get(shared, "different")


# --- gazetteer builders (called once per country by ``gazetteer``) -------------

# Placeholders that are not places: a prefecture slot for "districts" or "counties"
# of a municipality, or for county-level units directly under a province.
_PLACEHOLDERS = frozenset(
    ("市辖区", "县", "省直辖县级行政单位", "省直辖行政单位", "省直辖县级行政区划",
     "自治区直辖县级行政单位", "自治区直辖县级行政区划")
)  # fmt: skip
_GENERIC = _PLACEHOLDERS | {"市区", "郊区", "城区", "矿区", "林区"}
_ITEM = re.compile(r"^\[(\d*)-(\d*)\](.*)$")


@lru_cache(maxsize=4096)
def _wade_giles(syllable: str) -> str:
    """Wade-Giles of a toneless pinyin syllable (ü written v)."""
    out = to_wade_glides(syllable)
    # pypinyin 0.55 turns a final -ai into -ei when the initial is unchanged (hai -> hei).
    if syllable.endswith("ai") and out.endswith("ei"):
        out = out[:-2] + "ai"
    return out


def _readings(name: str, base: str) -> tuple[list[str], list[list[str]]]:
    """Syllables of ``base`` in its place-name reading, and the search readings: that
    one, pypinyin's own when it differs, and the whole ``name``."""
    plain = lazy_pinyin(name, style=Style.NORMAL, errors="ignore")
    if len(plain) != len(name):  # not all Han: romanise the base on its own
        plain = lazy_pinyin(base, style=Style.NORMAL, errors="ignore")
        return plain, [plain]
    chars = chn_data.PLACE_CHAR_READINGS
    syllables = [chars.get(c, s) for c, s in zip(name, plain, strict=True)]
    if (fixed := chn_data.PLACE_READINGS.get(base)) is not None:
        syllables[: len(base)] = fixed.split()
    usual = syllables[: len(base)]
    readings = [usual, syllables]
    if plain[: len(base)] != usual:
        readings.append(plain[: len(base)])
    return usual, readings


def _u_variants(key: str) -> set[str]:
    """pypinyin writes ü as v; records write u, v or yu (LYU on passports)."""
    return {key, key.replace("v", "u"), key.replace("v", "yu")} if "v" in key else {key}


def _display(syllables: list[str]) -> str:
    out = ""
    for i, s in enumerate(syllables):
        out += ("'" if i and s[:1] in "aoe" else "") + s
    return out[:1].upper() + out[1:]


def _parse_items(value: str) -> list[tuple[str, bool]]:
    """loc.dat history "[1983-1994]郊区,[1995-]晋安区" -> [(name, still_current), ...]."""
    out = []
    for item in value.split(","):
        m = _ITEM.match(item)
        out.append((m[3], not m[2]) if m else (item, True))
    return out


def build_chn() -> Gazetteer:
    """China: GB/T 2260 from python-stdnum's loc.dat, romanised with pypinyin."""
    raw: dict[str, list[tuple[str, bool]]] = {}
    province = ""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        prefix, _, value = line.strip().partition(" ")
        value = value.split("=", 1)[1].strip('"')
        if not line.startswith(" "):
            province = prefix
            raw.setdefault(province + "0000", _parse_items(value))
        else:
            raw[province + prefix] = _parse_items(value)
    real = {
        code
        for code, items in raw.items()
        if not (code.endswith("00") and not code.endswith("0000") and items[-1][0] in _PLACEHOLDERS)
    }
    latin: dict[str, set[str]] = defaultdict(set)
    native: dict[str, set[str]] = defaultdict(set)
    names_latin: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for code in sorted(real):
        items = raw[code]
        current = [name for name, alive in items if alive]
        for name in [*current, *(n for n, alive in items if not alive)]:
            if name in _GENERIC:
                continue
            base, kind = native_base(name)
            kinds.setdefault(code, kind or "")
            native[base].add(code)
            usual, readings = _readings(name, base)
            wade = [_wade_giles(x) for x in usual]
            for syllables in (*readings, wade):
                for key in _u_variants(latin_key("".join(syllables))):
                    latin[key].add(code)
            shown = (
                _display(usual).replace("v", "ü"),
                "-".join(wade).capitalize().replace("v", "ü"),
            )
            names_latin[code].extend(x for x in shown if x and x not in names_latin[code])
    for name, code in chn_data.EXONYMS.items():
        if code in real:
            latin[latin_key(name)].add(code)
            names_latin[code].append(name)
    divisions = []
    for code in sorted(real):
        level: Level = "county"
        if code.endswith("00"):
            level = "province" if code.endswith("0000") else "prefecture"
        parent = None
        if level != "province":
            parent = code[:2] + "0000"
            if level == "county" and code[:4] + "00" in real:
                parent = code[:4] + "00"
        items = raw[code]
        current = [n for n, alive in items if alive]
        divisions.append(
            Division(code, (current or [items[-1][0]])[-1], tuple(names_latin[code]), level, parent)
        )
    obsolete = [code for code in real if not raw[code][-1][1]]
    return Gazetteer(
        "CHN", divisions, latin=latin, native=native, kinds=kinds, obsolete=obsolete,
        country_names=chn_data.COUNTRY_NAMES,
    )  # fmt: skip


def build_gtm() -> Gazetteer:
    """Guatemala: departments and municipalities typed in ``data/gtm.py``."""
    divisions: list[Division] = []
    latin: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}

    def add(code: str, names: str, level: Level, parent: str | None) -> None:
        listed = [n.replace("(unconfirmed)", "").strip() for n in names.split("|")]
        divisions.append(Division(code, listed[0], tuple(listed), level, parent))
        kinds[code] = "province" if level == "department" else "city"
        for name in listed:
            latin[latin_key(name)].add(code)

    for d, (department, municipalities) in enumerate(gtm_data.DEPARTMENTS, start=1):
        add(f"{d:02d}", department, "department", None)
        for m, municipality in enumerate(municipalities, start=1):
            add(f"{d:02d}{m:02d}", municipality, "municipality", f"{d:02d}")
    return Gazetteer(
        "GTM", divisions, latin=latin, native={}, kinds=kinds,
        country_names=gtm_data.COUNTRY_NAMES,
    )  # fmt: skip
