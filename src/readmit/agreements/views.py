"""JSON API for agreements: parties read, admins edit."""

from fastapi import APIRouter

from readmit.agreements import service
from readmit.agreements.schemas import AgreementCreate, AgreementPublic
from readmit.auth.views import Admin
from readmit.errors import Forbidden
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/agreements", tags=["agreements"])


@router.get("", response_model=list[AgreementPublic])
def list_agreements(db: DbSession, user: ApiUser) -> list[AgreementPublic]:
    """Agreements the caller's state is party to."""
    return [service.to_public(a) for a in service.list_for_state(session=db, state=user.state_code)]


@router.put("", response_model=AgreementPublic)
def put_agreement(payload: AgreementCreate, db: DbSession, user: Admin) -> AgreementPublic:
    """Create or replace an agreement to which the admin's state is party."""
    if user.state_code not in (payload.requesting_state, payload.requested_state):
        raise Forbidden("admins edit only agreements their state is party to")
    return service.to_public(service.upsert(session=db, payload=payload, actor=user))
