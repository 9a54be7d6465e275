"""Who reads the indicators: analysts and supervisors, their own state's corridors only; the
page, its CSV and the API."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from tests.factories import World
from tests.pages.browsing import login
from tests.statistics.cases import build

READERS = (Role.analyst, Role.supervisor)
OTHERS = tuple(role for role in Role if role not in READERS)
API = "/api/v1/statistics/indicators"


@pytest.mark.parametrize(
    ("state", "corridors"),
    [("USA", ["USA-CHN", "USA-GTM"]), ("CHN", ["USA-CHN"]), ("GTM", ["USA-GTM"]), ("MEX", [])],
)
@pytest.mark.parametrize("role", READERS)
def test_readers_see_their_own_corridors(
    client: TestClient, world: World, state: str, corridors: list[str], role: Role
) -> None:
    response = client.get(API, headers=world.headers(state, role))
    assert response.status_code == 200, response.text
    listed = response.json()["corridors"]
    found = [f"{c['requesting_state']}-{c['requested_state']}" for c in listed]
    assert found == corridors
    for corridor in response.json()["corridors"]:
        assert len(corridor["months"]) == 12  # the last twelve months by default


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(client: TestClient, world: World, role: Role) -> None:
    assert client.get(API, headers=world.headers("USA", role)).status_code == 403
    login(client, "USA", role)
    assert client.get("/statistics").status_code == 403
    assert client.get("/statistics/indicators.csv").status_code == 403
    assert 'href="/statistics"' not in client.get("/").text


def test_another_states_corridor_is_not_found(client: TestClient, world: World) -> None:
    headers = world.headers("CHN", Role.analyst)
    assert client.get(API, params={"corridor": "USA-GTM"}, headers=headers).status_code == 404
    bad = client.get(API, params={"from": "2026-13"}, headers=headers)
    assert bad.status_code == 422


def test_api_figures(client: TestClient, db: Session, world: World) -> None:
    build(db, world)
    params = {"corridor": "USA-CHN", "from": "2026-01", "to": "2026-03"}
    usa = client.get(API, params=params, headers=world.headers("USA", Role.analyst)).json()
    chn = client.get(API, params=params, headers=world.headers("CHN", Role.analyst)).json()
    assert usa["period_from"] == "2026-01" and usa["period_to"] == "2026-03"
    assert usa["corridors"][0]["total"]["submitted"] == 14
    assert chn["corridors"][0]["total"]["submitted"] == 13
    assert usa["corridors"][0]["months"][1]["submitted"] == "<5"


@pytest.mark.parametrize("role", READERS)
def test_page_and_csv(client: TestClient, db: Session, world: World, role: Role) -> None:
    build(db, world)
    login(client, "CHN", role)
    assert 'href="/statistics"' in client.get("/").text
    page = client.get("/statistics", params={"from": "2026-01", "to": "2026-03"})
    assert page.status_code == 200
    assert "USA → CHN" in page.text and "USA → GTM" not in page.text
    assert '<td class="num" data-column="submitted">&lt;5</td>' in page.text
    assert '<td class="num" data-column="submitted">x</td>' in page.text
    assert '<td class="num" data-column="decided_within_deadline">58.3 %</td>' in page.text
    assert "protection" not in page.text.lower()
    csv = client.get("/statistics/indicators.csv", params={"from": "2026-01", "to": "2026-03"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "USA,CHN,total,13," in csv.text and "USA,GTM" not in csv.text
    wrong = client.get("/statistics", params={"from": "January"})
    assert wrong.status_code == 422 and "not a month" in wrong.text
