"""Seed a demo system through the same services officers use."""

import json
import random
import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.schemas import load_agreement_file
from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.applications.schemas import ApplicationCreate
from readmit.auth import service as auth
from readmit.auth.models import Role, User
from readmit.biometrics import store
from readmit.biometrics.synth import FaceModel, captures, identities
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.demo import evidence
from readmit.demo import pathways as pathway_demo
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.registry import service as registry
from readmit.reintegration import providers
from readmit.reintegration.schemas import ProviderIn
from readmit.synth.project.generator import (
    SynthPerson,
    generate_register,
    make_application,
    register_row,
)
from readmit.tenancy import service as tenancy
from readmit.transfers import service as transfers
from readmit.transfers.schemas import TransferCreate
from readmit.traveldocs import issuing
from readmit.verification import service as verification
from readmit.verification.schemas import DecisionIn

AGREEMENTS_DIR = Path(__file__).resolve().parent.parent / "agreements" / "data"
STATES = {"USA": "United States of America", "CHN": "China", "GTM": "Guatemala"}
AUTHORITIES = (
    (
        "USA",
        "U.S. Immigration and Customs Enforcement, Enforcement and Removal Operations",
        "us-ice-ero",
    ),
    ("CHN", "National Immigration Administration, Exit-Entry Administration", "cn-nia"),
    ("GTM", "Instituto Guatemalteco de Migración", "gt-igm"),
)
REGISTER_SIZE = 300


@dataclass
class DemoUser:
    """A demo login, printed for the person trying the system."""

    email: str
    password: str
    role: str
    authority: str
    state: str
    api_token: str


def _register(session: Session, country: str) -> list[SynthPerson]:
    people = generate_register(country=country, size=REGISTER_SIZE, seed=7)  # type: ignore[arg-type]
    registry.add_rows(country=country, rows=[register_row(p) for p in people])
    _faces(country, people)
    return people


def _faces(country: str, people: list[SynthPerson]) -> None:
    """Synthetic face templates for the register, so that biometric search can be tried."""
    home = get_settings().home
    rng = np.random.default_rng(7)
    templates = captures(identities(len(people), rng=rng), model=FaceModel(), rng=rng)
    connection = store.connect(store.gallery_path(home, country, "face"))
    try:
        store.put(
            connection,
            store.Keys.for_gallery(home, country),
            [p.person_id for p in people],
            templates,
        )
    finally:
        connection.close()


def _users(session: Session) -> list[DemoUser]:
    created = []
    for state, name, short in AUTHORITIES:
        authority = tenancy.get_or_create_authority(
            session=session, state_code=state, name=name, short_name=short
        )
        for role in Role:
            password = secrets.token_urlsafe(12)
            email = f"{role.value.replace('_', '.')}@{short}.example"
            user = auth.create_user(
                session=session,
                authority_id=authority.id,
                email=email,
                full_name=f"{role.value.replace('_', ' ').title()} ({short})",
                password=password,
                roles=[role],
            )
            token, _ = auth.issue_token(session=session, user=user, name="demo")
            created.append(DemoUser(email, password, role.value, name, state, token))
    return created


# A reception centre of Guatemala that reintegrates returnees, with its own officer.
PROVIDER = ("GTM", "Centro de Atención al Migrante Retornado, Quetzaltenango", "gt-camr-xela")
PROVIDER_REGIONS = ["Quetzaltenango", "Huehuetenango", "San Marcos"]


def _reintegration_provider(session: Session) -> list[DemoUser]:
    """The provider authority, registered for the IOM survey programme, and its officer."""
    state, name, short = PROVIDER
    authority = tenancy.get_or_create_authority(
        session=session, state_code=state, name=name, short_name=short
    )
    providers.add(
        session=session,
        payload=ProviderIn(authority=short, programme="iom-rss", regions=PROVIDER_REGIONS),
    )
    password = secrets.token_urlsafe(12)
    role = Role.reintegration_officer
    user = auth.create_user(
        session=session,
        authority_id=authority.id,
        email=f"reintegration.officer@{short}.example",
        full_name=f"Reintegration Officer ({short})",
        password=password,
        roles=[role],
    )
    token, _ = auth.issue_token(session=session, user=user, name="demo")
    return [DemoUser(user.email, password, role.value, name, state, token)]


def _user(session: Session, email: str) -> User:
    user = auth.get_by_email(session=session, email=email)
    assert user is not None, email
    return user


