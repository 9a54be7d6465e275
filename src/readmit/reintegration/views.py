"""JSON API of reintegration: providers, consent, assessment, referrals and cases. A case is
seen by its provider's reintegration officers (only what the returnee consented to) and by
the requesting state's officers of the application; anyone else gets 404."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from readmit.applications.models import Application
from readmit.reintegration import (
    access,
    assessment,
    consent,
    followup_views,
    providers,
    referral,
    service,
)
from readmit.reintegration.lifecycle import Step
from readmit.reintegration.models import CaseStatus, ConsentField, ReintegrationCase
from readmit.reintegration.schemas import (
    AssessmentIn,
    AssessmentPublic,
    CasePublic,
    CasesPublic,
    ConsentIn,
    ConsentsPublic,
    ProviderIn,
    ProviderPublic,
    ReferralIn,
    StepIn,
    WithdrawalIn,
)
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(prefix="/reintegration", tags=["reintegration"])
Reference = Annotated[str, Path(min_length=1, max_length=40)]
ONE = "/cases/{reference}"
OF_APPLICATION = "/applications/{application_id}"
Limit = Annotated[int, Query(ge=1, le=service.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]
State = Annotated[str | None, Query(min_length=3, max_length=3, pattern="^[A-Z]{3}$")]


def current_case(db: DbSession, user: ApiUser, reference: Reference) -> ReintegrationCase:
    """A case the caller may see, or 404 (403 for a role that sees none)."""
    return service.get(session=db, user=user, reference=reference)


CurrentCase = Annotated[ReintegrationCase, Depends(current_case)]


def requesting_application(db: DbSession, user: ApiUser, application_id: RowId) -> Application:
    """An application of the caller's own (requesting) state: 403 for a role that does not
    record consent, assessment or referral, 404 for anyone else's."""
    return access.requesting_application(session=db, user=user, application_id=application_id)


OwnApplication = Annotated[Application, Depends(requesting_application)]


def _shown(db: DbSession, user: ApiUser, case: ReintegrationCase) -> CasePublic:
    return service.public(session=db, user=user, case=case)


# --- providers ---------------------------------------------------------------------------


@router.get("/providers", response_model=list[ProviderPublic])
def list_providers(db: DbSession, user: ApiUser, state: State = None) -> list[ProviderPublic]:
    """The reintegration providers (of one state, when given), to refer to."""
    return [providers.public(p, a) for p, a in providers.of_state(session=db, state=state)]


@router.post("/providers", status_code=201, response_model=ProviderPublic)
def add_provider(payload: ProviderIn, db: DbSession, user: ApiUser) -> ProviderPublic:
    """Register an authority of the administrator's state as a provider (administrators)."""
    providers.require_admin(user)
    provider = providers.add(session=db, payload=payload, user=user)
    found = providers.of_state(session=db, state=user.state_code)
    return next(providers.public(p, a) for p, a in found if p is provider)


# --- consent, assessment and referral before departure (the requesting state) ------------


@router.get(f"{OF_APPLICATION}/consents", response_model=ConsentsPublic)
def get_consents(application: OwnApplication, db: DbSession) -> ConsentsPublic:
    """The returnee's decisions in force and their history, with who recorded each."""
    return consent.history(session=db, application_id=application.id)


@router.post(f"{OF_APPLICATION}/consents", status_code=201, response_model=ConsentsPublic)
def record_consents(
    payload: ConsentIn, application: OwnApplication, db: DbSession, user: ApiUser
) -> ConsentsPublic:
    """Record the returnee's decisions, field by field, in their language (before
    departure; a refusal at any time)."""
    consent.record(session=db, user=user, application=application, payload=payload)
    return consent.history(session=db, application_id=application.id)


@router.post(f"{OF_APPLICATION}/consents/{{field}}/withdraw", response_model=ConsentsPublic)
def withdraw_consent(
    field: ConsentField,
    payload: WithdrawalIn,
    application: OwnApplication,
    db: DbSession,
    user: ApiUser,
) -> ConsentsPublic:
    """Withdraw consent to one field: the provider no longer sees it from its next read."""
    consent.withdraw(
        session=db, user=user, application=application, field=field, language=payload.language
    )
    return consent.history(session=db, application_id=application.id)


@router.get(f"{OF_APPLICATION}/assessment", response_model=AssessmentPublic)
def get_assessment(application: OwnApplication, db: DbSession) -> AssessmentPublic:
    """The whole pre-departure assessment (404 before one is recorded)."""
    return assessment.public(assessment.get(session=db, application=application))


@router.put(f"{OF_APPLICATION}/assessment", response_model=AssessmentPublic)
def put_assessment(
    payload: AssessmentIn, application: OwnApplication, db: DbSession, user: ApiUser
) -> AssessmentPublic:
    """Record or replace the pre-departure assessment (nothing about protection claims)."""
    found = assessment.put(session=db, user=user, application=application, payload=payload)
    return assessment.public(found)


@router.post(f"{OF_APPLICATION}/referral", status_code=201, response_model=CasePublic)
def refer(
    payload: ReferralIn, application: OwnApplication, db: DbSession, user: ApiUser
) -> CasePublic:
    """Refer the returnee to a provider of the requested state before departure."""
    case = referral.refer(session=db, user=user, application=application, payload=payload)
    return _shown(db, user, case)


# --- cases -------------------------------------------------------------------------------


@router.get("/cases", response_model=CasesPublic)
def list_cases(
    db: DbSession,
    user: ApiUser,
    status: CaseStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasesPublic:
    """The cases the caller may see, newest first."""
    rows, total = service.search(session=db, user=user, status=status, limit=limit, offset=offset)
    return CasesPublic(items=[_shown(db, user, case) for case in rows], total=total)


@router.get(ONE, response_model=CasePublic)
def get_case(case: CurrentCase, db: DbSession, user: ApiUser) -> CasePublic:
    """The case, with the assessment as the returnee consents to it now; audited."""
    service.record_read(session=db, user=user, case=case)
    return _shown(db, user, case)


@router.post(f"{ONE}/accept", response_model=CasePublic)
def accept(payload: StepIn, case: CurrentCase, db: DbSession, user: ApiUser) -> CasePublic:
    """The provider takes the case on (referred → active)."""
    moved = service.step(session=db, user=user, case=case, step=Step.accept, note=payload.note)
    return _shown(db, user, moved)


@router.post(f"{ONE}/close", response_model=CasePublic)
def close(payload: StepIn, case: CurrentCase, db: DbSession, user: ApiUser) -> CasePublic:
    """The provider closes an active case."""
    moved = service.step(session=db, user=user, case=case, step=Step.close, note=payload.note)
    return _shown(db, user, moved)


@router.post(f"{ONE}/withdraw", response_model=CasePublic)
def withdraw(payload: StepIn, case: CurrentCase, db: DbSession, user: ApiUser) -> CasePublic:
    """The requesting state withdraws the referral."""
    moved = service.step(session=db, user=user, case=case, step=Step.withdraw, note=payload.note)
    return _shown(db, user, moved)


# The plan, follow-ups, queue, outcomes and aggregates.
router.include_router(followup_views.router)
