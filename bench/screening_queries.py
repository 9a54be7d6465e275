"""Queries for bench/screening.py: variants of designated entities and checked look-alikes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein
from screening_data import (
    HOMOPHONES,
    Entity,
    _es_given,
    _es_surname,
    chn_variants,
    company_variants,
    es_variants,
    person_fields,
    pseudo_word,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.database.core import make_engine
from readmit.designations.models import Entity as EntityRow
from readmit.identity.romanise import han_name_keys
from readmit.screening.engine import candidates, query_keys
from readmit.screening.matching import prepare
from readmit.screening.names import company_name, has_han, latinise
from readmit.screening.person_names import simplified
from readmit.screening.schemas import ScreeningQuery

ALPHA3 = {"cn": "CHN", "gt": "GTM", "mx": "MEX", "sv": "SLV", "hn": "HND", "gb": "GBR", "us": "USA"}
PARTICLES = {"de", "del", "la", "las", "los", "y"}


@dataclass(frozen=True)
class Query:
    """One benchmark query: a variant must find `entity_id`; a look-alike (made from
    `entity_id`) must not hit anything."""

    query: ScreeningQuery
    kind: str  # variant | lookalike
    type: str
    entity_id: int


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in latinise(text).split() if w not in PARTICLES)


def canonical(schema: str, props: dict[str, list[str]]) -> list[frozenset[str]]:
    """Each name of an entity as a set of Latin words (Han read in pinyin)."""
    out = []
    for name in props.get("name", []) + props.get("alias", []):
        if schema != "Person":
            out.append(frozenset(company_name(name).words))
        elif has_han(name):
            key = han_name_keys(name, "", limit=1)[0]
            out.append(frozenset((key.family, key.given)))
        else:
            out.append(_words(name))
    return out


def close(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same words, one set inside the other, or one word one keying slip from its
    counterpart (the others the same)."""
    if not a or not b or a <= b or b <= a:
        return True
    only_a, only_b = a - b, b - a
    if len(only_a) == 1 and len(only_b) == 1:
        return DamerauLevenshtein.distance(next(iter(only_a)), next(iter(only_b))) <= 1
    return DamerauLevenshtein.distance("".join(sorted(a)), "".join(sorted(b))) <= 1


def _neighbours(session: Session, state: str, query: ScreeningQuery) -> list[Any]:
    found = candidates(session=session, state_code=state, keys=query_keys(prepare(query)))
    if not found:
        return []
    return list(
        session.execute(
            select(EntityRow.schema, EntityRow.properties).where(EntityRow.id.in_(found))
        )
    )


def _free(session: Session, state: str, query: ScreeningQuery, *, year_gap: int = 0) -> bool:
    """No listed name close to the query's (or, with `year_gap`, none born within that many
    years of the query's birth year)."""
    mine = (
        frozenset(company_name(query.name).words) if query.kind == "company" else _words(query.name)
    )
    for schema, props in _neighbours(session, state, query):
        if not any(close(mine, theirs) for theirs in canonical(schema, props)):
            continue
        if not year_gap or not query.birth_date:
            return False
        years = [int(d[:4]) for d in props.get("birthDate", [])]
        if not years or any(abs(y - int(query.birth_date[:4])) < year_gap for y in years):
            return False
    return True


def _han_free(session: Session, state: str, query: ScreeningQuery) -> bool:
    mine = simplified(query.name)
    for _, props in _neighbours(session, state, query):
        if any(simplified(n) == mine for n in props.get("name", []) if has_han(n)):
            return False
    return True


def _person(entity: Entity, name: str, rng: random.Random, **fields: Any) -> ScreeningQuery:
    return ScreeningQuery.model_validate(
        {"kind": "person", "name": name, **person_fields(entity, rng), **fields}
    )


def _company(entity: Entity, name: str, rng: random.Random) -> ScreeningQuery:
    fields: dict[str, Any] = {"kind": "company", "name": name}
    if rng.random() < 0.5:
        fields["jurisdiction"] = ALPHA3[entity.properties["jurisdiction"][0]]
    return ScreeningQuery.model_validate(fields)


def variant(entity: Entity, entity_id: int, rng: random.Random) -> Query | None:
    """A variant of a designated entity, of a type drawn at random among those it has."""
    if entity.schema == "Person":
        options = (chn_variants if entity.kind.startswith("chn") else es_variants)(entity, rng)
        kind, name = rng.choice(sorted(options.items()))
        fields = {"birth_date": entity.properties["birthDate"][0]} if kind == "initials" else {}
        return Query(
            _person(entity, name, rng, **fields), "variant", f"{entity.kind}:{kind}", entity_id
        )
    kind, name = rng.choice(sorted(company_variants(entity, rng).items()))
    return Query(_company(entity, name, rng), "variant", f"{entity.kind}:{kind}", entity_id)


