"""The score formula, table-driven with scores worked out by hand, and the programme file's
checks (a weight that does not add up is refused, naming its line)."""

from pathlib import Path

import pytest

from readmit.errors import Invalid
from readmit.reintegration import programme, scoring
from readmit.reintegration.programme import ProgrammeFileError, load_programme_file

# Unequal weights so that a wrong formula cannot give the right number by accident.
SMALL = """\
code: test-rss
name: "Test survey"
version: "test-1"
illustrative: true
service_types:
  - {key: job_placement, label: "Job placement"}
follow_up: {months: [3, 6, 12], window_days: 30}
formula:
  min_answered: 2
  dimensions:
    - {key: economic, label: "Economic", weight: 0.5}
    - {key: social, label: "Social", weight: 0.25}
    - {key: psychosocial, label: "Psychosocial", weight: 0.25}
indicators:
  - {key: e1, dimension: economic, weight: 0.5, question: "E1?", options: &scale [
      {key: good, label: "Good", score: 1.0},
      {key: fair, label: "Fair", score: 0.5},
      {key: poor, label: "Poor", score: 0.0},
      {key: na, label: "Not applicable", score: null}]}
  - {key: e2, dimension: economic, weight: 0.3, question: "E2?", options: *scale}
  - {key: e3, dimension: economic, weight: 0.2, question: "E3?", options: *scale}
  - {key: s1, dimension: social, weight: 0.6, question: "S1?", options: *scale}
  - {key: s2, dimension: social, weight: 0.4, question: "S2?", options: *scale}
  - {key: p1, dimension: psychosocial, weight: 0.5, question: "P1?", options: *scale}
  - {key: p2, dimension: psychosocial, weight: 0.5, question: "P2?", options: *scale}
retention: {keep_months: 24, then: reduce_to_statistics}
"""

FULL = {"e1": "good", "e2": "fair", "e3": "poor", "s1": "fair", "s2": "good", "p1": "poor"}

# (name, answers, economic, social, psychosocial, overall, answered per dimension)
CASES = [
    # economic (0.5*1 + 0.3*0.5 + 0.2*0) / 1 = 0.65; social 0.6*0.5 + 0.4*1 = 0.7;
    # psychosocial (0 + 1) / 2 = 0.5; overall 0.5*0.65 + 0.25*0.7 + 0.25*0.5 = 0.625
    ("all answered", {**FULL, "p2": "good"}, 0.65, 0.7, 0.5, 0.625, (3, 2, 2)),
    # e3 missing: (0.5*1 + 0.3*0) / 0.8 = 0.625; overall 0.3125 + 0.175 + 0.125 = 0.6125
    (
        "one missing",
        {**FULL, "e2": "poor", "e3": None, "p2": "good"},
        0.625,
        0.7,
        0.5,
        0.6125,
        (2, 2, 2),
    ),
    # "not applicable" counts as unanswered: the same as missing
    (
        "not applicable",
        {**FULL, "e2": "poor", "e3": "na", "p2": "good"},
        0.625,
        0.7,
        0.5,
        0.6125,
        (2, 2, 2),
    ),
    # psychosocial has one answer, below the minimum of 2: it and the overall are not scored
    ("below minimum", FULL, 0.65, 0.7, None, None, (3, 2, 1)),
    ("nothing answered", {}, None, None, None, None, (0, 0, 0)),
    (
        "all the best",
        {k: "good" for k in ("e1", "e2", "e3", "s1", "s2", "p1", "p2")},
        1.0,
        1.0,
        1.0,
        1.0,
        (3, 2, 2),
    ),
    # (0.5*0 + 0.3*1 + 0.2*1) = 0.5; social 0.6*1 + 0 = 0.6; psych 0.5; overall 0.25+0.15+0.125
    (
        "mixed",
        {
            "e1": "poor",
            "e2": "good",
            "e3": "good",
            "s1": "good",
            "s2": "poor",
            "p1": "fair",
            "p2": "fair",
        },
        0.5,
        0.6,
        0.5,
        0.525,
        (3, 2, 2),
    ),
]


@pytest.fixture
def small(tmp_path: Path) -> programme.Programme:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    return load_programme_file(path)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_scores_by_hand(small: programme.Programme, case: tuple) -> None:
    _name, answers, economic, social, psychosocial, overall, answered = case
    scores = scoring.score(small, answers)
    assert scores.dimensions == {
        "economic": economic,
        "social": social,
        "psychosocial": psychosocial,
    }
    assert scores.overall == overall
    assert tuple(scores.answered.values()) == answered
    assert scores.version == "test-1"
    assert scores.as_json()["overall"] == overall


REFUSED = [
    ("not an option", {"e1": "excellent"}, "e1"),
    ("not an indicator", {"e9": "good"}, "e9"),
    ("not a string", {"e1": 1}, "e1"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_answers_not_among_the_options_are_refused(small: programme.Programme, case: tuple) -> None:
    _name, answers, where = case
    with pytest.raises(Invalid) as raised:
        scoring.score(small, answers)
    assert [p.loc for p in raised.value.problems] == [("body", "answers", where)]


# (name, text replaced, its replacement, words of the error, line named: the key holding it)
BAD_FILES = [
    (
        "indicator weights",
        'weight: 0.2, question: "E3?"',
        'weight: 0.1, question: "E3?"',
        "economic add up to 0.9",
        14,
    ),
    (
        "dimension weights",
        "weight: 0.5}\n    - {key: social",
        "weight: 0.75}\n    - {key: social",
        "add up to 1.25",
        8,
    ),
    ("a score above 1", "score: 1.0}", "score: 1.5}", "less than or equal to 1", 16),
    ("a weight as text", "weight: 0.3,", 'weight: "0.3",', "valid number", 20),
    (
        "an unknown dimension",
        "dimension: social, weight: 0.6",
        "dimension: cultural, weight: 0.6",
        "unknown dimensions: cultural",
        14,
    ),
    ("too few indicators", "min_answered: 2", "min_answered: 3", "could never be scored", 14),
    ("months out of order", "[3, 6, 12]", "[6, 3, 12]", "listed in order", 7),
    ("an unknown key", "retention: {", "retention: {delete_after: 3, ", "Extra inputs", 26),
    ("a duplicate option", "{key: fair, label", "{key: good, label", "listed twice: good", 15),
    ("not ISO 4217", "illustrative: true", "illustrative: true\ncurrency: EUX", "ISO 4217", 5),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_programme_files_are_refused_with_their_line(tmp_path: Path, case: tuple) -> None:
    _name, old, new, words, line = case
    assert old in SMALL
    path = tmp_path / "bad.yaml"
    path.write_text(SMALL.replace(old, new, 1))
    with pytest.raises(ProgrammeFileError) as raised:
        load_programme_file(path)
    message = str(raised.value)
    assert words in message, message
    assert f"(line {line})" in message, message


def test_the_shipped_programme_has_the_fifteen_indicators() -> None:
    rss = programme.get("iom-rss")
    assert len(rss.indicators) == 15
    assert [d.key for d in rss.formula.dimensions] == ["economic", "social", "psychosocial"]
    assert rss.follow_up.months == [3, 6, 12]
    assert rss.illustrative
    best = {i.key: i.options[0].key for i in rss.indicators}
    assert scoring.score(rss, best).overall == 1.0
