"""My queue: the open cases the user's state may see, overdue first, then nearest deadline."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from readmit.applications import service as applications
from readmit.database.core import utcnow
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin, Done, status_message
from readmit.web.templating import render

router = APIRouter()


@router.get("/")
def my_queue(request: Request, db: DbSession, login: CurrentLogin, done: Done = None) -> Response:
    """The work queue, split into overdue and the rest."""
    user, now = login.user, utcnow()
    overdue: list[dict[str, Any]] = []
    running: list[dict[str, Any]] = []
    for application, deadline in applications.queue(session=db, user=user, now=now):
        row: dict[str, Any] = {
            "application": application,
            "deadline": deadline,
            "status_label": applications.status_label(application=application, user=user),
        }
        (overdue if deadline is not None and deadline.overdue(now) else running).append(row)
    return render(
        request,
        "queue.html",
        {
            "overdue": overdue,
            "running": running,
            "now": now,
            "status_message": status_message(done),
        },
    )
