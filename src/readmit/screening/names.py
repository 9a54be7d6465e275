"""Names and identifiers as screening compares them, and the search keys built from them.

Person names go through the identity engine's name keys, so that every romanisation of a
name meets the others on a shared (family, given) key:

* a name with Han characters: ``romanise.han_key_strings`` (pinyin with the surname
  reading, Wade-Giles, Cantonese, dialect surnames, other readings): 王小明 gives
  wang|xiaoming, wang|hsiaoming, wong|siuming…;
* a Latin name: ``latin.latin_name_keys`` (a name in one field is split both ways, with
  compound surnames) and ``spanish.spanish_name_keys`` (two surnames, particles, married
  names, every split of a name in one field);
* other scripts (Cyrillic, Greek, Arabic…) are transliterated to Latin first (``rigour``).

A name given whole (order unknown) is split every way and both orders are keyed. The
register side keeps one order of each pair (``profiles.natural_order``), the query side
tries both, which halves the index.

Company names: legal forms are removed (rigour's org types on the ASCII form, which knows
Ltd, LLC, GmbH, S.A. de C.V., S. de R.L., OOO…, and our own list of Chinese and Japanese
forms, checked on the Han text before transliteration; S. de R.L. and a few other Latin
American forms rigour lacks are ours too), punctuation dropped, Han read in pinyin two
characters a word and other scripts transliterated; the words are keyed in their order
joined (北京华远航空 meets "Beijing Huayuan Hangkong") and sorted (word order ignored), and a
name of three words or more also without each word (a word missing from the query).

Identifiers are strong keys: a passport number's OCR confusion key, a registration
number (letters and digits only), an IATA or ICAO code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from rigour.names import extract_org_types, remove_org_types
from rigour.text import ascii_text

from readmit.identity.docnums import confusion_key, normalise_number
from readmit.identity.latin import fold, latin_name_keys, pinyin_split, wade_giles_split
from readmit.identity.profiles import natural_order
from readmit.identity.romanise import han_name_keys, is_han, pinyin_syllables
from readmit.identity.romanise_tables import (
    CANTONESE_SURNAMES,
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    WADE_GILES,
)
from readmit.identity.spanish import PARTICLES, WIDOW, spanish_name_keys

MAX_KEY: Final = 80  # the column's width; longer keys are cut the same way on both sides
PERSON_SCHEMATA: Final = frozenset({"Person"})
COMPANY_SCHEMATA: Final = frozenset(
    {"Company", "Organization", "LegalEntity", "PublicBody", "Airline"}
)
NAME_PROPS: Final = ("name", "alias", "previousName", "weakAlias")
REGISTRATION_PROPS: Final = ("registrationNumber", "idNumber", "taxNumber", "leiCode")
_HAN_LIMIT: Final = 16  # renderings per Han name; the tail is rare dialect spellings

# Chinese and Japanese legal forms, longest first so that 股份有限公司 is not read as 有限公司;
# each with the comparable form rigour gives its Latin equivalent.
HAN_LEGAL_FORMS: Final = (
    ("股份有限公司", "jsc"), ("有限责任公司", "llc"), ("有限責任公司", "llc"),
    ("集团有限公司", "ltd"), ("集團有限公司", "ltd"), ("有限公司", "ltd"), ("股份公司", "jsc"),
    ("株式会社", "kk"), ("有限会社", "yk"), ("合同会社", "gk"), ("总公司", ""), ("總公司", ""),
    ("公司", ""),
)  # fmt: skip
# Legal forms rigour does not list, as their letters run together.
EXTRA_FORMS: Final = {
    "sderl": "srl", "sderldecv": "srlcv", "sapidecv": "sapicv", "sabdecv": "sabcv",
    "sdecv": "scv", "senc": "senc", "sencs": "senc", "sas": "sas", "eirl": "eirl",
    "corp": "corp", "corporation": "corp",
    # 有限公司 and its kin written in pinyin ("Shenzhen Jinpeng Hangkong Youxian Gongsi").
    "youxiangongsi": "ltd", "gufenyouxiangongsi": "jsc", "youxianzerengongsi": "llc",
    "jituanyouxiangongsi": "ltd", "gufengongsi": "jsc",
}  # fmt: skip
# A city or province written before a Chinese company name keeps its 市 / 省 in Han and
# loses it in Latin spellings (深圳市… is "Shenzhen …"): dropped before reading.
LATIN_PLACE_SUFFIX: Final = frozenset({"shi", "sheng"})
HAN_PLACE_SUFFIX: Final = re.compile(r"^(\w{2,3}?)[市省](?!场)")
STOPWORDS: Final = frozenset(
    {"and", "the", "of", "y", "e", "und", "et", "de", "del", "la", "las", "los", "el"}
)
# Legal forms of one kind compare as the same form (a company's "Co., Ltd." and 有限公司).
LEGAL_FORM_GROUPS: Final = {
    "ltd": "limited", "coltd": "limited", "limited": "limited", "plc": "limited",
    "llc": "limited liability", "srl": "limited liability", "sarl": "limited liability",
    "gmbh": "limited liability", "ooo": "limited liability", "srlcv": "limited liability",
    "sa": "stock", "sacv": "stock", "ag": "stock", "jsc": "stock", "spa": "stock",
    "sapicv": "stock", "sabcv": "stock", "ao": "stock", "pao": "stock", "oao": "stock",
    "zao": "stock", "inc": "corporation", "corp": "corporation", "kk": "stock",
}  # fmt: skip


def legal_form_group(forms: str) -> str:
    """The kind of legal form (a list of forms as found: the first known one), or the form."""
    for form in forms.split():
        if form in LEGAL_FORM_GROUPS:
            return LEGAL_FORM_GROUPS[form]
    return forms.split()[0] if forms.split() else ""


def cut(key: str) -> str:
    """A key cut to the column's width."""
    return key[:MAX_KEY]


