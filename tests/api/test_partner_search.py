"""Partner search through the API: hit or no-hit only, data after the answering officer's
confirmation, refused without a biometric agreement, rate-limited, audited on both sides."""

import base64

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.biometrics import service, store
from readmit.biometrics.synth import FaceModel, captures, identities
from readmit.config import get_settings
from tests.factories import World

API = "/api/v1/biometrics/partner-searches"


@pytest.fixture(scope="module")
def faces(world: World) -> np.ndarray:
    """Guatemala's gallery: one enrolled face per register person of the test world."""
    rng = np.random.default_rng(21)
    people = world.registers["GTM"]
    latent = identities(len(people), rng=rng)
    home = get_settings().home
    connection = store.connect(store.gallery_path(home, "GTM", "face"))
    store.put(
        connection,
        store.Keys.for_gallery(home, "GTM"),
        [p.person_id for p in people],
        captures(latent, model=FaceModel(), rng=rng),
    )
    connection.close()
    return latent


def _probe(latent: np.ndarray) -> str:
    template = captures(latent, model=FaceModel(), rng=np.random.default_rng(22))[0]
    return base64.b64encode(template.astype("<f4").tobytes()).decode()


def test_hit_then_release_after_confirmation(
    client: TestClient, db: Session, world: World, faces: np.ndarray
) -> None:
    officer, verifier = world.headers("USA", Role.case_officer), world.headers("GTM", Role.verifier)
    asked = client.post(
        API,
        headers=officer,
        json={"answering_state": "GTM", "modality": "face", "template": _probe(faces[4:5])},
    )
    assert asked.status_code == 201, asked.text
    answer = asked.json()
    assert answer["outcome"] == "hit" and answer["released"] is None
    assert set(answer) == {"reference", "outcome", "expires_at", "decision", "released"}
    reference = answer["reference"]
    pending = client.get(f"{API}/pending", headers=verifier).json()
    person = world.registers["GTM"][4]
    assert [(p["reference"], p["candidate_person_id"]) for p in pending] == [
        (reference, person.person_id)
    ]
    assert client.get(f"{API}/pending", headers=officer).status_code == 403
    assert (
        client.get(f"{API}/{reference}", headers=world.headers("CHN", Role.verifier)).status_code
        == 404
    )
    assert (
        client.post(
            f"{API}/{reference}/decision",
            headers=world.headers("GTM", Role.case_officer),
            json={"confirm": True},
        ).status_code
        == 403
    )
    decided = client.post(f"{API}/{reference}/decision", headers=verifier, json={"confirm": True})
    assert decided.status_code == 200
    released = client.get(f"{API}/{reference}", headers=officer).json()["released"]
    assert released["family_name"] == person.family_name
    assert released["birth_date"] == person.birth_date.isoformat()
    assert "national_id" not in released and "mother_name" not in released
    sides = db.scalars(
        select(AuditEvent).where(AuditEvent.action.like("biometrics.partner_search%"))
    ).all()
    authorities = {e.authority_id for e in sides if e.detail.get("reference") == reference}
    assert authorities == {
        world.user(db, "USA", Role.case_officer).authority_id,
        world.user(db, "GTM", Role.verifier).authority_id,
    }


def test_no_hit_for_a_stranger_and_no_search_without_an_agreement(
    client: TestClient, world: World, faces: np.ndarray
) -> None:
    officer = world.headers("USA", Role.case_officer)
    stranger = identities(1, rng=np.random.default_rng(99))
    answer = client.post(
        API,
        headers=officer,
        json={"answering_state": "GTM", "modality": "face", "template": _probe(stranger)},
    )
    assert answer.status_code == 201 and answer.json()["outcome"] == "no_hit"
    refused = client.post(
        API,
        headers=officer,
        json={"answering_state": "CHN", "modality": "face", "template": _probe(stranger)},
    )
    assert refused.status_code == 403 and "biometric" in refused.text
    bad = client.post(
        API,
        headers=officer,
        json={
            "answering_state": "GTM",
            "modality": "face",
            "template": base64.b64encode(b"x" * 12).decode(),
        },
    )
    assert bad.status_code == 422


def test_searches_are_rate_limited(
    client: TestClient, world: World, faces: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "PER_HOUR", 0)
    officer = world.headers("USA", Role.supervisor)
    limited = client.post(
        API,
        headers=officer,
        json={"answering_state": "GTM", "modality": "face", "template": _probe(faces[:1])},
    )
    assert limited.status_code == 429


def test_enrol_and_delete_a_template_through_the_api(
    client: TestClient, world: World, faces: np.ndarray
) -> None:
    verifier, officer = world.headers("GTM", Role.verifier), world.headers("GTM", Role.case_officer)
    person = world.registers["GTM"][30]
    body = {"person_id": person.person_id, "modality": "face", "template": _probe(faces[30:31])}
    assert client.put("/api/v1/biometrics/templates", headers=officer, json=body).status_code == 403
    assert (
        client.put("/api/v1/biometrics/templates", headers=verifier, json=body).status_code == 204
    )
    unknown = {**body, "person_id": "GTM-NOBODY"}
    assert (
        client.put("/api/v1/biometrics/templates", headers=verifier, json=unknown).status_code
        == 404
    )
    gone = {"person_id": person.person_id, "modality": "face"}
    url = "/api/v1/biometrics/templates/delete"
    assert client.post(url, headers=officer, json=gone).status_code == 403
    assert client.post(url, headers=verifier, json=gone).status_code == 204
    assert client.post(url, headers=verifier, json=gone).status_code == 404
