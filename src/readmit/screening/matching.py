"""Scoring one screened person or company against one entity, feature by feature.

The score starts from the **name** (0 to 1, below) and each other feature adds or takes
away points; the sum is kept within [0, 1]. Every feature gives a sentence for the officer.
A hit from the review threshold up (0.7 by default) goes to a reviewer.

Person names (the best of every pair of readings, ``screening.names``):

* 1.0: the same name (letters, accents and case aside); or the same Chinese characters
  (traditional and simplified forms are the same characters).
* 0.95 to 1.0: the same name in another romanisation of the Chinese (Wade-Giles, Cantonese,
  a dialect surname) or with family and given names in the other order.
* about 0.85: one letter wrong, dropped, added or two swapped in the family or the given
  name (four letters or more); given names written as initials that agree (J. L. García);
  one initial only: 0.75.
* Part of the name missing on one side (a second surname or given name): the score is
  lowered by up to a third of the missing share; when *both* sides have a part the other
  lacks (García Pérez / García López), they disagree and the score drops a fifth more.
* Both names in Chinese characters but different characters that read the same (王小明 /
  王晓明): at most 0.55. Chinese readers tell them apart, so they are different names; a
  Latin spelling cannot, so it matches either.
* Other pairs: family-name similarity × given-name similarity (the identity engine's
  scheme-aware ``given_similarity``: aspiration, -n/-ng and similar slips count partly); a
  part below its "similar" level (0.8) counts 0.7 times its similarity, since it is then
  another name sharing letters (ruichun / ruijin), not a spelling of the same one.

Other person features: **birth date** (partial dates compare on what both give): the same
+0.05, compatible +0.02, one slip apart (day and month swapped, days or one digit off, a
year apart for a partial date) -0.05, different -0.35; **nationality**: the same +0.02,
different -0.08; **passport number** (OCR confusions folded): the same +0.15, OCR confusion
+0.12, one character off +0.05, different -0.35 (a conflicting birth date or passport
takes the same name below the threshold).

Company names (legal forms removed, words compared; ``screening.names.company_name``):
1.0 the same words; 0.97 the same words in another order; 0.95 the same letters split
differently (a Chinese name read in pinyin against the words of its Latin spelling); 0.88
one slip apart once joined (eight letters or more); else the words that agree over the
words of both names (a weighted Jaccard: one slip in a word of four letters or more counts
0.85 of a word; common trade words such as "air", "travel", "transportes" weigh half).
Other features: **legal form**: the same kind +0.02, another kind -0.05; **registration
number**: the same (same or unknown jurisdiction) +0.20, different in the same jurisdiction
-0.35, different otherwise -0.10; **jurisdiction**: the same +0.02, different -0.10;
**IATA / ICAO code**: the same +0.20, different -0.35.

A strong identifier that agrees (the same passport number, the same registration number in
the same jurisdiction, the same airline code) lifts the score to at least 0.75, whatever the
names: an officer must see it. The small agreements (birth date, nationality, legal form,
jurisdiction) add their points only to a name scoring 0.75 or more: they confirm a good name
match and never make one out of a weak one; disagreements always count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from readmit.screening.names import (
    COMPANY_SCHEMATA,
    NAME_PROPS,
    PERSON_SCHEMATA,
    CompanyName,
    airline_codes,
    company_name,
    person_name_parts,
    registration_key,
    registration_numbers,
    values,
)
from readmit.screening.person_names import NameForm, compare_person_names, entity_forms, name_form
from readmit.screening.schemas import Feature, ScreeningQuery
from readmit.screening.similarity import (
    compare_dates,
    compare_passports,
    country_code,
    one_slip,
)

STRONG_FLOOR: Final = 0.75
CONFIRMS_FROM: Final = 0.75
CONFIRMING: Final = frozenset({"birth_date", "nationality", "legal_form", "jurisdiction"})
DATE_POINTS: Final = {"same": 0.05, "compatible": 0.02, "close": -0.05, "different": -0.35}
NATIONALITY_POINTS: Final = {"same": 0.02, "different": -0.08}
PASSPORT_POINTS: Final = {
    "exact": 0.15, "ocr_confusion": 0.12, "one_edit": 0.05, "different": -0.35,
}  # fmt: skip
LEGAL_FORM_POINTS: Final = {"same": 0.02, "different": -0.05}
JURISDICTION_POINTS: Final = {"same": 0.02, "different": -0.1}
CODE_POINTS: Final = {"same": 0.2, "different": -0.35}
# Trade words that many carriers' names share: half the weight of a distinctive word.
COMMON_WORDS: Final = frozenset({
    "air", "airline", "airlines", "airways", "aviation", "aero", "aereo", "aereos",
    "aerolineas", "aerovias", "avia", "aviakompaniya", "hangkong", "travel", "travels",
    "tours", "tour", "turismo", "viajes", "agencia", "agency", "express", "transport",
    "transportes", "transporte", "trans", "logistics", "cargo", "charter", "charters",
    "services", "servicios", "international", "internacional", "group", "grupo", "holding",
    "holdings", "company", "compania", "bus", "buses", "lines", "lineas", "line", "jet",
    "jets", "sky", "fly", "flight",
})  # fmt: skip


@dataclass(frozen=True)
class Scored:
    """One entity's score against the query and the features behind it."""

    score: float
    features: tuple[Feature, ...]


