"""JSON API for the scorecards: the requesting state's analysts and supervisors rate their
partners; the answer is the committee export (aggregates only)."""

from typing import Annotated

from fastapi import APIRouter, Query

from readmit.database.core import utcnow
from readmit.scorecards import periods, service
from readmit.scorecards.schemas import ScorecardPublic
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/scorecards", tags=["scorecards"])

MONTH = r"^\d{4}-\d{2}$"


@router.get("", response_model=ScorecardPublic)
def scorecard(
    db: DbSession,
    user: ApiUser,
    corridor: Annotated[str | None, Query(pattern=r"^[A-Z]{3}-[A-Z]{3}$")] = None,
    quarter: Annotated[str | None, Query(pattern=r"^\d{4}-Q[1-4]$")] = None,
    first: Annotated[str | None, Query(alias="from", pattern=MONTH)] = None,
    last: Annotated[str | None, Query(alias="to", pattern=MONTH)] = None,
) -> ScorecardPublic:
    """A partner's rating for a quarter ("2026-Q1") or months from and to (default: the
    first partner, the last complete quarter), each factor with its value, thresholds,
    weight, score, trend and the count of cases behind it ("<5" under 5)."""
    now = utcnow()
    period = periods.choose(quarter=quarter, first=first, last=last, now=now)
    return service.scorecard(session=db, user=user, corridor=corridor, period=period, now=now)
