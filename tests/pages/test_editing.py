"""The edit page: the new-application form prefilled, for the requesting state's case officers
and supervisors in draft or while more information is requested; errors on the form with what
was typed kept; an edit made on a stale version refused on the form, never saved over."""

import re
from html import unescape

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from tests.editing_cases import Access, who_may
from tests.factories import World, committed_case
from tests.pages.browsing import login


def _form(html: str) -> dict[str, str]:
    """The form's text inputs, selected options and textareas, as a browser would send them."""
    fields = {}
    for tag in re.findall(r"<input [^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and 'type="file"' not in tag:
            fields[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(
        r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        fields[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(
        r'<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        fields[name] = unescape(body)
    return fields


def _opened(
    client: TestClient, db: Session, world: World, index: int
) -> tuple[Application, dict[str, str]]:
    """A new draft and its edit form's fields, as a case officer opens it."""
    case = committed_case(db, world, index=index)
    login(client, "USA", Role.case_officer)
    return case, _form(client.get(f"/applications/{case.id}/edit").text)


def _save(client: TestClient, case: Application, fields: dict[str, str]) -> httpx.Response:
    return client.post(f"/applications/{case.id}/edit", data=fields)


@pytest.mark.parametrize("role", [Role.case_officer, Role.supervisor])
def test_the_form_is_prefilled_and_saves_the_edit(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = committed_case(db, world, index=30)
    login(client, "USA", role)
    detail = client.get(f"/applications/{case.id}").text
    assert f'href="/applications/{case.id}/edit"' in detail
    page = client.get(f"/applications/{case.id}/edit")
    assert page.status_code == 200
    assert "<h1>Edit application" in page.text and "Save changes" in page.text
    fields = _form(page.text)
    assert fields["version"] == "1" and fields["requested_state"] == "CHN"
    assert fields["names-0-family"] == case.names[0].family
    assert 'id="names-3-family"' not in page.text or fields["names-3-family"] == ""
    fields["birth_place"] = "Changle, Fujian"
    saved = _save(client, case, fields)
    assert saved.status_code == 200 and "Your changes were saved." in saved.text
    assert "Changle, Fujian" in saved.text
    event = db.scalars(
        select(AuditEvent).where(
            AuditEvent.application_id == case.id, AuditEvent.action == "application.edit"
        )
    ).one()
    assert [c["field"] for c in event.detail["changes"]] == ["person.birth_place"]


def test_problems_show_on_the_form_with_what_was_typed(
    client: TestClient, db: Session, world: World
) -> None:
    case, fields = _opened(client, db, world, index=31)
    fields["birth_date"] = "1990-13-01"
    fields["birth_place"] = "Typed by the officer"
    refused = _save(client, case, fields)
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text and 'href="#birth_date"' in refused.text
    assert re.search(r'<input[^>]*id="birth_date"[^>]*aria-invalid="true"', refused.text)
    assert _form(refused.text)["birth_place"] == "Typed by the officer"
    assert _form(refused.text)["version"] == "1"


def test_a_stale_form_is_refused_and_keeps_what_was_typed(
    client: TestClient, db: Session, world: World
) -> None:
    case, mine = _opened(client, db, world, index=32)
    theirs = dict(mine, birth_place="Saved first by a colleague")
    assert "Your changes were saved." in _save(client, case, theirs).text
    mine["birth_place"] = "Typed on the older form"
    refused = _save(client, case, mine)
    assert refused.status_code == 409
    assert "The case changed since you opened it" in refused.text
    assert _form(refused.text)["birth_place"] == "Typed on the older form"
    db.expire_all()
    assert db.get(Application, case.id).birth_place == "Saved first by a colleague"  # type: ignore[union-attr]


def test_more_information_fixes_the_agreement(
    client: TestClient, db: Session, world: World
) -> None:
    case = committed_case(db, world, index=33, status=Status.more_info_requested)
    login(client, "USA", Role.case_officer)
    page = client.get(f"/applications/{case.id}/edit").text
    assert (
        'id="requested_state"' not in page
        and "Fixed once the application has been submitted" in page
    )
    fields = _form(page)
    fields["mother"] = "LIN MEI"
    assert "Your changes were saved." in _save(client, case, fields).text


@who_may(Status.draft)
def test_who_may_open_and_post_the_form(
    client: TestClient, db: Session, world: World, access: Access
) -> None:
    case = committed_case(db, world, index=34, status=access.status)
    token = login(client, access.state, access.role)
    assert client.get(f"/applications/{case.id}/edit").status_code == access.expected
    posted = client.post(
        f"/applications/{case.id}/edit",
        data={"csrf_token": token, "version": "1", "names-0-family": "X"},
    )
    assert posted.status_code == access.expected
    if access.expected != 404:
        assert (
            f'href="/applications/{case.id}/edit"'
            not in client.get(f"/applications/{case.id}").text
        )
