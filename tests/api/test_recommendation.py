"""The identity engine in the verify step of the API: ranked candidates with evidence for
the requested state's verifiers only, kept with the model version, audited."""

import random

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.registry import service as registry
from readmit.synth.project.generator import make_absent_person, make_application
from tests.factories import World, make_case

API = "/api/v1/applications"


def test_a_clean_case_is_recommended_for_confirmation_with_evidence(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification, index=4)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    run = client.post(f"{API}/{case.id}/recommendation", headers=verifier)
    assert run.status_code == 200, run.text
    body = run.json()
    expected = world.registers["CHN"][4]
    assert body["recommendation"] == "confirm"
    assert body["model_version"].startswith("fs-")
    top = body["candidates"][0]
    assert top["person_id"] == expected.person_id and top["score"] > 0.999
    assert top["person"]["national_id"] == expected.national_id
    assert top["evidence"]["name"]["weight"] > 0
    assert top["evidence"]["name"]["register"]
    assert client.get(f"{API}/{case.id}/recommendation", headers=verifier).json() == body
    audited = db.scalars(
        select(AuditEvent).where(
            AuditEvent.application_id == case.id, AuditEvent.action == "identity.recommend"
        )
    ).one()
    assert audited.detail["model_version"] == body["model_version"]


def test_the_decision_keeps_the_model_version_of_the_recommendation(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification, index=5)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    version = client.post(f"{API}/{case.id}/recommendation", headers=verifier).json()
    decided = client.post(
        f"{API}/{case.id}/decision",
        headers=verifier,
        json={"decision": "confirm", "person_id": world.registers["CHN"][5].person_id},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["model_version"] == version["model_version"]


def test_a_person_absent_from_the_register_is_not_confirmed(
    client: TestClient, db: Session, world: World
) -> None:
    absent = make_absent_person(country="CHN", rng=random.Random(11))
    person = make_application(
        absent, requested_state="CHN", rng=random.Random(1), corruption="clean"
    )
    officer = world.headers("USA", Role.case_officer)
    created = client.post(API, headers=officer, json={"requested_state": "CHN", "person": person})
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    verifier = world.headers("CHN", Role.verifier)
    client.post(f"{API}/{case_id}/submit", headers=officer)
    client.post(f"{API}/{case_id}/receive", headers=verifier)
    client.post(f"{API}/{case_id}/start_verification", headers=verifier)
    body = client.post(f"{API}/{case_id}/recommendation", headers=verifier).json()
    assert body["recommendation"] in ("no_match", "review")
    assert all(c["score"] < 0.5 for c in body["candidates"])


def test_only_the_requested_states_verifiers_see_candidates(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification)
    db.commit()
    url = f"{API}/{case.id}/recommendation"
    assert client.get(url, headers=world.headers("CHN", Role.verifier)).status_code == 404
    for role in (Role.case_officer, Role.protection_officer, Role.supervisor):
        assert client.post(url, headers=world.headers("USA", role)).status_code == 403
        assert client.get(url, headers=world.headers("USA", role)).status_code == 403
    assert client.post(url, headers=world.headers("CHN", Role.auditor)).status_code == 403
    assert client.post(url, headers=world.headers("GTM", Role.verifier)).status_code == 404


def test_a_state_without_a_loaded_register_gets_a_clear_refusal(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, country="GTM", status=Status.under_verification)
    db.commit()
    store = registry.store_for("GTM")
    aside = store.with_suffix(".aside")
    store.rename(aside)
    try:
        refused = client.post(
            f"{API}/{case.id}/recommendation", headers=world.headers("GTM", Role.verifier)
        )
    finally:
        aside.rename(store)
    assert refused.status_code == 409
    assert "no register is loaded for GTM" in refused.text


def test_the_register_lookup_takes_the_number_in_the_body_never_in_the_url(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification, index=6)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    person = world.registers["CHN"][6]
    url = f"{API}/{case.id}/register-lookup"
    found = client.post(url, headers=verifier, json={"number": f" {person.national_id} "})
    assert found.status_code == 200, found.text
    assert found.json()["query"] == person.national_id
    assert [m["person_id"] for m in found.json()["matches"]] == [person.person_id]
    in_the_url = client.get(url, params={"number": person.national_id}, headers=verifier)
    assert in_the_url.status_code == 405
    bad = [{"number": "9" * 61}, {"number": "<script>"}, {}, {"number": "1", "name": "x"}]
    for body, field in zip(bad, ["number", "number", "number", "name"], strict=True):
        refused = client.post(url, headers=verifier, json=body)
        assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == field
    officer = world.headers("USA", Role.case_officer)
    refused = client.post(url, headers=officer, json={"number": person.national_id})
    assert refused.status_code == 403
    audited = db.scalars(
        select(AuditEvent).where(
            AuditEvent.application_id == case.id, AuditEvent.action == "registry.lookup"
        )
    ).one()
    assert audited.detail["query"] == person.national_id
