"""JSON API for the indicators: analysts and supervisors, their own state's corridors."""

from typing import Annotated

from fastapi import APIRouter, Query

from readmit.statistics import service
from readmit.statistics.months import parse_period
from readmit.statistics.schemas import IndicatorsPublic
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/statistics", tags=["statistics"])

Corridor = Annotated[str | None, Query(pattern=r"^[A-Z]{3}-[A-Z]{3}$")]
MONTH = r"^\d{4}-\d{2}$"


@router.get("/indicators", response_model=IndicatorsPublic)
def indicators(
    db: DbSession,
    user: ApiUser,
    corridor: Corridor = None,
    first: Annotated[str | None, Query(alias="from", pattern=MONTH)] = None,
    last: Annotated[str | None, Query(alias="to", pattern=MONTH)] = None,
) -> IndicatorsPublic:
    """Indicators per corridor and month ("YYYY-MM"; default the last twelve months):
    counts under 5 as "<5", cells that would give them away as "x"."""
    start, end = parse_period(first=first, last=last)
    return service.indicators(session=db, user=user, corridor=corridor, first=start, last=end)