def _clamp(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 4)


def _total(base: float, features: list[Feature], strong: bool) -> Scored:
    if base < CONFIRMS_FROM:
        # Small agreements confirm a good name match; they never make one.
        features = [
            f if f.name not in CONFIRMING or f.score <= 0 else Feature(f.name, 0.0, f.explanation)
            for f in features
        ]
    score = base + sum(f.score for f in features[1:])
    if strong:
        score = max(score, STRONG_FLOOR)
    return Scored(_clamp(score), tuple(features))


# --- persons --------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedQuery:
    """A query's names read once, compared with every candidate."""

    query: ScreeningQuery
    person_names: tuple[NameForm, ...]
    company_names: tuple[tuple[str, CompanyName], ...]


def query_name_parts(query: ScreeningQuery) -> list[tuple[str, str]]:
    """(family, given) of each name of the query; a whole name as (name, "")."""
    parts: list[tuple[str, str]] = []
    if query.family_name or query.given_name:
        parts.append((query.family_name, query.given_name))
    parts += [(n, "") for n in (query.name, *query.aliases) if n.strip()]
    return list(dict.fromkeys(parts))


def prepare(query: ScreeningQuery) -> PreparedQuery:
    """The query's names as the matcher compares them."""
    if query.kind == "person":
        forms = tuple(name_form(f, g, query_side=True) for f, g in query_name_parts(query))
        return PreparedQuery(query, forms, ())
    names = [n for n in (query.name, *query.aliases) if n.strip()]
    return PreparedQuery(query, (), tuple((n, company_name(n)) for n in names))


def _birth_date(query: ScreeningQuery, props: Mapping[str, Any]) -> Feature | None:
    if not query.birth_date:
        return None
    dates = values(props, "birthDate")
    if not dates:
        return None
    level, theirs = compare_dates(query.birth_date, dates)
    sentence = {
        "same": f"The birth date is the same ({theirs}).",
        "compatible": f"The birth dates agree as far as both go ({query.birth_date} / {theirs}).",
        "close": f"The birth dates are one slip apart ({query.birth_date} / {theirs}).",
        "different": f"The birth dates differ ({query.birth_date} / {theirs}).",
    }[level]
    return Feature("birth_date", DATE_POINTS[level], sentence)


def _nationality(query: ScreeningQuery, props: Mapping[str, Any]) -> Feature | None:
    mine = country_code(query.nationality or "")
    theirs = {
        c
        for v in values(props, "nationality") + values(props, "citizenship")
        if (c := country_code(v))
    }
    if not mine or not theirs:
        return None
    if mine in theirs:
        return Feature(
            "nationality", NATIONALITY_POINTS["same"], f"The nationality is the same ({mine})."
        )
    listed = ", ".join(sorted(theirs))
    return Feature(
        "nationality",
        NATIONALITY_POINTS["different"],
        f"The nationality differs ({mine} / {listed}); people may hold more than one.",
    )


