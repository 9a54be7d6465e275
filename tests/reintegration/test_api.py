"""The reintegration API per role and side: case officers and supervisors of the requesting
state record consent, assessment and referral (every other role 403, another state 404); the
provider's officers accept and close, the requesting state withdraws; admins register
providers; bad input is a 422 naming the field."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from tests.factories import World
from tests.reintegration.cases import ASSESSMENT, consented, provider, referred

API = "/api/v1/reintegration"
WRITERS = {Role.case_officer, Role.supervisor}

# (method, path under the application, body)
APPLICATION_ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "consents", None),
    ("POST", "consents", {"language": "es-GT", "decisions": {"skills": True}}),
    ("POST", "consents/contact/withdraw", {"language": "es-GT"}),
    ("GET", "assessment", None),
    ("PUT", "assessment", ASSESSMENT),
    ("POST", "referral", "provider"),
]


@pytest.mark.parametrize(
    "route", APPLICATION_ROUTES, ids=[f"{r[0]} {r[1]}" for r in APPLICATION_ROUTES]
)
def test_application_routes_per_role_and_state(
    client: TestClient, db: Session, world: World, route: tuple
) -> None:
    method, path, body = route
    side = provider(db, "gt-reintegra")

    def call(state: str, role: Role) -> Any:
        app = consented(db, world)
        db.commit()
        payload = {"provider_id": side.authority_id} if body == "provider" else body
        return client.request(
            method,
            f"{API}/applications/{app.id}/{path}",
            json=payload,
            headers=world.headers(state, role),
        )

    for role in set(Role) - WRITERS:
        assert call("USA", role).status_code == 403, role
    assert call("USA", Role.reintegration_officer).status_code == 403
    for role in WRITERS:
        assert call("GTM", role).status_code == 404, role  # the requested state's officers
        assert call("MEX", role).status_code == 404, role
        response = call("USA", role)
        assert response.is_success, (role, response.text)


@pytest.mark.parametrize(
    ("step", "status", "allowed_side"),
    [
        ("accept", "referred", "provider"),
        ("close", "active", "provider"),
        ("withdraw", "referred", "USA"),
    ],
)
def test_case_steps_per_role(
    client: TestClient, db: Session, world: World, step: str, status: str, allowed_side: str
) -> None:
    side = provider(db, "gt-reintegra")

    def fresh(index: int) -> str:
        case = referred(db, world, consented(db, world, index=index), side)
        if status == "active":
            case.status = "active"
        db.commit()
        return f"{API}/cases/{case.reference}/{step}"

    url = fresh(0)
    usa_case_officer = world.headers("USA", Role.case_officer)
    wrong = usa_case_officer if allowed_side == "provider" else side.headers
    assert client.post(url, json={}, headers=wrong).status_code == 403
    assert client.post(url, json={}, headers=world.headers("USA", Role.verifier)).status_code == 403
    assert (
        client.post(
            url, json={}, headers=world.headers("GTM", Role.reintegration_officer)
        ).status_code
        == 404
    )
    right = side.headers if allowed_side == "provider" else usa_case_officer
    done = client.post(url, json={"note": "ok"}, headers=right)
    assert done.status_code == 200, done.text
    again = client.post(url, json={}, headers=right)
    assert again.status_code == 409 and "allowed" in again.text


def test_cases_are_listed_by_side(client: TestClient, db: Session, world: World) -> None:
    one, two = provider(db, "gt-reintegra"), provider(db, "gt-ong")
    first = referred(db, world, consented(db, world, index=0), one)
    second = referred(db, world, consented(db, world, index=1), two)
    db.commit()
    seen = client.get(f"{API}/cases", headers=one.headers).json()
    assert [c["reference"] for c in seen["items"]] == [first.reference] and seen["total"] == 1
    usa = client.get(f"{API}/cases", headers=world.headers("USA", Role.supervisor)).json()
    assert {c["reference"] for c in usa["items"]} == {first.reference, second.reference}
    assert all(c["application_id"] for c in usa["items"])
    assert first.reference.startswith("RI-GTM-")
    for state, role in (("GTM", Role.supervisor), ("MEX", Role.case_officer)):
        assert client.get(f"{API}/cases", headers=world.headers(state, role)).json()["total"] == 0
    assert (
        client.get(f"{API}/cases", headers=world.headers("USA", Role.verifier)).status_code == 403
    )


def test_providers_are_registered_by_an_admin_of_their_state(
    client: TestClient, db: Session, world: World
) -> None:
    provider(db, "gt-reintegra")
    db.commit()
    body = {"authority": "gt-igm", "programme": "iom-rss", "regions": ["Petén"]}
    for role in set(Role) - {Role.admin}:
        assert (
            client.post(
                f"{API}/providers", json=body, headers=world.headers("GTM", role)
            ).status_code
            == 403
        )
    refused = client.post(f"{API}/providers", json=body, headers=world.headers("USA", Role.admin))
    assert refused.status_code == 422 and "authority" in refused.text
    added = client.post(f"{API}/providers", json=body, headers=world.headers("GTM", Role.admin))
    assert added.status_code == 201, added.text
    assert added.json()["regions"] == ["Petén"]
    listed = client.get(
        f"{API}/providers?state=GTM", headers=world.headers("USA", Role.case_officer)
    )
    assert {p["authority"] for p in listed.json()} == {"gt-igm", "gt-reintegra"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"contact": {"phone": "9" * 500}}, "phone"),
        ({"skills": {"skills": ["x"] * 1000}}, "skills"),
        ({"family": {"children": "lots"}}, "children"),
        ({"vulnerability": {"categories": ["asylum_seeker"]}}, "categories"),
        ({"health": {"needs": "asylum claim pending"}}, "needs"),
        ({"extra": {}}, "extra"),
    ],
)
def test_bad_assessment_is_422_naming_the_field(
    client: TestClient, db: Session, world: World, body: dict, field: str
) -> None:
    app = consented(db, world)
    db.commit()
    response = client.put(
        f"{API}/applications/{app.id}/assessment",
        json=body,
        headers=world.headers("USA", Role.case_officer),
    )
    assert response.status_code == 422
    assert any(field in map(str, problem["loc"]) for problem in response.json()["detail"]), (
        response.text
    )


def test_referral_refuses_another_states_provider_and_unserved_region(
    client: TestClient, db: Session, world: World
) -> None:
    side = provider(db, "gt-reintegra")
    app = consented(db, world)
    db.commit()
    url = f"{API}/applications/{app.id}/referral"
    headers = world.headers("USA", Role.case_officer)
    usa_authority = world.user(db, "USA", Role.case_officer).authority_id
    for body, field in (
        ({"provider_id": usa_authority}, "provider_id"),
        ({"provider_id": side.authority_id, "region": "Petén"}, "region"),
    ):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 422 and field in response.text, response.text
    made = client.post(url, json={"provider_id": side.authority_id}, headers=headers)
    assert made.status_code == 201 and made.json()["region"] == "Quetzaltenango"
    assert (
        client.post(url, json={"provider_id": side.authority_id}, headers=headers).status_code
        == 409
    )