def has_han(text: str) -> bool:
    """True when the text holds at least one Han character."""
    return any(is_han(c) for c in text)


@lru_cache(maxsize=1 << 16)
def latinise(text: str) -> str:
    """Lower-case ASCII words: Latin folded, other scripts (Cyrillic, Greek…) transliterated.
    Han is left to the callers, which read it with the identity engine."""
    if text.isascii():
        return fold(text)
    folded = fold(text)
    letters = sum(c.isalpha() for c in text)
    if letters and len(folded.replace(" ", "")) >= letters:
        return folded
    return fold(ascii_text(text))


# --- persons --------------------------------------------------------------------------


# Pinyin spellings of Chinese surnames: a Latin name with one of them is read in Wade-Giles too.
# (the identity engine's tables of surnames with a surname reading, compound surnames and
# Cantonese spellings, which between them list the common Chinese surnames).
PINYIN_SURNAMES: Final = frozenset(
    {
        "".join(r)
        for table in (SURNAME_READINGS, COMPOUND_SURNAMES)
        for v in table.values()
        for r in v
    }
    | {"".join(pinyin_syllables(han)) for han in CANTONESE_SURNAMES}
)


def wade_giles_reading(family: str, given: str) -> tuple[str, str] | None:
    """A pinyin name (a Chinese surname, a given name of pinyin syllables) in Wade-Giles
    without apostrophes (zhang|xiaoming -> chang|hsiaoming), for a list that holds only the
    pinyin spelling; None for any other name."""
    if family not in PINYIN_SURNAMES or not given:
        return None
    family_syllables, given_syllables = pinyin_split(family), pinyin_split(given)
    if not family_syllables or not given_syllables:
        return None
    wg = [
        "".join(WADE_GILES.get(x, x) for x in part) for part in (family_syllables, given_syllables)
    ]
    return (wg[0], wg[1]) if (wg[0], wg[1]) != (family, given) else None


