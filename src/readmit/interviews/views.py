"""JSON API for consular interviews on a case."""

from fastapi import APIRouter

from readmit.interviews import service
from readmit.interviews.schemas import InterviewCreate, InterviewDecisionIn, InterviewPublic
from readmit.web.deps import ApiApplication, ApiUser, DbSession, RowId

router = APIRouter(prefix="/applications/{application_id}/interviews", tags=["interviews"])


@router.get("", response_model=list[InterviewPublic])
def list_interviews(application: ApiApplication, db: DbSession) -> list[InterviewPublic]:
    """The case's interviews with every decision, as both states see them."""
    return [
        service.to_public(session=db, interview=i)
        for i in service.list_for(session=db, application=application)
    ]


@router.post("", status_code=201, response_model=InterviewPublic)
def request_interview(
    payload: InterviewCreate, application: ApiApplication, db: DbSession, user: ApiUser
) -> InterviewPublic:
    """Ask the requested state for a consular interview (a proposed date and place)."""
    interview = service.request(session=db, user=user, application=application, payload=payload)
    return service.to_public(session=db, interview=interview)


@router.post("/{interview_id}/decision", response_model=InterviewPublic)
def decide_interview(
    interview_id: RowId,
    payload: InterviewDecisionIn,
    application: ApiApplication,
    db: DbSession,
    user: ApiUser,
) -> InterviewPublic:
    """Grant (with the date and place), hold or refuse (with a reason) the interview."""
    interview = service.get(session=db, application=application, interview_id=interview_id)
    interview = service.decide(
        session=db, user=user, application=application, interview=interview, payload=payload
    )
    return service.to_public(session=db, interview=interview)
