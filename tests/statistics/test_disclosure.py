"""Primary and secondary suppression, table-driven: each case a small table, its sums and
the cells that must come out withheld."""

import pytest

from readmit.statistics.disclosure import Mark, Relation, suppress

S, X = Mark.small, Mark.withheld


def row(total: str, *parts: str) -> Relation[str]:
    return Relation(total, parts)


CASES = [
    # name, counts, relations, expected marks
    ("nothing small", {"t": 20, "a": 10, "b": 10}, [row("t", "a", "b")], {}),
    ("zero is shown", {"t": 10, "a": 10, "b": 0}, [row("t", "a", "b")], {}),
    (
        "a small part takes the smallest other non-zero part",
        {"t": 30, "a": 3, "b": 20, "c": 7, "d": 0},
        [row("t", "a", "b", "c", "d")],
        {"a": S, "c": X},
    ),
    (
        "ties go to the first",
        {"t": 23, "a": 3, "b": 10, "c": 10},
        [row("t", "a", "b", "c")],
        {"a": S, "b": X},
    ),
    (
        "two small parts protect each other",
        {"t": 27, "a": 3, "b": 4, "c": 20},
        [row("t", "a", "b", "c")],
        {"a": S, "b": S},
    ),
    (
        "only zeros beside it: the total goes",
        {"t": 2, "a": 2, "b": 0},
        [row("t", "a", "b")],
        {"a": S, "t": S},
    ),
    (
        "a small total alone with shown parts",
        {"t": 4, "a": 0, "b": 0, "c": 4},
        [row("t", "a", "b", "c")],
        {"t": S, "c": S},
    ),
    (
        "a lone small total takes the smallest part",
        {"t": 10, "a": 6, "b": 4},
        [row("t", "a", "b")],
        {"b": S, "a": X},
    ),
    (
        "suppression cascades into a crossing sum",
        # Two months (rows 1, 2) of two kinds (a, b) with row totals r and column totals c.
        {
            "a1": 2,
            "b1": 9,
            "r1": 11,
            "a2": 8,
            "b2": 6,
            "r2": 14,
            "ca": 10,
            "cb": 15,
            "t": 25,
        },
        [
            row("r1", "a1", "b1"),
            row("r2", "a2", "b2"),
            row("ca", "a1", "a2"),
            row("cb", "b1", "b2"),
            row("t", "r1", "r2"),
        ],
        # a1 small; row 1 takes b1, column a takes a2; then column b (b1 alone) takes b2,
        # and row 2 then has a2 and b2: every sum has 0 or 2+ withheld cells.
        {"a1": S, "b1": X, "a2": X, "b2": X},
    ),
]


@pytest.mark.parametrize(
    ("counts", "relations", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_suppression(
    counts: dict[str, int], relations: list[Relation[str]], expected: dict[str, Mark]
) -> None:
    marks = suppress(counts, relations)
    assert marks == expected
    for relation in relations:
        withheld = [c for c in (relation.total, *relation.parts) if c in marks]
        assert len(withheld) != 1, relation
