"""Load and edit agreements."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.agreements.models import Agreement
from readmit.agreements.schemas import AgreementCreate, AgreementPublic
from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.tenancy.models import State


def upsert(*, session: Session, payload: AgreementCreate, actor: User | None) -> Agreement:
    """Create or replace the agreement for a pair of states (one direction)."""
    for code in (payload.requesting_state, payload.requested_state):
        if session.get(State, code) is None:
            session.add(State(code=code, name=code))
    agreement = session.scalars(
        select(Agreement).where(
            Agreement.requesting_state == payload.requesting_state,
            Agreement.requested_state == payload.requested_state,
        )
    ).first()
    if agreement is None:
        agreement = Agreement(
            requesting_state=payload.requesting_state, requested_state=payload.requested_state
        )
        session.add(agreement)
    agreement.title = payload.title
    agreement.reference = payload.reference
    agreement.in_force_from = payload.in_force_from
    agreement.terms_json = payload.terms.model_dump(mode="json")
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="agreement.upsert",
        entity="agreement",
        entity_id=agreement.id,
        detail={"title": payload.title, "terms": agreement.terms_json},
    )
    return agreement


def to_public(agreement: Agreement) -> AgreementPublic:
    """An agreement with its terms validated."""
    return AgreementPublic(
        id=agreement.id,
        requesting_state=agreement.requesting_state,
        requested_state=agreement.requested_state,
        title=agreement.title,
        reference=agreement.reference,
        in_force_from=agreement.in_force_from,
        terms=agreement.terms,
    )


def list_for_state(*, session: Session, state: str) -> list[Agreement]:
    """Agreements the state is party to."""
    return list(
        session.scalars(
            select(Agreement)
            .where((Agreement.requesting_state == state) | (Agreement.requested_state == state))
            .order_by(Agreement.id)
        )
    )
