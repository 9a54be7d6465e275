"""JSON API of a case's plan and follow-ups, the provider's follow-up queue, its outcomes,
and both states' aggregates (included in views.router under /reintegration). A case another
provider holds is 404, as is an unknown one; a role that may not act is 403."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path

from readmit.reintegration import access, followups, outcomes, plan, service
from readmit.reintegration.followup_schemas import (
    AggregatesPublic,
    FollowUpPublic,
    Grouping,
    OutcomesPublic,
    PlanPublic,
    QueueItem,
    ServiceCreate,
    ServicePublic,
    ServiceUpdate,
    SurveyIn,
)
from readmit.reintegration.models import FollowUpStatus, ReintegrationCase
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter()
ONE = "/cases/{reference}"
Reference = Annotated[str, Path(min_length=1, max_length=40)]
Months = Annotated[int, Path(ge=1, le=120)]


def case_of(db: DbSession, user: ApiUser, reference: Reference) -> ReintegrationCase:
    """A case the caller may see, or 404 (403 for a role that sees none)."""
    return service.get(session=db, user=user, reference=reference)


Case = Annotated[ReintegrationCase, Depends(case_of)]


def _plan(db: DbSession, case: ReintegrationCase) -> PlanPublic:
    items = plan.services(session=db, case=case)
    return PlanPublic(
        case=case.reference,
        services=[ServicePublic.model_validate(s) for s in items],
        progress=plan.progress(items),
    )


@router.get(f"{ONE}/plan", response_model=PlanPublic)
def get_plan(case: Case, db: DbSession) -> PlanPublic:
    """The case's plan of services and its progress."""
    return _plan(db, case)


@router.post(f"{ONE}/plan", status_code=201, response_model=ServicePublic)
def add_service(payload: ServiceCreate, case: Case, db: DbSession, user: ApiUser) -> ServicePublic:
    """Add a service to the plan (the provider's reintegration officers)."""
    added = plan.add(session=db, user=user, case=case, payload=payload)
    return ServicePublic.model_validate(added)


@router.patch(f"{ONE}/plan/{{service_id}}", response_model=ServicePublic)
def update_service(
    payload: ServiceUpdate, service_id: RowId, case: Case, db: DbSession, user: ApiUser
) -> ServicePublic:
    """Change a service: status, progress, budget, dates (the provider's officers)."""
    changed = plan.update(session=db, user=user, case=case, service_id=service_id, payload=payload)
    return ServicePublic.model_validate(changed)


@router.get(f"{ONE}/follow-ups", response_model=list[FollowUpPublic])
def list_follow_ups(case: Case, db: DbSession, user: ApiUser) -> list[FollowUpPublic]:
    """The case's follow-ups; their answers and scores for the provider only (the
    requesting state sees when each fell due and whether it was done)."""
    shown = [FollowUpPublic.model_validate(f) for f in followups.of_case(session=db, case=case)]
    if access.is_provider_side(user, case):
        return shown
    return [f.model_copy(update={"answers": {}, "scores": {}}) for f in shown]


@router.post(f"{ONE}/follow-ups/{{months}}", response_model=FollowUpPublic)
def record_follow_up(
    payload: SurveyIn, months: Months, case: Case, db: DbSession, user: ApiUser
) -> FollowUpPublic:
    """Record the survey of the follow-up at `months` inside its window; scored at once."""
    done = followups.record(
        session=db, user=user, case=case, months=months, answers=dict(payload.answers)
    )
    return FollowUpPublic.model_validate(done)


@router.get("/follow-ups/queue", response_model=list[QueueItem])
def follow_up_queue(db: DbSession, user: ApiUser) -> list[QueueItem]:
    """The provider's follow-ups due now (window open) and missed, soonest first."""
    return [
        QueueItem(
            case=case.reference,
            region=case.region,
            months=f.months,
            due_on=f.due_on,
            window_ends=f.window_ends,
            status=FollowUpStatus(f.status),
        )
        for f, case in followups.queue(session=db, user=user)
    ]


@router.get("/outcomes", response_model=OutcomesPublic)
def provider_outcomes(db: DbSession, user: ApiUser, by: Grouping = "programme") -> OutcomesPublic:
    """The provider's own sustainability outcomes (reintegration officers)."""
    return outcomes.for_provider(session=db, user=user, by=by)


@router.get("/aggregates", response_model=AggregatesPublic)
def aggregates(
    db: DbSession,
    user: ApiUser,
    by: Grouping = "programme",
    side: Literal["requesting", "requested"] = "requesting",
) -> AggregatesPublic:
    """The state's outcomes per partner with disclosure control (analysts, supervisors)."""
    return outcomes.aggregates(session=db, user=user, by=by, side=side)
