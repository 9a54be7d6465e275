"""What reaches a provider: a field the returnee has not consented to never appears in any
API response, export or audit detail the provider's people can get, and disappears at once
after a withdrawal; nothing about protection claims ever does. Swept over EVERY GET route of
the API with the provider's tokens, for a returnee with a pending asylum claim and
trafficking indicators recorded."""

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth import service as auth
from readmit.auth.models import Role
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind, TraffickingScreening
from readmit.reintegration import consent
from readmit.reintegration.models import ConsentField, ReintegrationCase
from readmit.web.app import create_app
from tests.factories import PASSWORD, World
from tests.reintegration.cases import SECRETS, ProviderSide, consented, officer, provider, referred

API = "/api/v1"
# Anything that would tell the country of origin about a protection claim or hold.
PROTECTION = re.compile(
    r"asylum|asilo|withholding|\bCAT\b|traffick|debt_bondage|documents_withheld|stateless"
    r"|refugee|torture|suspen|protection|庇护|难民",
    re.IGNORECASE,
)
GET_ROUTES = sorted(
    path
    for path, operations in create_app().openapi()["paths"].items()
    if path.startswith(API) and "get" in operations
)


def _with_claims(
    db: Session, world: World, **fields: bool
) -> tuple[Any, ReintegrationCase, ProviderSide]:
    """A returnee referred to a provider, then found to have trafficking indicators and a
    pending asylum claim (the case is suspended)."""
    app = consented(db, world, fields=fields or None)
    side = provider(db, "gt-reintegra")
    case = referred(db, world, app, side)
    db.add(
        TraffickingScreening(
            application_id=app.id,
            indicators=["debt_bondage", "documents_withheld"],
            note="trafficked by a recruiter",
            opened_by_id=officer(db, world).id,
        )
    )
    protection.open_flag(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=app,
        kind=ProtectionKind.asylum_pending,
        note="asylum claim lodged; fears persecution",
    )
    db.commit()
    return app, case, side


def _auditor(db: Session, side: ProviderSide) -> dict[str, str]:
    """An auditor of the provider authority (who reads its audit trail)."""
    user = auth.create_user(
        session=db,
        authority_id=side.authority_id,
        email=f"auditor-{side.authority_id}@provider.test",
        full_name="Provider auditor",
        password=PASSWORD,
        roles=[Role.auditor],
    )
    token, _ = auth.issue_token(session=db, user=user, name="tests")
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def _sweep(client: TestClient, headers: dict[str, str], values: dict[str, Any]) -> dict[str, str]:
    """Every GET route's body, for those that answer 2xx, by path."""
    bodies: dict[str, str] = {}
    for route in GET_ROUTES:
        path = re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), route)
        response = client.get(path, headers=headers)
        assert response.status_code < 500, (path, response.text)
        if response.is_success:
            bodies[path] = response.content.decode("utf-8", "replace")
    return bodies


def _values(app: Any, case: ReintegrationCase) -> dict[str, Any]:
    return {
        "application_id": app.id,
        "reference": case.reference,
        "state": "GTM",
        "declaration": "los-angeles-declaration",
    }


def test_provider_sees_no_protection_and_no_unconsented_field(
    client: TestClient, db: Session, world: World
) -> None:
    app, case, side = _with_claims(db, world, contact=True, skills=True, health=False)
    for headers in (side.headers, _auditor(db, side)):
        bodies = _sweep(client, headers, _values(app, case))
        assert f"{API}/reintegration/cases/{case.reference}" in bodies or headers != side.headers
        for path, body in bodies.items():
            assert not PROTECTION.search(body), (path, PROTECTION.search(body))
            for field in ("health", "family", "vulnerability"):
                assert SECRETS[field] not in body, (path, field)
    case_body = client.get(f"{API}/reintegration/cases/{case.reference}", headers=side.headers)
    shown = case_body.json()
    assert shown["consented"] == ["contact", "skills"]
    assert set(shown["assessment"]) == {"contact", "skills"}
    assert SECRETS["contact"] in case_body.text and SECRETS["skills"] in case_body.text
    assert shown["application_id"] is None


def test_provider_audit_details_hold_no_names_values_or_claims(
    client: TestClient, db: Session, world: World
) -> None:
    _app, case, side = _with_claims(db, world, contact=True, health=False)
    client.get(f"{API}/reintegration/cases/{case.reference}", headers=side.headers)
    events = db.scalars(
        select(AuditEvent).where(AuditEvent.authority_id == side.authority_id)
    ).all()
    assert {e.action for e in events} >= {"reintegration.refer", "reintegration.case_read"}
    for event in events:
        text = json.dumps(event.detail, ensure_ascii=False)
        assert not PROTECTION.search(text), event.action
        assert not any(secret in text for secret in SECRETS.values()), event.action
        assert event.actor_email in (None, "officer@gt-reintegra.test"), event.action


@pytest.mark.parametrize("field", list(ConsentField))
def test_withdrawal_hides_the_field_at_the_next_read(
    client: TestClient, db: Session, world: World, field: ConsentField
) -> None:
    app, case, side = _with_claims(db, world)
    url = f"{API}/reintegration/cases/{case.reference}"
    assert SECRETS[field] in client.get(url, headers=side.headers).text
    withdrawal = client.post(
        f"{API}/reintegration/applications/{app.id}/consents/{field.value}/withdraw",
        json={"language": "es-GT"},
        headers=world.headers("USA", Role.case_officer),
    )
    assert withdrawal.status_code == 200, withdrawal.text
    after = client.get(url, headers=side.headers)
    assert SECRETS[field] not in after.text
    assert field.value not in after.json()["consented"]
    assert field.value not in after.json()["assessment"]
    listed = client.get(f"{API}/reintegration/cases", headers=side.headers)
    assert SECRETS[field] not in listed.text
    assert consent.granted_fields(session=db, application_id=app.id) == set(ConsentField) - {field}


def test_provider_never_sees_the_consent_history_or_its_officers(
    client: TestClient, db: Session, world: World
) -> None:
    app, case, side = _with_claims(db, world)
    for path in ("consents", "assessment"):
        url = f"{API}/reintegration/applications/{app.id}/{path}"
        assert client.get(url, headers=side.headers).status_code == 403
    bodies = _sweep(client, side.headers, _values(app, case))
    officer_name = officer(db, world).full_name
    officer_email = officer(db, world).email
    for path, body in bodies.items():
        assert officer_email not in body, path
        assert f'"recorded_by":"{officer_name}"' not in body.replace(" ", ""), path


def test_others_get_404_and_wrong_roles_403(client: TestClient, db: Session, world: World) -> None:
    _app, case, _side = _with_claims(db, world)
    other = provider(db, "gt-ong")
    db.commit()
    url = f"{API}/reintegration/cases/{case.reference}"
    assert client.get(url, headers=other.headers).status_code == 404
    assert (
        case.reference not in client.get(f"{API}/reintegration/cases", headers=other.headers).text
    )
    # The requested state's own officers are not the provider.
    assert (
        client.get(url, headers=world.headers("GTM", Role.reintegration_officer)).status_code == 404
    )
    assert client.get(url, headers=world.headers("GTM", Role.supervisor)).status_code == 404
    assert client.get(url, headers=world.headers("GTM", Role.verifier)).status_code == 403
    assert client.get(url, headers=world.headers("MEX", Role.case_officer)).status_code == 404
    assert client.get(url, headers=world.headers("USA", Role.case_officer)).status_code == 200
