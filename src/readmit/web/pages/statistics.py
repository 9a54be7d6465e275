"""Indicators per corridor and month for analysts and supervisors, with a CSV download."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from readmit.auth.models import LoginSession
from readmit.errors import Forbidden, Invalid
from readmit.i18n import N_, _
from readmit.search.service import corridors
from readmit.statistics import service
from readmit.statistics.schemas import COUNTS, MEASURES, IndicatorsPublic
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin
from readmit.web.templating import SECURITY_HEADERS, render

router = APIRouter(prefix="/statistics")

HEADINGS = {
    "submitted": N_("Applications submitted"),
    "confirmed": N_("Identities confirmed"),
    "rejected": N_("Applications rejected"),
    "deemed_accepted": N_("Deemed acceptances"),
    "decided": N_("Decisions"),
    "pending": N_("Pending at month end"),
    "overdue": N_("Overdue at month end"),
    "arrived": N_("Removals completed"),
    "no_shows": N_("No-shows"),
    "decision_days_median": N_("Days to decision, median"),
    "decision_days_p90": N_("Days to decision, 90th percentile"),
    "document_days_median": N_("Days from confirmation to travel document, median"),
    "document_days_p90": N_("Days from confirmation to travel document, 90th percentile"),
    "departure_days_median": N_("Days from travel document to departure, median"),
    "departure_days_p90": N_("Days from travel document to departure, 90th percentile"),
    "decided_within_deadline": N_("Decided within the reply deadline"),
}
Corridor = Annotated[str | None, Query(max_length=7)]
MonthText = Annotated[str | None, Query(max_length=7)]


def analyst_login(login: CurrentLogin) -> LoginSession:
    """Only analysts and supervisors read the statistics."""
    if not service.may_view(login.user):
        raise Forbidden(_("Only analysts and supervisors may read the statistics."))
    return login


AnalystLogin = Annotated[LoginSession, Depends(analyst_login)]


def _report(
    db: DbSession, login: LoginSession, corridor: str | None, first: str | None, last: str | None
) -> IndicatorsPublic:
    start, end = service.parse_period(first=first or None, last=last or None)
    return service.indicators(
        session=db, user=login.user, corridor=corridor or None, first=start, last=end
    )


@router.get("")
def indicators_page(
    request: Request,
    db: DbSession,
    login: AnalystLogin,
    corridor: Corridor = None,
    first: Annotated[MonthText, Query(alias="from")] = None,
    last: Annotated[MonthText, Query(alias="to")] = None,
) -> Response:
    """The filters, then a table per corridor: a row per month and the period's total."""
    problem = None
    try:
        report = _report(db, login, corridor, first, last)
    except Invalid as exc:
        problem = "; ".join(p.msg for p in exc.problems)
        report = _report(db, login, corridor, None, None)
    pairs = corridors(session=db, state=login.user.state_code)
    return render(
        request,
        "statistics/indicators.html",
        {
            "report": report,
            "corridors": [f"{a}-{b}" for a, b in pairs],
            "chosen": corridor or "",
            "problem": problem,
            "counts": [(name, _(HEADINGS[name])) for name in COUNTS],
            "measures": [(name, _(HEADINGS[name])) for name in MEASURES],
            "query": request.url.query,
        },
        status_code=422 if problem else 200,
    )


@router.get("/indicators.csv")
def indicators_csv(
    db: DbSession,
    login: AnalystLogin,
    corridor: Corridor = None,
    first: Annotated[MonthText, Query(alias="from")] = None,
    last: Annotated[MonthText, Query(alias="to")] = None,
) -> Response:
    """The same indicators as CSV, withheld cells as on the page."""
    report = _report(db, login, corridor, first, last)
    headers = SECURITY_HEADERS | {"Content-Disposition": 'attachment; filename="indicators.csv"'}
    return Response(service.to_csv(report=report), media_type="text/csv", headers=headers)
