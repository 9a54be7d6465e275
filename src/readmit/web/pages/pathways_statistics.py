"""The legal pathways' statistics for analysts and supervisors of the state that runs the
programmes: admissions and pending cases per programme, nationality and month, withheld
cells as the API gives them; the same cells as CSV."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from readmit.auth.models import LoginSession
from readmit.errors import Forbidden, Invalid
from readmit.i18n import _
from readmit.pathways import statistics
from readmit.pathways.statistics import PathwayStatisticsPublic
from readmit.statistics.months import parse_period
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin
from readmit.web.pages.pathways import KIND_LABELS
from readmit.web.templating import SECURITY_HEADERS, render

router = APIRouter(prefix="/pathways")

MonthText = Annotated[str | None, Query(max_length=7)]
Code = Annotated[str | None, Query(max_length=60)]


def analyst_login(login: CurrentLogin) -> LoginSession:
    """Only analysts and supervisors read the statistics."""
    if not statistics.may_view(login.user):
        raise Forbidden(_("Only analysts and supervisors may read the statistics."))
    return login


AnalystLogin = Annotated[LoginSession, Depends(analyst_login)]


def _table(
    db: DbSession, login: LoginSession, programme: str | None, first: str | None, last: str | None
) -> PathwayStatisticsPublic:
    start, end = parse_period(first=first or None, last=last or None)
    return statistics.table(
        session=db, user=login.user, programme=programme or None, first=start, last=end
    )


@router.get("/statistics")
def statistics_page(
    request: Request,
    db: DbSession,
    login: AnalystLogin,
    programme: Code = None,
    first: Annotated[MonthText, Query(alias="from")] = None,
    last: Annotated[MonthText, Query(alias="to")] = None,
) -> Response:
    """Per programme, a table of admissions and one of cases pending at each month's end, a
    row per nationality, then the state's totals over its programmes."""
    problem = None
    try:
        found = _table(db, login, programme, first, last)
    except Invalid as exc:
        problem = "; ".join(p.msg for p in exc.problems)
        found = _table(db, login, programme, None, None)
    every = statistics.table(session=db, user=login.user) if programme else found
    query = {"from": found.period_from, "to": found.period_to}
    if programme:
        query["programme"] = programme
    return render(
        request,
        "pathways/statistics.html",
        {
            "report": found,
            "months": [m.month for m in found.total.rows[0].months[:-1]],
            "choices": [(p.programme, p.title) for p in every.programmes],
            "chosen": programme or "",
            "kinds": {kind.value: _(text) for kind, text in KIND_LABELS.items()},
            "query": query,
            "problem": problem,
        },
        status_code=422 if problem else 200,
    )


@router.get("/statistics.csv")
def statistics_csv(
    db: DbSession,
    login: AnalystLogin,
    programme: Code = None,
    first: Annotated[MonthText, Query(alias="from")] = None,
    last: Annotated[MonthText, Query(alias="to")] = None,
) -> Response:
    """The same cells as CSV."""
    found = _table(db, login, programme, first, last)
    chosen = f"-{programme}" if programme else ""
    name = f"pathways{chosen}-{found.period_from}-{found.period_to}.csv"
    headers = SECURITY_HEADERS | {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(statistics.to_csv(report=found), media_type="text/csv", headers=headers)
