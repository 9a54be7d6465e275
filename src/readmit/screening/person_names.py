"""A person's name read once for comparison (its Latin readings with the scheme and the
share of the name each holds, its Chinese characters, its initials), and the comparison of
two persons' names whose levels `screening.matching` documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from readmit.identity.latin import given_similarity, latin_name_keys
from readmit.identity.romanise import han_name_keys, is_han
from readmit.identity.spanish import spanish_name_keys
from readmit.screening.names import (
    has_han,
    initials_readings,
    latinise,
    name_words,
    wade_giles_reading,
)
from readmit.screening.schemas import Feature
from readmit.screening.similarity import one_slip

SCHEME_LABELS: Final = {
    "pinyin": "pinyin",
    "pinyin_alt_reading": "pinyin (another reading)",
    "wade_giles": "Wade-Giles",
    "cantonese": "Cantonese",
    "hokkien": "Hokkien",
    "teochew": "Teochew",
    "fuzhou": "Fuzhou",
    "hakka": "Hakka",
    "latin": "Latin",
    "spanish": "Spanish",
}
_HAN_LIMIT: Final = 16
LATIN: Final = frozenset({"latin", "spanish"})  # readings of a name as written
HOMOPHONE_CAP: Final = 0.55  # Chinese characters that differ but read the same
REORDERED: Final = 0.95  # the same words in another order
SIMILAR: Final = 0.8
WEAK_FACTOR: Final = 0.7


@dataclass(frozen=True, slots=True)
class Reading:
    """One (family, given) reading, lower-case ASCII without spaces; `coverage` is the share
    of the name's letters it holds (a Spanish reading without the second surname < 1)."""

    family: str
    given: str
    scheme: str
    coverage: float = 1.0
    swapped: bool = False

    @property
    def label(self) -> str:
        """The scheme's name for an officer."""
        return SCHEME_LABELS.get(self.scheme, self.scheme)


@dataclass(frozen=True)
class NameForm:
    """One name of a person, as compared."""

    display: str
    han: str  # the Chinese characters in simplified form, without spaces; "" if none
    readings: tuple[Reading, ...]
    initials: frozenset[str]  # 'family|initials' readings
    abbreviated: bool  # some given name is written as an initial
    words: str = ""  # the Latin words sorted, particles aside (word order ignored)
    # The readings by family name, by given name and by both initials: the only ones a
    # reading can agree with (a pair differing in both parts from the first letter on is
    # never a spelling of the same name), so a comparison looks up instead of trying all.
    index: Mapping[str, tuple[Reading, ...]] = field(default_factory=dict)

    def near(self, reading: Reading) -> list[Reading]:
        """The readings sharing the family or the given name, or both initials, with one."""
        found: dict[int, Reading] = {}
        for key in _index_keys(reading):
            for r in self.index.get(key, ()):
                found.setdefault(id(r), r)
        return list(found.values())


def _index_keys(r: Reading) -> tuple[str, str, str]:
    return f"f:{r.family}", f"g:{r.given}", f"i:{r.family[:1]}|{r.given[:1]}"


def _indexed(readings: Sequence[Reading]) -> dict[str, tuple[Reading, ...]]:
    index: dict[str, list[Reading]] = {}
    for r in readings:
        for key in _index_keys(r):
            index.setdefault(key, []).append(r)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _t2s() -> object:
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1 << 16)
def simplified(text: str) -> str:
    """The Han characters of a text in simplified form (traditional 曉 -> 晓), others dropped."""
    han = "".join(c for c in text if is_han(c))
    return str(_t2s().convert(han)) if han else ""  # type: ignore[attr-defined]


