"""Regularisation's temporary permits: validity from the programme file, capped by its end;
renewal as a new permit; the expiring list; every step a case event and an audit record;
supervisors only (403), another state's case 404, a case not ready 409."""

import base64
from datetime import date
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.biometrics.store import MODALITIES
from readmit.errors import Conflict, Forbidden
from readmit.pathways import enrolment, permits, service
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import CaseEvent, PathwayCase, Permit
from tests.factories import World
from tests.pathways.identity_cases import example, regularisation, take_in

CASES = "/api/v1/pathways/cases"
PERMITS = "/api/v1/pathways/permits"
SUPERVISORS = {Role.supervisor}
INTAKE = {Role.safe_mobility_officer, Role.supervisor}
_rng = np.random.default_rng(15)


def template(modality: str = "face") -> np.ndarray:
    """A fresh unit template, unlike any other in the gallery."""
    values = _rng.standard_normal(MODALITIES[modality]).astype(np.float32)
    return values / np.linalg.norm(values)


def encoded(values: np.ndarray) -> str:
    """As the API takes a template."""
    return base64.b64encode(values.astype("<f4").tobytes()).decode()


def ready(db: Session, world: World, programme: Any, family: str = "Pérez") -> PathwayCase:
    """A regularisation case enrolled and screened, ready for its permit."""
    case = take_in(db, world, programme, family, "Ana", birth_date="1990", nationality="VEN")
    officer = world.user(db, programme.state_code, Role.safe_mobility_officer)
    enrolment.enrol(session=db, user=officer, case=case, modality="face", template=template())
    service.step(session=db, user=officer, case=case, step=Step.screen)
    return case


def terms(validity: int, renewal: int | None, cap: str | None) -> dict[str, Any]:
    """The programme file's permit terms (and the programme's own end) under test."""
    permit = {"name": "Permiso Temporal", "validity_days": validity, "renewal_days": renewal}
    return {"permit": {**permit, "valid_until": cap}, "valid_until": cap}


# (validity days, renewal days, cap, issued on, renewed on, first permit, renewal or Conflict)
VALIDITY: list[tuple[Any, ...]] = [
    (365, 180, None, "2027-01-10", "2027-12-01", ("2027-01-10", "2028-01-09"),
     ("2028-01-10", "2028-07-07")),  # renewal starts the day after the permit ends
    (365, None, None, "2027-01-10", "2028-03-01", ("2027-01-10", "2028-01-09"),
     ("2028-03-01", "2029-02-28")),  # lapsed: from the renewal's day, for validity_days
    (3650, 365, "2031-05-30", "2027-01-10", "2030-01-01", ("2027-01-10", "2031-05-30"),
     Conflict),  # capped by the programme's end: nothing left to renew into
    (365, 365, "2031-05-30", "2030-09-01", "2031-01-01", ("2030-09-01", "2031-05-30"),
     Conflict),
    (365, 365, "2031-05-30", "2030-01-10", "2030-12-01", ("2030-01-10", "2031-01-09"),
     ("2031-01-10", "2031-05-30")),  # the renewal is cut at the cap
]  # fmt: skip


@pytest.mark.parametrize(
    ("validity", "renewal", "cap", "issued", "renewed", "first", "second"), VALIDITY
)
def test_validity_and_renewal_follow_the_programme_file(
    db: Session, world: World, validity: int, renewal: Any, cap: Any, issued: str,
    renewed: str, first: tuple[str, str], second: Any,
) -> None:  # fmt: skip
    programme = regularisation(db, **terms(validity, renewal, cap))
    case = ready(db, world, programme)
    supervisor = world.user(db, "MEX", Role.supervisor)
    permit = permits.issue(session=db, user=supervisor, case=case, today=date.fromisoformat(issued))
    assert (permit.valid_from.isoformat(), permit.valid_until.isoformat()) == first
    assert case.status == "permit_issued" and permit.number == f"{case.reference}-P1"
    on = date.fromisoformat(renewed)
    if second is Conflict:
        with pytest.raises(Conflict):
            permits.renew(session=db, user=supervisor, case=case, today=on)
        return
    again = permits.renew(session=db, user=supervisor, case=case, today=on)
    assert (again.valid_from.isoformat(), again.valid_until.isoformat()) == second
    assert again.renews_id == permit.id and again.number == f"{case.reference}-P2"
    assert permits.current_permit(session=db, case=case) == again


def test_every_step_is_an_event_and_audited(db: Session, world: World) -> None:
    case = ready(db, world, regularisation(db, **terms(365, None, None)))
    supervisor = world.user(db, "MEX", Role.supervisor)
    permits.issue(session=db, user=supervisor, case=case)
    permits.renew(session=db, user=supervisor, case=case)
    db.commit()  # the audit trail is written when the transaction commits
    steps = db.scalars(select(CaseEvent.step).where(CaseEvent.case_id == case.id)).all()
    assert [s for s in steps if s in ("enrol", "issue_permit", "renew_permit")] == [
        "enrol",
        "issue_permit",
        "renew_permit",
    ]
    actions = set(
        db.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == case.reference))
    )
    assert {"pathway.enrol", "pathway.biometrics_enrol", "pathway.issue_permit",
            "pathway.renew_permit"} <= actions  # fmt: skip


