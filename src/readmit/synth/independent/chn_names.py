"""Chinese names: drawing surnames and given names, and writing them in Latin script.

Schemes a foreign officer may use: Hanyu pinyin (passports; ü as YU, U or V), Wade-Giles (with
or without apostrophes, ü as u), Hong Kong government Cantonese (surnames from the curated
table, given names from the ``cantonese-romanisation`` package after simplified→traditional
conversion), and Hokkien/Teochew/Fuzhou surname spellings (curated table in ``chn_surnames``).
"""

from __future__ import annotations

import functools
from random import Random

import opencc
from cantoroman import Cantonese
from pypinyin import Style, pinyin
from pypinyin.style.wadegiles import to_wade_glides

from readmit.synth.independent.chn_data import (
    FIRST_CHARS,
    FIXED_NAMES,
    SECOND_CHARS,
    SINGLE_CHARS,
)
from readmit.synth.independent.chn_surnames import REGIONAL, SURNAME_BY_HAN, SURNAMES, Surname
from readmit.synth.independent.common import Sampler, pick, zipf


def _pool(text: str) -> list[str]:
    """Split a pool, dropping repeats but keeping the popularity order."""
    return list(dict.fromkeys(text.split()))


def _zipf_sampler(items: list[str], s: float, offset: float) -> Sampler[str]:
    """Most popular first, weights 1/(rank + offset)^s."""
    return Sampler(items, zipf(len(items), s, offset))


_NATIONAL = Sampler(SURNAMES, [s.share for s in SURNAMES])
_REGIONAL = {
    prov: Sampler(SURNAMES, [s.share * mult.get(s.han, 1.0) for s in SURNAMES])
    for prov, mult in REGIONAL.items()
}
# Calibration: the top single-character name (伟 for men) is ~5% of one-character names,
# ~1% of men overall, so 张伟 is ~0.03% of people (~60 in a 200k register; the brief's ~300,000
# of 1.4 billion is 0.02%); composed names spread over thousands of combinations.
_FIXED = {key: _zipf_sampler(_pool(text), 0.8, 1) for key, text in FIXED_NAMES.items()}
_SINGLE = {sex: _zipf_sampler(_pool(text), 1.0, 8) for sex, text in SINGLE_CHARS.items()}
_FIRST = {sex: _zipf_sampler(_pool(text), 0.8, 3) for sex, text in FIRST_CHARS.items()}
_SECOND = {sex: _zipf_sampler(_pool(text), 0.8, 3) for sex, text in SECOND_CHARS.items()}
_FIXED_SHARE = {"old": 0.15, "mid": 0.06, "young": 0.08}


def draw_surname(rng: Random, province: str) -> Surname:
    """A surname, by the national shares or a province's adjusted ones."""
    return _REGIONAL.get(province, _NATIONAL).draw(rng)


def era(year: int) -> str:
    """Naming fashions: before 1965, 1965–1994, from 1995."""
    return "old" if year < 1965 else "mid" if year < 1995 else "young"


def single_char_share(year: int) -> float:
    """Share of one-character given names by birth decade (author's estimate: rising to a
    peak in the 1980s–90s, the 张伟/李娜 generation, then falling)."""
    for limit, share in ((1960, 0.15), (1970, 0.22), (1980, 0.28), (1990, 0.3), (2000, 0.25),
                         (2010, 0.12)):  # fmt: skip
        if year < limit:
            return share
    return 0.07


def draw_given(rng: Random, sex: str, year: int, generation: str = "") -> str:
    """A given name of one or two characters; ``generation`` fixes the first character."""
    if generation:
        second = _SECOND[sex].draw(rng)
        return generation + (second if second != generation else _SECOND[sex].draw(rng))
    x = rng.random()
    fixed = _FIXED_SHARE[era(year)]
    if x < fixed:
        return _FIXED[(sex, era(year))].draw(rng)
    if x < fixed + single_char_share(year):
        return _SINGLE[sex].draw(rng)
    first = _FIRST[sex].draw(rng)
    second = _SECOND[sex].draw(rng)
    while second == first:
        second = _SECOND[sex].draw(rng)
    return first + second


# --- reading and romanising -------------------------------------------------------------


# pypinyin's default that is wrong in given names (长 → zhang; in names it is chang: 长青).
_GIVEN_READINGS = {"长": "chang"}


@functools.cache
def char_pinyin(ch: str) -> str:
    """Toneless pinyin of one given-name character, ü written v. Every heteronym in the pools
    was checked by hand: pypinyin's default is its usual reading in names, but for 长."""
    if ch in _GIVEN_READINGS:
        return _GIVEN_READINGS[ch]
    return pinyin(ch, style=Style.NORMAL)[0][0].replace("ü", "v")


def split_name(full: str) -> tuple[str, str]:
    """A Han full name into surname and given name (compound surnames first)."""
    if len(full) > 2 and full[:2] in SURNAME_BY_HAN:
        return full[:2], full[2:]
    return full[:1], full[1:]


