"""Finding cases, the team's workload, the verifier's queue and verify page, and the application
form (new and edit), in Chinese and in Spanish: each page answers in the reader's language,
its problems on the form too, and none of its English sentences is left."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit import i18n
from readmit.applications.enums import Status
from readmit.auth.models import Role
from tests.factories import World, make_case
from tests.i18n.reading import LOCALES, log_in, reads, said, words


def summary_of(page: str, field: str) -> str:
    """The error summary's line for a field (its label, a separator, the problem)."""
    found = re.search(rf'<a href="#{field}">([^<]*)</a>', page)
    assert found, f"no problem with {field} in the summary"
    return found.group(1)


@pytest.mark.parametrize("locale", LOCALES)
def test_finding_cases_in_the_language(client: TestClient, world: World, locale: str) -> None:
    token = log_in(client, "USA", Role.case_officer, locale)
    page = client.get("/search")
    assert page.status_code == 200
    reads(
        page.text,
        locale,
        ["Find cases", "Only cases past a deadline", "Search by document number", "Sort by"],
        ["Find cases", "Clear the filters", "The number is sent in the form", "Cases found"],
    )
    assert words(locale, "Newest, last or latest first") in page.text, "choices too"
    wrong = client.get("/search", params={"per_page": "1000"})
    assert wrong.status_code == 422
    problem = said(locale, "show at most {most} cases a page", most=100)
    summary = summary_of(wrong.text, "per_page")
    assert summary.startswith(said(locale, "Cases a page"))
    assert summary.endswith(problem[:1].upper() + problem[1:])
    assert "Show at most" not in wrong.text and "Correct the search" not in wrong.text
    posted = client.post("/search", data={"csrf_token": token, "document": "X0000000"})
    assert posted.status_code == 200
    with i18n.using(locale):
        none = i18n.ngettext(
            "%(count)s case found with this document number.",
            "%(count)s cases found with this document number.",
            0,
        ) % {"count": 0}
    assert none in posted.text and "0 cases found" not in posted.text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_team_workload_in_the_language(client: TestClient, world: World, locale: str) -> None:
    log_in(client, "USA", Role.supervisor, locale)
    page = client.get("/team")
    assert page.status_code == 200
    reads(
        page.text,
        locale,
        ["Team workload", "Open cases worked on", "All overdue cases, most overdue first"],
        ["Team workload", "A case counts for the officer", "Open cases opened"],
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_verification_in_the_language(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    case = make_case(db, world, status=Status.under_verification, index=7)
    db.commit()
    token = log_in(client, "CHN", Role.verifier, locale)
    queue = client.get("/verify")
    assert queue.status_code == 200 and case.reference in queue.text
    reads(queue.text, locale, ["Cases to verify", "Reply due"], ["Cases waiting for", "Verify<"])
    page = client.get(f"/applications/{case.id}/verify")
    assert page.status_code == 200
    reads(
        page.text,
        locale,
        [
            "Engine recommendation: confirm the first candidate",
            "National register",
            "Confirm the identity",
            "Required. Seen by both states.",
        ],
        ["Engine recommendation", "Register candidates", "Search the register again"],
    )
    assert f"{said(locale, 'Date of birth')}</th>" in page.text, "the evidence's fields"
    person = world.registers["CHN"][0]
    found = client.post(
        f"/applications/{case.id}/verify/lookup",
        data={"csrf_token": token, "number": person.national_id},
    )
    assert found.status_code == 200 and person.person_id in found.text
    with i18n.using(locale):
        entries = i18n.ngettext(
            '%(count)s register entry for <span class="mono">%(number)s</span>',
            '%(count)s register entries for <span class="mono">%(number)s</span>',
            1,
        ) % {"count": 1, "number": person.national_id}
    assert entries in found.text and "register entry for" not in found.text
    missing = client.post(
        f"/applications/{case.id}/verify",
        data={"csrf_token": token, "decision": "reject", "reason": "no"},
    )
    assert missing.status_code == 422
    summary = summary_of(missing.text, "reject-reason_code")
    assert summary.startswith(said(locale, "Reason for rejecting"))
    assert summary.endswith(said(locale, "Choose a reason"))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_application_form_in_the_language(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    case = make_case(db, world, index=32)
    db.commit()
    token = log_in(client, "USA", Role.case_officer, locale)
    new = client.get("/applications/new")
    assert new.status_code == 200
    reads(
        new.text,
        locale,
        ["New readmission application", "Family name", "Save draft application"],
        ["New readmission application", "Save draft application", "Leave a row empty"],
    )
    assert words(locale, "Name %(n)s (required)", n=1) in new.text
    edit = client.get(f"/applications/{case.id}/edit")
    assert edit.status_code == 200
    reads(edit.text, locale, ["Save changes"], ["Save changes", "stays a draft until"])
    wrong = client.post(
        f"/applications/{case.id}/edit",
        data={
            "csrf_token": token,
            "version": "1",
            "requested_state": "CHN",
            "procedure": "normal",
            "names-0-family": "ZHANG",
            "names-0-given": "WEI",
            "documents-0-issuing_state": "CHN",
        },
    )
    assert wrong.status_code == 422
    label = said(locale, "Document {n}, type", n=1)
    assert summary_of(wrong.text, "documents-0-type").startswith(label), "the fields' labels"
