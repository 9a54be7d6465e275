"""The verifier's look-up in the national register and recorded decisions."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.errors import FieldProblem, Forbidden, Invalid
from readmit.registry import service as registry
from readmit.registry.models import RegisterPerson
from readmit.verification.models import Decision
from readmit.verification.schemas import DecisionIn

VERIFIER_ROLES = (Role.verifier, Role.supervisor)


def _require_verifier(user: User, application: Application) -> None:
    if user.state_code != application.requested_state or not user.has_role(*VERIFIER_ROLES):
        raise Forbidden("only the requested state's verifiers may do this")


def lookup(
    *, session: Session, user: User, application: Application, number: str
) -> list[RegisterPerson]:
    """Search the requested state's register by ID or passport number; audited."""
    _require_verifier(user, application)
    found = registry.find_by_document(session=session, country=user.state_code, number=number)
    audit.record(
        session=session,
        actor=user,
        action="registry.lookup",
        entity="register_person",
        application_id=application.id,
        detail={"query": number, "found": [p.person_id for p in found]},
    )
    return found


def decide(
    *, session: Session, user: User, application: Application, decision: DecisionIn
) -> Decision:
    """Record a confirm, reject or request for information, and move the case."""
    _require_verifier(user, application)
    if decision.decision == "confirm":
        person = registry.get_person(
            session=session, country=user.state_code, person_id=decision.person_id or ""
        )
        if person is None:
            raise Invalid([FieldProblem(("person_id",), "no such person in the register")])
    reason_code = decision.reason_code
    if decision.decision != "confirm" and reason_code is None:
        reason_code = "other"
    applications.transition(
        session=session,
        user=user,
        application=application,
        action=decision.decision,
        reason_code=reason_code,
        note=decision.reason or None,
    )
    if decision.decision == "confirm":
        application.register_person_id = decision.person_id
    row = Decision(
        application_id=application.id,
        kind=decision.decision,
        register_person_id=decision.person_id,
        reason_code=reason_code,
        reason=decision.reason,
        decided_by_id=user.id,
    )
    session.add(row)
    session.flush()
    return row


def decisions(*, session: Session, application: Application) -> list[Decision]:
    """Decisions on an application, oldest first."""
    return list(
        session.scalars(
            select(Decision).where(Decision.application_id == application.id).order_by(Decision.id)
        )
    )


def verifier_queue(*, session: Session, user: User) -> list[Application]:
    """Cases waiting for this requested state's verification, oldest submission first."""
    waiting = (Status.submitted, Status.received, Status.under_verification)
    return [
        a
        for a, _ in applications.queue(session=session, user=user)
        if a.requested_state == user.state_code and a.status in waiting
    ]
