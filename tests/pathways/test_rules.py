"""Eligibility rules, table-driven: every test kind on every fact type, unanswered facts and
documents not yet provided (unknown, never not met), and partial birth dates at the age
boundary (unknown exactly when the bound falls inside the possible ages)."""

from datetime import date
from typing import Any

import pytest

from readmit.pathways import rules
from readmit.pathways.definitions import Fact, ProgrammeFile
from readmit.pathways.models import PathwayCase

TODAY = date(2026, 6, 15)
BASE: dict[str, Any] = {
    "code": "test-rules",
    "version": 1,
    "title": "Rules under test",
    "kind": "family_reunification_parole",
    "state": "USA",
    "valid_from": "2024-01-01",
    "eligible_nationalities": ["GTM", "HND"],
    "intake_places": [{"code": "SMO-GTM-GUA", "state": "GTM", "name": "Guatemala City"}],
    "uncapped": True,
    "facts": [
        {"id": "approved", "label": "Petition approved", "type": "boolean"},
        {
            "id": "status",
            "label": "Petitioner's status",
            "type": "choice",
            "choices": ["us_citizen", "permanent_resident", "other"],
            "choice_labels": {"us_citizen": "US citizen"},
        },
        {"id": "residence", "label": "Country of residence", "type": "country"},
        {"id": "since", "label": "In the country since", "type": "date"},
        {"id": "children", "label": "Children", "type": "number"},
    ],
    "documents": [{"kind": "passport", "label": "Passport"}],
}


def programme(rule: dict[str, Any]) -> ProgrammeFile:
    rule = {"id": "under_test", "text": "The rule under test"} | rule
    return ProgrammeFile.model_validate(BASE | {"rules": [rule]}, strict=False)


def case(**columns: Any) -> PathwayCase:
    person = {
        "nationality": "GTM",
        "intake_state": "GTM",
        "birth_date": "1990-04-02",
        "facts": {},
    }
    return PathwayCase(**(person | columns))


