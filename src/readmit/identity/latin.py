"""Application side: Latin-script names as foreign officers write them.

``fold`` makes any Latin text lower-case ASCII words; ``latin_name_keys`` turns an
application's (family, given) into the candidate keys that are intersected with the
register's lattice (``romanise.han_name_keys``); ``given_similarity`` scores two given names
that did not intersect, syllable by syllable, across romanisation schemes.

ü: both sides produce the spellings in use and the keys are intersected; neither side
maps them to one canonical form. The register writes a ü name three ways (LYU, LU, LV);
``fold`` turns a written ü (or CEDICT's ``u:``) into ``u``; a family name written with the
German-style ``ue`` (LUE, NUE) also yields the ``u`` form. ``given_similarity`` treats
lyu/lv/lu as the same syllable.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein

from readmit.identity.romanise_tables import (
    CANTONESE_SURNAMES,
    COMPOUND_SURNAMES,
    PINYIN_SYLLABLES,
    U_SPELLINGS,
    WADE_GILES_SYLLABLES,
    WADE_GILES_TO_PINYIN,
    wade_giles,
)

__all__ = ["fold", "given_similarity", "latin_name_keys", "pinyin_split", "wade_giles_split"]

_APOSTROPHES: Final = re.compile("['\u2018\u2019\u02bc\u02bb`\u00b4]")
_NOT_ALNUM: Final = re.compile(r"[^a-z0-9]+")
_SPECIAL: Final = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l",
     "Ł": "l", "ı": "i", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d"}
)  # fmt: skip


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces.

    Accents and other marks are dropped (José -> jose, Lü -> lu, CEDICT ``lu:`` -> lu),
    apostrophes removed (Ch'ien -> chien, O'Brien -> obrien), hyphens, commas and other
    punctuation become spaces; letters outside the Latin script are dropped.
    """
    text = _APOSTROPHES.sub("", text.replace("u:", "u").replace("U:", "U"))
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


# --- syllable segmentation ------------------------------------------------------------

_PINYIN_TOKENS: Final = PINYIN_SYLLABLES | frozenset(U_SPELLINGS)


def _segment(token: str, syllables: frozenset[str]) -> tuple[str, ...] | None:
    """Longest-match-first segmentation with backtracking; None if impossible."""
    n = len(token)
    memo: dict[int, tuple[str, ...] | None] = {n: ()}

    def walk(i: int) -> tuple[str, ...] | None:
        if i in memo:
            return memo[i]
        result = None
        for j in range(min(n, i + 6), i, -1):
            if token[i:j] in syllables and (rest := walk(j)) is not None:
                result = (token[i:j], *rest)
                break
        memo[i] = result
        return result

    return walk(0) if token and token.isalpha() and token.isascii() else None


@lru_cache(maxsize=1 << 16)
def pinyin_split(token: str) -> tuple[str, ...] | None:
    """Segment a joined given name into pinyin syllables as written ("xiaohong" ->
    ("xiao", "hong"); ü spellings lyu/lv/lue accepted); None if it is not pinyin."""
    return _segment(token.lower(), _PINYIN_TOKENS)


@lru_cache(maxsize=1 << 16)
def wade_giles_split(token: str) -> tuple[str, ...] | None:
    """Segment a joined name into Wade-Giles syllables written without apostrophes or
    umlauts ("hsiaohung" -> ("hsiao", "hung")); None if impossible."""
    return _segment(token.lower(), WADE_GILES_SYLLABLES)


# --- application keys -----------------------------------------------------------------

_COMPOUND_LATIN: Final = frozenset(
    {"".join(s) for s in COMPOUND_SURNAMES.values()}
    | {"".join(wade_giles(x) for x in s) for s in COMPOUND_SURNAMES.values()}
    | {v for k, vs in CANTONESE_SURNAMES.items() if len(k) == 2 for v in vs}
)
_FAMILY_U: Final = {"lue": "lu", "nue": "nu"}


