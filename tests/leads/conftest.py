"""The lead tests' rule file: tests/leads/cases.py's RULES, in use for the test."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from readmit.config import get_settings
from readmit.leads import service
from readmit.leads.schemas import RuleSet
from tests.leads.cases import TODAY, use_rules


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RuleSet]:
    """The test's rule file in use; the settings read again afterwards."""
    use_rules(tmp_path, monkeypatch)
    found = service.rule_set_in_force(on=TODAY)
    assert found is not None
    yield found
    monkeypatch.delenv("READMIT_LEAD_RULES")
    get_settings.cache_clear()
