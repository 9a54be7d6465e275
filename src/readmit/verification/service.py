"""The verifier's look-up in the national register and recorded decisions."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications import idchecks, lifecycle
from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.config import get_settings
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid
from readmit.i18n import _
from readmit.identity.engine import Engine
from readmit.identity.schemas import VerifyPerson, VerifyRequest
from readmit.identity.store import StoreError
from readmit.registry import service as registry
from readmit.registry.schemas import RegisterPersonPublic
from readmit.verification.models import Decision, Recommendation
from readmit.verification.schemas import CandidatePublic, DecisionIn, RecommendationPublic

VERIFIER_ROLES = (Role.verifier, Role.supervisor)


def require_verifier(user: User, application: Application) -> None:
    """Refuse anyone but the requested state's verifiers and supervisors."""
    if user.state_code != application.requested_state or not user.has_role(*VERIFIER_ROLES):
        raise Forbidden(_("only the requested state's verifiers may do this"))


def lookup(
    *, session: Session, user: User, application: Application, number: str
) -> list[RegisterPersonPublic]:
    """Search the requested state's register by ID or passport number; audited."""
    require_verifier(user, application)
    found = registry.find_by_document(country=user.state_code, number=number)
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
    require_verifier(user, application)
    lifecycle.lock(session=session, application=application)
    if decision.decision == "confirm":
        person = registry.get_person(country=user.state_code, person_id=decision.person_id or "")
        if person is None:
            raise Invalid([FieldProblem(("person_id",), _("no such person in the register"))])
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
    latest = latest_recommendation(session=session, application=application)
    row = Decision(
        application_id=application.id,
        kind=decision.decision,
        register_person_id=decision.person_id,
        reason_code=reason_code,
        reason=decision.reason,
        model_version=latest.model_version if latest else None,
        decided_by_id=user.id,
    )
    session.add(row)
    session.flush()
    return row


def recommend(*, session: Session, user: User, application: Application) -> Recommendation:
    """Run the identity engine on the application's particulars against the requested
    state's register; the result is kept, with the model version, and audited."""
    require_verifier(user, application)
    store = registry.store_for(application.requested_state)
    if not store.exists():
        raise Conflict(_("no register is loaded for {state}", state=application.requested_state))
    try:
        engine = Engine.for_home(home=get_settings().home, country=application.requested_state)
    except StoreError as exc:
        raise Conflict(str(exc)) from None
    try:
        result = engine.verify(
            VerifyRequest.model_construct(
                application_id=application.reference,
                person=VerifyPerson.model_construct(
                    **dict(idchecks.for_engine(applications.person_of(application))),
                    biometrics=[],
                ),
            )
        )
    finally:
        engine.close()
    row = Recommendation(
        application_id=application.id,
        recommendation=result.recommendation,
        reason=result.reason,
        model_version=result.model_version,
        candidates=[c.model_dump() for c in result.candidates],
        requested_by_id=user.id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="identity.recommend",
        entity="recommendation",
        entity_id=row.id,
        application_id=application.id,
        detail={
            "recommendation": row.recommendation,
            "model_version": row.model_version,
            "candidates": [(c.person_id, c.score) for c in result.candidates],
        },
    )
    return row


def latest_recommendation(*, session: Session, application: Application) -> Recommendation | None:
    """The engine's most recent recommendation for the application, if any."""
    return session.scalars(
        select(Recommendation)
        .where(Recommendation.application_id == application.id)
        .order_by(Recommendation.id.desc())
        .limit(1)
    ).first()


def present_recommendation(*, row: Recommendation, country: str) -> RecommendationPublic:
    """A kept recommendation with each candidate's current register entry."""
    people = registry.get_persons(
        country=country, person_ids=[c["person_id"] for c in row.candidates]
    )
    return RecommendationPublic(
        id=row.id,
        recommendation=row.recommendation,  # type: ignore[arg-type]
        reason=row.reason,
        model_version=row.model_version,
        created_at=row.created_at,
        candidates=[
            CandidatePublic(**c, person=people.get(c["person_id"])) for c in row.candidates
        ],
    )


def decisions(*, session: Session, application: Application) -> list[Decision]:
    """Decisions on an application, oldest first."""
    return list(
        session.scalars(
            select(Decision).where(Decision.application_id == application.id).order_by(Decision.id)
        )
    )


def verifier_queue(*, session: Session, user: User) -> list[Application]:
    """Cases waiting for this requested state's verification, nearest deadline first."""
    waiting = (Status.submitted, Status.received, Status.under_verification)
    page = applications.queue(session=session, user=user, statuses=waiting)
    return [a for a, _ in page.items if a.requested_state == user.state_code]
