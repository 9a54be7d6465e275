"""The admin's user pages: every user with roles and status, and one page per user to change
roles, unlock, deactivate (confirmed, without JavaScript) or reactivate; errors on the form."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role, User
from tests.conftest import app_on
from tests.factories import PASSWORD, World
from tests.pages.browsing import email_of, login, token_of, try_login


def user_of(db: Session, world: World, state: str, role: Role) -> User:
    user = world.user(db, state, role)
    db.refresh(user)
    return user


def actions(db: Session, user_id: int) -> list[str]:
    """The committed administrative actions on one user (not their logins), oldest first."""
    return list(
        db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.like("user.%"), AuditEvent.entity_id == str(user_id))
            .order_by(AuditEvent.seq)
        )
    )


FORMS = ("roles", "deactivate", "reactivate", "unlock")


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.admin])
def test_non_admins_get_403(client: TestClient, world: World, role: Role) -> None:
    token = login(client, "USA", role)
    target = world.users[("USA", Role.analyst)]
    assert client.get(f"/admin/users/{target}").status_code == 403
    for form in FORMS:
        data = {"csrf_token": token, "roles": "admin", "confirm": "yes"}
        assert client.post(f"/admin/users/{target}/{form}", data=data).status_code == 403, form


def test_another_authoritys_user_is_404(client: TestClient, db: Session, world: World) -> None:
    token = login(client, "CHN", Role.admin)
    target = world.users[("USA", Role.analyst)]
    assert client.get(f"/admin/users/{target}").status_code == 404
    for form in FORMS:
        data = {"csrf_token": token, "roles": "admin", "confirm": "yes"}
        assert client.post(f"/admin/users/{target}/{form}", data=data).status_code == 404, form
    user = user_of(db, world, "USA", Role.analyst)
    assert user.is_active and user.roles == ["analyst"]
    assert f"/admin/users/{target}" not in client.get("/admin/users").text


def test_the_list_shows_roles_and_status_in_words(
    client: TestClient, db: Session, world: World
) -> None:
    for _ in range(5):
        try_login(client, email_of("USA", Role.verifier), "not the password at all")
    stopped = user_of(db, world, "USA", Role.analyst)
    stopped.is_active = False
    db.commit()
    login(client, "USA", Role.admin)
    page = client.get("/admin/users").text
    # Each row: the e-mail address (a link to the user's page), name, roles and status.
    rows = {
        email: (link, [re.sub(r"<[^>]*>", "", cell).strip() for cell in cells])
        for link, email, cells in (
            (found.group(1), found.group(2), re.findall(r"<td>(.*?)</td>", found.group(3), re.S))
            for found in re.finditer(
                r'<th scope="row"><a href="([^"]+)">([^<]+)</a>.*?</th>(.*?)</tr>', page, re.S
            )
        )
    }
    officer = rows[email_of("USA", Role.case_officer)]
    assert officer[0] == f"/admin/users/{world.users[('USA', Role.case_officer)]}"
    assert officer[1][1:] == ["Case officer", "Active"]
    assert rows[email_of("USA", Role.protection_officer)][1][1] == "Protection officer"
    assert rows[email_of("USA", Role.verifier)][1][2].startswith("Locked until ")
    assert rows[email_of("USA", Role.analyst)][1][2] == "Deactivated"
    assert f'href="/admin/users/{stopped.id}"' in page
    assert "(you)" in page.split(email_of("USA", Role.admin))[1].split("</th>")[0]


def test_roles_are_changed_with_human_labels_and_audited(
    client: TestClient, db: Session, world: World
) -> None:
    token = login(client, "USA", Role.admin)
    target = user_of(db, world, "USA", Role.analyst)
    page = client.get(f"/admin/users/{target.id}").text
    assert '<label for="role-case_officer">Case officer</label>' in page
    assert '<label for="role-protection_officer">Protection officer</label>' in page
    assert "case_officer" not in re.sub(r"<[^>]*>", "", page)

    empty = client.post(f"/admin/users/{target.id}/roles", data={"csrf_token": token})
    assert empty.status_code == 422
    assert 'href="#roles"' in empty.text and "Choose at least one role" in empty.text
    forged = client.post(
        f"/admin/users/{target.id}/roles", data={"csrf_token": token, "roles": ["pilot"]}
    )
    assert forged.status_code == 422 and "Choose one of the options" in forged.text

    saved = client.post(
        f"/admin/users/{target.id}/roles",
        data={"csrf_token": token, "roles": ["verifier", "case_officer"]},
    )
    assert saved.status_code == 200 and "The roles were changed." in saved.text
    db.refresh(target)
    assert target.roles == ["case_officer", "verifier"]
    event = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "user.change_roles", AuditEvent.entity_id == str(target.id)
        )
    ).one()
    assert event.detail["before"]["roles"] == ["analyst"]
    assert event.detail["after"]["roles"] == ["case_officer", "verifier"]


def test_an_admin_cannot_remove_their_own_admin_role(
    client: TestClient, db: Session, world: World
) -> None:
    token = login(client, "USA", Role.admin)
    me = user_of(db, world, "USA", Role.admin)
    refused = client.post(
        f"/admin/users/{me.id}/roles", data={"csrf_token": token, "roles": ["analyst"]}
    )
    assert refused.status_code == 409
    assert "You cannot remove your own administrator role" in refused.text
    assert 'href="#roles"' in refused.text and 'aria-invalid="true"' in refused.text
    # What the admin ticked is kept on the form, and nothing changed.
    assert re.search(r'value="analyst" checked', refused.text)
    assert not re.search(r'value="admin" checked', refused.text)
    db.refresh(me)
    assert me.roles == ["admin"] and actions(db, me.id) == ["user.create"]


def test_an_admin_cannot_deactivate_themselves(
    client: TestClient, db: Session, world: World
) -> None:
    token = login(client, "USA", Role.admin)
    me = user_of(db, world, "USA", Role.admin)
    page = client.get(f"/admin/users/{me.id}").text
    assert f'action="/admin/users/{me.id}/deactivate"' not in page
    assert "You cannot deactivate your own account" in page
    refused = client.post(
        f"/admin/users/{me.id}/deactivate", data={"csrf_token": token, "confirm": "yes"}
    )
    assert refused.status_code == 409 and 'role="alert"' in refused.text
    assert "You cannot deactivate your own account" in refused.text
    db.refresh(me)
    assert me.is_active


def test_deactivation_needs_confirmation_and_ends_the_users_session(
    client: TestClient, db: Session, world: World
) -> None:
    with TestClient(app_on(db), raise_server_exceptions=False) as officer:
        login(officer, "USA", Role.case_officer)
        assert officer.get("/", follow_redirects=False).status_code == 200

        token = login(client, "USA", Role.admin)
        target = user_of(db, world, "USA", Role.case_officer)
        url = f"/admin/users/{target.id}/deactivate"
        page = client.get(f"/admin/users/{target.id}").text
        assert '<input type="checkbox" id="confirm" name="confirm" value="yes"' in page
        assert '<label for="confirm">I understand' in page

        unconfirmed = client.post(url, data={"csrf_token": token})
        assert unconfirmed.status_code == 422
        assert 'href="#confirm"' in unconfirmed.text and "Tick the box" in unconfirmed.text
        assert 'id="confirm-error"' in unconfirmed.text
        assert officer.get("/", follow_redirects=False).status_code == 200

        done = client.post(url, data={"csrf_token": token, "confirm": "yes"})
        assert done.status_code == 200
        assert "their sessions ended and their API tokens were revoked" in done.text
        assert "Deactivated" in done.text and "Reactivate" in done.text

        next_page = officer.get("/", follow_redirects=False)
        assert next_page.status_code == 303 and next_page.headers["location"].startswith("/login")
        api = officer.get("/api/v1/me", headers=world.headers("USA", Role.case_officer))
        assert api.status_code == 401
        refused = try_login(officer, email_of("USA", Role.case_officer), PASSWORD)
        assert refused.status_code == 401 and "This account has been deactivated." in refused.text

        back = client.post(f"/admin/users/{target.id}/reactivate", data={"csrf_token": token})
        assert back.status_code == 200 and "The user was reactivated" in back.text
        assert try_login(officer, email_of("USA", Role.case_officer), PASSWORD).status_code == 303
    assert actions(db, target.id)[-2:] == ["user.deactivate", "user.reactivate"]


def test_unlock_from_the_page_lets_the_user_log_in(
    client: TestClient, db: Session, world: World
) -> None:
    email = email_of("USA", Role.auditor)
    for _ in range(5):
        try_login(client, email, "not the password at all")
    assert "locked" in try_login(client, email, PASSWORD).text
    token = login(client, "USA", Role.admin)
    target = user_of(db, world, "USA", Role.auditor)
    page = client.get(f"/admin/users/{target.id}").text
    assert "The account is locked until" in page
    done = client.post(f"/admin/users/{target.id}/unlock", data={"csrf_token": token})
    assert done.status_code == 200 and "The account was unlocked" in done.text
    db.refresh(target)
    assert target.failed_logins == 0 and target.locked_until is None
    assert actions(db, target.id)[-1] == "user.unlock"
    client.cookies.clear()
    assert try_login(client, email, PASSWORD).status_code == 303
    assert token_of(client.get("/").text)
