"""Screening one person or company: candidates from the key index, scored, then followed
along ownership, directorship and employment links to designated entities.

1. **Keys** of the query (``query_keys``): every reading of its names and its identifiers
   (strongest); passport numbers one character off and initials readings; then every key
   one keying slip away (a letter wrong, dropped, added or two swapped in the family or the
   given name, or in one word of a company name) and company names with one word dropped.
2. **Candidates**: the state's entities under those keys; a name key shared by more than
   ``MAX_POSTINGS`` entities says too little and is ignored. Of the ``MAX_CANDIDATES``
   found under the strongest keys (then the most keys), the ``MAX_SCORED`` whose birth
   date, passport, nationality or jurisdiction agree most with the query's
   (``matching.agreement``: namesakes are many, 张伟 is a common name) are scored
   (``screening.matching``).
3. **Hits**: a scored entity from ``MIN_SCORE`` up that is itself designated is a hit; one
   linked to a designated entity by up to ``MAX_LINKS`` links (either direction) is a hit
   through the link, its score multiplied by ``LINK_FACTOR`` per link, with the path.
   Only designations in status "designated" give hits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Row, bindparam, or_, select
from sqlalchemy.orm import Session

from readmit.designations.models import Designation, DesignationStatus, Entity
from readmit.identity.candidates import one_edit, passport_variants
from readmit.identity.docnums import confusion_key, normalise_number
from readmit.screening.matching import PreparedQuery, Scored, agreement, prepare, score
from readmit.screening.models import ScreeningKey
from readmit.screening.names import cut, registration_key
from readmit.screening.schemas import Feature, Hit, PathStep, ScreeningQuery

MIN_SCORE: Final = 0.5
MAX_POSTINGS: Final = 2_000
MAX_FETCHED: Final = 50_000
MAX_CANDIDATES: Final = 400
MAX_SCORED: Final = 40
MAX_LINKS: Final = 2
LINK_FACTOR: Final = 0.9
LINK_SCHEMATA: Final = ("Ownership", "Directorship", "Employment")
MIN_SLIP: Final = 3  # shorter parts are one slip from too many others (li, lu, wu)
# Longer parts are several names run together (two Spanish surnames); a slip in one of them
# is found through the keys of the other (the paternal surname alone, the first given name).
MAX_SLIP: Final = 12
SLIP_READINGS: Final = 2  # readings per name whose slips are looked up
STRONG, NEAR, SLIP = 0, 1, 2  # key classes, strongest first
# How a link reads from its subject to its object, and back.
FORWARD: Final = {"Directorship": "a director of", "Ownership": "an owner of",
                  "Employment": "an employee of"}  # fmt: skip
BACKWARD: Final = {"Directorship": "directed by", "Ownership": "owned by",
                   "Employment": "the employer of"}  # fmt: skip


# Company names longer than this (in words) are looked up as written: their variants would
# be thousands of keys per screening.
MAX_WORDS: Final = 10


def _slips(family: str, given: str) -> Iterable[str]:
    if MIN_SLIP <= len(family) <= MAX_SLIP and given:
        yield from (f"p:{v}|{given}" for v in one_edit(family))
    if MIN_SLIP <= len(given) <= MAX_SLIP and family:
        yield from (f"p:{family}|{v}" for v in one_edit(given))


def _person_keys(prepared: PreparedQuery, keys: dict[str, int]) -> None:
    for form in prepared.person_names:
        for reading in form.readings:
            keys.setdefault(cut(f"p:{reading.family}|{reading.given}"), STRONG)
        if form.abbreviated:
            for key in form.initials:
                keys.setdefault(cut(f"pi:{key}"), NEAR)
        if not form.han:
            for reading in form.readings[:SLIP_READINGS]:
                for key in _slips(reading.family, reading.given):
                    keys.setdefault(cut(key), SLIP)
                for key in _slips(reading.given, reading.family):
                    keys.setdefault(cut(key), SLIP)
    number = prepared.query.passport_number
    if number and normalise_number(number):
        keys.setdefault(f"pp:{confusion_key(number)}", STRONG)
        for variant in passport_variants(normalise_number(number)):
            keys.setdefault(f"pp:{variant}", NEAR)


def _company_keys(prepared: PreparedQuery, keys: dict[str, int]) -> None:
    for _, name in prepared.company_names:
        words = list(name.words)
        keys.setdefault(cut(f"c:{name.joined}"), STRONG)
        keys.setdefault(cut(f"c:{name.sorted}"), STRONG)
        if len(words) > MAX_WORDS:  # a run-on "name" (a pasted text): no variants of it
            continue
        if len(words) >= 3:  # a word the list does not have
            for i in range(len(words)):
                keys.setdefault(cut("c:" + "".join(sorted(name.without(i)))), SLIP)
        for i, word in enumerate(words):
            if not MIN_SLIP <= len(word) <= MAX_SLIP:
                continue
            for variant in one_edit(word):
                changed = [*words[:i], variant, *words[i + 1 :]]
                keys.setdefault(cut("c:" + "".join(changed)), SLIP)
                keys.setdefault(cut("c:" + "".join(sorted(changed))), SLIP)
    query = prepared.query
    if query.registration_number and registration_key(query.registration_number):
        keys.setdefault(f"rn:{registration_key(query.registration_number)}", STRONG)
    for kind, code in (("iata", query.iata_code), ("icao", query.icao_code)):
        if code and normalise_number(code):
            keys.setdefault(f"{kind}:{normalise_number(code)}", STRONG)


def query_keys(prepared: PreparedQuery) -> dict[str, int]:
    """Every index key to look the query up under, with its class (0 strongest)."""
    keys: dict[str, int] = {}
    if prepared.query.kind == "person":
        _person_keys(prepared, keys)
    else:
        _company_keys(prepared, keys)
    return keys


_LOOKUP = (
    select(ScreeningKey.key, ScreeningKey.entity_id)
    .where(
        ScreeningKey.state_code == bindparam("state"),
        ScreeningKey.key.in_(bindparam("keys", expanding=True)),
    )
    .limit(MAX_FETCHED)
)


def candidates(*, session: Session, state_code: str, keys: dict[str, int]) -> list[int]:
    """The entity ids found under the keys, best first, at most ``MAX_CANDIDATES``."""
    if not keys:
        return []
    postings: dict[str, list[int]] = defaultdict(list)
    for key, entity_id in session.execute(_LOOKUP, {"state": state_code, "keys": list(keys)}):
        postings[key].append(entity_id)
    rank: dict[int, list[int]] = {}
    for key, ids in postings.items():
        identifier = not key.startswith(("p:", "pi:", "c:"))
        if len(ids) > MAX_POSTINGS and not identifier:
            continue
        for entity_id in ids:
            best = rank.setdefault(entity_id, [keys[key], 0])
            best[0] = min(best[0], keys[key])
            best[1] -= 1
    return sorted(rank, key=lambda e: (rank[e][0], rank[e][1], e))[:MAX_CANDIDATES]


@dataclass(frozen=True)
class _Node:
    id: int
    schema: str
    caption: str


@dataclass(frozen=True)
class _Route:
    """How an entity was reached from a matched one: the steps so far and the sentence."""

    origin: int
    steps: tuple[PathStep, ...]
    phrases: tuple[str, ...]


def _nodes(session: Session, ids: Iterable[int]) -> dict[int, _Node]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Entity.id, Entity.schema, Entity.caption).where(Entity.id.in_(wanted))
    )
    return {r.id: _Node(r.id, r.schema, r.caption) for r in rows}


def _routes(
    session: Session, state_code: str, matched: dict[int, _Node]
) -> dict[int, list[_Route]]:
    """Every entity reachable from the matched ones by up to ``MAX_LINKS`` links."""
    routes: dict[int, list[_Route]] = {i: [_Route(i, (), ())] for i in matched}
    frontier = {i: routes[i][0] for i in matched}
    known = dict(matched)
    for _ in range(MAX_LINKS):
        if not frontier:
            break
        ids = list(frontier)
        links = session.execute(
            select(Entity.id, Entity.schema, Entity.subject_id, Entity.object_id).where(
                Entity.state_code == state_code,
                Entity.schema.in_(LINK_SCHEMATA),
                or_(Entity.subject_id.in_(ids), Entity.object_id.in_(ids)),
            )
        ).all()
        ends = [e for link in links for e in (link.subject_id, link.object_id) if e is not None]
        known.update(_nodes(session, (e for e in ends if e not in known)))
        nxt: dict[int, _Route] = {}
        for link in links:
            for here, there, words in (
                (link.subject_id, link.object_id, FORWARD),
                (link.object_id, link.subject_id, BACKWARD),
            ):
                if here not in frontier or there is None or there not in known:
                    continue
                route = frontier[here]
                if there == route.origin or any(s.entity_id == there for s in route.steps):
                    continue
                node = known[here]
                step = PathStep(node.id, node.schema, node.caption, link.schema)
                phrase = f"{words.get(link.schema, 'linked to')} {known[there].caption}"
                new = _Route(route.origin, (*route.steps, step), (*route.phrases, phrase))
                routes.setdefault(there, []).append(new)
                nxt.setdefault(there, new)
        frontier = nxt
    return routes


def _designations(session: Session, state_code: str, ids: Iterable[int]) -> dict[int, int]:
    """entity id -> the id of its (first) designation in force."""
    rows = session.execute(
        select(Designation.entity_id, Designation.id)
        .where(
            Designation.state_code == state_code,
            Designation.status == DesignationStatus.designated.value,
            Designation.entity_id.in_(list(ids)),
        )
        .order_by(Designation.id)
    )
    out: dict[int, int] = {}
    for entity_id, designation_id in rows:
        out.setdefault(entity_id, designation_id)
    return out


def _hit(scored: Scored, route: _Route, target: _Node, designation_id: int) -> Hit:
    if not route.steps:
        return Hit(route.origin, target.id, designation_id, scored.score, scored.features)
    links = len(route.steps)
    value = round(scored.score * LINK_FACTOR**links, 4)
    first = route.steps[0].caption
    chain = ", which is ".join(route.phrases)
    sentence = f"{first} is {chain}, which is designated."
    path = (*route.steps, PathStep(target.id, target.schema, target.caption))
    link = Feature("link", round(value - scored.score, 4), sentence)
    return Hit(route.origin, target.id, designation_id, value, (*scored.features, link), path)


def shortlist(*, session: Session, state_code: str, prepared: PreparedQuery) -> list[Row[Any]]:
    """The candidates to score (id, schema, caption, properties), best first: those under
    the strongest keys, and of many namesakes those whose facts agree with the query's."""
    found = candidates(session=session, state_code=state_code, keys=query_keys(prepared))
    if not found:
        return []
    rows = list(
        session.execute(
            select(Entity.id, Entity.schema, Entity.caption, Entity.properties).where(
                Entity.id.in_(found), Entity.state_code == state_code
            )
        )
    )
    order = {entity_id: i for i, entity_id in enumerate(found)}
    query = prepared.query
    rows.sort(key=lambda r: (-agreement(query, r.properties or {}), order[r.id]))
    return rows[:MAX_SCORED]


def find(*, session: Session, state_code: str, query: ScreeningQuery, limit: int = 10) -> list[Hit]:
    """Designated entities the query matches, directly or through links, best first."""
    prepared = prepare(query)
    scores: dict[int, Scored] = {}
    matched: dict[int, _Node] = {}
    for row in shortlist(session=session, state_code=state_code, prepared=prepared):
        result = score(prepared, row.schema, row.properties or {})
        if result is not None and result.score >= MIN_SCORE:
            scores[row.id] = result
            matched[row.id] = _Node(row.id, row.schema, row.caption)
    if not matched:
        return []
    routes = _routes(session, state_code, matched)
    designated = _designations(session, state_code, routes)
    targets = _nodes(session, designated)
    best: dict[tuple[int, int], Hit] = {}
    for entity_id, designation_id in designated.items():
        for route in routes[entity_id]:
            hit = _hit(scores[route.origin], route, targets[entity_id], designation_id)
            pair = (hit.entity_id, hit.designated_entity_id)
            if pair not in best or hit.score > best[pair].score:
                best[pair] = hit
    ordered = sorted(best.values(), key=lambda h: (-h.score, len(h.path), h.designated_entity_id))
    return ordered[:limit]