def latin_name_keys(family: str, given: str) -> tuple[tuple[str, str], ...]:
    """Normalised (family, given) candidates of an application name, most likely first.

    Both joined without spaces. Covers: as written; a compound surname split over the two
    fields (OU / YANG NANA); the given field repeating the surname; a whole name in one
    field, surname first or last, with compound surnames (OU YANG NA NA); and every pair
    swapped (name order reversed).
    """
    return _latin_name_keys(family, given)


@lru_cache(maxsize=1 << 15)
def _latin_name_keys(family: str, given: str) -> tuple[tuple[str, str], ...]:
    f_tok, g_tok = fold(family).split(), fold(given).split()
    pairs: list[tuple[list[str], list[str]]] = []
    if f_tok and g_tok:
        pairs.append((f_tok, g_tok))
        if len(g_tok) >= 2 and f_tok[-1] + g_tok[0] in _COMPOUND_LATIN:
            pairs.append(([*f_tok, g_tok[0]], g_tok[1:]))
        if len(g_tok) >= 2 and g_tok[0] == "".join(f_tok):
            pairs.append((g_tok[:1], g_tok[1:]))
    elif f_tok or g_tok:
        tokens = f_tok or g_tok
        if len(tokens) == 1:
            pairs.append((tokens, []) if f_tok else ([], tokens))
        else:
            if tokens[0] + tokens[1] in _COMPOUND_LATIN:
                pairs.append((tokens[:2], tokens[2:]))
            pairs.append((tokens[:1], tokens[1:]))
            if tokens[-2] + tokens[-1] in _COMPOUND_LATIN:
                pairs.append((tokens[-2:], tokens[:-2]))
            pairs.append((tokens[-1:], tokens[:-1]))
    out: dict[tuple[str, str], None] = {}
    for swap in (False, True):
        for f_part, g_part in pairs:
            f, g = "".join(f_part), "".join(g_part)
            if swap:
                f, g = g, f
            if not f and not g:
                continue
            out[f, g] = None
            if f in _FAMILY_U:
                out[_FAMILY_U[f], g] = None
    return tuple(out)


# --- given-name similarity ------------------------------------------------------------

TYPO_MIN_LENGTH = 4  # shorter names are one edit from too many others (li/lu, wu/hu)
TYPO_SIMILARITY = 0.85

_INITIALS: Final = (
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
    "r", "z", "c", "s", "y", "w",
)  # fmt: skip
# Initials that foreign officers confuse (aspiration lost without apostrophes; WG ch for
# zh/ch/j/q): one step; and common near-confusions (z/zh, s/sh, n/l...): a bigger step.
_SAME_CLASS: Final = tuple(
    frozenset(c) for c in (("b", "p"), ("d", "t"), ("g", "k"), ("j", "q", "zh", "ch"), ("z", "c"),
                           ("y", ""), ("w", ""))
)  # fmt: skip
_NEAR_INITIALS: Final = frozenset(
    frozenset(p) for p in (("z", "zh"), ("c", "ch"), ("s", "sh"), ("n", "l"), ("x", "s"),
                           ("x", "sh"), ("j", "z"), ("q", "c"), ("r", "l"), ("h", "f"))
)  # fmt: skip
_NEAR_FINALS: Final = frozenset(
    frozenset(p) for p in (("in", "ing"), ("en", "eng"), ("an", "ang"), ("ian", "iang"),
                           ("uan", "uang"), ("u", "v"), ("ue", "ve"), ("o", "uo"), ("ou", "o"),
                           ("un", "ong"), ("ei", "ui"), ("e", "o"))
)  # fmt: skip


def _initial(syllable: str) -> tuple[str, str]:
    for i in _INITIALS:
        if syllable.startswith(i) and len(syllable) > len(i):
            return i, syllable[len(i) :]
    return "", syllable


def _initial_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if any(a in c and b in c for c in _SAME_CLASS):
        return 0.85
    return 0.75 if frozenset((a, b)) in _NEAR_INITIALS else 0.0