def _cases(session: Session, registers: dict[str, list[SynthPerson]]) -> None:
    """Applications in several states of the lifecycle, on both corridors; documents on
    three USA→CHN cases and a draft screened for trafficking."""
    rng = random.Random(11)
    officer = _user(session, "case.officer@us-ice-ero.example")
    guard = _user(session, "protection.officer@us-ice-ero.example")
    verifiers = {
        "CHN": _user(session, "verifier@cn-nia.example"),
        "GTM": _user(session, "verifier@gt-igm.example"),
    }
    plan = [
        "draft",
        "submitted",
        "under_verification",
        "confirmed",
        "travel_document_issued",
        "transfer_scheduled",
        "suspended",
        "rejected",
        "draft_flagged",
    ]
    cases: dict[tuple[str, str], tuple[Application, SynthPerson]] = {}
    for country, people in registers.items():
        for index, stage in enumerate(plan):
            person = people[index * 13]
            payload = ApplicationCreate.model_validate(
                {
                    "requested_state": country,
                    "person": make_application(
                        person, requested_state=country, rng=rng, corruption="clean"
                    ),
                }
            )
            app, _ = applications.create(session=session, actor=officer, payload=payload)
            cases[(country, stage)] = (app, person)
            if stage == "draft_flagged":
                protection.open_flag(
                    session=session,
                    user=guard,
                    application=app,
                    kind=ProtectionKind.unaccompanied_minor,
                    note="Reception in country of return not yet verified.",
                )
            if stage.startswith("draft"):
                continue
            applications.transition(session=session, user=officer, application=app, action="submit")
            if stage == "submitted":
                continue
            verifier = verifiers[country]
            for action in ("receive", "start_verification"):
                applications.transition(
                    session=session, user=verifier, application=app, action=action
                )
            if stage in ("confirmed", "travel_document_issued", "transfer_scheduled"):
                verification.decide(
                    session=session,
                    user=verifier,
                    application=app,
                    decision=DecisionIn(decision="confirm", person_id=person.person_id),
                )
            if stage in ("travel_document_issued", "transfer_scheduled"):
                issuing.issue(session=session, user=verifier, application=app)
            if stage == "transfer_scheduled":
                departure = utcnow() + timedelta(days=5)
                flight = {
                    "kind": "commercial",
                    "carrier": "Demo Air",
                    "flight_number": "DA100",
                    "route": f"IAH-{'PEK' if country == 'CHN' else 'GUA'}",
                    "departure_at": departure,
                    "escorts": 2,
                    "application_ids": [app.id],
                }
                transfers.create(
                    session=session, user=officer, payload=TransferCreate.model_validate(flight)
                )
            elif stage == "rejected":
                verification.decide(
                    session=session,
                    user=verifier,
                    application=app,
                    decision=DecisionIn(
                        decision="reject",
                        reason_code="identity_not_found",
                        reason="No such person in the register.",
                    ),
                )
            elif stage == "suspended":
                protection.open_flag(
                    session=session,
                    user=guard,
                    application=app,
                    kind=ProtectionKind.asylum_pending,
                    note="Asylum application lodged; hearing pending.",
                )
    evidence.attach_documents(
        session=session,
        officer=officer,
        guard=guard,
        scanned=cases[("CHN", "submitted")],
        ordered=cases[("CHN", "transfer_scheduled")],
        claimed=cases[("CHN", "suspended")],
    )
    evidence.screened_draft(
        session=session, officer=officer, person=registers["CHN"][len(plan) * 13], country="CHN"
    )


def is_seeded(session: Session) -> bool:
    """True once demo users exist."""
    return session.scalars(select(User).limit(1)).first() is not None


def seed(session: Session, *, users_file: Path) -> list[DemoUser]:
    """Seed everything in one transaction and remember the logins in users_file."""
    for code, name in STATES.items():
        tenancy.get_or_create_state(session=session, code=code, name=name)
    for path in sorted(AGREEMENTS_DIR.glob("*.yaml")):
        for agreement in load_agreement_file(path).agreements:
            agreements.establish(session=session, payload=agreement)
    users = _users(session)
    users += _reintegration_provider(session)
    registers = {country: _register(session, country) for country in ("CHN", "GTM")}
    _cases(session, registers)
    users += [DemoUser(*row) for row in pathway_demo.users(session)]
    pathway_demo.cases(session)
    users_file.parent.mkdir(parents=True, exist_ok=True)
    users_file.write_text(json.dumps([asdict(u) for u in users], indent=2))
    users_file.chmod(0o600)
    return users


def load_users(users_file: Path) -> list[DemoUser]:
    """Logins written by an earlier seed."""
    return [DemoUser(**row) for row in json.loads(users_file.read_text())]
