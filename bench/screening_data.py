"""Synthetic designation list and screening queries for bench/screening.py.

The list: Chinese persons (Han names, some with a pinyin alias, some held in pinyin only),
Spanish-named persons (two surnames, particles, one or two given names), and companies
(Chinese with Han names and legal forms, some with an English name; Latin American with
S.A. de C.V., S. de R.L.…; English with Ltd, LLC, Inc; a few airlines with IATA/ICAO codes),
a tenth of the persons directors of a company. Names come from the synthetic register's
tables (real surname frequencies); company words from a fixed vocabulary and generated
pseudo-words. Every entity is designated.

Queries: **variants** of a designated entity (transliterated, reordered, abbreviated,
misspelt: the screening must find it) and **look-alikes** (names that are on no list entry
within one keying slip, Han homophones written with other characters, namesakes with a
birth date years apart, companies that share only their trade words or have another
registration number: the screening must not hit). Person queries carry what a visa
application carries: a birth date (a fifth of them the year only) and often a nationality.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from opencc import OpenCC

from readmit.identity.latin import wade_giles_split
from readmit.identity.romanise import han_name_keys
from readmit.screening.names import company_name
from readmit.synth.project import tables

PLACES = (
    "北京",
    "上海",
    "广州",
    "深圳",
    "福州",
    "厦门",
    "杭州",
    "南京",
    "成都",
    "重庆",
    "天津",
    "武汉",
    "西安",
    "长沙",
    "昆明",
    "青岛",
    "大连",
    "沈阳",
    "郑州",
    "济南",
)
CHN_TRADES = (
    ("航空", "Airlines"),
    ("国际旅行社", "International Travel Service"),
    ("旅行社", "Travel Agency"),
    ("客运", "Passenger Transport"),
    ("运输", "Transport"),
    ("航空服务", "Aviation Services"),
)
CHN_FORMS = (("有限公司", "Co., Ltd."), ("股份有限公司", "Co., Ltd."), ("有限责任公司", "LLC"))
ES_TRADES = (
    "Transportes Aéreos",
    "Aerolíneas",
    "Viajes",
    "Servicios Turísticos",
    "Autobuses",
    "Agencia de Viajes",
    "Transportes Terrestres",
    "Aerovías",
    "Turismo",
)
ES_FORMS = ("S.A.", "S.A. de C.V.", "S. de R.L.", "S. de R.L. de C.V.", "Sociedad Anónima")
ES_REGIONS = ("", "", "", "del Sur", "del Norte", "del Pacífico", "de Centroamérica")
EN_TRADES = ("Airways", "Air", "Charter", "Travel", "Tours", "Aviation", "Air Services")
EN_FORMS = ("Ltd", "Limited", "LLC", "Inc.", "Corp.")
SYLLABLES = (
    "ka",
    "ma",
    "lo",
    "te",
    "ri",
    "qui",
    "tza",
    "xel",
    "na",
    "po",
    "ju",
    "ba",
    "ve",
    "ran",
    "sol",
    "mar",
    "cor",
    "nel",
    "tal",
    "vi",
    "der",
    "mon",
    "sa",
    "lu",
    "ro",
    "ten",
    "gar",
    "zu",
    "bel",
    "fin",
)
COUNTRIES_ES = ("gt", "mx", "sv", "hn")
_t2s = OpenCC("s2t")


def _weighted(items: list[Any], weights: list[float]) -> Callable[[random.Random], Any]:
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick(rng: random.Random) -> Any:
        return rng.choices(items, cum_weights=cum)[0]

    return pick


_surname = _weighted(
    [(s.hanzi, s.pinyin) for s in tables.CHN_SURNAMES] + list(tables.CHN_TAIL_SURNAMES),
    [s.weight for s in tables.CHN_SURNAMES]
    + [tables.CHN_TAIL_SHARE / len(tables.CHN_TAIL_SURNAMES)] * len(tables.CHN_TAIL_SURNAMES),
)
_GIVEN = [(c.hanzi, c.pinyin) for c in tables.CHN_GIVEN_CHARS]
_SECOND = [(h, p) for h, p in _GIVEN if h not in tables.CHN_FIRST_ONLY]
_es_surname = _weighted([s for s, _ in tables.GTM_SURNAMES], [w for _, w in tables.GTM_SURNAMES])
_es_given = _weighted(
    [n for n, _, _ in tables.GTM_GIVEN_NAMES], [w for _, _, w in tables.GTM_GIVEN_NAMES]
)
HOMOPHONES: dict[str, list[str]] = defaultdict(list)
for _h, _p in _GIVEN:
    HOMOPHONES[_p].append(_h)


def pseudo_word(rng: random.Random) -> str:
    """A made-up word of two or three syllables (Quetzaltel, Maroven)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).capitalize()


