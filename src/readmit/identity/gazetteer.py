"""Division gazetteers: division codes with native and Latin names, and free-text lookup.

China: GB/T 2260 codes and Chinese names with their history (1980s to today) from
python-stdnum's ``stdnum/cn/loc.dat``; Latin names from pypinyin (toneless, joined
syllables, administrative suffix stripped: 福清市 -> "Fuqing"), the whole name
("Fuqingshi"), standard place readings pypinyin gets wrong (朝阳 Chaoyang), Wade-Giles
(Fu-ch'ing) and a few conventional names (Foochow, Hokchia) as search keys.
Guatemala: departments and municipalities with INE codes (``data/gtm.py``). Nothing
is downloaded; a gazetteer is built in memory on first use (under a second for
China) by the builders in ``places.py``.

``resolve`` maps a free-text birthplace to the division codes it could mean. Order
of the result: divisions whose kind agrees with a suffix written in the text first
("Changle City" puts 长乐市 350182 before 长乐区 350112), then divisions that still
exist before superseded codes, then the more specific before the less specific, then
by code. Superseded codes are kept because older IDs and registers still carry them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from readmit.identity.data import chn as chn_data
from readmit.identity.docnums import within_one_edit

__all__ = [
    "RANK", "Division", "Gazetteer", "Level", "fold_tokens", "gazetteer", "latin_key",
    "native_base",
]  # fmt: skip

Level = Literal["province", "prefecture", "county", "department", "municipality"]
RANK: dict[str, int] = {
    "province": 0, "department": 0, "prefecture": 1, "county": 2, "municipality": 2,
}  # fmt: skip


@dataclass(frozen=True)
class Division:
    code: str
    name_native: str  # current (latest) official name
    names_latin: tuple[str, ...]  # display forms, the usual romanisation first
    level: Level
    parent: str | None


# --- text normalisation --------------------------------------------------------

_PARTS = re.compile(r"[,;/|()\[\]{}\n\t、，；：:（）]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_APOSTROPHES = re.compile(r"['’‘`ʼ´]")
_INNER_HYPHEN = re.compile(r"(?<=[a-z])[-‐‑–](?=[a-z])")
_WORD = re.compile(r"[a-z0-9]+")


def fold_tokens(text: str) -> list[str]:
    """Lower-case ASCII words: accents dropped, apostrophes removed, inner hyphens joined."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _INNER_HYPHEN.sub("", _APOSTROPHES.sub("", text))
    return _WORD.findall(text)


def latin_key(text: str) -> str:
    """The lookup key of a Latin name: "Jin'an" and "JIN AN" -> "jinan"."""
    return "".join(fold_tokens(text))


# Trailing administrative words, with the kind of division they announce.
_HINT_WORDS: dict[str, str | None] = {
    "city": "city", "shi": "city", "ciudad": "city", "municipio": "city",
    "municipality": "city", "county": "county", "xian": "county", "banner": "county",
    "zizhixian": "county", "district": "district", "qu": "district",
    "province": "province", "sheng": "province", "provincia": "province",
    "department": "province", "departamento": "province", "depto": "province",
    "dept": "province", "zizhiqu": "province", "prefecture": "prefecture",
    "zizhizhou": "prefecture", "diqu": "prefecture",
    "autonomous": None, "region": "province", "level": None, "countylevel": None,
    "prefecturelevel": None, "special": None, "administrative": None, "sar": None,
}  # fmt: skip
_LINKS = frozenset(("of", "de", "del"))

# Native suffixes (longest first) and the kind they announce; autonomous ones may be
# preceded by nationality names, stripped too (广西壮族自治区 -> 广西).
_NATIVE_SUFFIXES: tuple[tuple[str, str, bool], ...] = (
    ("特别行政区", "province", False), ("特別行政區", "province", False),
    ("自治区", "province", True), ("自治州", "prefecture", True),
    ("自治县", "county", True), ("自治旗", "county", True), ("行政区", "province", False),
    ("地区", "prefecture", False), ("新区", "district", False),
    ("矿区", "district", False), ("特区", "district", False), ("管理区", "district", False),
    ("省", "province", False), ("市", "city", False), ("县", "county", False),
    ("区", "district", False), ("旗", "county", False), ("盟", "prefecture", False),
)  # fmt: skip
_ETHNIC_TAIL = re.compile("(?:(?:" + "|".join(chn_data.ETHNIC_GROUPS) + ")族?)+$")


def native_base(name: str) -> tuple[str, str | None]:
    """Strip the administrative suffix (and nationality names before 自治…): (base, kind).

    A single character is never left on its own: 沙县 stays 沙县, romanised Shaxian.
    """
    for suffix, kind, autonomous in _NATIVE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            if autonomous:
                stripped = _ETHNIC_TAIL.sub("", base)
                base = stripped if len(stripped) >= 2 else base
            return (base, kind) if len(base) >= 2 else (name, kind)
    return name, None


