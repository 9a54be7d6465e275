"""JSON API for finding cases: the list of applications with filters, the same search with
a document number (in a body, never in an address), the requesting state's open protection
holds, and a supervisor's team workload."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.views import summary
from readmit.auth.models import User
from readmit.search import service
from readmit.search.schemas import (
    ApplicationsPage,
    CaseQuery,
    HoldPublic,
    HoldsPublic,
    ListQuery,
    OfficerLoadPublic,
    SearchQuery,
)
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(tags=["search"])


def page_of(
    *, session: Session, user: User, query: CaseQuery, limit: int, offset: int
) -> ApplicationsPage:
    """One page of a search as the API answers it, with the offsets of its neighbours."""
    found = service.search(session=session, user=user, query=query, limit=limit, offset=offset)
    return ApplicationsPage(
        data=[
            summary(session=session, user=user, application=f.application, nearest=f.deadline)
            for f in found.items
        ],
        count=found.total,
        limit=limit,
        offset=offset,
        next_offset=offset + limit if offset + limit < found.total else None,
        previous_offset=max(0, offset - limit) if offset > 0 else None,
    )


@router.get("/applications", response_model=ApplicationsPage)
def list_applications(
    params: Annotated[ListQuery, Query()], db: DbSession, user: ApiUser
) -> ApplicationsPage:
    """Cases the caller's state may see, closed ones included: filtered, sorted and a page
    at a time (`count` is every case found)."""
    query = CaseQuery.model_validate(params.model_dump(exclude={"limit", "offset"}))
    return page_of(session=db, user=user, query=query, limit=params.limit, offset=params.offset)


@router.post("/applications/search", response_model=ApplicationsPage)
def search_applications(payload: SearchQuery, db: DbSession, user: ApiUser) -> ApplicationsPage:
    """The filters of `GET /applications` and a document number, in the body."""
    query = CaseQuery.model_validate(payload.model_dump(exclude={"limit", "offset"}))
    return page_of(session=db, user=user, query=query, limit=payload.limit, offset=payload.offset)


@router.get("/protection/holds", response_model=HoldsPublic)
def open_holds(
    db: DbSession,
    user: ApiUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> HoldsPublic:
    """Open protection holds on the caller's state's cases, longest held first."""
    holds, total = service.open_holds(session=db, user=user, limit=limit, offset=offset)
    return HoldsPublic(
        data=[
            HoldPublic(
                flag_id=h.flag.id,
                application_id=h.application.id,
                reference=h.application.reference,
                name=h.application.display_name,
                status_label=applications.status_label(application=h.application, user=user),
                kind=h.flag.kind,
                opened_at=h.flag.opened_at,
                opened_by=h.opened_by,
            )
            for h in holds
        ],
        count=total,
    )


@router.get("/workload", response_model=list[OfficerLoadPublic])
def team_workload(db: DbSession, user: ApiUser) -> list[OfficerLoadPublic]:
    """Open cases per officer of the supervisor's authority, and how many are overdue."""
    return [
        OfficerLoadPublic(
            user_id=load.officer.id,
            full_name=load.officer.full_name,
            roles=list(load.officer.roles),
            active=load.officer.is_active,
            opened=load.opened,
            worked=load.worked,
            overdue=load.overdue,
        )
        for load in service.workload(session=db, user=user)
    ]
