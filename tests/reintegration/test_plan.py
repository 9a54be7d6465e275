"""The plan of services: the provider's reintegration officers add and change services of
the programme's types, budgets in minor units of an ISO 4217 currency; every change is
audited without its values; a closed case's plan no longer changes."""

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.errors import Conflict, Forbidden, Invalid, NotFound
from readmit.reintegration import plan
from readmit.reintegration import service as cases
from readmit.reintegration.followup_schemas import ServiceCreate, ServiceUpdate
from readmit.reintegration.lifecycle import Step
from tests.factories import World
from tests.reintegration.cases import provider
from tests.reintegration.followup_cases import active_case, officer_of

TRAINING = {
    "service_type": "skills_training",
    "provider_name": "INTECAP",
    "budget_minor": 45000,
    "currency": "GTQ",
}


def _pending(db: Session) -> list[AuditEvent]:
    return list(db.info.get(audit.PENDING, []))


def test_add_and_update_a_service(db: Session, world: World) -> None:
    side = provider(db, "prov-a")
    case = active_case(db, world, side)
    officer = officer_of(db, side)
    added = plan.add(
        session=db, user=officer, case=case, payload=ServiceCreate.model_validate(TRAINING)
    )
    job = plan.add(
        session=db,
        user=officer,
        case=case,
        payload=ServiceCreate.model_validate(
            {"service_type": "job_placement", "provider_name": "Municipio"}
        ),
    )
    assert (added.budget_minor, added.currency, added.status, added.progress) == (
        45000,
        "GTQ",
        "planned",
        0,
    )
    plan.update(
        session=db,
        user=officer,
        case=case,
        service_id=added.id,
        payload=ServiceUpdate.model_validate({"status": "in_progress", "progress": 40}),
    )
    assert plan.progress(plan.services(session=db, case=case)) == 20  # (40 + 0) / 2
    plan.update(
        session=db,
        user=officer,
        case=case,
        service_id=job.id,
        payload=ServiceUpdate.model_validate({"status": "completed"}),
    )
    assert job.progress == 100
    assert plan.progress(plan.services(session=db, case=case)) == 70
    with pytest.raises(Conflict):  # a completed service no longer changes
        plan.update(
            session=db,
            user=officer,
            case=case,
            service_id=job.id,
            payload=ServiceUpdate.model_validate({"progress": 50}),
        )
    events = [e for e in _pending(db) if e.action.startswith("reintegration.service_")]
    assert [e.action for e in events] == ["reintegration.service_add"] * 2 + [
        "reintegration.service_update"
    ] * 2
    assert events[2].detail["fields"] == "progress, status"
    assert "INTECAP" not in str([e.detail for e in events])  # names the fields, not the values


# (name, payload, where the problem is)
REFUSED = [
    ("unknown service type", {**TRAINING, "service_type": "flying_lessons"}, "service_type"),
    (
        "ends before it starts",
        {**TRAINING, "starts_on": "2026-03-01", "ends_on": "2026-02-01"},
        "ends_on",
    ),
]


@pytest.mark.parametrize("case_", REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_services_are_refused(db: Session, world: World, case_: tuple) -> None:
    _name, payload, where = case_
    side = provider(db, "prov-a")
    case = active_case(db, world, side)
    with pytest.raises(Invalid) as raised:
        plan.add(
            session=db,
            user=officer_of(db, side),
            case=case,
            payload=ServiceCreate.model_validate(payload),
        )
    assert raised.value.problems[0].loc == ("body", where)


@pytest.mark.parametrize(
    "payload",
    [
        {**TRAINING, "currency": "XYZ"},
        {**TRAINING, "currency": "usd"},
        {**TRAINING, "budget_minor": -1},
        {**TRAINING, "budget_minor": 1.5},
        {**TRAINING, "surprise": 1},
    ],
)
def test_bad_budgets_are_refused_by_the_schema(payload: dict) -> None:
    with pytest.raises(ValidationError):
        ServiceCreate.model_validate(payload)


def test_only_the_providers_officers_change_the_plan(db: Session, world: World) -> None:
    side, other = provider(db, "prov-a"), provider(db, "prov-b")
    case = active_case(db, world, side)
    payload = ServiceCreate.model_validate(TRAINING)
    for user in (world.user(db, "USA", Role.case_officer), officer_of(db, other)):
        with pytest.raises(Forbidden):
            plan.add(session=db, user=user, case=case, payload=payload)
    # the other provider does not even see the case
    with pytest.raises(NotFound):
        cases.get(session=db, user=officer_of(db, other), reference=case.reference)


def test_a_closed_cases_plan_no_longer_changes(db: Session, world: World) -> None:
    side = provider(db, "prov-a")
    case = active_case(db, world, side)
    officer = officer_of(db, side)
    added = plan.add(
        session=db, user=officer, case=case, payload=ServiceCreate.model_validate(TRAINING)
    )
    cases.step(session=db, user=officer, case=case, step=Step.close)
    with pytest.raises(Conflict):
        plan.add(
            session=db, user=officer, case=case, payload=ServiceCreate.model_validate(TRAINING)
        )
    with pytest.raises(Conflict):
        plan.update(
            session=db,
            user=officer,
            case=case,
            service_id=added.id,
            payload=ServiceUpdate.model_validate({"progress": 10}),
        )
    assert db.scalar(select(plan.Service.id).where(plan.Service.case_id == case.id)) == added.id
    assert case.accepted_at is not None and case.accepted_at.date() == date(2026, 1, 10)
