"""An address with a NUL character is refused (422) before any route reads it: PostgreSQL
cannot compare text holding one, which made a search route fail with a 500."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from tests.factories import World


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/designations?q=a%00b",
        "/api/v1/applications?name=%00",
        "/api/v1/pathways/cases?programme=usa%00frp",
    ],
)
def test_the_api_refuses_nul_in_a_query(
    client: TestClient, db: Session, world: World, address: str
) -> None:
    response = client.get(address, headers=world.headers("USA", Role.supervisor))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query"]


def test_a_page_refuses_nul_with_the_site_error_page(client: TestClient) -> None:
    response = client.get("/search?q=%00")
    assert response.status_code == 422 and "<main" in response.text
    assert "NUL" in response.text


def test_an_ordinary_query_still_passes(client: TestClient, db: Session, world: World) -> None:
    response = client.get("/api/v1/designations?q=Wang", headers=world.headers("USA", Role.analyst))
    assert response.status_code == 200
