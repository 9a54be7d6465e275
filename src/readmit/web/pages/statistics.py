"""Indicators per corridor and month for analysts and supervisors: first the period's totals
of every corridor, then a corridor's charts with their data tables and its full tables;
downloads as CSV and Parquet, and a PDF report per quarter."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from readmit.auth.models import LoginSession
from readmit.database.core import utcnow
from readmit.errors import FieldProblem, Forbidden, Invalid
from readmit.i18n import N_, _
from readmit.search.service import corridors
from readmit.statistics import charts, exports, report, service
from readmit.statistics.months import label, parse_period
from readmit.statistics.schemas import COUNTS, MEASURES, CorridorIndicators, IndicatorsPublic
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
    "interviews_requested": N_("Interviews requested"),
    "interviews_granted": N_("Interviews granted"),
    "interviews_held": N_("Interviews put on hold"),
    "interviews_refused": N_("Interviews refused"),
    "charters_accepted": N_("Charters accepted"),
    "charters_refused": N_("Charters refused"),
    "releases": N_("Releases from custody"),
    "releases_not_foreseeable": N_("Releases: removal not reasonably foreseeable"),
    "reintegration_referrals": N_("Referred to reintegration"),
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


def heading(name: str) -> str:
    """An indicator's column heading; an indicator added without one reads as its words."""
    return _(HEADINGS[name]) if name in HEADINGS else name.replace("_", " ").capitalize()


def analyst_login(login: CurrentLogin) -> LoginSession:
    """Only analysts and supervisors read the statistics."""
    if not service.may_view(login.user):
        raise Forbidden(_("Only analysts and supervisors may read the statistics."))
    return login


AnalystLogin = Annotated[LoginSession, Depends(analyst_login)]


def _report(
    db: DbSession, login: LoginSession, corridor: str | None, first: str | None, last: str | None
) -> IndicatorsPublic:
    start, end = parse_period(first=first or None, last=last or None)
    return service.indicators(
        session=db, user=login.user, corridor=corridor or None, first=start, last=end
    )


def _download(content: bytes | str, media_type: str, filename: str) -> Response:
    headers = SECURITY_HEADERS | {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=headers)


def _filename(found: IndicatorsPublic, corridor: str | None, suffix: str) -> str:
    """indicators[-USA-CHN]-2026-01-2026-06.csv: what was downloaded, in its name."""
    chosen = f"-{corridor}" if corridor else ""
    return f"indicators{chosen}-{found.period_from}-{found.period_to}.{suffix}"


def _pair(item: CorridorIndicators) -> str:
    return f"{item.requesting_state}-{item.requested_state}"


def _summary(found: IndicatorsPublic) -> dict[str, object]:
    """A row per corridor: its period's totals (the counts that have one for this reader:
    not the month-end stocks, nor what is never counted for them) and its detail's address."""
    totals = [item.total for item in found.corridors]
    counts = [name for name in COUNTS if any(getattr(t, name) is not None for t in totals)]
    period = {"from": found.period_from, "to": found.period_to}
    return {
        "counts": [(name, heading(name)) for name in counts],
        "rows": [
            {"corridor": item, "query": urlencode({"corridor": _pair(item)} | period)}
            for item in found.corridors
        ],
    }


def _detail(item: CorridorIndicators) -> dict[str, object]:
    """A corridor's charts (each with its data table) and the counts of its full table."""
    return {
        "corridor": item,
        "pair": _pair(item),
        "charts": charts.corridor_charts(item, heading),
        "counts": [(name, heading(name)) for name in charts.given(item, COUNTS)],
    }


@router.get("")
def indicators_page(
    request: Request,
    db: DbSession,
    login: AnalystLogin,
    corridor: Corridor = None,
    first: Annotated[MonthText, Query(alias="from")] = None,
    last: Annotated[MonthText, Query(alias="to")] = None,
) -> Response:
    """The filters and downloads, then the period's totals per corridor, each linking to its
    detail: its charts (each with its data table) and full tables, a row per month and the
    period's total. A state of a single corridor sees its detail straight away."""
    problem = None
    try:
        found = _report(db, login, corridor, first, last)
    except Invalid as exc:
        problem = "; ".join(p.msg for p in exc.problems)
        found = _report(db, login, corridor, None, None)
    pairs = corridors(session=db, state=login.user.state_code)
    # The downloads carry the filters in force (the defaults, when the ones sent were wrong).
    filters = {"corridor": corridor} if corridor else {}
    period = {"from": found.period_from, "to": found.period_to}
    one = len(found.corridors) == 1
    return render(
        request,
        "statistics/indicators.html",
        {
            "report": found,
            "detail": _detail(found.corridors[0]) if one else None,
            "summary": None if one else _summary(found),
            "corridors": [f"{a}-{b}" for a, b in pairs],
            "chosen": corridor or "",
            "problem": problem,
            "measures": [(name, heading(name)) for name in MEASURES],
            "shares": charts.SHARES,
            "cell": charts.cell_text,
            "plotted": charts.plotted,
            "svg": charts.svg,
            "filters": urlencode(filters | period),
            "everything": urlencode(period),
            "quarters": report.quarters(found.period_from, found.period_to),
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
    found = _report(db, login, corridor, first, last)
    name = _filename(found, corridor, "csv")
    return _download(service.to_csv(report=found), "text/csv", name)


@router.get("/indicators.parquet")
def indicators_parquet(
    db: DbSession,
    login: AnalystLogin,
    corridor: Corridor = None,
    first: Annotated[MonthText, Query(alias="from")] = None,
    last: Annotated[MonthText, Query(alias="to")] = None,
) -> Response:
    """The CSV's rows and cells as Parquet: every cell a string, withheld ones as marks."""
    found = _report(db, login, corridor, first, last)
    name = _filename(found, corridor, "parquet")
    return _download(exports.to_parquet(report=found), exports.MEDIA_TYPE, name)


@router.get("/report.pdf")
def quarter_pdf(
    db: DbSession,
    login: AnalystLogin,
    corridor: Corridor = None,
    quarter: Annotated[str | None, Query(max_length=12)] = None,
) -> Response:
    """The printable report of one of the user's corridors (USA-CHN) and a quarter
    (2026-Q3), in the reader's language; audited as the page is."""
    if not corridor:
        problem = _("choose one of your state's corridors, e.g. USA-CHN")
        raise Invalid([FieldProblem(("query", "corridor"), problem)])
    now = utcnow()
    first, last = report.parse_quarter(quarter, now=now)
    found = service.indicators(
        session=db, user=login.user, corridor=corridor, first=first, last=last, now=now
    )
    named = report.quarter_of(label(first))
    pdf = report.render(
        corridor=found.corridors[0],
        quarter=named,
        state=login.user.state_code,
        generated_at=now,
        heading=heading,
    )
    return _download(pdf, "application/pdf", f"statistics-{corridor}-{named}.pdf")
