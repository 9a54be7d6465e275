"""Referral at arrival (the arrival report with a provider) or before departure, audited for
both states; the lifecycle table of a case, one row per step, unlisted steps refused."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role, User
from readmit.errors import Conflict, Forbidden
from readmit.reintegration import lifecycle
from readmit.reintegration.lifecycle import Step
from readmit.reintegration.models import CaseStatus, ReintegrationCase
from readmit.transfers import service as transfers
from tests.factories import World
from tests.reintegration.cases import consented, officer, provider, referred

S = CaseStatus


def _arrival(client: TestClient, db: Session, world: World, body: dict):
    app = consented(db, world, status=Status.departed)
    transfer = transfers.for_application(session=db, application=app)
    assert transfer is not None
    db.commit()
    url = f"/api/v1/transfers/{transfer.id}/cases/{app.id}/arrival"
    return app, client.post(url, json=body, headers=world.headers("GTM", Role.verifier))


def test_arrival_with_a_provider_creates_the_case_audited_for_both(
    client: TestClient, db: Session, world: World
) -> None:
    side = provider(db, "gt-reintegra")
    body = {
        "outcome": "arrived",
        "reintegration_referral": True,
        "reintegration_provider_id": side.authority_id,
    }
    app, response = _arrival(client, db, world, body)
    assert response.status_code == 200, response.text
    case = db.scalar(select(ReintegrationCase).where(ReintegrationCase.application_id == app.id))
    assert case is not None and case.status == S.referred
    assert case.provider_authority_id == side.authority_id and case.region == "Quetzaltenango"
    filed = {
        e.authority_id
        for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "reintegration.refer"))
        if e.detail.get("case") == case.reference
    }
    requesting = officer(db, world).authority_id
    arriving = world.user(db, "GTM", Role.verifier).authority_id
    assert filed == {requesting, arriving, side.authority_id}


def test_arrival_without_a_provider_keeps_the_old_behaviour(
    client: TestClient, db: Session, world: World
) -> None:
    app, response = _arrival(
        client, db, world, {"outcome": "arrived", "reintegration_referral": True}
    )
    assert response.status_code == 200, response.text
    assert response.json()["cases"][0]["reintegration_referral"] is True
    assert (
        db.scalar(select(ReintegrationCase).where(ReintegrationCase.application_id == app.id))
        is None
    )


@pytest.mark.parametrize(
    "body",
    [
        {"outcome": "arrived", "reintegration_provider_id": 1},
        {"outcome": "no_show", "reintegration_referral": True, "reintegration_provider_id": 1},
    ],
)
def test_a_provider_goes_with_a_referred_arrival_only(
    client: TestClient, db: Session, world: World, body: dict
) -> None:
    _app, response = _arrival(client, db, world, body)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("status", "may_refer"),
    [
        (Status.submitted, False),
        (Status.confirmed, True),
        (Status.travel_document_issued, True),
        (Status.transfer_scheduled, True),
        (Status.departed, False),
        (Status.withdrawn, False),
    ],
)
def test_the_requesting_state_refers_between_confirmation_and_departure(
    db: Session, world: World, status: Status, may_refer: bool
) -> None:
    side = provider(db, "gt-reintegra")
    app = consented(db, world, status=status)
    if may_refer:
        assert referred(db, world, app, side).reference.startswith("RI-GTM-")
    else:
        with pytest.raises(Conflict):
            referred(db, world, app, side)


# (step, from status, acting side, expected: target status, or the error)
TABLE = [
    (Step.accept, S.referred, "provider", S.active),
    (Step.accept, S.active, "provider", Conflict),
    (Step.accept, S.referred, "requesting", Forbidden),
    (Step.close, S.active, "provider", S.closed),
    (Step.close, S.referred, "provider", Conflict),
    (Step.close, S.active, "requesting", Forbidden),
    (Step.withdraw, S.referred, "requesting", S.withdrawn),
    (Step.withdraw, S.active, "requesting", S.withdrawn),
    (Step.withdraw, S.closed, "requesting", Conflict),
    (Step.withdraw, S.active, "provider", Forbidden),
]


@pytest.mark.parametrize(("step", "source", "actor", "expected"), TABLE)
def test_lifecycle_table(
    db: Session, world: World, step: Step, source: S, actor: str, expected: object
) -> None:
    side = provider(db, "gt-reintegra")
    case = referred(db, world, consented(db, world), side)
    case.status = source.value
    user = db.get(User, side.officer_id) if actor == "provider" else officer(db, world)
    assert user is not None
    if isinstance(expected, S):
        lifecycle.move(case=case, step=step, user=user)
        assert case.status == expected
    else:
        with pytest.raises(expected):  # type: ignore[call-overload]
            lifecycle.move(case=case, step=step, user=user)
