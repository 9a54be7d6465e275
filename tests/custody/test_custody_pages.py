"""The case page's "Custody and removal" section: recorded through its form by a case officer,
absent for the requested state (404 on the form's route, no custody words on the case page),
403 for the requesting state's roles that do not write, and the queue's custody reviews."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.custody import service as custody
from readmit.custody.schemas import CustodyChange
from readmit.database.core import utcnow
from tests.custody.test_custody_api import READ_ONLY
from tests.factories import World, make_case
from tests.pages.browsing import login

NOTE = "Held at the Montgomery Processing Center"
CUSTODY_WORDS = ("custody", "detained", "final order", "removal period", NOTE.lower())


def _as(client: TestClient, state: str, role: Role) -> str:
    client.cookies.clear()
    return login(client, state, role)


def _detained(db: Session, world: World, *, order_days_ago: int) -> int:
    """A submitted case whose person is detained, the order final `order_days_ago` days ago."""
    case = make_case(db, world, status=Status.submitted)
    today = utcnow().date()
    change = CustodyChange(
        status="detained",
        since=today - timedelta(days=order_days_ago + 5),
        note=NOTE,
        final_order_on=today - timedelta(days=order_days_ago),
    )
    officer = world.user(db, "USA", Role.case_officer)
    custody.record(session=db, user=officer, application=case, change=change, today=today)
    db.commit()
    return case.id


def test_case_officer_records_custody_on_the_case_page(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.submitted)
    db.commit()
    token = _as(client, "USA", Role.case_officer)
    page = client.get(f"/applications/{case.id}").text
    assert "Custody and removal" in page and 'action="/applications/' in page
    today = utcnow().date()
    form = {
        "csrf_token": token,
        "custody_status": "released",
        "custody_since": str(today),
        "release_reason": "",
        "custody_note": "",
        "final_order_on": "",
    }
    refused = client.post(f"/applications/{case.id}/custody", data=form)
    assert refused.status_code == 422
    assert "A release needs its reason" in refused.text

    form |= {"release_reason": "removal_not_reasonably_foreseeable"}
    form |= {"final_order_on": str(today - timedelta(days=100))}
    done = client.post(f"/applications/{case.id}/custody", data=form)
    assert done.status_code == 200, done.text
    assert "The custody record was saved." in done.text
    assert "Released since" in done.text
    assert "removal not reasonably foreseeable" in done.text
    assert "10 days overdue" in done.text  # the removal period ended 10 days ago
    assert "Only while detained" in done.text


@pytest.mark.parametrize("role", list(Role))
def test_requested_state_sees_no_custody(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case_id = _detained(db, world, order_days_ago=170)
    token = _as(client, "CHN", role)
    detail = client.get(f"/applications/{case_id}")
    assert detail.status_code == 200
    for page in (detail.text, client.get("/").text):
        lowered = page.lower()
        for word in CUSTODY_WORDS:
            assert word not in lowered, word
    form = {"csrf_token": token, "custody_status": "detained", "custody_since": "2025-01-01"}
    assert client.post(f"/applications/{case_id}/custody", data=form).status_code == 404


@pytest.mark.parametrize("role", READ_ONLY)
def test_requesting_roles_that_do_not_write_read_only(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case_id = _detained(db, world, order_days_ago=170)
    token = _as(client, "USA", role)
    detail = client.get(f"/applications/{case_id}")
    assert detail.status_code == 200
    assert NOTE not in detail.text  # one record: no history table, the current status only
    assert "Detained since" in detail.text
    assert f'action="/applications/{case_id}/custody"' not in detail.text
    form = {"csrf_token": token, "custody_status": "detained", "custody_since": "2025-01-01"}
    assert client.post(f"/applications/{case_id}/custody", data=form).status_code == 403


def test_queue_shows_reviews_due_within_30_days_or_overdue(
    client: TestClient, db: Session, world: World
) -> None:
    soon = _detained(db, world, order_days_ago=170)  # review in 10 days
    late = _detained(db, world, order_days_ago=185)  # 5 days overdue
    far = _detained(db, world, order_days_ago=100)  # review in 80 days
    _as(client, "USA", Role.case_officer)
    queue = client.get("/").text
    assert "Custody reviews due" in queue
    assert f'href="/applications/{soon}#custody"' in queue
    assert f'href="/applications/{late}#custody"' in queue
    assert f'href="/applications/{far}#custody"' not in queue
    assert "in 10 days" in queue and "5 days overdue" in queue


@pytest.mark.parametrize(
    ("locale", "heading", "status"),
    [("zh_Hans", "羁押与遣返", "羁押中"), ("es", "Custodia y expulsión", "Detenido")],
)
def test_section_and_queue_in_other_languages(
    client: TestClient, db: Session, world: World, locale: str, heading: str, status: str
) -> None:
    case_id = _detained(db, world, order_days_ago=170)
    _as(client, "USA", Role.case_officer)
    client.cookies.set("readmit_lang", locale)
    detail = client.get(f"/applications/{case_id}")
    assert detail.status_code == 200
    assert heading in detail.text and status in detail.text
    assert "Custody and removal" not in detail.text and "Save custody record" not in detail.text
    queue = client.get("/")
    assert queue.status_code == 200 and "Custody reviews due" not in queue.text
