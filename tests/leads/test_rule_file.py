"""The lead rule file: the packaged example is valid; a wrong field is named with its line;
the version in force on a day is the latest begun."""

from datetime import date
from pathlib import Path

import pytest

from readmit.leads import rules
from readmit.leads.schemas import RuleFileError, load_rule_file
from tests.leads.cases import RULES


def test_the_packaged_rules_are_valid_and_illustrative() -> None:
    found = load_rule_file(rules.DEFAULT_RULES)
    assert found.illustrative
    (rule_set,) = found.rule_sets
    assert {r.kind for r in rule_set.rules} == {"one_way_share", "repeated_charters"}
    assert "USA" in rule_set.region.countries and "IND" not in rule_set.region.countries


# (name, the text replaced in RULES, its replacement, what the error says, and the text on
# the line it names)
WRONG = [
    (
        "a share above 1",
        "threshold: 0.6",
        "threshold: 1.5",
        "threshold: Input should be less than 1",
        "threshold: 1.5",
    ),
    (
        "a parameter missing",
        "          hubs: [MGA, PTY]\n",
        "",
        "a one_way_share rule needs the parameter(s) hubs",
        "- id: one_way_share",
    ),
    (
        "a parameter of another kind",
        "          destinations: [MGA]\n",
        "          threshold: 0.5\n",
        "a repeated_charters rule takes no parameter(s) threshold",
        "- id: repeated_charters",
    ),
    (
        "an unknown parameter",
        "min_passengers: 20",
        "min_pasengers: 20",
        "min_pasengers: Extra inputs are not permitted",
        "min_pasengers",
    ),
    (
        "an unknown kind",
        "kind: repeated_charters",
        "kind: repeated_buses",
        "kind: Input should be 'one_way_share' or 'repeated_charters'",
        "repeated_buses",
    ),
    (
        "a region code that is none",
        "countries: [CUB,",
        "countries: [CUBA,",
        "not ISO 3166-1 alpha-3 codes (such as MEX): CUBA",
        "countries:",
    ),
    (
        "a hub in lower case",
        "hubs: [MGA, PTY]",
        "hubs: [mga, PTY]",
        "not IATA airport codes (three capital letters, such as MGA): mga",
        "hubs:",
    ),
    (
        "a rule id twice",
        "id: repeated_charters",
        "id: one_way_share",
        "rule ids listed twice: one_way_share",
        "    rules:",
    ),
    (
        "a rule id that is no identifier",
        "id: repeated_charters",
        "id: Repeated charters",
        "is not an identifier such as one_way_into_hub",
        "id: Repeated",
    ),
    (
        "one charter is no repetition",
        "min_flights: 4",
        "min_flights: 1",
        "min_flights of a repeated_charters rule must be 2 or more",
        "- id: repeated_charters",
    ),
    (
        "no rules",
        RULES[RULES.index("    rules:") :],
        "    rules: []\n",
        "rules: List should have at least 1 item after validation, not 0",
        "rules: []",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "says", "at"), WRONG, ids=[w[0] for w in WRONG])
def test_a_wrong_field_is_named_with_its_line(
    tmp_path: Path, name: str, old: str, new: str, says: str, at: str
) -> None:
    assert old in RULES
    text = RULES.replace(old, new, 1)
    line = next(n for n, found in enumerate(text.splitlines(), 1) if at in found)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    assert f"{says} (line {line})" in str(caught.value), str(caught.value)


def test_versions_oldest_first(tmp_path: Path) -> None:
    body = RULES.split("rule_sets:\n", 1)[1]
    later = body.replace("version: 1", "version: 2").replace("2000-01-01", "2026-06-01")
    path = tmp_path / "rules.yaml"
    path.write_text("rule_sets:\n" + body + later, encoding="utf-8")
    found = load_rule_file(path)
    assert rules.in_force(rules=found, on=date(2026, 5, 31)).version == 1  # type: ignore[union-attr]
    assert rules.in_force(rules=found, on=date(2026, 6, 1)).version == 2  # type: ignore[union-attr]
    assert rules.in_force(rules=found, on=date(1999, 12, 31)) is None
    path.write_text("rule_sets:\n" + later + body, encoding="utf-8")
    with pytest.raises(RuleFileError, match="versions must be distinct and listed oldest first"):
        load_rule_file(path)
