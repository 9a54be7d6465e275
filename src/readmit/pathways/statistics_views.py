"""JSON (or CSV) API for the legal pathways' statistics: analysts and supervisors, their own
state's programmes."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from readmit.pathways import statistics
from readmit.pathways.statistics import PathwayStatisticsPublic
from readmit.statistics.months import parse_period
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/pathways", tags=["pathways"])

MONTH = r"^\d{4}-\d{2}$"


@router.get("/statistics", response_model=PathwayStatisticsPublic)
def pathway_statistics(
    db: DbSession,
    user: ApiUser,
    programme: Annotated[str | None, Query(max_length=60)] = None,
    first: Annotated[str | None, Query(alias="from", pattern=MONTH)] = None,
    last: Annotated[str | None, Query(alias="to", pattern=MONTH)] = None,
    output: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> PathwayStatisticsPublic | Response:
    """Admissions and pending cases per programme, nationality and month ("YYYY-MM"; default
    the last twelve months): counts under 5 as "<5", cells that would give them away as "x";
    `format=csv` for the same cells as CSV."""
    start, end = parse_period(first=first, last=last)
    found = statistics.table(session=db, user=user, programme=programme, first=start, last=end)
    if output == "csv":
        name = f"pathways-{found.state}-{found.period_from}-{found.period_to}.csv"
        return Response(
            statistics.to_csv(report=found),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return found