# (rule, case columns, documents, outcome, words in the explanation)
CASES: list[tuple[dict[str, Any], dict[str, Any], set[str], str, str]] = [
    # boolean: equals
    ({"fact": "approved", "equals": True}, {"facts": {"approved": True}}, set(), "met", "yes"),
    ({"fact": "approved", "equals": True}, {"facts": {"approved": False}}, set(), "not_met", "no"),
    ({"fact": "approved", "equals": False}, {"facts": {"approved": False}}, set(), "met", "no"),
    ({"fact": "approved", "equals": True}, {}, set(), "unknown", "not answered"),
    # choice: equals, one_of, none_of, with the file's labels
    (
        {"fact": "status", "one_of": ["us_citizen", "permanent_resident"]},
        {"facts": {"status": "permanent_resident"}},
        set(),
        "met",
        "Petitioner's status: permanent resident — one of US citizen, permanent resident.",
    ),
    (
        {"fact": "status", "one_of": ["us_citizen", "permanent_resident"]},
        {"facts": {"status": "other"}},
        set(),
        "not_met",
        "Petitioner's status: other",
    ),
    (
        {"fact": "status", "none_of": ["other"]},
        {"facts": {"status": "us_citizen"}},
        set(),
        "met",
        "none of other",
    ),
    (
        {"fact": "status", "none_of": ["other"]},
        {"facts": {"status": "other"}},
        set(),
        "not_met",
        "none of",
    ),
    (
        {"fact": "status", "equals": "us_citizen"},
        {"facts": {"status": "us_citizen"}},
        set(),
        "met",
        "must be US citizen",
    ),
    ({"fact": "status", "equals": "us_citizen"}, {}, set(), "unknown", "not answered"),
    # a stored answer no longer valid for its fact is no answer
    (
        {"fact": "status", "equals": "us_citizen"},
        {"facts": {"status": "spouse"}},
        set(),
        "unknown",
        "not answered",
    ),
    # country facts: declared and the person's own
    (
        {"fact": "residence", "one_of": ["MEX", "GTM"]},
        {"facts": {"residence": "MEX"}},
        set(),
        "met",
        "MEX",
    ),
    (
        {"fact": "residence", "none_of": ["USA"]},
        {"facts": {"residence": "USA"}},
        set(),
        "not_met",
        "none of USA",
    ),
    ({"fact": "nationality", "one_of": ["GTM", "HND"]}, {}, set(), "met", "Nationality: GTM"),
    (
        {"fact": "nationality", "one_of": ["GTM", "HND"]},
        {"nationality": "VEN"},
        set(),
        "not_met",
        "VEN",
    ),
    (
        {"fact": "nationality", "equals": "GTM"},
        {"nationality": ""},
        set(),
        "unknown",
        "not answered",
    ),
    (
        {"fact": "intake_state", "one_of": ["GTM", "COL"]},
        {},
        set(),
        "met",
        "Country of intake: GTM",
    ),
    ({"fact": "intake_state", "none_of": ["GTM"]}, {}, set(), "not_met", "none of GTM"),
    # date facts: at_least / at_most with dates, boundaries included
    (
        {"fact": "since", "at_most": "2021-01-31"},
        {"facts": {"since": "2021-01-31"}},
        set(),
        "met",
        "at most 2021-01-31",
    ),
    (
        {"fact": "since", "at_most": "2021-01-31"},
        {"facts": {"since": "2021-02-01"}},
        set(),
        "not_met",
        "2021-02-01",
    ),
    (
        {"fact": "since", "at_least": "2021-01-31"},
        {"facts": {"since": "2020-12-31"}},
        set(),
        "not_met",
        "at least",
    ),
    (
        {"fact": "since", "at_most": "2021-01-31"},
        {},
        set(),
        "unknown",
        "In the country since: not answered.",
    ),
    # number facts
    (
        {"fact": "children", "at_least": 1},
        {"facts": {"children": 1}},
        set(),
        "met",
        "Children: 1 — at least 1.",
    ),
    ({"fact": "children", "at_most": 3}, {"facts": {"children": 4}}, set(), "not_met", "at most 3"),
    ({"fact": "children", "equals": 0}, {"facts": {"children": 0}}, set(), "met", "must be 0"),
    ({"fact": "children", "equals": 0}, {"facts": {"children": 2.5}}, set(), "not_met", "2.5"),
    # documents
    ({"fact": "document.passport", "equals": True}, {}, {"passport"}, "met", "Passport: provided."),
    (
        {"fact": "document.passport", "equals": True},
        {},
        set(),
        "unknown",
        "document not yet provided",
    ),
    ({"fact": "document.passport", "equals": False}, {}, set(), "met", "not provided"),
    ({"fact": "document.passport", "equals": False}, {}, {"passport"}, "not_met", "provided"),
    # age from a full birth date (born 1990-04-02 → 36 on 2026-06-15)
    ({"fact": "age", "at_least": 18}, {}, set(), "met", "Age: 36 — at least 18."),
    ({"fact": "age", "at_most": 35}, {}, set(), "not_met", "Age: 36"),
    ({"fact": "age", "at_least": 18}, {"birth_date": "2008-06-15"}, set(), "met", "Age: 18"),
    ({"fact": "age", "at_least": 18}, {"birth_date": "2008-06-16"}, set(), "not_met", "Age: 17"),
    ({"fact": "age", "equals": 36}, {}, set(), "met", "must be 36"),
    ({"fact": "age", "at_least": 18}, {"birth_date": ""}, set(), "unknown", "no birth date"),
    ({"fact": "age", "at_least": 18}, {"birth_date": "2030"}, set(), "unknown", "no birth date"),
    # a year only: 17 or 18 on 2026-06-15 when born in 2008 → the bound 18 falls inside
    (
        {"fact": "age", "at_least": 18},
        {"birth_date": "2008"},
        set(),
        "unknown",
        "full birth date decides",
    ),
    ({"fact": "age", "at_least": 18}, {"birth_date": "2007"}, set(), "met", "18 or 19"),
    ({"fact": "age", "at_least": 18}, {"birth_date": "2009"}, set(), "not_met", "16 or 17"),
    ({"fact": "age", "at_most": 17}, {"birth_date": "2008"}, set(), "unknown", "17 or 18"),
    ({"fact": "age", "equals": 18}, {"birth_date": "2008"}, set(), "unknown", "decides"),
    ({"fact": "age", "equals": 20}, {"birth_date": "2008"}, set(), "not_met", "must be 20"),
    # a year and month: June 2008 → 17 or 18 on 15 June 2026; May 2008 → 18
    ({"fact": "age", "at_least": 18}, {"birth_date": "2008-06"}, set(), "unknown", "born 2008-06"),
    ({"fact": "age", "at_least": 18}, {"birth_date": "2008-05"}, set(), "met", "Age: 18"),
    ({"fact": "age", "at_least": 18}, {"birth_date": "2008-07"}, set(), "not_met", "Age: 17"),
]


