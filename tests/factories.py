"""Test data through the services: a world of states and users, and applications at any stage."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.schemas import load_agreement_file
from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.applications.schemas import ApplicationCreate
from readmit.auth import service as auth
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.demo.seed import AGREEMENTS_DIR
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.registry import service as registry
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

# USA requests; CHN and GTM are requested; MEX is an outsider with no part in these cases.
AUTHORITIES = {"USA": "us-ero", "CHN": "cn-nia", "GTM": "gt-igm", "MEX": "mx-inm"}
PASSWORD = "correct horse battery staple"


@dataclass
class World:
    """What the session-wide seed created."""

    users: dict[tuple[str, Role], int] = field(default_factory=dict)
    tokens: dict[tuple[str, Role], str] = field(default_factory=dict)
    registers: dict[str, list[SynthPerson]] = field(default_factory=dict)

    def headers(self, state: str, role: Role) -> dict[str, str]:
        """Bearer headers of the user with this role in this state."""
        return {"Authorization": f"Bearer {self.tokens[(state, role)]}"}

    def user(self, session: Session, state: str, role: Role) -> User:
        """The user with this role in this state."""
        user = session.get(User, self.users[(state, role)])
        assert user is not None
        return user


def seed_world(session: Session) -> World:
    """Seed states, authorities, users, tokens, agreements and small registers."""
    world = World()
    for state, short in AUTHORITIES.items():
        tenancy.get_or_create_state(session=session, code=state, name=state)
        authority = tenancy.get_or_create_authority(
            session=session, state_code=state, name=f"Authority {short}", short_name=short
        )
        for role in Role:
            user = auth.create_user(
                session=session,
                authority_id=authority.id,
                email=f"{role.value}@{short}.test",
                full_name=role.value,
                password=PASSWORD,
                roles=[role],
            )
            world.users[(state, role)] = user.id
            world.tokens[(state, role)], _ = auth.issue_token(
                session=session, user=user, name="tests"
            )
    for path in sorted(AGREEMENTS_DIR.glob("*.yaml")):
        for agreement in load_agreement_file(path).agreements:
            agreements.establish(session=session, payload=agreement)
    for country in ("CHN", "GTM"):
        people = generate_register(country=country, size=60, seed=3)  # type: ignore[arg-type]
        world.registers[country] = people
        registry.add_rows(country=country, rows=[register_row(p) for p in people])
    session.flush()
    return world


def person_payload(world: World, country: str = "CHN", index: int = 0) -> dict:
    """A clean application person built from a register person."""
    person = world.registers[country][index]
    return make_application(
        person, requested_state=country, rng=random.Random(index), corruption="clean"
    )


# The path of actions from draft to each status, as the lifecycle table allows.
PATHS: dict[Status, list[tuple[str, str]]] = {
    Status.draft: [],
    Status.submitted: [("USA", "submit")],
    Status.received: [("USA", "submit"), ("*", "receive")],
    Status.under_verification: [("USA", "submit"), ("*", "receive"), ("*", "start_verification")],
}


def flight(
    *applications_on_board: Application, kind: str = "commercial", departure: datetime | None = None
) -> TransferCreate:
    """A flight three days out (beyond any agreement's arrival-notice lead time), or at
    `departure`."""
    return TransferCreate.model_validate(
        {
            "kind": kind,
            "carrier": "United Airlines",
            "flight_number": "UA857",
            "route": "IAH-PEK",
            "departure_at": departure or utcnow() + timedelta(days=3),
            "escorts": 2,
            "application_ids": [a.id for a in applications_on_board],
        }
    )


def make_case(
    session: Session,
    world: World,
    *,
    country: str = "CHN",
    index: int = 0,
    status: Status = Status.draft,
) -> Application:
    """An application of USA to `country`, driven through the services to `status`."""
    officer = world.user(session, "USA", Role.case_officer)
    verifier = world.user(session, country, Role.verifier)
    guard = world.user(session, "USA", Role.protection_officer)
    payload = ApplicationCreate.model_validate(
        {"requested_state": country, "person": person_payload(world, country, index)}
    )
    app, _ = applications.create(session=session, actor=officer, payload=payload)
    steps = PATHS.get(status, PATHS[Status.under_verification])
    for side, action in steps:
        applications.transition(
            session=session,
            user=officer if side == "USA" else verifier,
            application=app,
            action=action,
        )
    person_id = world.registers[country][index].person_id
    after: dict[Status, list[tuple[User, str]]] = {
        Status.more_info_requested: [(verifier, "request_info")],
        Status.confirmed: [(verifier, "confirm")],
        Status.rejected: [(verifier, "reject")],
        Status.travel_document_issued: [(verifier, "confirm"), (verifier, "issue_travel_document")],
        Status.transfer_scheduled: [
            (verifier, "confirm"),
            (verifier, "issue_travel_document"),
            (officer, "schedule_transfer"),
        ],
        Status.departed: [
            (verifier, "confirm"),
            (verifier, "issue_travel_document"),
            (officer, "schedule_transfer"),
            (officer, "depart"),
        ],
    }
    for user, action in after.get(status, []):
        if action in ("confirm", "reject", "request_info"):
            verification.decide(
                session=session,
                user=user,
                application=app,
                decision=DecisionIn(
                    decision=action,
                    person_id=person_id if action == "confirm" else None,  # type: ignore[arg-type]
                    reason_code={
                        "reject": "identity_not_found",
                        "request_info": "missing_documents",
                    }.get(action),
                    reason="" if action == "confirm" else "factory",
                ),
            )
        elif action == "issue_travel_document":
            issuing.issue(session=session, user=user, application=app)
        elif action == "schedule_transfer":
            # Booked three days ago for a flight due an hour ago: its departure (at the booked
            # time) and then an arrival can be recorded now.
            due = utcnow() - timedelta(hours=1)
            booking = flight(app, departure=due)
            transfers.create(
                session=session, user=user, payload=booking, now=due - timedelta(days=3)
            )
        elif action == "depart":
            transfer = transfers.for_application(session=session, application=app)
            assert transfer is not None
            transfers.depart(
                session=session, user=user, transfer=transfer, departed_at=transfer.departure_at
            )
        else:
            applications.transition(session=session, user=user, application=app, action=action)
    if status is Status.suspended:
        protection.open_flag(
            session=session,
            user=guard,
            application=app,
            kind=ProtectionKind.asylum_pending,
            note="factory asylum claim",
        )
    if status is Status.withdrawn:
        applications.transition(
            session=session,
            user=officer,
            application=app,
            action="withdraw",
            reason_code="duplicate",
        )
    if status is Status.closed:
        applications.transition(
            session=session,
            user=officer,
            application=app,
            action="withdraw",
            reason_code="duplicate",
        )
        applications.transition(session=session, user=officer, application=app, action="close")
    session.flush()
    assert app.status == status, (app.status, status)
    return app


def committed_case(
    session: Session, world: World, *, index: int, status: Status = Status.draft
) -> Application:
    """`make_case`, committed: requests through the test client see it."""
    case = make_case(session, world, index=index, status=status)
    session.commit()
    return case
