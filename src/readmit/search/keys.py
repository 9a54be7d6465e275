"""The keys a case is found by, and the keys of what a user types.

Names are keyed by the identity engine's own rules for the requested state's naming culture
(`countries`, `identity.profiles`): a Han name gives its lattice of Latin readings (pinyin,
Wade-Giles, Cantonese, dialect surnames), a Latin name its (family, given) keys in both
orders, a Spanish name its surname and given-name combinations with accents and particles
dropped. On top of that, every part that reads as Wade-Giles also gives its pinyin
(Chang → zhang and chang, Hsiao-ming → xiaoming) on both sides, since a Latin name stored
as ZHANG WEI has no Han lattice to meet "Chang Wei" in. A search key is a match when the
two sides share one. Document numbers are kept as the engine normalises them.

`index_application` rewrites a case's keys; it must be called whenever the names or
documents of a case change.
"""

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from readmit.applications.models import Application
from readmit.countries import country
from readmit.identity.docnums import normalise_number
from readmit.identity.latin import fold, wade_giles_split
from readmit.identity.romanise_tables import WADE_GILES_TO_PINYIN
from readmit.search.models import KeyKind, SearchKey

MAX_READINGS = 16  # pinyin spellings of one part; beyond that the part is no Wade-Giles name
MAX_QUERY_WORDS = 8  # every split of a name into family and given is keyed


def readings(part: str) -> tuple[str, ...]:
    """The part as keyed and, when it reads as Wade-Giles, each of its pinyin spellings."""
    syllables = wade_giles_split(part) if part else None
    if not syllables:
        return (part,)
    options = [sorted(WADE_GILES_TO_PINYIN[s]) for s in syllables]
    if math.prod(map(len, options)) > MAX_READINGS:
        return (part,)
    return tuple(dict.fromkeys([part, *("".join(p) for p in itertools.product(*options))]))


def expand(keys: Iterable[str], *, romanised: bool) -> set[str]:
    """Keys in both orders; for names romanised from a native script, with the pinyin
    readings of their Wade-Giles parts too."""
    out: set[str] = set()
    spell = readings if romanised else _as_keyed
    for key in keys:
        family, _, given = key.partition("|")
        for f, g in itertools.product(spell(family), spell(given)):
            if f or g:
                out.update((f"{f}|{g}", f"{g}|{f}"))
    return out


def _as_keyed(part: str) -> tuple[str, ...]:
    return (part,)


def name_keys(state: str, family: str, given: str) -> set[str]:
    """Every key of one recorded name of a person whose case is addressed to `state`."""
    profile = country(state)
    names = profile.names
    return expand(
        (
            *names.register_name_keys(family, given, None, None),
            *names.application_keys(family, given),
        ),
        romanised=profile.native_script is not None,
    )


def case_keys(
    *, state: str, names: Iterable[tuple[str, str]], numbers: Iterable[str | None]
) -> set[tuple[KeyKind, str]]:
    """The (kind, value) keys of a case: its names, their parts, its document numbers."""
    keys: set[tuple[KeyKind, str]] = set()
    for family, given in names:
        for key in name_keys(state, family, given):
            keys.add((KeyKind.name, key))
            keys.update((KeyKind.part, part) for part in key.split("|") if part)
    keys.update((KeyKind.document, n) for n in map(normalise_number, filter(None, numbers)) if n)
    return keys


def index_application(*, session: Session, application: Application) -> None:
    """Rewrite the keys a case is found by; call it whenever its names or documents change."""
    session.execute(delete(SearchKey).where(SearchKey.application_id == application.id))
    keys = case_keys(
        state=application.requested_state,
        names=[(n.family, n.given) for n in application.names],
        numbers=[d.number for d in application.documents],
    )
    if keys:
        session.execute(
            insert(SearchKey),
            [{"application_id": application.id, "kind": k, "value": v} for k, v in sorted(keys)],
        )


@dataclass(frozen=True)
class NameQuery:
    """What a typed name is looked up by: whole-name keys, or for one word (a surname or given
    names alone) the parts it may be."""

    keys: frozenset[str]
    parts: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.keys or self.parts)


def name_query(text: str, states: Sequence[str]) -> NameQuery:
    """The keys of a typed name under the naming rules of each of these requested states: in
    the script of the state's register as its register is keyed, in Latin letters with every
    split into family and given names, in either order."""
    expanded: set[str] = set()
    for state in dict.fromkeys(states):
        profile = country(state)
        native = profile.native_script
        keys = list(profile.names.parent_keys(text, register_side=False))
        if native is not None and native[1](text.strip()):
            keys.extend(profile.names.parent_keys(text, register_side=True))
        expanded |= expand(keys, romanised=native is not None)
    whole = frozenset(k for k in expanded if "" not in k.split("|"))
    if whole:
        return NameQuery(whole, frozenset())
    return NameQuery(frozenset(), frozenset(p for k in expanded for p in k.split("|") if p))


def query_words(text: str) -> int:
    """How many words a typed name has, split as the engine splits names (at spaces, and at
    hyphens and other punctuation once folded)."""
    return max(len(text.split()), len(fold(text).split()))
