"""The audit trail for auditors: their own authority's events, a CSV export and a chain check."""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from readmit.audit import service as audit
from readmit.auth.models import LoginSession, Role
from readmit.errors import Forbidden
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin
from readmit.web.templating import SECURITY_HEADERS, render

router = APIRouter(prefix="/audit")

PAGE_SIZE = 50
EXPORT_LIMIT = 10**6


def auditor_login(login: CurrentLogin) -> LoginSession:
    """Only auditors read the audit trail."""
    if not login.user.has_role(Role.auditor):
        raise Forbidden("Only auditors may read the audit trail.")
    return login


AuditorLogin = Annotated[LoginSession, Depends(auditor_login)]


@router.get("")
def audit_page(
    request: Request,
    db: DbSession,
    login: AuditorLogin,
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
    check: Annotated[bool, Query()] = False,
) -> Response:
    """Events written by the auditor's authority, newest first; optionally the chain check."""
    user = login.user
    rows = audit.list_events(
        session=db,
        authority_id=user.authority_id,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    events, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    report = audit.verify_chain(session=db) if check else None
    audit.record(
        session=db,
        actor=user,
        action="audit.read",
        entity="audit",
        detail={"page": page, "count": len(events), "chain_checked": check},
    )
    return render(
        request,
        "audit/events.html",
        {
            "events": [
                (e, json.dumps(e.detail, ensure_ascii=False, sort_keys=True)) for e in events
            ],
            "page": page,
            "more": more,
            "report": report,
        },
    )


@router.get("/export.csv")
def export_csv(db: DbSession, login: AuditorLogin) -> Response:
    """The authority's whole trail as CSV."""
    body = audit.export_csv(session=db, user=login.user, limit=EXPORT_LIMIT)
    headers = SECURITY_HEADERS | {"Content-Disposition": 'attachment; filename="audit.csv"'}
    return Response(body, media_type="text/csv", headers=headers)