def _passport(query: ScreeningQuery, props: Mapping[str, Any]) -> Feature | None:
    numbers = values(props, "passportNumber")
    if not query.passport_number or not numbers:
        return None
    level = compare_passports(query.passport_number, numbers)
    if level == "null":
        return None
    sentence = {
        "exact": "The passport number is the same.",
        "ocr_confusion": "The passport numbers differ only by characters often misread (0/O…).",
        "one_edit": "The passport numbers differ by one character.",
        "different": "The passport numbers differ.",
    }[level]
    return Feature("passport_number", PASSPORT_POINTS[level], sentence)


def score_person(prepared: PreparedQuery, props: Mapping[str, Any]) -> Scored:
    """A person query against a Person entity."""
    r_forms = entity_forms(tuple(person_name_parts(props)))
    base, name = compare_person_names(prepared.person_names, r_forms)
    features = [name]
    query = prepared.query
    found = (_birth_date(query, props), _nationality(query, props), _passport(query, props))
    features += [f for f in found if f is not None]
    strong = any(
        f.name == "passport_number" and f.score >= PASSPORT_POINTS["ocr_confusion"]
        for f in features
    )
    return _total(base, features, strong)


# --- companies ------------------------------------------------------------------------


def _word_weight(word: str) -> float:
    return 0.5 if word in COMMON_WORDS else 1.0


def _word_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return 0.85 if min(len(a), len(b)) >= 4 and one_slip(a, b) else 0.0


def company_words_score(q: CompanyName, r: CompanyName) -> tuple[float, str]:
    """How far two company names agree (score, what agreed), legal forms aside."""
    if q.words == r.words:
        return 1.0, "same"
    if q.sorted == r.sorted:
        return 0.97, "reordered"
    if q.joined == r.joined:
        return 0.95, "joined"
    left, right = list(q.words), list(r.words)
    total = 0.0
    for word in left:
        scores = [(_word_score(word, other), i) for i, other in enumerate(right)]
        best, at = max(scores, default=(0.0, -1))
        if best > 0:
            total += best * _word_weight(word)
            right.pop(at)
    # Weighted Jaccard: a word on one side only counts against, whichever side it is on.
    union = sum(map(_word_weight, q.words)) + sum(map(_word_weight, r.words)) - total
    share = total / union if union else 0.0
    joined = (
        0.88 if min(len(q.joined), len(r.joined)) >= 8 and one_slip(q.joined, r.joined) else 0.0
    )
    return (joined, "joined_slip") if joined > share else (share, "words")


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


def _company_sentence(how: str, q: str, r: str, score: float) -> str:
    return _sentence(
        {
            "same": f"The name is the same, legal form aside: {r}",
            "reordered": f"The same words in another order: {q} / {r}",
            "joined": f"The same name in another script or spacing: {q} / {r}",
            "joined_slip": f"The names differ by one letter: {q} / {r}",
        }.get(how, f"Some of the names' words agree ({round(score * 100)}%): {q} / {r}")
    )


def _company_names(
    prepared: PreparedQuery, props: Mapping[str, Any]
) -> tuple[float, Feature, str, str]:
    best = (0.0, Feature("name", 0.0, "The names have no word in common."), "", "")
    for q_text, q in prepared.company_names:
        for prop in NAME_PROPS:
            for r_text in values(props, prop):
                r = company_name(r_text)
                score, how = company_words_score(q, r)
                if score > best[0]:
                    sentence = _company_sentence(how, q_text, r_text, score)
                    best = (
                        score,
                        Feature("name", round(score, 4), sentence),
                        q.legal_form,
                        r.legal_form,
                    )
    return best


def _code(kind: str, mine: str | None, theirs: list[str]) -> Feature | None:
    if not mine or not theirs:
        return None
    label = kind.upper()
    same = mine.upper() in {t.upper() for t in theirs}
    level = "same" if same else "different"
    sentence = (
        f"The {label} code is the same ({mine.upper()})."
        if same
        else f"The {label} codes differ ({mine.upper()} / {', '.join(theirs)})."
    )
    return Feature(f"{kind}_code", CODE_POINTS[level], sentence)


