"""Border encounters beside applications and removals, per nationality and month, for the
analysts and supervisors of a requesting state.

Encounters are a requesting-state figure: they say how many people of a nationality the
state met at its border, beside how many it asked their state to readmit and how many went
back. A state that requests no returns (only a requested state) gets 403: its nationals'
encounters abroad are not its figure, and it reads its corridors on /statistics."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from readmit.auth.models import LoginSession, User
from readmit.encounters import service as encounters
from readmit.errors import Forbidden, NotFound
from readmit.i18n import _
from readmit.statistics import charts
from readmit.statistics import service as statistics
from readmit.statistics.months import parse_period
from readmit.statistics.schemas import Cell, IndicatorsPublic
from readmit.web.deps import DbSession
from readmit.web.pages.common import CurrentLogin
from readmit.web.templating import render

router = APIRouter()

MonthText = Annotated[str | None, Query(max_length=7)]
Nationality = Annotated[str | None, Query(max_length=3)]


@dataclass(frozen=True)
class Row:
    """One month of one nationality."""

    month: str
    encounters: int | None  # None: no encounters imported for that month
    submitted: Cell
    arrived: Cell


@dataclass(frozen=True)
class Table:
    """One nationality: its months, and its charts."""

    nationality: str
    rows: list[Row]
    charts: list[charts.Chart]


def reader_login(login: CurrentLogin) -> LoginSession:
    """Analysts and supervisors, as for the statistics."""
    if not statistics.may_view(login.user):
        raise Forbidden(_("Only analysts and supervisors may read the statistics."))
    return login


ReaderLogin = Annotated[LoginSession, Depends(reader_login)]


def _month_start(label: str) -> date:
    year, month = label.split("-")
    return date(int(year), int(month), 1)


def tables(
    db: Session, user: User, report: IndicatorsPublic, nationality: str | None
) -> list[Table]:
    """Per nationality the user's state asks to readmit (one, if chosen), the months of the
    report with their encounters."""
    own = [c for c in report.corridors if c.requesting_state == user.state_code]
    if not own:
        raise Forbidden(
            _(
                "Encounters stand beside a requesting state's applications and removals; "
                "your state requests no returns."
            )
        )
    if nationality:
        own = [c for c in own if c.requested_state == nationality]
        if not own:
            raise NotFound(_("Your state has no corridor to {state}.", state=nationality))
    since, until = _month_start(report.period_from), _month_start(report.period_to)
    found = []
    for corridor in own:
        counted = dict(
            encounters.monthly(
                session=db, citizenship=corridor.requested_state, since=since, until=until
            )
        )
        rows = [
            Row(
                month=row.month,
                encounters=counted.get(_month_start(row.month)),
                submitted=row.submitted,
                arrived=row.arrived,
            )
            for row in corridor.months
        ]
        found.append(Table(corridor.requested_state, rows, _charts(rows)))
    return found


def _charts(rows: list[Row]) -> list[charts.Chart]:
    """Encounters on their own axis (thousands), then applications and removals (tens)."""
    months = tuple(row.month for row in rows)
    encountered = charts.Series(
        "encounters", _("CBP encounters"), tuple(row.encounters for row in rows)
    )
    cases = (
        charts.Series("submitted", _("Applications submitted"), tuple(r.submitted for r in rows)),
        charts.Series("arrived", _("Removals completed"), tuple(r.arrived for r in rows)),
    )
    return [
        charts.Chart(
            "encounters", "line", _("CBP encounters per month"), _("People"), months, (encountered,)
        ),
        charts.Chart(
            "cases", "line", _("Applications and removals per month"), _("Cases"), months, cases
        ),
    ]


@router.get("/statistics/encounters")
def encounters_page(
    request: Request,
    db: DbSession,
    login: ReaderLogin,
    nationality: Nationality = None,
    first: Annotated[MonthText, Query(alias="from")] = None,
    last: Annotated[MonthText, Query(alias="to")] = None,
) -> Response:
    """Per nationality and month: encounters, applications submitted and removals completed
    (default: the last twelve months)."""
    user = login.user
    start, end = parse_period(first=first or None, last=last or None)
    report = statistics.indicators(session=db, user=user, first=start, last=end)
    found = tables(db, user, report, nationality or None)
    choices = [c.requested_state for c in report.corridors if c.requesting_state == user.state_code]
    return render(
        request,
        "encounters/index.html",
        {
            "report": report,
            "tables": found,
            "nationalities": choices,
            "chosen": nationality or "",
            "cell": charts.cell_text,
            "svg": charts.svg,
        },
    )