def test_a_permit_needs_enrolment_screening_and_a_regularisation(db: Session, world: World) -> None:
    programme = regularisation(db)
    supervisor = world.user(db, "MEX", Role.supervisor)
    officer = world.user(db, "MEX", Role.safe_mobility_officer)
    registered = take_in(db, world, programme, "Ruiz", "Luis", nationality="VEN")
    with pytest.raises(Conflict):  # not screened
        permits.issue(session=db, user=supervisor, case=registered)
    service.step(session=db, user=officer, case=registered, step=Step.screen)
    with pytest.raises(Conflict):  # not enrolled
        permits.issue(session=db, user=supervisor, case=registered)
    with pytest.raises(Forbidden):
        permits.issue(session=db, user=officer, case=ready(db, world, programme))
    travel = take_in(db, world, example(db, "usa-frp"), "Soto", "Eva")
    service.step(session=db, user=world.user(db, "USA", Role.supervisor), case=travel,
                 step=Step.screen)  # fmt: skip
    with pytest.raises(Conflict):
        permits.issue(session=db, user=world.user(db, "USA", Role.supervisor), case=travel)
    assert db.scalars(select(Permit)).all() == []


def test_expiring_lists_permits_not_yet_renewed(db: Session, world: World) -> None:
    programme = regularisation(db, **terms(30, 30, None))
    supervisor = world.user(db, "MEX", Role.supervisor)
    soon, renewed, later = (ready(db, world, programme, name) for name in ("A", "B", "C"))
    today = date(2027, 3, 1)
    permits.issue(session=db, user=supervisor, case=soon, today=today)
    permits.issue(session=db, user=supervisor, case=renewed, today=today)
    permits.renew(session=db, user=supervisor, case=renewed, today=today)
    permits.issue(session=db, user=supervisor, case=later, today=date(2027, 3, 20))
    found = permits.expiring(session=db, user=supervisor, days=30, today=today)
    assert [p.number for p, _case in found] == [f"{soon.reference}-P1"]
    # Within 60 days: the renewed permit's successor, never the permit it renewed.
    found = permits.expiring(session=db, user=supervisor, days=60, today=today)
    assert [p.number for p, _case in found] == [
        f"{soon.reference}-P1",
        f"{later.reference}-P1",
        f"{renewed.reference}-P2",
    ]
    usa = world.user(db, "USA", Role.supervisor)
    assert permits.expiring(session=db, user=usa, days=366, today=today) == []
    with pytest.raises(Forbidden):
        permits.expiring(session=db, user=world.user(db, "MEX", Role.auditor), days=30)


def test_the_permit_routes_per_role_and_state(
    client: TestClient, db: Session, world: World
) -> None:
    programme = regularisation(db, **terms(100, None, None))
    cases = {role: ready(db, world, programme, role.value) for role in Role}
    db.commit()
    for role in Role:  # another state: not found, whatever the role
        url = f"{CASES}/{cases[role].reference}/permit"
        assert client.post(url, headers=world.headers("USA", role)).status_code in (403, 404)
    for role in SUPERVISORS:
        url = f"{CASES}/{cases[role].reference}/permit"
        assert client.post(url, headers=world.headers("USA", role)).status_code == 404
    for role in Role:
        url = f"{CASES}/{cases[role].reference}/permit"
        response = client.post(url, headers=world.headers("MEX", role))
        assert response.status_code == (201 if role in SUPERVISORS else 403), (role, response.text)
        renewal = client.post(f"{url}/renewal", headers=world.headers("MEX", role))
        assert renewal.status_code == (201 if role in SUPERVISORS else 403), renewal.text
    issued = cases[Role.supervisor].reference
    shown = client.get(f"{CASES}/{issued}/permits", headers=world.headers("MEX", Role.auditor))
    assert [(p["number"], p["renews"]) for p in shown.json()["items"]] == [
        (f"{issued}-P1", None),
        (f"{issued}-P2", f"{issued}-P1"),
    ]
    again = client.post(f"{CASES}/{issued}/permit", headers=world.headers("MEX", Role.supervisor))
    assert again.status_code == 409
    for role in Role:
        response = client.get(PERMITS + "/expiring?days=366", headers=world.headers("MEX", role))
        assert response.status_code == (200 if role in INTAKE else 403), role
    listed = client.get(
        PERMITS + "/expiring?days=366", headers=world.headers("MEX", Role.supervisor)
    )
    assert [p["number"] for p in listed.json()["items"]] == [f"{issued}-P2"]
    assert (
        client.get(
            PERMITS + "/expiring?days=400", headers=world.headers("MEX", Role.supervisor)
        ).status_code
        == 422
    )
