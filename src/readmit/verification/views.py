"""JSON API for the requested state's verification."""

from typing import Annotated

from fastapi import APIRouter, Query

from readmit.registry.service import to_public
from readmit.verification import service
from readmit.verification.schemas import DecisionIn, DecisionPublic, LookupResult
from readmit.web.deps import ApiApplication, ApiUser, DbSession

router = APIRouter(prefix="/applications/{application_id}", tags=["verification"])


@router.get("/register-lookup", response_model=LookupResult)
def register_lookup(
    application: ApiApplication,
    db: DbSession,
    user: ApiUser,
    number: Annotated[str, Query(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9 <./-]+$")],
) -> LookupResult:
    """Find register persons by national ID or passport number."""
    found = service.lookup(session=db, user=user, application=application, number=number)
    return LookupResult(query=number, matches=[to_public(p) for p in found])


@router.post("/decision", response_model=DecisionPublic)
def decide(
    payload: DecisionIn, application: ApiApplication, db: DbSession, user: ApiUser
) -> DecisionPublic:
    """Confirm (with the register person id), reject (with a reason) or ask for more."""
    row = service.decide(session=db, user=user, application=application, decision=payload)
    return DecisionPublic.model_validate(row)
