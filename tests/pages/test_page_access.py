"""Who sees what: protection data never reaches the requested state; roles gate the pages."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.protection import service as protection
from tests.factories import World, make_case
from tests.pages.browsing import NOTE, login, suspended_case

# --- protection confidentiality ----------------------------------------------------------


def test_requested_state_sees_only_the_suspension(
    client: TestClient, db: Session, world: World
) -> None:
    case = suspended_case(db, world)
    for role in (Role.verifier, Role.supervisor, Role.analyst):
        client.cookies.clear()
        login(client, "CHN", role)
        detail = client.get(f"/applications/{case.id}")
        assert detail.status_code == 200
        assert "Suspended by the requesting state" in detail.text
        for page in (detail.text, client.get("/").text):
            lowered = page.lower()
            assert "asylum" not in lowered
            assert NOTE.lower() not in lowered
            assert "protection" not in lowered
            assert f"/applications/{case.id}/protection" not in page


def test_requesting_state_sees_the_flag_and_its_panel(
    client: TestClient, db: Session, world: World
) -> None:
    case = suspended_case(db, world)
    login(client, "USA", Role.case_officer)
    detail = client.get(f"/applications/{case.id}").text
    assert f'href="/applications/{case.id}/protection"' in detail
    assert "Asylum pending" in detail
    panel = client.get(f"/applications/{case.id}/protection")
    assert panel.status_code == 200 and NOTE in panel.text


@pytest.mark.parametrize("role", [Role.analyst, Role.verifier, Role.auditor, Role.admin])
def test_requesting_side_roles_without_protection_access_see_no_flags(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    case = suspended_case(db, world)
    login(client, "USA", role)
    detail = client.get(f"/applications/{case.id}")
    assert detail.status_code == 200
    assert "asylum" not in detail.text.lower() and NOTE not in detail.text
    assert client.get(f"/applications/{case.id}/protection").status_code == 403


def test_withdrawal_note_is_not_told_to_the_requested_state(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.received)
    token = login(client, "USA", Role.case_officer)
    db.commit()
    note = "Asylum granted on appeal"
    withdrawn = client.post(
        f"/applications/{case.id}/actions/withdraw",
        data={"csrf_token": token, "reason_code": "regularised", "note": note, "confirmed": "yes"},
    )
    assert withdrawn.status_code == 200 and note in withdrawn.text
    client.cookies.clear()
    login(client, "CHN", Role.verifier)
    detail = client.get(f"/applications/{case.id}")
    assert "<strong>Withdrawn</strong>" in detail.text
    assert "asylum" not in detail.text.lower() and "regularised" not in detail.text.lower()


def test_a_step_that_needs_a_reason_is_refused_without_one(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.submitted)
    db.commit()
    token = login(client, "USA", Role.case_officer)
    refused = client.post(
        f"/applications/{case.id}/actions/withdraw", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert refused.status_code == 422
    assert "Choose a reason" in refused.text


def test_protection_panel_is_404_for_the_requested_state(
    client: TestClient, db: Session, world: World
) -> None:
    case = suspended_case(db, world)
    for role in (Role.verifier, Role.supervisor, Role.protection_officer):
        client.cookies.clear()
        token = login(client, "CHN", role)
        assert client.get(f"/applications/{case.id}/protection").status_code == 404
        opened = client.post(
            f"/applications/{case.id}/protection",
            data={"csrf_token": token, "kind": "medical", "note": "x"},
        )
        assert opened.status_code == 404
        assert "asylum" not in opened.text.lower()


def test_protection_officer_opens_and_clears_a_flag(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world)
    db.commit()
    token = login(client, "USA", Role.protection_officer)
    panel = f"/applications/{case.id}/protection"
    opened = client.post(
        panel,
        data={"csrf_token": token, "kind": "medical", "note": "ward 3"},
        follow_redirects=False,
    )
    assert opened.status_code == 303
    flag = protection.list_flags(
        session=db, user=world.user(db, "USA", Role.case_officer), application=case
    )[0]
    refused = client.post(f"{panel}/{flag.id}/clear", data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 422
    assert f'href="#clear-{flag.id}-reason"' in refused.text
    cleared = client.post(
        f"{panel}/{flag.id}/clear", data={"csrf_token": token, "reason": "discharged from hospital"}
    )
    assert cleared.status_code == 200
    assert "The protection flag was cleared." in cleared.text
    assert "discharged from hospital" in cleared.text


# --- roles -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.auditor])
def test_audit_pages_are_for_auditors_only(client: TestClient, role: Role) -> None:
    login(client, "USA", role)
    assert client.get("/audit").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
    assert 'href="/audit"' not in client.get("/").text


def test_auditor_reads_exports_and_checks_the_chain(client: TestClient) -> None:
    login(client, "USA", Role.auditor)
    page = client.get("/audit?check=true")
    assert page.status_code == 200
    assert "The hash chain is intact" in page.text
    assert "login.success" in page.text
    export = client.get("/audit/export.csv")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert export.text.splitlines()[0].startswith("seq,at,actor,action")


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.admin])
def test_admin_pages_are_for_admins_only(client: TestClient, role: Role) -> None:
    token = login(client, "USA", role)
    for url in ("/admin/users", "/admin/agreements"):
        assert client.get(url).status_code == 403, url
    assert client.post("/admin/users", data={"csrf_token": token}).status_code == 403


def test_admin_adds_a_user_and_sees_field_errors(client: TestClient) -> None:
    token = login(client, "USA", Role.admin)
    short = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "email": "new@us-ero.test",
            "full_name": "New Officer",
            "password": "short",
        },
    )
    assert short.status_code == 422
    assert 'href="#password"' in short.text and 'href="#roles"' in short.text
    assert 'value="new@us-ero.test"' in short.text
    added = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "email": "new@us-ero.test",
            "full_name": "New Officer",
            "password": "a long enough password",
            "roles": ["verifier", "analyst"],
        },
    )
    assert added.status_code == 200 and "The user was added." in added.text
    assert "new@us-ero.test" in added.text


def test_admin_proposes_an_agreement_change_the_other_party_accepts(
    client: TestClient,
) -> None:
    token = login(client, "USA", Role.admin)
    listing = client.get("/admin/agreements")
    edit_url = re.search(r'href="(/admin/agreements/\d+/edit)"', listing.text)
    assert edit_url is not None
    form = client.get(edit_url.group(1)).text
    text = re.search(r'<textarea id="terms"[^>]*>(.*?)</textarea>', form, re.S)
    assert text is not None
    yaml_text = text.group(1).replace("&#39;", "'").replace("&#34;", '"')
    target = edit_url.group(1).removesuffix("/edit")
    broken = client.post(
        target, data={"csrf_token": token, "terms": yaml_text.replace("days: 30", "days: -1", 1)}
    )
    assert broken.status_code == 422
    assert "terms.reply.days" in broken.text
    huge = client.post(
        target,
        data={"csrf_token": token, "terms": yaml_text.replace("days: 30", "days: 10000000", 1)},
    )
    assert huge.status_code == 422 and "less than or equal to 366" in huge.text
    sent = client.post(
        target,
        data={
            "csrf_token": token,
            "terms": yaml_text.replace("days: 30", "days: 31", 1),
            "note": "Records take longer to check",
        },
    )
    assert sent.status_code == 200 and "Your proposal was sent" in sent.text
    assert "31 working days" not in sent.text, "a proposal changes nothing by itself"
    assert "Withdraw proposal" in sent.text and "Accept proposal" not in sent.text
    proposal = re.search(r"/admin/agreements/proposals/(\d+)/withdraw", sent.text)
    assert proposal is not None
    mine = client.post(
        f"/admin/agreements/proposals/{proposal.group(1)}/accept", data={"csrf_token": token}
    )
    assert mine.status_code == 403, "the proposing state cannot accept its own proposal"

    other_token = login(client, "CHN", Role.admin)
    page = client.get("/admin/agreements").text
    assert "Records take longer to check" in page and "<code>terms.reply.days</code>" in page
    accepted = client.post(
        f"/admin/agreements/proposals/{proposal.group(1)}/accept",
        data={"csrf_token": other_token},
    )
    assert accepted.status_code == 200 and "its terms are in force" in accepted.text
    assert "31 working days" in accepted.text