def _latin_readings(family: str, given: str) -> list[Reading]:
    f, g = latinise(family), latinise(given)
    letters = len("".join(name_words(family) + name_words(given))) or 1
    written = (f.replace(" ", ""), g.replace(" ", "")) if f and g else None
    out: dict[tuple[str, str], Reading] = {}
    for scheme, pairs in (("latin", latin_name_keys(f, g)), ("spanish", spanish_name_keys(f, g))):
        for fam, giv in pairs:
            if (fam, giv) in out or not (fam or giv):
                continue
            coverage = min(1.0, len(fam + giv) / letters)
            swapped = written is not None and (giv, fam) == written
            out[fam, giv] = Reading(fam, giv, scheme, round(coverage, 3), swapped)
            if scheme == "latin" and (wg := wade_giles_reading(fam, giv)) and wg not in out:
                out[wg] = Reading(*wg, "wade_giles", round(coverage, 3), swapped)
    return list(out.values())


@lru_cache(maxsize=1 << 16)
def name_form(family: str, given: str, *, query_side: bool) -> NameForm:
    """Read one name; the query side also gets every reading with the parts swapped (the
    register keeps one order of each)."""
    display = " ".join(p for p in (family.strip(), given.strip()) if p)
    if has_han(family + given):
        keys = han_name_keys(family, given, limit=_HAN_LIMIT)
        readings = [Reading(k.family, k.given, k.scheme) for k in keys]
        if query_side:
            readings += [Reading(r.given, r.family, r.scheme, 1.0, True) for r in readings]
        return NameForm(
            display,
            simplified(family + given),
            tuple(readings),
            frozenset(initials_readings(family, given)),
            abbreviated=False,
            index=_indexed(readings),
        )
    readings = _latin_readings(family, given)
    if query_side:
        seen = {(r.family, r.given) for r in readings}
        readings += [
            Reading(r.given, r.family, r.scheme, r.coverage, True)
            for r in readings
            if (r.given, r.family) not in seen
        ]
    words = name_words(family) + name_words(given)
    return NameForm(
        display,
        "",
        tuple(readings),
        frozenset(initials_readings(family, given)),
        abbreviated=any(len(w) == 1 for w in words) and len(words) > 1,
        words=" ".join(sorted(words)) if len(words) > 1 else "",
        index=_indexed(readings),
    )