def birth_date(rng: random.Random) -> str:
    return f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


@dataclass
class Entity:
    """One list entry as FtM properties, with what the query generator needs to know."""

    ftm_id: str
    schema: str
    properties: dict[str, list[str]]
    kind: str  # chn_han, chn_pinyin, es, co_chn, co_es, co_en
    parts: dict[str, Any] = field(default_factory=dict)
    subject: str | None = None  # links: director, company
    object: str | None = None


def _chn_person(i: int, rng: random.Random) -> Entity:
    (fam_h, fam_p) = _surname(rng)
    chars = [rng.choice(_GIVEN)] + ([rng.choice(_SECOND)] if rng.random() < 0.8 else [])
    if len(chars) == 1 and chars[0][0] in tables.CHN_FIRST_ONLY:
        chars = [rng.choice(_SECOND)]
    given_h, given_p = "".join(c for c, _ in chars), "".join(p for _, p in chars)
    props: dict[str, list[str]] = {
        "birthDate": [birth_date(rng) if rng.random() < 0.9 else str(rng.randint(1950, 2000))],
        "nationality": ["cn"],
    }
    if rng.random() < 0.6:
        props["passportNumber"] = [f"E{rng.randint(10_000_000, 99_999_999)}"]
    pinyin = f"{fam_p.upper()} {given_p.capitalize()}"
    kind = "chn_pinyin" if rng.random() < 0.15 else "chn_han"
    props["name"] = [pinyin] if kind == "chn_pinyin" else [fam_h + given_h]
    if kind == "chn_han" and rng.random() < 0.3:
        props["alias"] = [pinyin]
    parts = {
        "family_h": fam_h,
        "given_h": given_h,
        "family": fam_p,
        "given": given_p,
        "syllables": [p for _, p in chars],
        "chars": [c for c, _ in chars],
    }
    return Entity(f"p{i}", "Person", props, kind, parts)


def _es_person(i: int, rng: random.Random) -> Entity:
    givens = [_es_given(rng)] + ([_es_given(rng)] if rng.random() < 0.5 else [])
    givens = list(dict.fromkeys(givens))
    paternal, maternal = _es_surname(rng), _es_surname(rng)
    if rng.random() < 0.05:
        paternal = "de la " + paternal
    props = {
        "firstName": [" ".join(givens)],
        "lastName": [f"{paternal} {maternal}"],
        "name": [f"{' '.join(givens)} {paternal} {maternal}"],
        "birthDate": [birth_date(rng)],
        "nationality": [rng.choice(COUNTRIES_ES)],
    }
    if rng.random() < 0.5:
        props["passportNumber"] = [f"{rng.choice('ABCGP')}{rng.randint(1_000_000, 9_999_999)}"]
    parts = {"givens": givens, "paternal": paternal, "maternal": maternal}
    return Entity(f"p{i}", "Person", props, "es", parts)


def _co_chn(i: int, rng: random.Random) -> Entity:
    place = rng.choice(PLACES)
    trade = rng.choice(_GIVEN)[0] + rng.choice(_SECOND)[0]
    (industry, industry_en), (form, form_en) = rng.choice(CHN_TRADES), rng.choice(CHN_FORMS)
    props = {
        "name": [place + trade + industry + form],
        "jurisdiction": ["cn"],
        "registrationNumber": [f"9111{rng.randint(10**13, 10**14 - 1)}"],
    }
    place_p = company_name(place).joined.capitalize()
    trade_p = company_name(trade).joined.capitalize()
    industry_p = " ".join(w.capitalize() for w in company_name(industry).words)
    if rng.random() < 0.5:
        props["alias"] = [f"{place_p} {trade_p} {industry_en} {form_en}"]
    parts = {
        "place": place_p,
        "trade": trade_p,
        "industry": industry_p,
        "industry_en": industry_en,
        "trade_h": trade,
        "place_h": place,
        "industry_h": industry,
        "form_h": form,
    }
    return Entity(f"c{i}", "Company", props, "co_chn", parts)


