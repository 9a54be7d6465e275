"""User administration through the API: an admin manages their own authority's users only,
never takes away their own access or the authority's last active admin, and every change is
in the audit trail, with the roles before and after, for that authority's auditors."""

import itertools
import threading
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth import service as auth
from readmit.auth.models import ApiToken, Role, User
from readmit.errors import Conflict
from readmit.tenancy import service as tenancy
from tests.factories import AUTHORITIES, PASSWORD, World
from tests.pages.browsing import email_of, try_login

API = "/api/v1"
NUMBERS = itertools.count()


def new_user(
    client: TestClient, world: World, state: str = "USA", roles: tuple[str, ...] = ("analyst",)
) -> dict[str, Any]:
    """A user added by the state's admin through the API."""
    email = f"staff-{next(NUMBERS)}@{AUTHORITIES[state]}.test"
    body = {"email": email, "full_name": "Staff Member", "password": PASSWORD, "roles": roles}
    response = client.post(f"{API}/users", json=body, headers=world.headers(state, Role.admin))
    assert response.status_code == 201, response.text
    return response.json()


def events(db: Session, action: str, user_id: int) -> list[AuditEvent]:
    """The committed audit events of one action on one user, oldest first."""
    return list(
        db.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == action, AuditEvent.entity_id == str(user_id))
            .order_by(AuditEvent.seq)
        )
    )


def issue(db: Session, user_id: int) -> str:
    """An API token of the user, committed."""
    user = db.get(User, user_id)
    assert user is not None
    token, _ = auth.issue_token(session=db, user=user, name="work")
    db.commit()
    return token


ROUTES = [
    ("GET", "/users/{id}", None),
    ("PUT", "/users/{id}/roles", {"roles": ["analyst", "auditor"]}),
    ("POST", "/users/{id}/unlock", None),
    ("POST", "/users/{id}/reactivate", None),
    ("POST", "/users/{id}/deactivate", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=[r[1] for r in ROUTES])
def test_only_the_authoritys_own_admin_manages_its_users(
    client: TestClient, world: World, method: str, path: str, body: dict | None
) -> None:
    """Non-admins of any state: 403; admins of another state: 404; the own admin: 200."""
    target = new_user(client, world)
    url = API + path.format(id=target["id"])
    for state in AUTHORITIES:
        for role in Role:
            if (state, role) == ("USA", Role.admin):
                continue
            response = client.request(method, url, json=body, headers=world.headers(state, role))
            expected = 403 if role is not Role.admin else 404
            assert response.status_code == expected, (state, role, response.text)
    assert client.request(method, url, json=body).status_code == 401
    own = client.request(method, url, json=body, headers=world.headers("USA", Role.admin))
    assert own.status_code == 200, own.text
    assert own.json()["id"] == target["id"]


def test_a_missing_user_is_404(client: TestClient, world: World) -> None:
    admin = world.headers("USA", Role.admin)
    assert client.get(f"{API}/users/999999", headers=admin).status_code == 404


def test_role_change_is_validated_and_audited_with_before_and_after(
    client: TestClient, db: Session, world: World
) -> None:
    target = new_user(client, world, roles=("analyst",))
    admin = world.headers("USA", Role.admin)
    url = f"{API}/users/{target['id']}/roles"
    for bad in ([], ["pilot"], ["analyst", "Case officer"]):
        refused = client.put(url, json={"roles": bad}, headers=admin)
        assert refused.status_code == 422, bad
        assert refused.json()["detail"][0]["loc"][:2] == ["body", "roles"]
    changed = client.put(url, json={"roles": ["verifier", "case_officer"]}, headers=admin)
    assert changed.status_code == 200
    assert changed.json()["roles"] == ["case_officer", "verifier"]
    (event,) = events(db, "user.change_roles", target["id"])
    assert event.actor_id == world.users[("USA", Role.admin)]
    assert event.detail["before"]["roles"] == ["analyst"]
    assert event.detail["after"]["roles"] == ["case_officer", "verifier"]
    # The same roles again change nothing, so nothing is recorded.
    assert client.put(url, json={"roles": ["case_officer", "verifier"]}, headers=admin).is_success
    assert len(events(db, "user.change_roles", target["id"])) == 1


def test_the_authoritys_auditor_reads_the_changes_and_no_one_else_does(
    client: TestClient, world: World
) -> None:
    target = new_user(client, world)
    admin = world.headers("USA", Role.admin)
    client.put(f"{API}/users/{target['id']}/roles", json={"roles": ["auditor"]}, headers=admin)
    client.post(f"{API}/users/{target['id']}/deactivate", headers=admin)

    def trail(state: str) -> list[dict]:
        response = client.get(f"{API}/audit/events", headers=world.headers(state, Role.auditor))
        assert response.status_code == 200
        return [e for e in response.json() if e["entity_id"] == str(target["id"])]

    actions = {e["action"]: e["detail"] for e in trail("USA")}
    assert actions["user.change_roles"]["after"]["roles"] == ["auditor"]
    assert actions["user.deactivate"]["before"]["status"] == "active"
    assert actions["user.deactivate"]["after"]["status"] == "deactivated"
    assert actions["user.deactivate"]["after"]["roles"] == ["auditor"]
    assert trail("CHN") == []


def test_an_admin_cannot_deactivate_themselves_or_drop_their_own_admin_role(
    client: TestClient, db: Session, world: World
) -> None:
    me = world.users[("USA", Role.admin)]
    admin = world.headers("USA", Role.admin)
    refused = client.post(f"{API}/users/{me}/deactivate", headers=admin)
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "You cannot deactivate your own account: another administrator must do it."
    )
    dropped = client.put(f"{API}/users/{me}/roles", json={"roles": ["analyst"]}, headers=admin)
    assert dropped.status_code == 409
    assert "your own administrator role" in dropped.json()["detail"]
    assert client.get(f"{API}/me", headers=admin).json()["roles"] == ["admin"]
    # Taking on another role besides is the admin's own business.
    both = client.put(
        f"{API}/users/{me}/roles", json={"roles": ["admin", "analyst"]}, headers=admin
    )
    assert both.status_code == 200 and both.json()["roles"] == ["analyst", "admin"]
    assert events(db, "user.deactivate", me) == []