@pytest.mark.parametrize(
    ("rule", "columns", "documents", "outcome", "words"),
    CASES,
    ids=[f"{c[0]['fact']}-{next(k for k in c[0] if k != 'fact')}-{i}" for i, c in enumerate(CASES)],
)
def test_rule(
    rule: dict[str, Any], columns: dict[str, Any], documents: set[str], outcome: str, words: str
) -> None:
    outcomes = rules.evaluate(
        programme=programme(rule), case=case(**columns), documents=documents, today=TODAY
    )
    (found,) = [o for o in outcomes if o.rule == "under_test"]
    assert found.outcome == outcome, found
    assert words in found.because, found.because
    assert found.rule == "under_test" and found.text == "The rule under test"
    assert found.as_dict()["outcome"] == outcome


@pytest.mark.parametrize(
    ("outcomes", "verdict"),
    [
        (["met", "met"], True),
        (["met", "unknown"], None),
        (["unknown", "not_met"], False),
        (["met", "not_met"], False),
    ],
)
def test_verdict(outcomes: list[str], verdict: bool | None) -> None:
    found = [rules.RuleOutcome(f"r{i}", "text", o, "why") for i, o in enumerate(outcomes)]  # type: ignore[arg-type]
    assert rules.verdict(found) is verdict


def test_a_file_with_no_nationality_rule_still_applies_its_list() -> None:
    file = programme({"fact": "approved", "equals": True})
    outcomes = rules.evaluate(
        programme=file, case=case(nationality="VEN"), documents=set(), today=TODAY
    )
    assert [o.rule for o in outcomes] == ["eligible_nationality", "under_test"]
    assert outcomes[0].outcome == "not_met" and "VEN" in outcomes[0].because


FACT = {"id": "x", "label": "X"}


@pytest.mark.parametrize(
    ("fact", "value", "stored"),
    [
        ({"type": "boolean"}, True, True),
        ({"type": "boolean"}, "yes", ValueError),
        ({"type": "boolean"}, 1, ValueError),
        ({"type": "choice", "choices": ["a", "b"]}, "a", "a"),
        ({"type": "choice", "choices": ["a", "b"]}, "c", ValueError),
        ({"type": "country"}, "VEN", "VEN"),
        ({"type": "country"}, "ven", ValueError),
        ({"type": "country"}, "XXX", ValueError),
        ({"type": "date"}, "2021-01-31", "2021-01-31"),
        ({"type": "date"}, "2021-02-30", ValueError),
        ({"type": "date"}, "2021", ValueError),
        ({"type": "date"}, 20210131, ValueError),
        ({"type": "number"}, 3, 3),
        ({"type": "number"}, 2.5, 2.5),
        ({"type": "number"}, True, ValueError),
        ({"type": "number"}, "3", ValueError),
        ({"type": "number"}, 10**12, ValueError),
        ({"type": "boolean"}, None, None),
    ],
)
def test_answers_are_typed_by_their_fact(fact: dict[str, Any], value: Any, stored: Any) -> None:
    declared = Fact.model_validate(FACT | fact)
    if stored is ValueError:
        with pytest.raises(ValueError, match="x takes"):
            rules.typed(declared, value)
    else:
        assert rules.typed(declared, value) == stored


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"fact": "approved", "one_of": ["yes"]}, "boolean fact takes no one_of"),
        ({"fact": "approved", "equals": "yes"}, "does not suit a boolean"),
        ({"fact": "status", "equals": "spouse"}, "does not suit a choice"),
        ({"fact": "since", "at_most": 2021}, "does not suit a date"),
        ({"fact": "since", "equals": "2021-01-31"}, "date fact takes no equals"),
        ({"fact": "children", "at_least": "2021-01-31"}, "does not suit a number"),
        ({"fact": "nationality", "one_of": ["Venezuela"]}, "does not suit a country"),
        ({"fact": "age", "one_of": ["18"]}, "number fact takes no one_of"),
        ({"fact": "document.passport", "at_least": 1}, "boolean fact takes no at_least"),
        ({"fact": "height", "at_least": 1}, "no fact height is declared"),
        ({"fact": "document.visa", "equals": True}, "no document document.visa"),
    ],
)
def test_rules_that_could_never_be_met_are_refused_with_the_file(
    rule: dict[str, Any], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        programme(rule)