@lru_cache(maxsize=1 << 16)
def _pinyin_pair(a: str, b: str) -> float:
    if a == b:
        return 1.0
    (ia, fa), (ib, fb) = _initial(a), _initial(b)
    initial = _initial_score(ia, ib)
    final = 1.0 if fa == fb else 0.75 if frozenset((fa, fb)) in _NEAR_FINALS else 0.0
    return max(initial * final, 0.6 * Levenshtein.normalized_similarity(a, b))


def _syllable_score(a: frozenset[str], b: frozenset[str]) -> float:
    if a & b:
        return 1.0
    return max(_pinyin_pair(x, y) for x in a for y in b)


def _pinyin_candidates(syllable: str) -> frozenset[str]:
    s = U_SPELLINGS.get(syllable, syllable)
    return frozenset((s, s[0] + "v")) if s in ("lu", "nu") else frozenset((s,))


@lru_cache(maxsize=1 << 16)
def _readings(token: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """The token as pinyin syllables, read as pinyin and/or as Wade-Giles."""
    out = []
    if (py := pinyin_split(token)) is not None:
        out.append(tuple(_pinyin_candidates(s) for s in py))
    if (wg := wade_giles_split(token)) is not None:
        out.append(tuple(WADE_GILES_TO_PINYIN[s] for s in wg))
    return tuple(out)


def _align(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> float:
    """Best order-preserving syllable alignment; unmatched syllables score 0."""
    prev = [0.0] * (len(b) + 1)
    for x in a:
        row = [0.0]
        for j, y in enumerate(b, 1):
            row.append(max(prev[j - 1] + _syllable_score(x, y), prev[j], row[j - 1]))
        prev = row
    return prev[-1] / max(len(a), len(b))


@lru_cache(maxsize=1 << 17)
def given_similarity(a: str, b: str) -> float:
    """Scheme-aware similarity of two given names, in [0, 1].

    Scale (the engine calls >= 0.8 "similar", >= 0.5 "weak"):

    * 1.0: the same letters (spaces, hyphens, case and accents ignored);
    * 0.95: the same syllables in another scheme or ü spelling (hsiaohung / xiaohong,
      lyu / lv; also ta / da, as Wade-Giles without apostrophes does not mark aspiration);
    * 0.85-0.9: one of two syllables differs by aspiration in pinyin (0.85 for it), or by
      -n/-ng, z/zh, s/sh, n/l (0.75 for it): xiaoming / xiaomin 0.875;
    * 0.85 at least: one keying slip apart, four letters or more (zhiczi / zhicai);
    * 0.5: one of two syllables missing (xiaohong / hong); 0.6: one of two different;
    * below 0.5: different names (wei / wen 0.4, xiaoming / jianguo 0.15).

    Each syllable pair scores as above, else 0.6 x its normalised Levenshtein similarity;
    syllables are aligned in order (both pinyin and Wade-Giles readings are tried, the
    best kept) and the sum is divided by the longer name's syllable count. Names that
    are neither (Cantonese, Hokkien) score 0.6 x the Levenshtein similarity of the letters.
    """
    a, b = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    best = 0.6 * Levenshtein.normalized_similarity(a, b)
    if max(len(a), len(b)) >= TYPO_MIN_LENGTH and DamerauLevenshtein.distance(a, b) <= 1:
        # One keying slip (a letter wrong, dropped, doubled, two swapped) leaves letters that
        # no scheme reads as syllables (zhiczi, zhagn): the slip, not the scheme, is the match.
        best = max(best, TYPO_SIMILARITY)
    for ra in _readings(a):
        for rb in _readings(b):
            best = max(best, _align(ra, rb))
    return round(min(best, 0.95), 4)


@lru_cache(maxsize=1 << 17)
def spelling_similarity(a: str, b: str) -> float:
    """Similarity of two names in one Latin spelling system (Spanish, English, …), in
    [0, 1]: Jaro-Winkler on the folded letters, which forgives the typos and dropped or
    doubled letters of keyed records (harrigton / harrington 0.97, jose / josé 1.0) and
    weighs the first letters, which clerks rarely get wrong."""
    a, b = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    if not a or not b:
        return 0.0
    return round(JaroWinkler.normalized_similarity(a, b), 4)