def test_the_last_active_admin_of_an_authority_is_kept(db: Session, world: World) -> None:
    """Two admins who deactivate (or demote) each other at the same moment are serialised on
    their authority; the second finds itself the only one left to keep and is refused."""
    first = world.user(db, "USA", Role.admin)
    second = auth.create_user(
        session=db,
        authority_id=first.authority_id,
        email="second-admin@us-ero.test",
        full_name="Second Admin",
        password=PASSWORD,
        roles=[Role.admin],
        actor=first,
    )
    auth.deactivate(session=db, actor=first, user=second)
    with pytest.raises(Conflict, match="last active administrator of Authority us-ero"):
        auth.deactivate(session=db, actor=second, user=first)
    with pytest.raises(Conflict, match="last active administrator"):
        auth.change_roles(session=db, actor=second, user=first, roles=[Role.analyst])
    assert first.is_active and first.roles == ["admin"]
    auth.reactivate(session=db, actor=first, user=second)
    auth.change_roles(session=db, actor=second, user=first, roles=[Role.analyst])
    assert first.roles == ["analyst"]


def test_admins_deactivating_each_other_at_once_leave_one_admin(engine: Engine) -> None:
    """Two real transactions: while the first admin's deactivation of the second is open, the
    second's deactivation of the first waits for it, then finds no other active admin left."""
    suffix = uuid.uuid4().hex[:8]
    with Session(engine) as setup:
        tenancy.get_or_create_state(session=setup, code="ZZR", name="Race test state")
        authority = tenancy.get_or_create_authority(
            session=setup, state_code="ZZR", name=f"Race {suffix}", short_name=f"race-{suffix}"
        )
        ids = [
            auth.create_user(
                session=setup,
                authority_id=authority.id,
                email=f"{name}-{suffix}@race.test",
                full_name=name,
                password=PASSWORD,
                roles=[Role.admin],
            ).id
            for name in ("first", "second")
        ]
        setup.commit()
    outcome: list[str] = []

    def second_deactivates_first() -> None:
        with Session(engine) as two:
            actor, target = two.get(User, ids[1]), two.get(User, ids[0])
            assert actor is not None and target is not None
            try:
                auth.deactivate(session=two, actor=actor, user=target)
                two.commit()
                outcome.append("deactivated")
            except Conflict as refused:
                outcome.append(str(refused))

    with Session(engine) as one:
        first, second = one.get(User, ids[0]), one.get(User, ids[1])
        assert first is not None and second is not None
        auth.deactivate(session=one, actor=first, user=second)
        other = threading.Thread(target=second_deactivates_first)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive(), f"the second admin did not wait: {outcome}"
        one.commit()
    other.join(timeout=20)
    assert len(outcome) == 1 and "last active administrator" in outcome[0], outcome
    with Session(engine) as check:
        active = dict(check.execute(select(User.id, User.is_active).where(User.id.in_(ids))).all())
    assert active == {ids[0]: True, ids[1]: False}


