"""JSON API for the requested state's verification."""

from fastapi import APIRouter

from readmit.errors import NotFound
from readmit.verification import service
from readmit.verification.schemas import (
    DecisionIn,
    DecisionPublic,
    LookupIn,
    LookupResult,
    RecommendationPublic,
)
from readmit.web.deps import ApiApplication, ApiUser, DbSession

router = APIRouter(prefix="/applications/{application_id}", tags=["verification"])


@router.post("/register-lookup", response_model=LookupResult)
def register_lookup(
    payload: LookupIn, application: ApiApplication, db: DbSession, user: ApiUser
) -> LookupResult:
    """Find register persons by national ID or passport number (in the body: never in a URL)."""
    found = service.lookup(session=db, user=user, application=application, number=payload.number)
    return LookupResult(query=payload.number, matches=found)


@router.post("/decision", response_model=DecisionPublic)
def decide(
    payload: DecisionIn, application: ApiApplication, db: DbSession, user: ApiUser
) -> DecisionPublic:
    """Confirm (with the register person id), reject (with a reason) or ask for more."""
    row = service.decide(session=db, user=user, application=application, decision=payload)
    return DecisionPublic.model_validate(row)


@router.post("/recommendation", response_model=RecommendationPublic)
def recommend(application: ApiApplication, db: DbSession, user: ApiUser) -> RecommendationPublic:
    """Run the identity engine against the requested state's register and keep the result."""
    row = service.recommend(session=db, user=user, application=application)
    return service.present_recommendation(row=row, country=application.requested_state)


@router.get("/recommendation", response_model=RecommendationPublic)
def latest_recommendation(
    application: ApiApplication, db: DbSession, user: ApiUser
) -> RecommendationPublic:
    """The most recent recommendation, with the candidates' register entries."""
    service.require_verifier(user, application)
    row = service.latest_recommendation(session=db, application=application)
    if row is None:
        raise NotFound("the engine has not been run on this application")
    return service.present_recommendation(row=row, country=application.requested_state)
