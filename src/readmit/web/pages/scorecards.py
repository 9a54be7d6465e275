"""Cooperation scorecards for the requesting state's analysts and supervisors: a partner's
rating for a period with each factor explained, the cases behind each factor, and the
explanation as files for a joint readmission committee (CSV, JSON, a printable page)."""

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from readmit.auth.models import LoginSession
from readmit.database.core import utcnow
from readmit.errors import Forbidden, Invalid
from readmit.i18n import N_, _
from readmit.i18n.formats import state_name
from readmit.labels import label, route
from readmit.scorecards import cases, exports, periods, service
from readmit.scorecards.cases import PAGE_SIZE
from readmit.scorecards.periods import Period
from readmit.scorecards.schemas import FactorPublic, ScorecardPublic
from readmit.scorecards.values import unit
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin
from readmit.web.templating import SECURITY_HEADERS, render

router = APIRouter(prefix="/scorecards")

Text = Annotated[str | None, Query(max_length=10)]
Indicator = Annotated[str, Query(max_length=60)]
# What each list of cases holds, above its table.
SOURCES = {
    "decisions": N_("Each case's first decision (confirmed, rejected or deemed accepted)."),
    "documents": N_("First travel documents issued on confirmed cases."),
    "departures": N_("First departures after a travel document was issued."),
    "interviews": N_("The requested state's answers to interview requests."),
    "charters": N_("The cases on each charter flight the requested state answered."),
    "releases": N_("Releases from custody."),
    "arrivals": N_("Arrivals confirmed (removals completed)."),
    "no_shows": N_("No-shows reported."),
}
ARROWS = {"better": "↗", "worse": "↘", "steady": "→", "unknown": "·"}


def rater_login(login: CurrentLogin) -> LoginSession:
    """Only analysts and supervisors read the scorecards."""
    if not service.may_rate(login.user):
        raise Forbidden(_("Only analysts and supervisors may read the scorecards."))
    return login


RaterLogin = Annotated[LoginSession, Depends(rater_login)]


def number(indicator: str, value: float | None) -> str:
    """An indicator's value as a person reads it: days, a percentage or a ratio."""
    if value is None:
        return _("Not enough data")
    kind = unit(indicator)
    if kind == "days":
        return _("{days} days", days=f"{value:g}")
    if kind == "share":
        return f"{value * 100:.1f} %"
    return f"{value:.2f}"


@dataclass(frozen=True)
class FactorRow:
    """One factor as the page and the printable view show it."""

    factor: FactorPublic
    name: str
    value: str
    previous: str
    good: str
    poor: str
    score: str
    trend: str
    arrow: str
    cases_link: str


def _asked(corridor: str, period: Period, **more: str | int) -> str:
    """The address query that asks for this corridor and period again."""
    return urlencode({"corridor": corridor} | period.asked() | more)


def _query(card: ScorecardPublic, **more: str | int) -> str:
    corridor = f"{card.requesting_state}-{card.requested_state}"
    return _asked(corridor, Period.between(card.period_from, card.period_to), **more)


def _rows(card: ScorecardPublic) -> list[FactorRow]:
    return [
        FactorRow(
            factor=f,
            name=label(f.indicator, "indicator"),
            value=number(f.indicator, f.value),
            previous=number(f.indicator, f.previous_value),
            good=number(f.indicator, f.good),
            poor=number(f.indicator, f.poor),
            score="—" if f.score is None else f"{f.score:.2f}",
            trend=label(f.trend, "trend"),
            arrow=ARROWS[f.trend],
            cases_link="/scorecards/cases?" + _query(card, indicator=f.indicator),
        )
        for f in card.factors
    ]


def period_words(period: Period) -> str:
    """ "2026-Q1", or "2026-01 to 2026-05" in the reader's language."""
    if period.quarter:
        return period.quarter
    first, last = period.asked().values()
    return _("{first} to {last}", first=first, last=last)


def _context(card: ScorecardPublic) -> dict[str, object]:
    """What the scorecard and its printable view show."""
    return {
        "card": card,
        "period": period_words(Period.between(card.period_from, card.period_to)),
        "partner": state_name(card.requested_state),
        "corridor": route(card.requesting_state, card.requested_state),
        "rating": label(card.rating, "rating"),
        "factors": _rows(card),
        "query": _query(card),
    }