def _co_es(i: int, rng: random.Random) -> Entity:
    trade, form, region = rng.choice(ES_TRADES), rng.choice(ES_FORMS), rng.choice(ES_REGIONS)
    distinct = pseudo_word(rng) if rng.random() < 0.7 else _es_surname(rng) + " " + pseudo_word(rng)
    name = " ".join(p for p in (trade, distinct, region) if p) + ", " + form
    props = {
        "name": [name],
        "jurisdiction": [rng.choice(COUNTRIES_ES)],
        "registrationNumber": [str(rng.randint(10**7, 10**8 - 1))],
    }
    parts = {"trade": trade, "distinct": distinct, "region": region, "form": form}
    return Entity(f"c{i}", "Company", props, "co_es", parts)


def _co_en(i: int, rng: random.Random) -> Entity:
    trade, form = rng.choice(EN_TRADES), rng.choice(EN_FORMS)
    distinct = pseudo_word(rng) + (" " + pseudo_word(rng) if rng.random() < 0.3 else "")
    props = {
        "name": [f"{distinct} {trade} {form}"],
        "jurisdiction": [rng.choice(("gb", "us"))],
        "registrationNumber": [str(rng.randint(10**7, 10**8 - 1))],
    }
    return Entity(f"c{i}", "Company", props, "co_en", {"trade": trade, "distinct": distinct})