def _pairs_to_keys(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [f"{f}|{g}" for f, g in pairs if f or g]


@lru_cache(maxsize=1 << 16)
def person_readings(family: str, given: str) -> tuple[str, ...]:
    """Every (family, given) reading of a name as 'family|given' keys, most likely first.
    A name in one field (``family`` only) is read every way, both orders."""
    if has_han(family + given):
        keys = [f"{k.family}|{k.given}" for k in han_name_keys(family, given, limit=_HAN_LIMIT)]
        return tuple(dict.fromkeys(keys))
    f, g = latinise(family), latinise(given)
    pairs = latin_name_keys(f, g)
    wade_giles = [wg for fam, giv in pairs if (wg := wade_giles_reading(fam, giv))]
    keys = _pairs_to_keys((*pairs, *wade_giles)) + _pairs_to_keys(spanish_name_keys(f, g))
    return tuple(dict.fromkeys(keys))


def _syllable_initials(given: str, *, single: bool = False) -> str | None:
    syllables = pinyin_split(given) or wade_giles_split(given)
    if not syllables or (len(syllables) == 1 and not single):
        return None
    return "".join(s[0] for s in syllables)


def name_words(text: str) -> list[str]:
    """The Latin words of a person's name without particles and widow markers (de, del, la,
    vda.); a single letter is kept, as it is an initial (Y. for Yolanda, not "y")."""
    return [
        w for w in latinise(text).split() if len(w) == 1 or (w not in PARTICLES and w not in WIDOW)
    ]


@lru_cache(maxsize=1 << 16)
def initials_readings(family: str, given: str) -> tuple[str, ...]:
    """'family|initials' keys of a name: the given names' first letters (of each word, and of
    each pinyin or Wade-Giles syllable of a joined given name), with the whole surname and,
    for two surnames, the first alone (J. L. García for José Luis García López)."""
    out: dict[str, None] = {}
    if has_han(family + given):
        for key in han_name_keys(family, given, limit=4):
            if key.given and (initials := _syllable_initials(key.given, single=True)):
                out[f"{key.family}|{initials}"] = None
        return tuple(out)
    f_words, g_words = name_words(family), name_words(given)
    splits: list[tuple[list[str], list[str]]] = []
    if f_words and g_words:
        splits.append((f_words, g_words))
    else:
        words = f_words or g_words
        for k in range(1, len(words)):
            splits += [(words[k:], words[:k]), (words[:k], words[k:])]
    for f_part, g_part in splits:
        if any(len(w) == 1 for w in f_part):
            continue  # a surname is never an initial
        letters = "".join(w[0] for w in g_part)
        families = ["".join(f_part)] + ([f_part[0]] if len(f_part) > 1 else [])
        variants = [letters]
        if len(g_part) == 1 and (syllables := _syllable_initials(g_part[0])):
            variants.append(syllables)
        for fam in families:
            for v in variants:
                out[f"{fam}|{v}"] = None
    return tuple(out)


def values(props: Mapping[str, Any], name: str) -> list[str]:
    return [v for v in props.get(name) or [] if isinstance(v, str) and v.strip()]


def person_name_parts(props: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(family, given) of each name of a Person: the structured first/last names, and whole
    names as (name, ""), unless one is the structured name's words again (the structured
    one says more: which part is the family name)."""
    givens = [
        " ".join(p)
        for p in [[*values(props, "firstName")[:1], *values(props, "middleName")[:1]]]
        if p
    ]
    givens += values(props, "firstName")[1:]
    parts: list[tuple[str, str]] = []
    for last in values(props, "lastName"):
        parts += [(last, g) for g in givens] or [(last, "")]
    known = {tuple(sorted(latinise(f"{f} {g}").split())) for f, g in parts}
    for prop in NAME_PROPS:
        for name in values(props, prop):
            if has_han(name) or tuple(sorted(latinise(name).split())) not in known:
                parts.append((name, ""))
    return list(dict.fromkeys(parts))


def person_keys(props: Mapping[str, Any]) -> set[str]:
    """Index keys of a Person's names: 'p:' readings and 'pi:' initials readings."""
    keys: set[str] = set()
    for family, given in person_name_parts(props):
        keys.update(cut(f"p:{k}") for k in natural_order(person_readings(family, given)))
        keys.update(cut(f"pi:{k}") for k in initials_readings(family, given))
    return keys


# --- companies ------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyName:
    """A company name as compared: its words without legal form, and the legal form."""

    words: tuple[str, ...]
    legal_form: str

    @property
    def joined(self) -> str:
        """The words in their order without spaces (the Han reading's shape)."""
        return "".join(self.words)

    def without(self, i: int) -> tuple[str, ...]:
        """The words without the i-th."""
        return self.words[:i] + self.words[i + 1 :]

    @property
    def sorted(self) -> str:
        """The words sorted, without spaces (word order ignored)."""
        return "".join(sorted(self.words))


def _han_legal_form(text: str) -> tuple[str, str]:
    text = text.strip()
    for form, latin in HAN_LEGAL_FORMS:
        if text.endswith(form) and len(text) > len(form):
            return text[: -len(form)], latin
    return text, ""


def _han_words(run: str) -> list[str]:
    """A run of Han characters read in pinyin, two characters a word (北京华远航空 ->
    beijing huayuan hangkong): most words of a company name are two characters long (place,
    trade name, trade), and the words let the Latin spelling's words be reordered; an odd
    last character joins the word before it. Read with pypinyin's phrases (成都 chengdu, not
    chengdou); ü is written u, as most Latin spellings do."""
    syllables = [s.replace("v", "u") for s in _pypinyin().lazy_pinyin(run, errors="ignore")]
    words = ["".join(syllables[i : i + 2]) for i in range(0, len(syllables), 2)]
    if len(words) > 1 and len(syllables) % 2:
        words[-2:] = [words[-2] + words[-1]]
    return words


@lru_cache(maxsize=1)
def _pypinyin() -> Any:
    import pypinyin

    return pypinyin


def _han_to_pinyin(text: str) -> str:
    """Han runs read as pinyin words; the rest kept."""
    out: list[str] = []
    run = ""
    for ch in text + " ":
        if is_han(ch):
            run += ch
            continue
        if run:
            out.append(" " + " ".join(_han_words(run)) + " ")
            run = ""
        out.append(ch)
    return "".join(out).strip()


def _extra_form(words: list[str]) -> tuple[list[str], str]:
    """Strip a trailing legal form rigour does not know (S. de R.L., SAPI de C.V.…)."""
    for n in range(min(6, len(words) - 1), 0, -1):
        form = EXTRA_FORMS.get("".join(words[-n:]))
        if form:
            return words[:-n], form
    return words, ""


@lru_cache(maxsize=1 << 16)
def company_name(text: str) -> CompanyName:
    """A company name without its legal form, in lower-case ASCII words."""
    forms: list[str] = []
    if has_han(text):
        text, han_form = _han_legal_form(text)
        forms.append(han_form)
        text = _han_to_pinyin(HAN_PLACE_SUFFIX.sub(r"\1", text.strip()))
    lowered = (text if text.isascii() else ascii_text(text)).lower().replace("&", " and ")
    forms += [compare for _, compare in extract_org_types(lowered)]
    words, extra = _extra_form(fold(remove_org_types(lowered)).split())
    forms.append(extra)
    words = [w for w in words if w not in STOPWORDS]
    if len(words) > 2 and words[1] in LATIN_PLACE_SUFFIX:  # "Qingdao Shi …": 青岛市
        del words[1]
    if not words:  # the name is only a legal form ("Holding AG"): keep it whole
        words = fold(lowered).split()
    return CompanyName(tuple(words), legal_form_group(" ".join(f for f in forms if f)))


def company_keys(props: Mapping[str, Any]) -> set[str]:
    """Index keys of a company's names: 'c:' the words joined in order and sorted."""
    keys: set[str] = set()
    for prop in NAME_PROPS:
        for value in values(props, prop):
            name = company_name(value)
            if name.words:
                keys.update((cut(f"c:{name.joined}"), cut(f"c:{name.sorted}")))
            if len(name.words) >= 3:
                keys.update(
                    cut("c:" + "".join(sorted(name.without(i)))) for i in range(len(name.words))
                )
    return keys


# --- identifiers ----------------------------------------------------------------------


def registration_key(number: str) -> str:
    """A registration number's letters and digits, upper case."""
    return normalise_number(number)


def airline_codes(props: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The IATA (two characters) and ICAO (three letters) designators among a company's
    `idNumber` values, where the designations register keeps them."""
    numbers = [normalise_number(v) for v in values(props, "idNumber")]
    iata = [n for n in numbers if len(n) == 2]
    icao = [n for n in numbers if len(n) == 3 and n.isalpha()]
    return iata, icao


def registration_numbers(props: Mapping[str, Any]) -> set[str]:
    """A company's registration, tax and other numbers (airline codes aside)."""
    numbers = {registration_key(n) for p in REGISTRATION_PROPS for n in values(props, p)}
    iata, icao = airline_codes(props)
    return {n for n in numbers if n and n not in iata and n not in icao}


def identifier_keys(props: Mapping[str, Any]) -> set[str]:
    """Keys of passport numbers, registration numbers and airline codes."""
    keys = {f"pp:{confusion_key(n)}" for n in values(props, "passportNumber")}
    keys.update(f"rn:{n}" for n in registration_numbers(props))
    iata, icao = airline_codes(props)
    keys.update(f"iata:{c}" for c in iata)
    keys.update(f"icao:{c}" for c in icao)
    return {cut(k) for k in keys if not k.endswith(":")}


def entity_keys(schema: str, props: Mapping[str, Any]) -> set[str]:
    """Every index key of one entity (none for links and other schemata)."""
    if schema in PERSON_SCHEMATA:
        return person_keys(props) | identifier_keys(props)
    if schema in COMPANY_SCHEMATA:
        return company_keys(props) | identifier_keys(props)
    return set()