def _part(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    similarity = given_similarity(a, b)
    # Below the identity engine's "similar" (0.8) the parts are other names that share
    # letters (xiaoming / xiaoling is a slip, ruichun / ruijin another name): weighed down.
    return similarity if similarity >= SIMILAR else similarity * WEAK_FACTOR


@dataclass(frozen=True)
class _Pair:
    score: float
    q: Reading
    r: Reading
    family: float
    given: float
    q_form: NameForm
    r_form: NameForm


def _pair(q_form: NameForm, r_form: NameForm, q: Reading, r: Reading) -> _Pair:
    family, given = _part(q.family, r.family), _part(q.given, r.given)
    if not q.given or not r.given:
        # One part only on a side ("Wang"): at most a weak match.
        base = 0.6 * max(_part(q.family or q.given, r.family or r.given), 0.0)
        given = 0.0
    else:
        base = family * given
    base *= 1 - 0.33 * (1 - q.coverage) - 0.33 * (1 - r.coverage)
    if q.coverage < 0.99 and r.coverage < 0.99:
        base *= 0.8  # each side has a part the other lacks: they disagree on it
    return _Pair(base, q, r, family, given, q_form, r_form)


def _initials_score(q_form: NameForm, r_form: NameForm) -> tuple[float, str] | None:
    shared = q_form.initials & r_form.initials
    if not q_form.abbreviated or not shared:
        return None
    key = max(shared, key=len)
    return (0.85 if len(key.partition("|")[2]) >= 2 else 0.75), key


def _name_sentence(best: _Pair) -> str:
    q, r, qf, rf = best.q, best.r, best.q_form, best.r_form
    if best.score >= 0.95 and r.scheme not in LATIN and not qf.han:
        return f"“{qf.display}” is the {r.label} spelling of {rf.display}."
    if best.score >= 0.95 and q.scheme not in LATIN and not rf.han:
        return f"“{rf.display}” is the {q.label} spelling of {qf.display}."
    if best.score >= 0.999 and not q.swapped:
        return f"The name is the same: {rf.display}."
    parts: list[str] = []
    if q.swapped:
        parts.append("the family and given names are in the other order")
    for label, a, b, sim in (
        ("family name", q.family, r.family, best.family),
        ("given name", q.given, r.given, best.given),
    ):
        if a and b and a != b:
            if one_slip(a, b):
                parts.append(f"the {label} differs by one letter ({a} / {b})")
            elif sim >= 0.8:
                parts.append(f"the {label} is spelt differently ({a} / {b})")
            else:
                parts.append(f"the {label} differs ({a} / {b})")
    if q.coverage < 0.99 and r.coverage < 0.99:
        parts.append("each name has a part the other lacks")
    elif q.coverage < 0.99 or r.coverage < 0.99:
        parts.append("part of the name is missing on one side")
    if not parts:
        return f"The names agree: {qf.display} / {rf.display}."
    return f"{qf.display} / {rf.display}: {'; '.join(parts)}."


def compare_person_names(
    q_forms: Sequence[NameForm], r_forms: Sequence[NameForm]
) -> tuple[float, Feature]:
    """The best agreement of any of the query's names with any of the entity's."""
    best: _Pair | None = None
    reordered: tuple[float, NameForm, NameForm] | None = None
    initials: tuple[float, str, NameForm, NameForm] | None = None
    homophone: tuple[NameForm, NameForm] | None = None
    for qf in q_forms:
        for rf in r_forms:
            if qf.han and rf.han and qf.han == rf.han:
                return 1.0, Feature(
                    "name", 1.0, f"The name is written the same in Chinese characters: {rf.han}."
                )
            if qf.words and qf.words == rf.words and qf.display != rf.display:
                reordered = (REORDERED, qf, rf)
            both_han = bool(qf.han and rf.han)
            for q in qf.readings:
                for r in rf.near(q):
                    if q.scheme not in LATIN and r.scheme not in LATIN and not both_han:
                        # Two readings derived from Latin spellings (pinyin in Wade-Giles)
                        # are compared as written: derived ones merge distinctions.
                        continue
                    pair = _pair(qf, rf, q, r)
                    if qf.han and rf.han and pair.score > HOMOPHONE_CAP:
                        homophone = (qf, rf)
                        pair = _Pair(HOMOPHONE_CAP, q, r, 0, 0, qf, rf)
                    if best is None or pair.score > best.score:
                        best = pair
                if best is not None and best.score >= 1.0:
                    break
            found = _initials_score(qf, rf)
            if found and (initials is None or found[0] > initials[0]):
                initials = (found[0], found[1], qf, rf)
    top = best.score if best else 0.0
    if initials and initials[0] > top:
        score, key, qf, rf = initials
        family, _, letters = key.partition("|")
        return score, Feature(
            "name",
            round(score, 4),
            f"{qf.display} / {rf.display}: the family name agrees ({family}) and the given "
            f"names are written as initials ({letters.upper()}) that agree.",
        )
    if reordered and reordered[0] > top:
        score, qf, rf = reordered
        return score, Feature(
            "name", score, f"The same names in another order: {qf.display} / {rf.display}."
        )
    if best is None:
        return 0.0, Feature("name", 0.0, "The query or the entity has no name to compare.")
    if homophone and top <= HOMOPHONE_CAP:
        qf, rf = homophone
        return top, Feature(
            "name",
            round(top, 4),
            f"{qf.han} and {rf.han} read the same but are written with different Chinese "
            "characters: different names.",
        )
    return top, Feature("name", round(top, 4), _name_sentence(best))


@lru_cache(maxsize=1 << 14)
def entity_forms(parts: tuple[tuple[str, str], ...]) -> tuple[NameForm, ...]:
    """An entity's names read once (cached: a list's common names recur across queries)."""
    return tuple(name_form(f, g, query_side=False) for f, g in parts)