def _other_date(date: str, rng: random.Random) -> str:
    year = int(date[:4]) + rng.choice((-1, 1)) * rng.randint(5, 15)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def lookalike(
    session: Session, state: str, entity: Entity, entity_id: int, rng: random.Random
) -> Query | None:
    """A look-alike made from a designated entity, or None when the list holds a name too
    close to it (then another is drawn)."""
    p = entity.parts
    if entity.schema != "Person":
        if entity.kind == "co_chn":
            name = f"{p['place']} {pseudo_word(rng)} {p['industry'].capitalize()} Co Ltd"
        elif entity.kind == "co_es":
            name = f"{p['trade']} {pseudo_word(rng)} {p['region']}, {p['form']}"
        else:
            name = f"{pseudo_word(rng)} {p['trade']} Ltd"
        query = _company(entity, name, rng)
        ok = _free(session, state, query)
        return (
            Query(query, "lookalike", f"{entity.kind}:other_trade_name", entity_id) if ok else None
        )
    roll = rng.random()
    if roll < 0.3:  # a namesake born years apart
        name = (
            f"{p['family'].capitalize()} {p['given'].capitalize()}"
            if entity.kind != "es"
            else entity.properties["name"][0]
        )
        query = _person(
            entity, name, rng, birth_date=_other_date(entity.properties["birthDate"][0], rng)
        )
        ok = _free(session, state, query, year_gap=3)
        return (
            Query(query, "lookalike", f"{entity.kind}:namesake_other_birth_year", entity_id)
            if ok
            else None
        )
    if entity.kind == "chn_han" and roll < 0.55:  # the same sound, other characters
        chars = list(p["chars"])
        options = [
            (i, h) for i, c in enumerate(chars) for h in HOMOPHONES[p["syllables"][i]] if h != c
        ]
        if not options:
            return None
        i, other = rng.choice(options)
        chars[i] = other
        query = _person(
            entity,
            p["family_h"] + "".join(chars),
            rng,
            birth_date=_other_date(entity.properties["birthDate"][0], rng),
        )
        ok = _han_free(session, state, query)
        return Query(query, "lookalike", "chn_han:homophone_characters", entity_id) if ok else None
    if entity.kind.startswith("chn"):
        from screening_data import _GIVEN, _SECOND

        given = rng.choice(_GIVEN)[1] + (rng.choice(_SECOND)[1] if rng.random() < 0.8 else "")
        query = _person(
            entity,
            f"{p['family'].capitalize()} {given.capitalize()}",
            rng,
            birth_date=_other_date(entity.properties["birthDate"][0], rng),
        )
        ok = _free(session, state, query)
        return (
            Query(query, "lookalike", f"{entity.kind}:other_given_name", entity_id) if ok else None
        )
    givens = " ".join(p["givens"])
    name, kind = (
        (f"{givens} {p['paternal']} {_es_surname(rng)}", "other_maternal_surname")
        if roll < 0.75
        else (f"{_es_given(rng)} {p['paternal']} {p['maternal']}", "other_given_name")
    )
    query = _person(
        entity, name, rng, birth_date=_other_date(entity.properties["birthDate"][0], rng)
    )
    ok = _free(session, state, query)
    return Query(query, "lookalike", f"es:{kind}", entity_id) if ok else None


def make_queries(
    url: str, state: str, entities: list[Entity], count: int, seed: int
) -> list[Query]:
    """`count` variants and `count` look-alikes, shuffled; always the same for the same list."""
    rng = random.Random(f"screening-queries:{seed}")
    listed = [i for i, e in enumerate(entities) if e.schema != "Directorship"]
    out: list[Query] = []
    engine = make_engine(url)
    with Session(engine) as session:
        while sum(q.kind == "variant" for q in out) < count:
            i = rng.choice(listed)
            if (made := variant(entities[i], i + 1, rng)) is not None:
                out.append(made)
        while sum(q.kind == "lookalike" for q in out) < count:
            i = rng.choice(listed)
            if (made := lookalike(session, state, entities[i], i + 1, rng)) is not None:
                out.append(made)
    engine.dispose()
    rng.shuffle(out)
    return out
