"""Spanish naming (Guatemala and other Spanish-naming countries): keys for both sides.

A Spanish name has one or more given names and two surnames, paternal then maternal
(José Luis | García López). Foreign records drop accents and the maternal surname, swap
the order, write particles or not (de León, DE LEON, Leon), and a married woman may carry
"de" + her husband's surname (María Pérez de Gómez; widowed: Pérez viuda de Gómez or
vda. de Gómez). The same function keys register names and application names, and a match
is an intersection of keys.

Keys are (family, given) pairs of lower-case ASCII without spaces; particles are dropped
inside keys (De León -> leon; María del Carmen -> mariacarmen), and a surname written with
its particle also keys joined (deleon), for records that write DELEON.

Family keys, most specific first: paternal + maternal; paternal only; paternal with its
particle joined; paternal + husband's and husband's alone (married women); maternal only
(lowest priority). Given keys: all given names; the first; the first two (of three or
more). Each family key pairs with each given key, and every pair is also emitted swapped.

Decision: "GARCIA LOPEZ" and "LOPEZ GARCIA" (surnames in the other order) do intersect,
through the single-surname keys (paternal of one = maternal of the other); the engine
weighs such a key by its frequency, and the maternal-only key comes last in the tuple for
callers that want only the strong keys.

"X de Y" after a first surname is ambiguous (married name, or a surname "de Y" as in
García de León): both readings are keyed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, NamedTuple

from readmit.identity.latin import fold

__all__ = ["spanish_name_keys", "surname_parts"]

PARTICLES: Final = frozenset(("de", "del", "la", "las", "los", "y", "e"))
WIDOW: Final = frozenset(("viuda", "vda", "vdade", "vdad"))
# Prefixes of particles written together with the surname (DELACRUZ, DELOSSANTOS).
_JOINED: Final = ("delos", "delas", "dela")
# Abbreviated given names in common use on Spanish-language documents (Ma. = María,
# Fco. = Francisco: RAE, Diccionario panhispánico de dudas, appendix of abbreviations).
_ABBREVIATIONS: Final = {"ma": "maria", "fco": "francisco"}


class _Unit(NamedTuple):
    core: str  # the word, particles dropped
    joined: str  # particles and word together (deleon)
    de: bool  # introduced by de/del (a candidate married name after the first surname)
    widow: bool  # introduced by viuda/vda.


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for token in fold(text).split():
        for prefix in _JOINED:
            if token.startswith(prefix) and len(token) - len(prefix) >= 3:
                out.extend((prefix[:2], prefix[2:], token[len(prefix) :]))
                break
        else:
            out.append(token)
    return out


def _units(tokens: list[str]) -> list[_Unit]:
    units: list[_Unit] = []
    pending: list[str] = []
    widow = False
    for token in tokens:
        if token in WIDOW:
            widow = True
        elif token in PARTICLES:
            pending.append(token)
        else:
            de = bool(pending) and pending[0] in ("de", "del")
            units.append(_Unit(token, "".join(pending) + token, de, widow))
            pending, widow = [], False
    return units


def surname_parts(family: str) -> tuple[str, ...]:
    """The surnames of a family-name field, particles and widow markers dropped:
    "Pérez viuda de Gómez" -> ("perez", "gomez"); "de la Cruz Ortiz" -> ("cruz", "ortiz")."""
    return tuple(u.core for u in _units(_tokens(family)))


def _family_keys(units: list[_Unit]) -> list[str]:
    if not units:
        return [""]
    readings: list[tuple[list[_Unit], _Unit | None]] = []
    married_at = next((i for i, u in enumerate(units) if i and (u.de or u.widow)), None)
    if married_at is None or not units[married_at].widow:
        readings.append((units, None))  # "de Y" is a surname (García de León)
    if married_at is not None:
        readings.append((units[:married_at], units[married_at]))  # "de Y" is the husband's
    levels: list[list[str]] = [[] for _ in range(5)]
    for own, husband in readings:
        levels[0].append("".join(u.core for u in own[:2]))
        levels[1].append(own[0].core)
        if own[0].joined != own[0].core:
            levels[2].append(own[0].joined + "".join(u.core for u in own[1:2]))
            levels[2].append(own[0].joined)
        if husband is not None:
            levels[3].extend((own[0].core + husband.core, husband.core))
        if len(own) > 1:
            levels[4].append(own[1].core)
        if len(own) > 2:
            levels[4].append("".join(u.core for u in own))
    return list(dict.fromkeys(k for level in levels for k in level))


def _given_keys(units: list[_Unit]) -> list[str]:
    cores = [_ABBREVIATIONS.get(u.core, u.core) if i == 0 else u.core for i, u in enumerate(units)]
    if not cores:
        return [""]
    keys = ["".join(cores), cores[0]]
    if len(cores) >= 3:
        keys.append(cores[0] + cores[1])
    return list(dict.fromkeys(keys))


def _pairs(family: list[_Unit], given: list[_Unit]) -> list[tuple[str, str]]:
    return [(f, g) for f in _family_keys(family) for g in _given_keys(given) if f or g]


@lru_cache(maxsize=1 << 16)
def _parsed(text: str) -> list[_Unit]:
    # Surname pairs and given names repeat across a register far more than whole names.
    return _units(_tokens(text))


def spanish_name_keys(family: str, given: str) -> tuple[tuple[str, str], ...]:
    """(family, given) keys of a Spanish name, most specific first; see the module doc."""
    return _spanish_name_keys(family, given)


@lru_cache(maxsize=1 << 16)
def _spanish_name_keys(family: str, given: str) -> tuple[tuple[str, str], ...]:
    f_units, g_units = _parsed(family), _parsed(given)
    pairs: list[tuple[str, str]] = []
    if f_units and g_units:
        pairs = _pairs(f_units, g_units)
    elif len(f_units or g_units) == 1:
        only = (f_units or g_units)[0].core
        pairs = [(only, "")] if f_units else [("", only)]
    elif f_units or g_units:  # a whole name in one field: every split, both orders
        units = f_units or g_units
        for k in range(1, len(units)):
            pairs += _pairs(units[k:], units[:k])  # given names first (natural order)
        for k in range(1, len(units)):
            pairs += _pairs(units[:k], units[k:])  # surnames first (list order)
    swapped = [(g, f) for f, g in pairs]
    return tuple(dict.fromkeys(pairs + swapped))
