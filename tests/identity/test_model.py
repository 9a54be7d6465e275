"""The model: comparisons as ordered data with sentences, honest prior odds, u by term
frequency, and m estimated by EM from the applications themselves."""

import math
import random

import pytest

from readmit.identity.comparisons import COMPARISONS, DATE_CONTEXT_LEVELS, NULL, sentence
from readmit.identity.estimate import estimate_m
from readmit.identity.features import Comparison
from readmit.identity.model import Model, Parameters


def test_every_comparison_ends_with_a_catch_all_and_every_level_reads_as_a_sentence() -> None:
    for field, comparison in COMPARISONS.items():
        assert comparison.field == field
        assert comparison.levels[-1].name in {"else", "different", "conflict"}
        for level in comparison.levels:
            text = sentence(field, level.name, count=412)
            assert text and "{" not in text and "m=" not in text
    assert sentence("name", "exact", count=412) == "same name, shared by 412 people in the register"
    assert sentence("name", NULL) == "not given on one side or both: not compared"


def test_each_date_context_lists_only_levels_of_the_birth_date() -> None:
    names = set(COMPARISONS["birth_date"].names)
    for levels in DATE_CONTEXT_LEVELS.values():
        assert set(levels) <= names and "different" in levels
    assert "exact" not in DATE_CONTEXT_LEVELS["year"]


def test_prior_odds_are_a_person_against_absence() -> None:
    # Two in three applicants are in a register of 1,000: each person's prior is 0.67/1000
    # and absence's is 0.33, so the odds are 0.67 / (1000 * 0.33).
    model = Model(share_in_register=0.67)
    assert model.prior_bits(1000) == pytest.approx(math.log2(0.67 / (1000 * 0.33)))


@pytest.mark.parametrize(
    ("level", "count", "size", "expected_u"),
    [
        ("exact", 412, 100_000, 412 / 100_000),  # the name's own share of the register
        ("exact", 1, 100_000, 1 / 100_000),
        ("family_exact_given_similar", 7_000, 100_000, 0.07 * 0.005),  # rests on the surname
        ("given_exact_family_differs", 300, 100_000, 0.003),  # rests on the given name
        ("family_similar_given_exact", 300, 100_000, 0.003 * 0.1),
    ],
)
def test_name_u_is_the_share_of_the_register_that_bears_the_name_part(
    level: str, count: int, size: int, expected_u: float
) -> None:
    u = Model().u_of(Comparison("name", level, "", "", None), name_count=count, register_size=size)
    assert u == pytest.approx(expected_u)


def test_a_rarer_name_weighs_more() -> None:
    model = Model()
    exact = Comparison("name", "exact", "", "", None)
    weights = [
        model.weigh(exact, name_count=n, register_size=10**6, id_agrees=False)
        for n in (1, 10, 1000)
    ]
    assert weights == sorted(weights, reverse=True)


def _simulated_pairs(
    rng: random.Random, m_exact: float, applications: int
) -> list[tuple[int, list[tuple[str, str, float]]]]:
    """Applications of which two in three are in the register: the match pair's name and
    place agree and its date agrees with probability m_exact; each application also brings
    four non-matches, whose dates agree by chance (u = 1/1000)."""
    pairs: list[tuple[int, list[tuple[str, str, float]]]] = []
    u_exact = 0.001
    for number in range(applications):
        if rng.random() < 0.67:
            level = "exact" if rng.random() < m_exact else "different"
            u = u_exact if level == "exact" else 1 - u_exact
            found = [("name", "exact", 1e-5), ("birth_place", "exact", 1e-3)]
            pairs.append((number, [("birth_date/full", level, u), *found]))
        for _ in range(4):
            level = "exact" if rng.random() < u_exact else "different"
            u = u_exact if level == "exact" else 1 - u_exact
            found = [("name", "else", 0.99), ("birth_place", "different", 0.9)]
            pairs.append((number, [("birth_date/full", level, u), *found]))
    return pairs


@pytest.mark.parametrize("m_exact", [0.55, 0.9])
def test_em_recovers_how_often_a_matching_date_agrees(m_exact: float) -> None:
    pairs = _simulated_pairs(random.Random(4), m_exact, applications=3000)
    estimated = estimate_m(pairs, Model(), applications=3000, register_size=100_000)
    assert estimated.m["birth_date/full"]["exact"] == pytest.approx(m_exact, abs=0.05)
    assert estimated.source.startswith("m by EM over 3000 applications")


def test_em_keeps_the_stored_m_on_too_few_applications() -> None:
    pairs = _simulated_pairs(random.Random(5), 0.5, applications=50)
    model = Model()
    assert estimate_m(pairs, model, applications=50, register_size=1000) is model.parameters


def test_parameters_survive_a_round_trip_with_their_source() -> None:
    parameters = Parameters.priors()
    again = Parameters.from_json(parameters.to_json())
    assert again.m == parameters.m and again.u == parameters.u
    assert Model(again).version == Model(parameters).version