def _jurisdiction(mine: str | None, theirs: set[str]) -> Feature | None:
    if not mine or not theirs:
        return None
    if mine in theirs:
        return Feature(
            "jurisdiction", JURISDICTION_POINTS["same"], f"The jurisdiction is the same ({mine})."
        )
    listed = ", ".join(sorted(theirs))
    return Feature(
        "jurisdiction",
        JURISDICTION_POINTS["different"],
        f"The jurisdictions differ ({mine} / {listed}).",
    )


def _registration(
    query: ScreeningQuery, numbers: set[str], same_j: bool, known_j: bool
) -> Feature | None:
    if not query.registration_number or not numbers:
        return None
    mine = registration_key(query.registration_number)
    if mine in numbers and (same_j or not known_j):
        return Feature("registration_number", 0.2, "The registration number is the same.")
    if mine in numbers:
        return Feature(
            "registration_number",
            0.0,
            "The registration number is the same, in another country's register.",
        )
    if same_j:
        return Feature(
            "registration_number", -0.35, "The registration numbers differ in the same country."
        )
    return Feature("registration_number", -0.1, "The registration numbers differ.")


def _company_identifiers(query: ScreeningQuery, props: Mapping[str, Any]) -> list[Feature]:
    mine_j = country_code(query.jurisdiction or "")
    theirs_j = {
        c
        for v in values(props, "jurisdiction") + values(props, "country")
        if (c := country_code(v))
    }
    numbers = registration_numbers(props)
    iata, icao = airline_codes(props)
    same_j = bool(mine_j and mine_j in theirs_j)
    found = [
        _jurisdiction(mine_j, theirs_j),
        _registration(query, numbers, same_j, bool(mine_j and theirs_j)),
        _code("iata", query.iata_code, iata),
        _code("icao", query.icao_code, icao),
    ]
    return [f for f in found if f is not None]


def score_company(prepared: PreparedQuery, props: Mapping[str, Any]) -> Scored:
    """A company query against a Company, Organization or other legal entity."""
    base, name, q_form, r_form = _company_names(prepared, props)
    features = [name]
    if q_form and r_form:
        same = q_form == r_form
        sentence = (
            f"The legal form is of the same kind ({r_form})."
            if same
            else f"The legal forms differ ({q_form} / {r_form})."
        )
        features.append(
            Feature("legal_form", LEGAL_FORM_POINTS["same" if same else "different"], sentence)
        )
    features += _company_identifiers(prepared.query, props)
    strong = any(f.score >= 0.2 for f in features[1:])
    return _total(base, features, strong)


def agreement(query: ScreeningQuery, props: Mapping[str, Any]) -> int:
    """A quick count of the query's facts that agree with an entity's (+1 each) or conflict
    (-1): birth date, passport, nationality, jurisdiction; to choose which of many
    namesakes to score."""
    points = 0
    if query.birth_date and (dates := values(props, "birthDate")):
        level, _ = compare_dates(query.birth_date, dates)
        points += 1 if level in ("same", "compatible") else -1 if level == "different" else 0
    if query.passport_number and (numbers := values(props, "passportNumber")):
        level = compare_passports(query.passport_number, numbers)
        points += 2 if level in ("exact", "ocr_confusion") else -1 if level == "different" else 0
    for mine, prop in ((query.nationality, "nationality"), (query.jurisdiction, "jurisdiction")):
        theirs = {country_code(v) for v in values(props, prop)}
        if mine and theirs:
            points += 1 if country_code(mine) in theirs else -1
    return points


def score(prepared: PreparedQuery, schema: str, props: Mapping[str, Any]) -> Scored | None:
    """The query against one entity of a comparable schema, else None."""
    if prepared.query.kind == "person" and schema in PERSON_SCHEMATA:
        return score_person(prepared, props)
    if prepared.query.kind == "company" and schema in COMPANY_SCHEMATA:
        return score_company(prepared, props)
    return None
