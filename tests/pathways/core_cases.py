"""The example programmes and cases taken in through the service, for the intake, rules and
API tests: a family reunification parole case whose rules are all met once its two
documents are on file."""

from typing import Any

from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.pathways import allocation, documents, programmes, service
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import CaseStatus, PathwayCase, Programme
from readmit.pathways.schemas import CaseCreate
from tests.designations.cases import png
from tests.factories import World

OFFICER = Role.safe_mobility_officer
FRP_FACTS: dict[str, Any] = {
    "petitioner_status": "permanent_resident",
    "petition_approved": True,
    "outside_united_states": True,
    "visa_available": False,
}
FRP_DOCUMENTS = ("i130_approval_notice", "passport")


def examples(db: Session) -> dict[str, Programme]:
    """The example programmes of pathways/data, by code (loaded once per test transaction)."""
    return {p.code: p for p in programmes.load_examples(session=db)}


def frp_body(**changes: Any) -> dict[str, Any]:
    """An intake for family reunification parole at the Guatemala City office."""
    return {
        "programme": "usa-frp",
        "intake_place": "SMO-GTM-GUA",
        "family_name": "López Ajú",
        "given_names": "María José",
        "birth_date": "1991-03-14",
        "sex": "F",
        "nationality": "GTM",
        "document_number": "G1234567",
        "facts": dict(FRP_FACTS),
    } | changes


def take_in(db: Session, world: World, *, role: Role = OFFICER, **changes: Any) -> PathwayCase:
    """A case taken in by the USA user with this role."""
    examples(db)
    user = world.user(db, "USA", role)
    return service.intake(
        session=db, user=user, payload=CaseCreate.model_validate(frp_body(**changes))
    )


def with_documents(
    db: Session, world: World, case: PathwayCase, kinds: tuple[str, ...] = FRP_DOCUMENTS
) -> PathwayCase:
    """The case with a PNG of each kind of document added."""
    user = world.user(db, "USA", OFFICER)
    for kind in kinds:
        documents.add(
            session=db, user=user, case=case, kind=kind, filename=f"{kind}.png", data=png()
        )
    return case


STEPS_TO = {
    CaseStatus.registered: (),
    CaseStatus.screened: (Step.screen,),
    CaseStatus.referred: (Step.screen, Step.refer),
    CaseStatus.interviewed: (Step.screen, Step.refer, Step.interview),
    CaseStatus.approved: (Step.screen, Step.refer, Step.interview, Step.approve),
    CaseStatus.travel_booked: (
        Step.screen,
        Step.refer,
        Step.interview,
        Step.approve,
        Step.book_travel,
    ),
}


def at_status(db: Session, world: World, status: CaseStatus) -> PathwayCase:
    """An eligible case moved to `status` through the service."""
    case = with_documents(db, world, take_in(db, world))
    officer, supervisor = world.user(db, "USA", OFFICER), world.user(db, "USA", Role.supervisor)
    for step in STEPS_TO[status]:
        if step == Step.approve:
            case = allocation.approve(session=db, user=supervisor, case=case)
        else:
            case = service.step(session=db, user=officer, case=case, step=step)
    assert case.status == status.value
    return case
