"""Home: the work queue (the open cases the user's state may see, overdue first, then nearest
deadline), or for an analyst who works no cases an overview of their corridors."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from readmit.agreements.deadlines import Deadline
from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.custody import service as custody
from readmit.database.core import utcnow
from readmit.search import service as search
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin, Done, status_message
from readmit.web.templating import Viewer, render

router = APIRouter()


@dataclass(frozen=True, slots=True)
class Row:
    """One queue row. An object, not a dict: Jinja reads attributes first, and a dict makes
    every cell of a long queue fail that lookup before finding the key."""

    application: Application
    deadline: Deadline | None
    status_label: str


PAGE_ROWS = 50

PageNumber = Annotated[int, Query(ge=1, le=10**6)]


@router.get("/")
def my_queue(
    request: Request, db: DbSession, login: CurrentLogin, done: Done = None, page: PageNumber = 1
) -> Response:
    """The work queue, a page at a time, split into overdue and the rest; an analyst's
    overview."""
    user, now = login.user, utcnow()
    if Viewer.of(login).lands_on_overview:
        counts = search.corridor_counts(session=db, user=user)
        return render(request, "applications/overview.html", {"corridors": counts})
    found = applications.queue(
        session=db, user=user, now=now, limit=PAGE_ROWS, offset=(page - 1) * PAGE_ROWS
    )
    overdue: list[Row] = []
    running: list[Row] = []
    for application, deadline in found.items:
        label = applications.status_label(application=application, user=user)
        row = Row(application, deadline, label)
        (overdue if deadline is not None and deadline.overdue(now) else running).append(row)
    first = (page - 1) * PAGE_ROWS + 1
    return render(
        request,
        "queue.html",
        {
            "overdue": overdue,
            "running": running,
            "now": now,
            "status_message": status_message(done),
            "page": page,
            "shown": (first, first + len(found.items) - 1),
            "total": found.total,
            "last_page": max(1, -(-found.total // PAGE_ROWS)),
            "may_see_holds": search.may_see_holds(session=db, user=user),
            "custody_reviews": custody.reviews_due(session=db, user=user, today=now.date()),
        },
    )