def make_list(size: int, seed: int) -> list[Entity]:
    """`size` designated entities (links to directors come on top); always the same list for
    the same arguments."""
    rng = random.Random(f"screening-list:{seed}")
    out: list[Entity] = []
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = iter([(f"{a}{b}", f"{a}{b}{c}") for a in letters for b in letters for c in letters])
    used_iata: set[str] = set()
    for i in range(size):
        roll = rng.random()
        maker = (
            _chn_person
            if roll < 0.4
            else _es_person
            if roll < 0.65
            else _co_chn
            if roll < 0.77
            else _co_es
            if roll < 0.92
            else _co_en
        )
        entity = maker(i, rng)
        if entity.schema == "Company" and rng.random() < 0.02:
            iata, icao = next(codes, ("", ""))  # 17,576 ICAO codes at most
            if icao:
                entity.properties["idNumber"] = [icao] + ([iata] if iata not in used_iata else [])
                used_iata.add(iata)
        out.append(entity)
    persons = [e for e in out if e.schema == "Person"]
    companies = [e for e in out if e.schema == "Company"]
    for n, person in enumerate(rng.sample(persons, len(persons) // 10)):
        company = rng.choice(companies)
        out.append(
            Entity(
                f"l{n}",
                "Directorship",
                {"role": ["director"]},
                "link",
                subject=person.ftm_id,
                object=company.ftm_id,
            )
        )
    return out


# --- queries --------------------------------------------------------------------------


def _typo(word: str, rng: random.Random) -> str:
    """One keying slip: two neighbours swapped, a letter dropped, doubled or wrong."""
    i = rng.randrange(1, len(word) - 1)
    match rng.choice(("swap", "drop", "double", "wrong")):
        case "swap":
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        case "drop":
            return word[:i] + word[i + 1 :]
        case "double":
            return word[:i] + word[i] + word[i:]
        case _:
            other = rng.choice([c for c in "aeioulnrst" if c != word[i]])
            return word[:i] + other + word[i + 1 :]


def _han_scheme(entity: Entity, scheme: str) -> tuple[str, str] | None:
    p = entity.parts
    for key in han_name_keys(p["family_h"], p["given_h"]):
        if key.scheme == scheme:
            return key.family, key.given
    return None


def _hyphenated(given: str) -> str:
    syllables = wade_giles_split(given)
    return "-".join(syllables).capitalize() if syllables else given.capitalize()


def _cantonese_given(entity: Entity) -> str:
    out = []
    for ch in entity.parts["chars"]:
        found = [
            k.given for k in han_name_keys(entity.parts["family_h"], ch) if k.scheme == "cantonese"
        ]
        out.append(found[0].capitalize() if found else "")
    return " ".join(out)


def person_fields(entity: Entity, rng: random.Random) -> dict[str, Any]:
    """What a visa application gives besides the name: the birth date (a fifth of them the
    year only) and, seven times in ten, the nationality."""
    date = entity.properties["birthDate"][0]
    out: dict[str, Any] = {"birth_date": date[:4] if rng.random() < 0.2 else date}
    if rng.random() < 0.7:
        out["nationality"] = {"cn": "CHN", "gt": "GTM", "mx": "MEX", "sv": "SLV", "hn": "HND"}[
            entity.properties["nationality"][0]
        ]
    return out


def chn_variants(e: Entity, rng: random.Random) -> dict[str, str]:
    """Name variants of a Chinese person, by type."""
    p = e.parts
    fam, giv = p["family"].capitalize(), p["given"].capitalize()
    out = {
        "pinyin": f"{fam} {giv}",
        "pinyin_reversed": f"{giv} {fam.upper()}",
        "typo": f"{fam} {_typo(p['given'], rng).capitalize()}" if len(p["given"]) >= 4 else "",
        "initials": " ".join(s[0].upper() + "." for s in p["syllables"]) + f" {fam}",
    }
    if e.kind == "chn_han":
        wg, canto = _han_scheme(e, "wade_giles"), _han_scheme(e, "cantonese")
        out["wade_giles"] = f"{wg[0].capitalize()} {_hyphenated(wg[1])}" if wg else ""
        out["cantonese"] = f"{canto[0].capitalize()} {_cantonese_given(e)}" if canto else ""
        out["traditional"] = _t2s.convert(p["family_h"] + p["given_h"])
    else:
        wg_f = "".join(wade_giles_split(p["family"]) or ()) and p["family"]
        out["wade_giles"] = ""
        if wg_f:
            from readmit.screening.names import wade_giles_reading

            wg = wade_giles_reading(p["family"], p["given"])
            out["wade_giles"] = f"{wg[0].capitalize()} {_hyphenated(wg[1])}" if wg else ""
    return {k: v for k, v in out.items() if v}


def es_variants(e: Entity, rng: random.Random) -> dict[str, str]:
    """Name variants of a Spanish-named person, by type."""
    p = e.parts
    givens, pat, mat = " ".join(p["givens"]), p["paternal"], p["maternal"]
    core = pat.split()[-1]
    initials = " ".join(g[0] + "." for g in p["givens"])
    out = {
        "surnames_first": f"{pat.upper()} {mat.upper()}, {givens}",
        "caps_no_accents": f"{givens} {pat} {mat}".upper().translate(
            str.maketrans("ÁÉÍÓÚÑ", "AEIOUN")
        ),
        "maternal_dropped": f"{givens} {pat}",
        "surnames_swapped": f"{givens} {mat} {pat}",
        "initials": f"{initials} {pat} {mat}",
        "typo": f"{givens} {pat.replace(core, _typo(core, rng))} {mat}" if len(core) >= 5 else "",
    }
    return {k: v for k, v in out.items() if v}


def company_variants(e: Entity, rng: random.Random) -> dict[str, str]:
    """Name variants of a company, by type."""
    p = e.parts
    if e.kind == "co_chn":
        words = [p["place"], p["trade"], p["industry"]]
        out = {
            "pinyin": " ".join(words) + " Co Ltd",
            "reordered": f"{p['trade']} {p['industry'].capitalize()} ({p['place']})",
            "typo": f"{p['place']} {_typo(p['trade'].lower(), rng).capitalize()} {words[2]}",
        }
        if "alias" in e.properties:
            out["english"] = f"{p['trade']} {p['industry_en']} ({p['place']}) Limited"
        return out
    if e.kind == "co_es":
        distinct = p["distinct"].split()[-1]
        body = " ".join(x for x in (p["trade"], p["distinct"], p["region"]) if x)
        return {
            "legal_form_changed": f"{body} {rng.choice(('SA DE CV', 'SA', 'S DE RL'))}".upper(),
            "reordered": f"{p['distinct']} {p['trade']} {p['region']}".strip(),
            "typo": body.replace(distinct, _typo(distinct.lower(), rng).capitalize()) + ", S.A.",
            "extra_word": f"{body} Internacional, {p['form']}",
        }
    first, *rest = p["distinct"].split()
    misspelt = " ".join([_typo(first.lower(), rng).capitalize(), *rest])
    return {
        "legal_form_changed": f"{p['distinct']} {p['trade']} Limited",
        "typo": f"{misspelt} {p['trade']}",
        "reordered": f"{p['trade']} {p['distinct']}",
    }
