"""A register answered in rounds, for one application examined on a Spark executor.

The engine asks its register for term counts, index keys and persons, each answer shaping the
next question. On Spark the answers come from joins, many applications at once, so the
examination runs in rounds: a question not yet answered is recorded and answered as if the
register held nothing, so that the examination runs on and records what else it would ask;
Spark then answers everything recorded, and the examination runs again, until it asks nothing
new. The last run saw only true answers, so its result is the single-machine engine's."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from readmit.identity.keying import terms
from readmit.identity.store import RegisterRow, row_of


@dataclass
class Questions:
    """What an examination asked that was not yet answered: terms, keys (with the largest
    cap asked) and row ids."""

    terms: set[str] = field(default_factory=set)
    keys: dict[str, int] = field(default_factory=dict)
    rows: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.terms or self.keys or self.rows)


@dataclass
class Answers:
    """What the register said so far: term counts, persons per key (for keys no more common
    than the cap asked), how many persons each key has, and persons by row id."""

    counts: dict[str, int] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    blocks: dict[str, list[int]] = field(default_factory=dict)
    rows: dict[int, RegisterRow | None] = field(default_factory=dict)

    def add_counts(self, found: Iterable[tuple[str, int]]) -> None:
        """Term counts."""
        self.counts.update(found)

    def add_key(self, key: str, size: int, persons: Sequence[int] | None) -> None:
        """A key's size and, when they were fetched, its persons (in row-id order)."""
        self.sizes[key] = size
        if persons is not None:
            self.blocks[key] = sorted(persons)

    def add_row(self, rowid: int, values: Sequence[object] | None) -> None:
        """A person as the store's columns (None: no such row)."""
        self.rows[rowid] = None if values is None else row_of(values)


class Prefetched:
    """The engine's `Register` over `Answers`; unanswered questions go to `asked`."""

    def __init__(self, meta: dict[str, str], answers: Answers) -> None:
        self.meta = meta
        self.answers = answers
        self.asked = Questions()

    def frequencies(self, terms: Sequence[str]) -> list[int]:
        """Persons carrying each term; 0 for a term not yet answered (and asked)."""
        counts = self.answers.counts
        missing = [t for t in terms if t not in counts]
        self.asked.terms.update(missing)
        return [counts.get(t, 0) for t in terms]

    def lookup(self, keys: Iterable[str], *, cap: int) -> dict[str, list[int]]:
        """Persons per key, none for a key more common than `cap`; none for one not yet
        answered (and asked)."""
        found: dict[str, list[int]] = {}
        for key in dict.fromkeys(keys):
            size = self.answers.sizes.get(key)
            if size is not None and (size == 0 or size > cap):
                found[key] = []
            elif size is not None and key in self.answers.blocks:
                found[key] = self.answers.blocks[key]
            else:
                self.asked.keys[key] = max(cap, self.asked.keys.get(key, 0))
                found[key] = []
        return found

    def fetch(self, rowids: Iterable[int]) -> list[RegisterRow]:
        """Persons by row id, in the order asked; those not yet answered are asked."""
        out: list[RegisterRow] = []
        for rowid in rowids:
            if rowid not in self.answers.rows:
                self.asked.rows.add(rowid)
            elif (row := self.answers.rows[rowid]) is not None:
                out.append(row)
        return out


def row_terms(name_keys: str) -> list[str]:
    """The terms whose counts the comparison of a person asks (its readings and name parts):
    answered with the person, so that scoring needs no round of its own."""
    return sorted(terms(name_keys))
