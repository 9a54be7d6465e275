"""The encounters page: per nationality and month, CBP's encounters beside the requesting
state's applications and removals (as the statistics withhold them), for its analysts and
supervisors; a state that requests no returns and every other role get 403."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.encounters.schemas import EncounterRow
from readmit.encounters.service import import_rows
from tests.factories import World
from tests.pages.browsing import login
from tests.statistics.cases import build

PAGE = "/statistics/encounters"
QUARTER = {"from": "2026-01", "to": "2026-03"}
READERS = (Role.analyst, Role.supervisor)
OTHERS = tuple(role for role in Role if role not in READERS)


def encounters(db: Session) -> None:
    """CHN: 120 + 30 in January 2026 (two cells), 200 in February; GTM: 500 in January;
    nothing imported for March."""
    cells = [
        ("CHINA, PEOPLES REPUBLIC OF", "CHN", date(2026, 1, 1), "Single Adults", 120),
        ("CHINA, PEOPLES REPUBLIC OF", "CHN", date(2026, 1, 1), "FMUA", 30),
        ("CHINA, PEOPLES REPUBLIC OF", "CHN", date(2026, 2, 1), "Single Adults", 200),
        ("GUATEMALA", "GTM", date(2026, 1, 1), "Single Adults", 500),
    ]
    rows = [
        (
            line,
            EncounterRow(
                fiscal_year=2026,
                month=month,
                component="U.S. Border Patrol",
                land_border_region="Southwest Land Border",
                area_of_responsibility="San Diego Sector",
                demographic=demographic,
                citizenship_text=text,
                citizenship=code,
                title_of_authority="Title 8",
                encounter_type="Apprehensions",
                count=count,
            ),
        )
        for line, (text, code, month, demographic, count) in enumerate(cells, start=2)
    ]
    import_rows(session=db, rows=rows, source="test.csv")


def cells(html: str, nationality: str) -> list[tuple[str, ...]]:
    """(month, encounters, submitted, arrived) of each row of a nationality's table."""
    section = html.split(f'id="nationality-{nationality}"')[1].split("<h2")[0]
    rows = re.findall(r'<tr>\s*<th scope="row">([\d-]+)</th>(.*?)</tr>', section, re.S)
    return [
        (month, *re.findall(r'<td class="num"[^>]*>([^<]*)</td>', rest)) for month, rest in rows
    ]


@pytest.mark.parametrize("role", READERS)
def test_encounters_beside_applications_and_removals(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    build(db, world)
    encounters(db)
    login(client, "USA", role)
    assert f'href="{PAGE}"' in client.get("/statistics").text
    page = client.get(PAGE, params=QUARTER)
    assert page.status_code == 200
    # January: 12 submitted, withheld ("x") beside February's 2 ("<5"); D's arrival in February.
    assert cells(page.text, "CHN") == [
        ("2026-01", "150", "x", "0"),
        ("2026-02", "200", "&lt;5", "&lt;5"),
        ("2026-03", "–", "0", "0"),
    ]
    assert cells(page.text, "GTM")[0] == ("2026-01", "500", "0", "0")
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4
    one = client.get(PAGE, params=QUARTER | {"nationality": "GTM"})
    assert 'id="nationality-GTM"' in one.text and 'id="nationality-CHN"' not in one.text
    assert client.get(PAGE, params={"nationality": "MEX"}).status_code == 404
    assert client.get(PAGE, params={"from": "2026-13"}).status_code == 422


@pytest.mark.parametrize("role", READERS)
def test_a_state_that_requests_no_returns_is_refused(
    client: TestClient, world: World, role: Role
) -> None:
    login(client, "CHN", role)
    assert f'href="{PAGE}"' not in client.get("/statistics").text
    refused = client.get(PAGE)
    assert refused.status_code == 403 and "your state requests no returns" in refused.text


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(client: TestClient, world: World, role: Role) -> None:
    login(client, "USA", role)
    assert client.get(PAGE).status_code == 403