@dataclass(frozen=True)
class Filters:
    """The partner and the period as the address asks for them."""

    corridor: str | None
    quarter: str | None
    first: str | None
    last: str | None

    def period(self) -> Period:
        """The period asked for; Invalid, in words, for one that cannot be rated."""
        return periods.choose(
            quarter=self.quarter or None,
            first=self.first or None,
            last=self.last or None,
            now=utcnow(),
        )


def filters(
    corridor: Text = None,
    quarter: Text = None,
    first: Annotated[Text, Query(alias="from")] = None,
    last: Annotated[Text, Query(alias="to")] = None,
) -> Filters:
    """`corridor`, and `quarter` or `from` and `to`, from the address."""
    return Filters(corridor or None, quarter, first, last)


Asked = Annotated[Filters, Depends(filters)]


@router.get("")
def scorecard_page(
    request: Request,
    db: DbSession,
    login: RaterLogin,
    asked: Asked,
) -> Response:
    """The filters (partner, quarter or months), the rating and a row per factor."""
    user = login.user
    problem = None
    try:
        period = asked.period()
    except Invalid as exc:
        problem = "; ".join(p.msg for p in exc.problems)
        period = periods.last_complete_quarter(utcnow())
    card = service.scorecard(session=db, user=user, corridor=asked.corridor, period=period)
    partners = service.partners(session=db, user=user)
    return render(
        request,
        "scorecards/scorecard.html",
        _context(card)
        | {
            "partners": [(f"{a}-{b}", f"{state_name(b)} ({route(a, b)})") for a, b in partners],
            "chosen": f"{card.requesting_state}-{card.requested_state}",
            "quarters": periods.quarters(utcnow(), service.rules().rule_sets[0].in_force_from),
            "months": period.quarter is None,
            "problem": problem,
        },
        status_code=422 if problem else 200,
    )


@router.get("/cases")
def cases_page(
    request: Request,
    db: DbSession,
    login: RaterLogin,
    asked: Asked,
    indicator: Indicator,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """The case references behind one factor, each linking to its case, a page at a time."""
    period = asked.period()
    found = service.cases_behind(
        session=db,
        user=login.user,
        corridor=asked.corridor,
        period=period,
        indicator=indicator,
        page=page,
    )
    pair = f"{found.requesting_state}-{found.requested_state}"
    sources = cases.EVIDENCE[indicator]
    last_page = max(1, -(-found.listing.total // PAGE_SIZE))
    return render(
        request,
        "scorecards/cases.html",
        {
            "found": found,
            "name": label(indicator, "indicator"),
            "period": period_words(period),
            "partner": state_name(found.requested_state),
            "corridor": route(found.requesting_state, found.requested_state),
            "sources": [_(SOURCES[source]) for source in sources],
            "show_days": unit(indicator) == "days" or "decisions" in sources,
            "show_in_time": "decisions" in sources,
            "show_flight": "charters" in sources,
            "page": page,
            "last_page": last_page,
            "back": "/scorecards?" + _asked(pair, period),
            "previous": "/scorecards/cases?"
            + _asked(pair, period, indicator=indicator, page=page - 1),
            "next": "/scorecards/cases?" + _asked(pair, period, indicator=indicator, page=page + 1),
        },
    )


def _export(db: DbSession, login: LoginSession, asked: Filters, kind: str) -> ScorecardPublic:
    """The scorecard asked for, audited as exported in this format."""
    return service.scorecard(
        session=db, user=login.user, corridor=asked.corridor, period=asked.period(), export=kind
    )


def _download(content: str, media_type: str, filename: str) -> Response:
    headers = SECURITY_HEADERS | {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=headers)


@router.get("/export.csv")
def export_csv(
    db: DbSession,
    login: RaterLogin,
    asked: Asked,
) -> Response:
    """The rating's explanation as CSV, a row per factor."""
    card = _export(db, login, asked, "CSV")
    return _download(exports.to_csv(card), "text/csv", exports.filename(card, "csv"))


@router.get("/export.json")
def export_json(
    db: DbSession,
    login: RaterLogin,
    asked: Asked,
) -> Response:
    """The rating's explanation as JSON, as the API gives it."""
    card = _export(db, login, asked, "JSON")
    return _download(exports.to_json(card), "application/json", exports.filename(card, "json"))


@router.get("/print")
def printable(
    request: Request,
    db: DbSession,
    login: RaterLogin,
    asked: Asked,
) -> Response:
    """The rating's explanation on a page of its own, laid out for printing."""
    card = _export(db, login, asked, "HTML")
    return render(request, "scorecards/print.html", _context(card) | {"printed": utcnow()})
