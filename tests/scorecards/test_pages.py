"""The scorecard pages, the committee's files and the API, per role: the requesting state's
analysts and supervisors only; the lists of cases link each case; the files hold no case
reference, and counts under 5 read "<5"; every read is in the audit trail."""

import json
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from tests.factories import World
from tests.pages.browsing import login
from tests.scorecards.cases import build_scorecard

READERS = (Role.analyst, Role.supervisor)
OTHERS = tuple(role for role in Role if role not in READERS)
API = "/api/v1/scorecards"
Q1 = {"corridor": "USA-CHN", "quarter": "2026-Q1"}
PAGES = ("/scorecards", "/scorecards/cases", "/scorecards/export.csv", "/scorecards/print")


def actions(db: Session, user_id: int) -> list[str]:
    return list(
        db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.actor_id == user_id, AuditEvent.action.like("scorecard.%"))
            .order_by(AuditEvent.id)
        )
    )


@pytest.mark.parametrize("role", READERS)
def test_the_requesting_states_readers_see_the_rating(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    built = build_scorecard(db, world)
    login(client, "USA", role)
    assert 'href="/scorecards"' in client.get("/").text
    page = client.get("/scorecards", params=Q1)
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    assert "China (USA → CHN), 2026-Q1" in text
    assert '<strong id="rating">At risk of non-compliance</strong>' in text
    assert "Removal cooperation (illustrative), version 1, in force from 2026-01-01" in text
    row = text[text.index('id="factor-replies_on_time"') :].split("</tr>")[0]
    assert "Share of replies within the deadline" in row
    assert '<td class="num" data-column="value">58.3 %</td>' in row
    assert "Worse" in row and "before: 100.0 %" in row
    assert "/scorecards/cases?corridor=USA-CHN&amp;quarter=2026-Q1" in page.text
    assert built.decided[0] not in text  # references only in the lists of cases
    charters = text[text.index('id="factor-charters"') :].split("</tr>")[0]
    assert "Not enough data" in charters and '<td data-column="cases"><5' in charters
    user = world.user(db, "USA", role)
    assert actions(db, user.id) == ["scorecard.read"]


def test_the_list_of_cases_links_each_case(client: TestClient, db: Session, world: World) -> None:
    built = build_scorecard(db, world)
    login(client, "USA", Role.analyst)
    params = Q1 | {"indicator": "days_to_travel_document_p90"}
    page = client.get("/scorecards/cases", params=params)
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    assert "Days from confirmation to travel document (90th percentile)" in text
    assert "In the period: 7." in text
    for reference in built.documents:
        assert f">{reference}</a>" in text
    assert text.count('<a href="/applications/') == 7
    assert "Travel document issued" in text and '<td class="num">22</td>' in text
    decisions = unescape(
        client.get("/scorecards/cases", params=Q1 | {"indicator": "share_confirmed"}).text
    )
    assert "After the deadline" in decisions and "Within the deadline" in decisions
    assert built.elsewhere not in decisions
    unknown = client.get("/scorecards/cases", params=Q1 | {"indicator": "happiness"})
    assert unknown.status_code == 404
    user = world.user(db, "USA", Role.analyst)
    assert actions(db, user.id) == ["scorecard.cases", "scorecard.cases"]


def test_the_committee_files_hold_no_reference(
    client: TestClient, db: Session, world: World
) -> None:
    built = build_scorecard(db, world)
    login(client, "USA", Role.supervisor)
    every = [*built.decided, *built.documents, *built.interviews, *built.charters]
    csv = client.get("/scorecards/export.csv", params=Q1)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert 'filename="scorecard-USA-CHN-2026-01-2026-03.csv"' in csv.headers["content-disposition"]
    lines = csv.text.splitlines()
    assert lines[0].startswith("requesting_state,requested_state,period,period_from,period_to,")
    head = "USA,CHN,2026-Q1,2026-01,2026-03,Removal cooperation (illustrative),1,at_risk,0.5876,"
    assert (
        lines[1]
        == head
        + "travel_documents,days_to_travel_document_p90,lower,22.0,,14.0,60.0,3.0,0.826,unknown,7"
    )
    assert lines[4] == head + "charters,charters_accepted_share,higher,,,1.0,0.5,2.0,,unknown,<5"
    exported = client.get("/scorecards/export.json", params=Q1)
    card = json.loads(exported.text)
    assert (card["rating"], card["score"], card["rule_set"]["version"]) == ("at_risk", 0.5876, 1)
    assert [f["cases"] for f in card["factors"]] == [7, 12, 5, "<5", "<5"]
    printed = client.get("/scorecards/print", params=Q1)
    assert printed.status_code == 200
    assert "At risk of non-compliance" in printed.text and "/static/scorecards.css" in printed.text
    assert "/scorecards/cases" not in printed.text
    for text in (csv.text, exported.text, printed.text):
        assert not any(reference in text for reference in every)
    user = world.user(db, "USA", Role.supervisor)
    assert actions(db, user.id) == ["scorecard.export"] * 3


def test_a_period_before_the_rules(client: TestClient, world: World) -> None:
    login(client, "USA", Role.analyst)
    page = client.get("/scorecards", params={"corridor": "USA-CHN", "quarter": "2025-Q4"})
    assert page.status_code == 200
    assert "No scorecard rules are in force on 2025-12-31" in unescape(page.text)
    wrong = client.get("/scorecards", params={"quarter": "2026-Q9"})
    assert wrong.status_code == 422 and "not a quarter" in wrong.text


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(client: TestClient, world: World, role: Role) -> None:
    login(client, "USA", role)
    for path in PAGES:
        assert client.get(path, params=Q1 | {"indicator": "share_confirmed"}).status_code == 403
    assert 'href="/scorecards"' not in client.get("/").text
    assert client.get(API, params=Q1, headers=world.headers("USA", role)).status_code == 403


@pytest.mark.parametrize("role", READERS)
def test_the_requested_state_is_refused(client: TestClient, world: World, role: Role) -> None:
    login(client, "CHN", role)
    assert 'href="/scorecards"' not in client.get("/").text
    assert client.get("/scorecards").status_code == 403
    for path in PAGES:
        assert client.get(path, params=Q1 | {"indicator": "share_confirmed"}).status_code == 403
    assert client.get(API, params=Q1, headers=world.headers("CHN", role)).status_code == 403


@pytest.mark.parametrize("corridor", ["USA-MEX", "GTM-CHN"])
def test_an_unknown_corridor_is_not_found(client: TestClient, world: World, corridor: str) -> None:
    login(client, "USA", Role.analyst)
    assert client.get("/scorecards", params={"corridor": corridor}).status_code == 404
    headers = world.headers("USA", Role.analyst)
    assert client.get(API, params={"corridor": corridor}, headers=headers).status_code == 404
    # A corridor of another state is as unknown to it as one that does not exist.
    other = world.headers("GTM", Role.analyst)
    assert client.get(API, params={"corridor": "USA-CHN"}, headers=other).status_code == 404


def test_the_api(client: TestClient, db: Session, world: World) -> None:
    build_scorecard(db, world)
    headers = world.headers("USA", Role.analyst)
    found = client.get(API, params=Q1, headers=headers)
    assert found.status_code == 200, found.text
    card = found.json()
    assert (card["requesting_state"], card["requested_state"], card["period"]) == (
        "USA",
        "CHN",
        "2026-Q1",
    )
    assert (card["rating"], card["factors_with_data"]) == ("at_risk", 3)
    factors = {f["key"]: f for f in card["factors"]}
    assert factors["replies_on_time"]["trend"] == "worse"
    assert factors["releases"]["cases"] == "<5"
    months = client.get(API, params={"from": "2026-01", "to": "2026-03"}, headers=headers)
    assert months.json() == card
    by_default = client.get(API, headers=headers).json()  # the first partner, the last quarter
    assert by_default["requested_state"] == "CHN" and by_default["period"].startswith("20")
    bad = client.get(API, params={"quarter": "2026-Q1", "from": "2026-01"}, headers=headers)
    assert bad.status_code == 422
    assert client.get(API, params={"quarter": "Q1"}, headers=headers).status_code == 422