def surname_syllables(han: str) -> list[str]:
    """The surname reading from the table (曾 zeng, 单 shan…), else per character."""
    known = SURNAME_BY_HAN.get(han)
    return list(known.pinyin) if known else [char_pinyin(c) for c in han]


def given_syllables(given: str) -> list[str]:
    """One pinyin syllable per character."""
    return [char_pinyin(c) for c in given]


def name_key(family: str, given: str) -> str:
    """The romanised identity of a name: homophones (张伟/张薇) share it."""
    return "".join(surname_syllables(family)) + "|" + "".join(given_syllables(given))


def u_variant(syllable: str, form: str) -> str:
    """ü (written v) as YU (passports since ~2012), U or V (older documents)."""
    if "v" not in syllable:
        return syllable
    return syllable.replace("v", {"yu": "yu", "u": "u", "v": "v"}[form])


def wade_giles(syllable: str, apostrophes: bool) -> str:
    """One pinyin syllable in Wade-Giles; ü written u, aspiration marks kept or dropped."""
    out = to_wade_glides(syllable).replace("v", "u").replace("ü", "u")
    return out if apostrophes else out.replace("'", "")


_S2T = opencc.OpenCC("s2t")
_CANTONESE = Cantonese()


@functools.cache
def cantonese_syllable(ch: str) -> str:
    """Hong Kong government Cantonese of one character (first reading), else its pinyin."""
    readings = _CANTONESE.getRoman(_S2T.convert(ch))[0]
    return readings[0] if readings else char_pinyin(ch)


def dialect_region(place: str) -> str:
    """Which emigrant dialect a birthplace suggests: Fuzhou prefecture, southern Fujian
    (Hokkien), Chaoshan (Teochew: Shantou, Chaozhou, Jieyang, Shanwei), else none."""
    if place.startswith("3501"):
        return "fuzhou"
    if place.startswith("35"):
        return "hokkien"
    if place[:4] in ("4405", "4451", "4452", "4415"):
        return "teochew"
    return ""


def dialect_spellings(han: str, place: str) -> list[str]:
    """Dialect spellings of a surname, the birthplace's dialect first (Fuzhou falls back to
    Hokkien, as many Fuzhou emigrants' names were written by Hokkien-speaking clerks)."""
    sn = SURNAME_BY_HAN.get(han)
    if sn is None:
        return []
    region = dialect_region(place)
    ordered = {
        "fuzhou": (sn.fuzhou, sn.hokkien, sn.teochew),
        "teochew": (sn.teochew, sn.hokkien, sn.fuzhou),
    }.get(region, (sn.hokkien, sn.teochew, sn.fuzhou))
    pinyin_form = "".join(sn.pinyin)
    out = [s for group in ordered for s in group if s.lower() != pinyin_form]
    return list(dict.fromkeys(out))


def join_given(syllables: list[str], sep: str) -> str:
    """Given-name syllables joined, spaced or hyphenated."""
    return sep.join(syllables)


def given_separator(rng: Random, scheme: str) -> str:
    """Pinyin passports join (XIAOMING); Wade-Giles hyphenates; Hong Kong style spaces."""
    table = {
        "pinyin": [("", 70), (" ", 20), ("-", 10)],
        "wade_giles": [("-", 60), (" ", 25), ("", 15)],
        "cantonese": [(" ", 55), ("-", 30), ("", 15)],
    }[scheme]
    return pick(rng, table)


def romanise(rng: Random, family: str, given: str, scheme: str, place: str = "") -> tuple[str, str]:
    """(family, given) in a scheme, lower case; separators and ü forms drawn at random."""
    fam_syl, giv_syl = surname_syllables(family), given_syllables(given)
    if scheme == "wade_giles":
        marks = rng.random() < 0.3
        fam_wg = [wade_giles(s, marks) for s in fam_syl]
        fam = "-".join(fam_wg) if len(fam_wg) > 1 and rng.random() < 0.5 else "".join(fam_wg)
        sep = given_separator(rng, scheme)
        giv = join_given([wade_giles(s, marks) for s in giv_syl], sep)
        return fam.lower(), giv.lower()
    if scheme == "cantonese":
        sn = SURNAME_BY_HAN.get(family)
        if sn and sn.cantonese:
            fam = sn.cantonese[0] if rng.random() < 0.8 else rng.choice(sn.cantonese)
        else:
            fam = "".join(cantonese_syllable(c) for c in family)
        giv = join_given([cantonese_syllable(c) for c in given], given_separator(rng, scheme))
        return fam.lower(), giv.lower()
    form = pick(rng, [("yu", 50), ("u", 30), ("v", 20)])
    fam = "".join(u_variant(s, form) for s in fam_syl)
    giv = join_given([u_variant(s, form) for s in giv_syl], given_separator(rng, "pinyin"))
    if scheme == "dialect":
        spellings = dialect_spellings(family, place)
        if spellings:
            fam = (spellings[0] if rng.random() < 0.7 else rng.choice(spellings)).lower()
    return fam, giv


def clean_pinyin(family: str, given: str) -> tuple[str, str]:
    """The reference rendering (passport style, ü as v): for tests and near-miss checks."""
    return "".join(surname_syllables(family)), "".join(given_syllables(given))
