"""Statistical disclosure control for tables of counts.

Primary suppression: a count from 1 to 4 is withheld and shown as "<5" (a zero is shown: it
says that nothing happened, about no one).

Secondary suppression: a table is a set of additive relations, each a total and the cells it
adds up (a month's decisions are its confirmations, rejections and deemed acceptances; a
column's total is the sum of its months). A relation with exactly one withheld cell gives
that cell away by subtraction, so another cell of the relation is withheld too: the smallest
shown non-zero component (ties: the first), or else the total.
Withholding a cell can expose another relation it belongs to, so the rule repeats until no
relation has exactly one withheld cell. Every step withholds one more cell, so it ends.
Secondary cells are shown as "x": their value may be anything, small or not.

This protects against exact recovery by subtraction within one relation; it is not an
interval audit across relations (the analyst pages publish few relations per table).
"""

import heapq
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

THRESHOLD = 5
K = TypeVar("K", bound=Hashable)


class Mark(StrEnum):
    """How a withheld cell is shown."""

    small = "<5"
    withheld = "x"


@dataclass(frozen=True)
class Relation(Generic[K]):
    """`total` is the sum of `parts`."""

    total: K
    parts: tuple[K, ...]


def suppress(counts: Mapping[K, int], relations: Sequence[Relation[K]]) -> dict[K, Mark]:
    """The withheld cells and their marks: primary ones "<5", secondary ones "x".

    Passes over the relations in order, as the rule reads; a relation is looked at again only
    once one of its cells has been withheld since (no other relation can have changed), so a
    table of thousands of cells takes one pass and a few revisits, not one pass per mark."""
    marks: dict[K, Mark] = {key: Mark.small for key in counts if 0 < counts[key] < THRESHOLD}
    member: dict[K, list[int]] = {}
    for index, relation in enumerate(relations):
        for cell in (relation.total, *relation.parts):
            member.setdefault(cell, []).append(index)
    later: set[int] = set(range(len(relations)))
    while later:
        current, later = sorted(later), set()
        queued = set(current)
        heapq.heapify(current)
        while current:
            index = heapq.heappop(current)
            relation = relations[index]
            cells = (relation.total, *relation.parts)
            if sum(cell in marks for cell in cells) != 1:
                continue
            # A zero partner would not hide anything: the two would add up to the small count.
            shown = [part for part in relation.parts if part not in marks and counts[part]]
            partner = min(shown, key=lambda part: counts[part]) if shown else relation.total
            marks[partner] = Mark.withheld
            for other in member[partner]:
                if other > index and other not in queued:
                    heapq.heappush(current, other)
                    queued.add(other)
                elif other <= index:
                    later.add(other)
    return marks
