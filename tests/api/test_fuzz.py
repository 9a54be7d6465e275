"""Schemathesis fuzzes every operation of the OpenAPI: no input may produce a 500."""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from readmit.auth.models import Role
from tests.factories import World


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_is_fuzzed(api_schema: Any) -> None:
    assert len(_operations(api_schema)) >= 18


@pytest.mark.parametrize("role", [Role.supervisor, Role.admin, Role.auditor])
def test_no_server_errors(api_schema: Any, world: World, role: Role) -> None:
    # Hypothesis driven directly: schemathesis' pytest plugin does not run on pytest 9.
    token = world.headers("USA", role)
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: schemathesis.Case) -> None:
            headers = {
                k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"
            }
            case.headers = {**headers, **token}
            case.call_and_validate(checks=[schemathesis.checks.not_a_server_error])

        check()
