"""Months typed into a period ("YYYY-MM") are read strictly; a year no record can have is a
422 naming the field, never a server error from a date that cannot exist."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.statistics.months import parse_month
from tests.factories import World


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-03", (2026, 3)),
        ("1900-01", (1900, 1)),
        ("2999-12", (2999, 12)),
        ("0000-01", None),
        ("9999-12", None),
        ("1899-12", None),
        ("2026-3", None),
        ("2026-13", None),
        ("2026-00", None),
        ("abcd-01", None),
        ("2026-03-01", None),
        ("-2026-03", None),
        ("", None),
    ],
)
def test_parse_month(text: str, month: tuple[int, int] | None) -> None:
    if month is None:
        with pytest.raises(ValueError):
            parse_month(text)
    else:
        assert parse_month(text) == month


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/scorecards?from=0000-01&to=0000-03",
        "/api/v1/scorecards?quarter=0000-Q1",
        "/api/v1/statistics/indicators?from=0000-01",
        "/api/v1/pathways/statistics?from=9999-12",
    ],
)
def test_impossible_years_are_refused(
    client: TestClient, db: Session, world: World, query: str
) -> None:
    response = client.get(query, headers=world.headers("USA", Role.supervisor))
    assert response.status_code == 422, response.text
