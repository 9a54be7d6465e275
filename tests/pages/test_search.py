"""The pages that find cases: the search form (a bookmarkable GET, a document number by form
post), the open protection holds, a supervisor's team, and an analyst's overview."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from tests.factories import World, make_case
from tests.pages.browsing import NOTE, login, suspended_case
from tests.searching import backdate, named_case


def references(html: str) -> list[str]:
    """The references in the table of cases found, in order."""
    return re.findall(r'<th scope="row"><a href="/applications/\d+">([^<]+)</a>', html)


def test_a_name_search_is_an_address_to_bookmark(
    client: TestClient, db: Session, world: World
) -> None:
    wanted = named_case(db, world, "ZHANG", "WEI")
    closed = make_case(db, world, status=Status.closed, index=3)
    db.commit()
    login(client, "USA", Role.case_officer)
    page = client.get("/search", params={"name": "Chang Wei"})
    assert page.status_code == 200
    assert references(page.text) == [wanted.reference]
    assert "1 case found" in page.text and 'value="Chang Wei"' in page.text
    everything = client.get("/search").text
    assert closed.reference in references(everything), "closed cases are found"
    assert "Closed" in everything
    assert closed.reference not in client.get("/").text, "but not queued"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"created_from": "2026-02-30"},
            "created_from",
            "2026-02-30 is not a date in the calendar",
        ),
        ({"submitted_from": "yesterday"}, "submitted_from", "Enter a date as YYYY-MM-DD"),
        ({"created_from": "2026-03-02", "created_to": "2026-03-01"}, "created_to", "The end date"),
        ({"per_page": "1000"}, "per_page", "Show at most 100 cases a page"),
        ({"status": "lost"}, "status", "Choose one of the options"),
        ({"name": "一 二 三 四 五 六 七 八 九"}, "name", "Enter at most 8 words"),
    ],
)
def test_a_bad_filter_is_named_on_its_field_and_kept(
    client: TestClient, world: World, params: dict, field: str, message: str
) -> None:
    login(client, "USA", Role.case_officer)
    page = client.get("/search", params=params)
    assert page.status_code == 422
    assert f'href="#{field}"' in page.text and f'id="{field}-error"' in page.text
    assert message in page.text
    for name, value in params.items():
        if name not in ("status", "per_page"):  # a choice, not typed
            assert f'value="{value}"' in page.text, "what was typed is kept"
    assert "Correct the search" in page.text


def test_a_page_number_beyond_the_last_says_so(
    client: TestClient, db: Session, world: World
) -> None:
    cases = [named_case(db, world, "PAGE", f"CASE{i}", index=i) for i in range(12)]
    db.commit()
    login(client, "USA", Role.analyst)
    query = {"name": "Page", "sort": "reference", "order": "asc", "per_page": "10"}
    first = client.get("/search", params=query).text
    assert references(first) == [c.reference for c in cases[:10]]
    assert "Cases 1–10 of 12" in first
    following = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', first)
    assert following, "a next page"
    target = following.group(1).replace("&amp;", "&")
    assert "name=Page" in target and "per_page=10" in target and "page=2" in target
    second = client.get(target).text
    assert references(second) == [c.reference for c in cases[10:]]
    assert 'rel="next"' not in second and 'rel="prev"' in second
    beyond = client.get("/search", params=query | {"page": "9"})
    assert beyond.status_code == 200 and "There is no page 9: the last page is 2." in beyond.text
    assert client.get("/search", params=query | {"page": "0"}).status_code == 422


def test_a_document_number_is_posted_never_put_in_an_address(
    client: TestClient, db: Session, world: World
) -> None:
    cases = [
        named_case(db, world, "DOC", f"CASE{i}", index=i, passport="E55554444") for i in range(12)
    ]
    db.commit()
    token = login(client, "USA", Role.case_officer)
    refused = client.post("/search", data={"document": "E55554444"})
    assert refused.status_code == 403, "a form post needs its token"
    form = {"csrf_token": token, "document": "e5555 4444", "per_page": "10", "sort": "reference"}
    page = client.post("/search", data=form | {"order": "asc"})
    assert page.status_code == 200 and "12 cases found with this document number" in page.text
    assert references(page.text) == [c.reference for c in cases[:10]]
    assert "E55554444" not in "".join(re.findall(r'href="([^"]*)"', page.text))
    second = client.post("/search", data=form | {"order": "asc", "page": "2"})
    assert references(second.text) == [c.reference for c in cases[10:]]
    ignored = client.get("/search", params={"document": "E55554444", "name": "Nobody Here"})
    assert "0 cases found" in ignored.text, "a number in an address is not searched by"


def test_the_requested_state_finds_neither_drafts_nor_holds(
    client: TestClient, db: Session, world: World
) -> None:
    held = suspended_case(db, world)
    draft = named_case(db, world, "QIAN", "DUOXI", submit=False)
    db.commit()
    login(client, "CHN", Role.supervisor)
    page = client.get("/search").text
    assert held.reference in references(page) and draft.reference not in references(page)
    assert "Suspended by the requesting state" in page
    assert client.get("/search", params={"name": "Qian Duoxi"}).text.count("0 cases found") == 1
    for text in (page, client.get("/search", params={"status": "suspended"}).text):
        lowered = text.lower()
        assert "asylum" not in lowered and NOTE.lower() not in lowered
        assert "protection" not in lowered
    assert '<option value="draft"' not in page


def test_open_holds_page(client: TestClient, db: Session, world: World) -> None:
    held = suspended_case(db, world)
    db.commit()
    login(client, "USA", Role.protection_officer)
    page = client.get("/protection/holds")
    assert page.status_code == 200
    assert f'href="/applications/{held.id}/protection">{held.reference}' in page.text
    assert "Asylum pending" in page.text and "asylum_pending" not in page.text
    assert world.user(db, "USA", Role.protection_officer).full_name in page.text
    assert 'href="/protection/holds"' in client.get("/").text
    for state, role, code in [
        ("USA", Role.analyst, 403),
        ("USA", Role.verifier, 403),
        ("CHN", Role.supervisor, 404),
        ("CHN", Role.protection_officer, 404),
        ("GTM", Role.case_officer, 404),
    ]:
        client.cookies.clear()
        login(client, state, role)
        assert client.get("/protection/holds").status_code == code, (state, role)
        assert 'href="/protection/holds"' not in client.get("/").text
        assert 'href="/protection/holds"' not in client.get("/search").text


def test_team_workload_page(client: TestClient, db: Session, world: World) -> None:
    late = make_case(db, world, status=Status.under_verification, index=8)
    backdate(db, late, 400)
    db.commit()
    login(client, "USA", Role.supervisor)
    page = client.get("/team")
    assert page.status_code == 200
    row = re.search(
        r"<th scope=\"row\">case_officer</th>\s*<td>([^<]*)</td>(.*?)</tr>", page.text, re.S
    )
    assert row, page.text
    assert row.group(1) == "Case officer"
    assert re.findall(r'<td class="num[^"]*">(\d+)</td>', row.group(2)) == ["1", "1", "1"]
    assert 'href="/team"' in page.text
    for state, role in [("USA", Role.case_officer), ("CHN", Role.verifier), ("USA", Role.analyst)]:
        client.cookies.clear()
        login(client, state, role)
        assert client.get("/team").status_code == 403
        assert 'href="/team"' not in client.get("/search").text


def test_an_analyst_lands_on_an_overview(client: TestClient, db: Session, world: World) -> None:
    suspended_case(db, world)
    make_case(db, world, status=Status.received, index=2)
    make_case(db, world, status=Status.received, index=3)
    named_case(db, world, "QIAN", "DUOXI", submit=False, index=4)
    db.commit()
    login(client, "USA", Role.analyst)
    home = client.get("/").text
    assert "<h1>Overview" in home and "My queue" not in home
    corridor = re.search(r'id="corridor-USA-CHN".*?</table>', home, re.S)
    assert corridor
    counts = dict(re.findall(r">([^<>]+)</a></th>\s*<td class=\"num\">(\d+)<", corridor.group(0)))
    assert counts == {"Draft": "1", "Received": "2", "Suspended": "1"}
    assert 'href="/search?corridor=USA-CHN&amp;status=received"' in corridor.group(0)
    client.cookies.clear()
    login(client, "CHN", Role.analyst)
    answered = client.get("/").text
    counts = dict(re.findall(r">([^<>]+)</a></th>\s*<td class=\"num\">(\d+)<", answered))
    assert counts == {"Received": "2", "Suspended by the requesting state": "1"}
    assert "protection" not in answered.lower()
    client.cookies.clear()
    login(client, "USA", Role.case_officer)
    assert "<h1>My queue" in client.get("/").text