# --- the gazetteer -------------------------------------------------------------


class _Group(NamedTuple):
    """The divisions one name in the text may mean."""

    codes: frozenset[str]
    hint: str | None  # kind announced by a suffix ("city"), if any
    whole: bool  # the name is a whole comma-separated part, not words inside one


class Gazetteer:
    """Divisions of one country, their hierarchy, and a free-text index."""

    def __init__(
        self,
        country: str,
        divisions: Iterable[Division],
        *,
        latin: dict[str, set[str]],
        native: dict[str, set[str]],
        kinds: dict[str, str],
        obsolete: Iterable[str] = (),
        country_names: Iterable[str] = (),
    ) -> None:
        self.country = country
        self._divisions = {d.code: d for d in divisions}
        self._latin = {k: frozenset(v) for k, v in latin.items()}
        self._native = {k: frozenset(v) for k, v in native.items()}
        self._kinds = kinds
        self._obsolete = frozenset(obsolete)
        self._country_keys = frozenset(latin_key(n) or n for n in country_names)
        self._chains: dict[str, tuple[str, ...]] = {}
        self._cache: dict[str, tuple[str, ...]] = {}
        self._buckets: dict[tuple[int, str, int], list[str]] | None = None

    def __len__(self) -> int:
        return len(self._divisions)

    def __iter__(self) -> Iterator[Division]:
        return iter(self._divisions.values())

    def get(self, code: str) -> Division | None:
        return self._divisions.get(code)

    def describe(self, code: str) -> str:
        """A division code for people: '350128 平潭县 Pingtan (福州市 Fuzhou, 福建省 Fujian)'."""
        chain = [c for c in (code, *reversed(self.ancestors(code))) if c in self._divisions]
        if not chain:
            return code
        names = [
            " ".join(dict.fromkeys(filter(None, (d.name_native, *d.names_latin[:1]))))
            for d in (self._divisions[c] for c in chain)
        ]
        within = f" ({', '.join(names[1:])})" if len(names) > 1 else ""
        head = names[0] if chain[0] == code else f"unknown division in {names[0]}"
        return f"{code} {head}{within}"

    def is_current(self, code: str) -> bool:
        """False for codes that GB/T 2260 has since retired (350182 长乐市 since 2017)."""
        return code in self._divisions and code not in self._obsolete

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Codes of the divisions containing ``code``, from the top down.

        For a code missing from the gazetteer, the known divisions its digits point to.
        """
        chain = self._chains.get(code)
        if chain is None:
            division = self._divisions.get(code)
            if division is not None:
                up = [] if division.parent is None else [*self.ancestors(division.parent)]
                chain = (*up, division.parent) if division.parent else ()
            else:
                chain = tuple(p for p in self._structural_parents(code) if p in self._divisions)
            self._chains[code] = chain
        return chain

    def _structural_parents(self, code: str) -> tuple[str, ...]:
        # A code the table does not list (retired, or newer than it) still names its parents
        # by its digits: the province and prefecture of 6-digit codes, the department of
        # 4-digit ones.
        if not code.isdigit():
            return ()
        if len(code) == 6:
            return tuple(p for p in (code[:2] + "0000", code[:4] + "00") if p != code)
        return (code[:2],) if len(code) == 4 else ()

    def resolve(self, text: str) -> tuple[str, ...]:
        """Division codes ``text`` may name, best reading first (see the module doc)."""
        hit = self._cache.get(text)
        if hit is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            hit = self._cache[text] = self._resolve(text)
        return hit

    # -- resolution internals --

    def _resolve(self, text: str) -> tuple[str, ...]:
        parts = [p for p in _PARTS.split(text) if p.strip()]
        # "…, China" / "…, Guatemala" names the state, unless nothing else is there.
        named = [p for p in parts if (latin_key(p) or p.strip()) not in self._country_keys]
        parts = named or parts[:1]
        groups: list[_Group] = []
        for part in parts:
            groups.extend(self._resolve_part(part))
        if not groups:
            return ()
        found = [(c, i, g.hint, g.whole) for i, g in enumerate(groups) for c in g.codes]
        if len(groups) > 1:
            # Keep the readings that agree with the most other parts ("Gulou, Fuzhou").
            def support(code: str, i: int) -> int:
                return sum(
                    any(self._related(code, d) for d in g.codes)
                    for j, g in enumerate(groups)
                    if j != i
                )

            scored = [(support(c, i), (c, i, h, w)) for c, i, h, w in found]
            best = max(s for s, _ in scored)
            kept = [f for s, f in scored if s == best]
            # A part that only names the province of another part's county is context.
            found = [
                f
                for f in kept
                if not any(k[1] != f[1] and f[0] in self.ancestors(k[0]) for k in kept)
            ]
            # Words inside a longer part ("Calle San José") yield to a part that is a name.
            if any(w for *_, w in found):
                found = [f for f in found if f[3]]
        hints: dict[str, str | None] = {}
        for c, _, h, _ in found:
            if c not in hints or (h is not None and hints[c] is None):
                hints[c] = h

        def order(code: str) -> tuple[int, int, int, str]:
            hint = hints[code]
            mismatch = hint is not None and self._kinds.get(code) != hint
            division = self._divisions[code]
            return (mismatch, code in self._obsolete, -RANK[division.level], code)

        return tuple(sorted(hints, key=order))

    def _related(self, a: str, b: str) -> bool:
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def _resolve_part(self, part: str) -> list[_Group]:
        han = "".join(_HAN.findall(part))
        if han:
            return self._resolve_native(han)
        tokens = fold_tokens(part)
        if not tokens:
            return []
        raw = self._latin.get("".join(tokens))
        if raw:
            return [_Group(raw, None, True)]
        core, hint = _strip_words(tokens)
        key = "".join(core)
        if key and (codes := self._latin.get(key)):
            return [_Group(codes, hint, True)]
        if len(key) >= 6 and (codes := self._fuzzy(key)):
            return [_Group(codes, hint, True)]
        return self._segment([t for t in tokens if t not in _HINT_WORDS], hint)

    def _segment(self, tokens: list[str], hint: str | None) -> list[_Group]:
        """Greedy longest runs of words that name a division ("Fuqing Fujian"); a
        trailing "… City" applies to the last of them."""
        out: list[_Group] = []
        i = 0
        while i < len(tokens):
            for j in range(len(tokens), i, -1):
                codes = self._latin.get("".join(tokens[i:j]))
                if codes:
                    out.append(_Group(codes, None, False))
                    i = j
                    break
            else:
                i += 1
        if out and hint:
            out[-1] = out[-1]._replace(hint=hint)
        return out

    def _resolve_native(self, han: str) -> list[_Group]:
        base, kind = native_base(han)
        if codes := self._native.get(base):
            return [_Group(codes, kind, True)]
        out: list[_Group] = []
        i = 0
        while i < len(han):  # 福建省福清市 -> 福建省 | 福清市
            for j in range(min(len(han), i + 12), i + 1, -1):
                base, kind = native_base(han[i:j])
                if codes := self._native.get(base):
                    out.append(_Group(codes, kind, False))
                    i = j
                    break
            else:
                i += 1
        return out

    def _fuzzy(self, key: str) -> frozenset[str]:
        """Codes of index keys one edit from ``key`` (keys of 5+ letters only)."""
        if self._buckets is None:
            buckets: dict[tuple[int, str, int], list[str]] = defaultdict(list)
            for k in self._latin:
                if len(k) >= 5:
                    buckets[(len(k), k[0], 0)].append(k)
                    buckets[(len(k), k[-1], 1)].append(k)
            self._buckets = dict(buckets)
        hits: set[str] = set()
        for n in (len(key) - 1, len(key), len(key) + 1):
            for bucket in ((n, key[0], 0), (n, key[-1], 1)):
                for k in self._buckets.get(bucket, ()):
                    if within_one_edit(key, k):
                        hits |= self._latin[k]
        return frozenset(hits)


def _strip_words(tokens: list[str]) -> tuple[list[str], str | None]:
    """Drop leading "city of"/"municipio de" and trailing "city"/"xian"/… words."""
    core, hint = list(tokens), None
    if len(core) > 2 and core[0] in _HINT_WORDS and core[1] in _LINKS:
        hint, core = _HINT_WORDS[core[0]], core[2:]
    while len(core) > 1 and core[-1] in _HINT_WORDS:
        word = core.pop()
        hint = hint or _HINT_WORDS[word]
    return core, hint


@cache
def _gazetteer(country: str) -> Gazetteer:
    from readmit.countries import country as profile  # builders are late: pypinyin is slow

    build = profile(country).gazetteer
    if build is None:
        raise LookupError(f"no gazetteer for {country!r}")
    return build()


def gazetteer(country: str) -> Gazetteer:
    """The gazetteer of ``country`` (ISO alpha-3 or alpha-2), built once per process."""
    from readmit.countries import by_alpha2

    code = country.strip().upper()
    return _gazetteer(by_alpha2(code) or code if len(code) == 2 else code)
