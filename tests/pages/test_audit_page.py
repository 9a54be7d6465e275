"""The audit trail page: each event a sentence naming who did what on which case (linked),
filters by case, person, kind of event and dates, paging that keeps the filters, technical
details folded away; auditors see their own authority's events only."""

import re
from datetime import timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.audit import service as audit
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from tests.factories import World, make_case
from tests.pages.browsing import login
from tests.pages.crawling import VisibleText

EVENT = re.compile(r"<li>\s*<p class=\"meta\">.*?</li>", re.S)


def _events(html: str) -> list[str]:
    """The visible text of each event on the page."""
    return [VisibleText.of(item) for item in EVENT.findall(html)]


def test_events_read_as_sentences_with_the_case_linked(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed)
    db.commit()
    login(client, "CHN", Role.auditor)
    page = client.get("/audit")
    assert page.status_code == 200
    sentence = f"verifier (verifier, CHN cn-nia) confirmed the identity on case {case.reference}"
    assert any(sentence in event for event in _events(page.text)), _events(page.text)
    assert f'<a href="/applications/{case.id}">{case.reference}</a>' in page.text
    assert any(
        "verifier (verifier, CHN cn-nia) read the work queue" in event or "logged in" in event
        for event in _events(page.text)
    )
    # Codes and JSON only inside the folded technical details.
    text = VisibleText.of(page.text)
    assert "identity.recommend" not in text and "application.confirm" not in text
    assert "{" not in text
    assert "<summary>Technical details</summary>" in page.text
    assert "<code>application.confirm</code>" in page.text


def test_filters_by_case_person_kind_and_dates(
    client: TestClient, db: Session, world: World
) -> None:
    mine, other = (make_case(db, world, status=Status.received, index=i) for i in (50, 51))
    db.commit()
    login(client, "USA", Role.auditor)
    by_case = _events(client.get(f"/audit?reference={mine.reference.lower()}").text)
    assert by_case and all(mine.reference in event for event in by_case)
    assert f"submitted case {mine.reference}" in " ".join(by_case)
    assert not any(other.reference in event for event in by_case)

    officer = world.user(db, "USA", Role.case_officer)
    by_person = _events(client.get(f"/audit?actor={officer.id}").text)
    assert by_person and all("case_officer (case officer, USA us-ero)" in e for e in by_person)

    by_kind = client.get("/audit?kind=application.submit")
    assert '<option value="application.submit" selected>Case submitted</option>' in by_kind.text
    kinds = {event.split(" · ")[1] for event in _events(by_kind.text)}
    assert kinds == {"Case submitted"}

    today = utcnow().date()
    assert _events(client.get(f"/audit?since={today}&until={today}").text)
    tomorrow = today + timedelta(days=1)
    future = client.get(f"/audit?since={tomorrow}")
    assert not _events(future.text) and "No events match these filters." in future.text

    # A reference nobody has and one of a case this authority never touched read the same.
    for reference in ("USA-CHN-1999-000001", "nothing"):
        unknown = client.get(f"/audit?reference={reference}")
        assert unknown.status_code == 200 and "No events match these filters." in unknown.text


def test_a_bad_filter_is_shown_on_its_field_with_what_was_typed(client: TestClient) -> None:
    login(client, "USA", Role.auditor)
    page = client.get("/audit?since=31/12/2026&kind=no.such&actor=999999")
    assert page.status_code == 422
    assert 'href="#since"' in page.text and 'value="31/12/2026"' in page.text
    assert "Enter a date as YYYY-MM-DD" in page.text
    assert 'href="#kind"' in page.text and 'href="#actor"' in page.text
    backwards = client.get("/audit?since=2026-05-02&until=2026-05-01")
    assert backwards.status_code == 422 and 'href="#until"' in backwards.text


def test_pages_keep_the_filters(client: TestClient, db: Session, world: World) -> None:
    officer = world.user(db, "USA", Role.case_officer)
    for _ in range(55):
        audit.record(session=db, actor=officer, action="queue.read", entity="application")
    db.commit()
    login(client, "USA", Role.auditor)
    first = client.get("/audit?kind=queue.read")
    assert len(_events(first.text)) == 50
    older = re.search(r'<a href="([^"]+)">Older events</a>', first.text)
    assert older is not None and "kind=queue.read" in unescape(older.group(1))
    second = client.get(unescape(older.group(1)))
    assert 5 <= len(_events(second.text)) < 50
    assert all("read the work queue" in event for event in _events(second.text))
    assert "Newer events" in second.text


def test_auditors_see_their_own_authority_only(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed, index=52)
    db.commit()
    login(client, "USA", Role.auditor)
    usa = " ".join(_events(client.get(f"/audit?reference={case.reference}").text))
    assert f"submitted case {case.reference}" in usa
    assert "confirmed the identity" not in usa and "CHN cn-nia" not in usa


@pytest.mark.parametrize("role", [Role.case_officer, Role.admin, Role.supervisor])
def test_the_trail_is_for_auditors_only(client: TestClient, role: Role) -> None:
    login(client, "USA", role)
    assert client.get("/audit?kind=queue.read").status_code == 403


def test_the_kind_filter_offers_only_kinds_filed_with_the_auditors_authority(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.received, index=52)
    protection.open_flag(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=case,
        kind=ProtectionKind.asylum_pending,
        note="Claim lodged.",
    )
    db.commit()
    login(client, "USA", Role.auditor)
    assert 'value="protection.open"' in client.get("/audit").text
    login(client, "CHN", Role.auditor)
    offered = client.get("/audit").text
    assert 'value="protection.open"' not in offered
    assert 'value="application.receive"' in offered
