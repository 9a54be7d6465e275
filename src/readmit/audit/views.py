"""JSON API for auditors: their own authority's events, export and chain check."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from readmit.audit import service
from readmit.audit.schemas import AuditEventPublic, ChainReportPublic
from readmit.auth.models import Role, User
from readmit.errors import Forbidden
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/audit", tags=["audit"])


def auditor(user: ApiUser) -> User:
    """Only auditors read the audit trail."""
    if not user.has_role(Role.auditor):
        raise Forbidden("only auditors may read the audit trail")
    return user


Auditor = Annotated[User, Depends(auditor)]


@router.get("/events", response_model=list[AuditEventPublic])
def list_events(
    db: DbSession,
    user: Auditor,
    application_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> list[AuditEventPublic]:
    """Events by the auditor's own authority, newest first."""
    rows = service.list_events(
        session=db,
        authority_id=user.authority_id,
        application_id=application_id,
        limit=limit,
        offset=offset,
    )
    service.record(
        session=db, actor=user, action="audit.read", entity="audit", detail={"count": len(rows)}
    )
    return [AuditEventPublic.model_validate(r) for r in rows]


@router.get("/export.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_events(db: DbSession, user: Auditor) -> Response:
    """The authority's whole trail as CSV."""
    return Response(
        service.export_csv(session=db, user=user),
        media_type="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit.csv"},
    )


@router.get("/verify", response_model=ChainReportPublic)
def verify(db: DbSession, user: Auditor) -> ChainReportPublic:
    """Recompute the hash chain."""
    report = service.verify_chain(session=db)
    return ChainReportPublic(
        ok=report.ok,
        checked=report.checked,
        first_bad_seq=report.first_bad_seq,
        problem=report.problem,
    )
