"""A supervisor's view of their team: open cases per officer, and how many are overdue."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from readmit.labels import label
from readmit.search import service as search
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin
from readmit.web.templating import render

router = APIRouter()


@router.get("/team")
def team_workload(request: Request, db: DbSession, login: CurrentLogin) -> Response:
    """Every officer of the supervisor's authority with their open and overdue cases."""
    loads = search.workload(session=db, user=login.user)
    return render(
        request,
        "team/workload.html",
        {
            "loads": [
                (load, ", ".join(label(role, "role") for role in load.officer.roles))
                for load in loads
            ]
        },
    )