def seeded(world: World, state: str, role: Role) -> dict[str, Any]:
    """A user of the session-wide seed: logins check passwords on a connection of their own,
    which sees only committed users, so users who log in are the seed's."""
    return {"id": world.users[(state, role)], "email": email_of(state, role)}


def test_deactivation_stops_sessions_and_tokens_at_once(
    client: TestClient, db: Session, world: World
) -> None:
    target = seeded(world, "USA", Role.analyst)
    first, second = world.tokens[("USA", Role.analyst)], issue(db, target["id"])
    assert try_login(client, target["email"], PASSWORD).status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 200
    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {first}"}).is_success

    admin = world.headers("USA", Role.admin)
    done = client.post(f"{API}/users/{target['id']}/deactivate", headers=admin)
    assert done.status_code == 200 and done.json()["status"] == "deactivated"

    for token in (first, second):
        refused = client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401
    page = client.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    revoked = db.scalars(select(ApiToken).where(ApiToken.user_id == target["id"])).all()
    assert len(revoked) == 2 and all(t.revoked_at is not None for t in revoked)
    (event,) = events(db, "user.deactivate", target["id"])
    assert event.detail["sessions_ended"] == 1
    assert sorted(event.detail["tokens_revoked"]) == sorted(t.id for t in revoked)

    # Reactivated, the user logs in again, but the revoked tokens stay revoked.
    assert client.post(f"{API}/users/{target['id']}/reactivate", headers=admin).is_success
    assert client.get(f"{API}/me", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    assert try_login(client, target["email"], PASSWORD).status_code == 303
    assert len(events(db, "user.reactivate", target["id"])) == 1


def test_a_deactivated_user_is_told_only_when_the_password_is_right(
    client: TestClient, world: World
) -> None:
    target = seeded(world, "USA", Role.case_officer)
    admin = world.headers("USA", Role.admin)
    client.post(f"{API}/users/{target['id']}/deactivate", headers=admin)
    wrong = try_login(client, target["email"], "not the password at all")
    unknown = try_login(client, "nobody-at-all@us-ero.test", "not the password at all")
    for refused in (wrong, unknown):
        assert refused.status_code == 401
        assert "E-mail or password is wrong." in refused.text
        assert "deactivated" not in refused.text
    right = try_login(client, target["email"], PASSWORD)
    assert right.status_code == 401
    assert "This account has been deactivated." in right.text
    assert "readmit_session" not in right.headers.get("set-cookie", "")


def test_unlock_lets_a_locked_user_log_in(client: TestClient, db: Session, world: World) -> None:
    target = seeded(world, "USA", Role.verifier)
    for _ in range(5):
        assert try_login(client, target["email"], "not the password at all").status_code == 401
    admin = world.headers("USA", Role.admin)
    url = f"{API}/users/{target['id']}"
    assert client.get(url, headers=admin).json()["status"] == "locked"
    assert "locked" in try_login(client, target["email"], PASSWORD).text

    unlocked = client.post(f"{url}/unlock", headers=admin)
    assert unlocked.status_code == 200
    assert unlocked.json()["status"] == "active" and unlocked.json()["locked_until"] is None
    user = db.get(User, target["id"])
    assert user is not None and user.failed_logins == 0 and user.locked_until is None
    (event,) = events(db, "user.unlock", target["id"])
    assert event.detail["before"]["status"] == "locked"
    assert event.detail["before"]["locked_until"] is not None
    assert event.detail["after"]["locked_until"] is None
    assert try_login(client, target["email"], PASSWORD).status_code == 303
