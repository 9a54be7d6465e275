"""JSON API for agreements: parties read them; one party's admin proposes new terms and the
other party's admin accepts or rejects them."""

from fastapi import APIRouter

from readmit.agreements import service
from readmit.agreements.schemas import (
    AgreementPublic,
    ProposalCreate,
    ProposalDecision,
    ProposalPublic,
)
from readmit.auth.views import Admin
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(prefix="/agreements", tags=["agreements"])


@router.get("", response_model=list[AgreementPublic])
def list_agreements(db: DbSession, user: ApiUser) -> list[AgreementPublic]:
    """Agreements the caller's state is party to, with the version of the terms in force."""
    return [service.to_public(a) for a in service.list_for_state(session=db, state=user.state_code)]


@router.get("/proposals", response_model=list[ProposalPublic])
def list_proposals(db: DbSession, user: Admin) -> list[ProposalPublic]:
    """Proposals on the agreements the admin's state is party to, newest first."""
    rows = service.list_proposals(session=db, state=user.state_code)
    return [service.proposal_public(session=db, proposal=p) for p in rows]


@router.post("/proposals", status_code=201, response_model=ProposalPublic)
def propose(payload: ProposalCreate, db: DbSession, user: Admin) -> ProposalPublic:
    """Propose new terms (or a new agreement); nothing changes until the other party accepts."""
    proposal = service.propose(session=db, user=user, payload=payload)
    return service.proposal_public(session=db, proposal=proposal)


@router.post("/proposals/{proposal_id}/accept", response_model=AgreementPublic)
def accept(proposal_id: RowId, db: DbSession, user: Admin) -> AgreementPublic:
    """The other party's admin accepts: the terms are in force as a new version."""
    proposal = service.get_proposal(session=db, user=user, proposal_id=proposal_id)
    return service.to_public(service.accept(session=db, user=user, proposal=proposal))


@router.post("/proposals/{proposal_id}/reject", response_model=ProposalPublic)
def reject(
    proposal_id: RowId, payload: ProposalDecision, db: DbSession, user: Admin
) -> ProposalPublic:
    """The other party's admin refuses the proposal."""
    proposal = service.get_proposal(session=db, user=user, proposal_id=proposal_id)
    service.reject(session=db, user=user, proposal=proposal, reason=payload.reason)
    return service.proposal_public(session=db, proposal=proposal)


@router.post("/proposals/{proposal_id}/withdraw", response_model=ProposalPublic)
def withdraw(proposal_id: RowId, db: DbSession, user: Admin) -> ProposalPublic:
    """The proposing state's admin takes the proposal back."""
    proposal = service.get_proposal(session=db, user=user, proposal_id=proposal_id)
    service.withdraw(session=db, user=user, proposal=proposal)
    return service.proposal_public(session=db, proposal=proposal)
