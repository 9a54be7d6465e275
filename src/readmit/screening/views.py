"""JSON API for screening: case officers, analysts and supervisors screen a person or company;
analysts and supervisors review the hits; auditors read. A state's screenings are its own."""

from typing import Annotated

from fastapi import APIRouter, Query

from readmit.screening import service
from readmit.screening.models import Verdict
from readmit.screening.schemas import (
    HitDetail,
    JudgementIn,
    ReviewQueue,
    ScreeningPublic,
    ScreeningQuery,
    ScreeningSummary,
)
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(tags=["screening"])

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10**9)]


@router.post("/screenings", status_code=201, response_model=ScreeningPublic)
def create_screening(payload: ScreeningQuery, db: DbSession, user: ApiUser) -> ScreeningPublic:
    """Screen a person or company against the state's designations: every hit with its score,
    per-feature explanation, path (for a hit through a link) and status."""
    return service.screen(session=db, user=user, query=payload, source="api")


@router.get("/screenings", response_model=list[ScreeningSummary])
def list_screenings(
    db: DbSession, user: ApiUser, limit: Limit = 50, offset: Offset = 0
) -> list[ScreeningSummary]:
    """The state's screenings, newest first."""
    return service.list_screenings(session=db, user=user, limit=limit, offset=offset)


@router.get("/screenings/{screening_id}", response_model=ScreeningPublic)
def get_screening(screening_id: RowId, db: DbSession, user: ApiUser) -> ScreeningPublic:
    """One of the state's screenings, its hits as they stand now (a judgement since settles
    them); another state's is 404."""
    return service.read(session=db, user=user, screening_id=screening_id)


@router.get("/screening/review", response_model=ReviewQueue)
def review_queue(
    db: DbSession, user: ApiUser, limit: Limit = 50, offset: Offset = 0
) -> ReviewQueue:
    """The open hits, oldest screening first, with their queries."""
    return service.queue(session=db, user=user, limit=limit, offset=offset)


@router.get("/screening/hits/{hit_id}", response_model=HitDetail)
def get_hit(hit_id: RowId, db: DbSession, user: ApiUser) -> HitDetail:
    """A hit, its screening's query and every judgement on its pair."""
    return service.read_hit(session=db, user=user, hit_id=hit_id)


@router.post("/screening/hits/{hit_id}/judgement", response_model=HitDetail)
def judge_hit(hit_id: RowId, payload: JudgementIn, db: DbSession, user: ApiUser) -> HitDetail:
    """Judge an open hit "same" or "not_same"; remembered for later screenings of the same
    subject, and settles the pair's other open hits; 409 once settled (revise instead)."""
    return service.judge(
        session=db, user=user, hit_id=hit_id, verdict=Verdict(payload.verdict), note=payload.note
    )


@router.post("/screening/hits/{hit_id}/revise", response_model=HitDetail)
def revise_hit(hit_id: RowId, payload: JudgementIn, db: DbSession, user: ApiUser) -> HitDetail:
    """Revise the judgement on a hit's pair: the current one is retired and kept in the
    history; 409 when it was never judged or already says this."""
    return service.revise(
        session=db, user=user, hit_id=hit_id, verdict=Verdict(payload.verdict), note=payload.note
    )
