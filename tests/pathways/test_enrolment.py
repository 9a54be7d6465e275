"""Biometric enrolment of regularisation cases into the host state's gallery: the gallery is
searched first and a strong match reported (another case, or a register person); the case is
marked enrolled; intake officers and supervisors only (403), another state's case 404, a
case past enrolment or of a travel programme 409, a bad template 422."""

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.biometrics import store
from readmit.config import get_settings
from readmit.pathways import enrolment
from tests.factories import World
from tests.pathways.identity_cases import example, regularisation, take_in
from tests.pathways.test_permits import encoded, template

CASES = "/api/v1/pathways/cases"
INTAKE = {Role.safe_mobility_officer, Role.supervisor}


def _noisy(values: np.ndarray) -> np.ndarray:
    """Another capture of the same face."""
    other = values + np.random.default_rng(1).normal(0, 0.01, values.shape).astype(np.float32)
    return other / np.linalg.norm(other)


def test_enrolment_reports_the_same_face_under_another_case(db: Session, world: World) -> None:
    programme = regularisation(db)
    officer = world.user(db, "MEX", Role.safe_mobility_officer)
    first = take_in(db, world, programme, "Pérez", "Ana", nationality="VEN")
    second = take_in(db, world, programme, "Gómez", "Lucía", nationality="VEN")
    face = template()
    assert (
        enrolment.enrol(session=db, user=officer, case=first, modality="face", template=face) == []
    )
    assert first.enrolled_at is not None
    again = enrolment.enrol(session=db, user=officer, case=first, modality="face", template=face)
    assert again == []  # its own template is not a duplicate
    found = enrolment.enrol(
        session=db, user=officer, case=second, modality="face", template=_noisy(face)
    )
    assert [m.case.reference if m.case else None for m in found] == [first.reference]
    assert found[0].score > 0.9
    home = get_settings().home
    keys = store.Keys.for_gallery(home, "MEX")
    connection = store.connect(store.gallery_path(home, "MEX", "face"))
    try:
        kept = store.template_of(connection, keys, enrolment.gallery_id(second))
    finally:
        connection.close()
    assert kept is not None and float(kept @ _noisy(face)) > 0.999


def test_a_register_person_is_reported_without_a_name(db: Session, world: World) -> None:
    programme = regularisation(db)
    finger = template("finger")
    home = get_settings().home
    keys = store.Keys.for_gallery(home, "MEX")
    connection = store.connect(store.gallery_path(home, "MEX", "finger"))
    try:
        store.put(connection, keys, ["MEX-REGISTER-0042"], finger[None, :])
    finally:
        connection.close()
    case = take_in(db, world, programme, "Ruiz", "Luis", nationality="VEN")
    officer = world.user(db, "MEX", Role.supervisor)
    found = enrolment.enrol(session=db, user=officer, case=case, modality="finger", template=finger)
    assert [(m.case, m.score > 0.99) for m in found] == [(None, True)]


def test_the_enrolment_route_per_role_and_state(
    client: TestClient, db: Session, world: World
) -> None:
    programme = regularisation(db)
    cases = {
        role: take_in(db, world, programme, role.value, "Ana", nationality="VEN") for role in Role
    }
    travel = take_in(db, world, example(db, "usa-frp"), "Soto", "Eva")
    db.commit()
    for role in Role:
        url = f"{CASES}/{cases[role].reference}/enrolment"
        body = {"modality": "face", "template": encoded(template())}
        response = client.post(url, json=body, headers=world.headers("MEX", role))
        assert response.status_code == (201 if role in INTAKE else 403), (role, response.text)
        if role in INTAKE:
            assert response.json()["matches"] == [] and response.json()["enrolled_at"]
            other = client.post(url, json=body, headers=world.headers("USA", role))
            assert other.status_code == 404
    url = f"{CASES}/{cases[Role.supervisor].reference}/enrolment"
    headers = world.headers("MEX", Role.supervisor)
    short = {"modality": "face", "template": encoded(template("finger"))}
    assert client.post(url, json=short, headers=headers).status_code == 422
    assert (
        client.post(url, json={"modality": "iris", "template": "AAAA"}, headers=headers).status_code
        == 422
    )
    travel_url = f"{CASES}/{travel.reference}/enrolment"
    body = {"modality": "face", "template": encoded(template())}
    assert (
        client.post(
            travel_url, json=body, headers=world.headers("USA", Role.supervisor)
        ).status_code
        == 409
    )
