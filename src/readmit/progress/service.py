"""Progress reports under a declaration: each signatory computes its indicators from its own
data, an analyst drafts the state's report for a period, a supervisor submits it (its figures
frozen as a snapshot), and every signatory reads the combined report of those submitted."""

from datetime import date, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.pathways import statistics as pathways
from readmit.progress import figures, lifecycle
from readmit.progress.models import ProgressNarrative, ProgressReport, ReportStatus
from readmit.progress.schemas import (
    REINTEGRATION,
    CombinedPublic,
    Declaration,
    IndicatorFigures,
    ReportCreate,
    ReportPublic,
    ReportSummary,
    StateColumn,
    load_declaration_file,
)
from readmit.reintegration import indicators
from readmit.statistics import service as statistics
from readmit.statistics.months import parse_month

Month = tuple[int, int]

DATA_DIR = Path(__file__).resolve().parent / "data"
READERS = (Role.analyst, Role.supervisor)
MAX_NARRATIVE = 5000


@cache
def declarations() -> dict[str, Declaration]:
    """Every declaration shipped in data/, by its file name ("los-angeles-declaration")."""
    return {path.stem: load_declaration_file(path) for path in sorted(DATA_DIR.glob("*.yaml"))}


def get_declaration(*, key: str) -> Declaration:
    """A declaration by key; NotFound otherwise."""
    found = declarations().get(key)
    if found is None:
        raise NotFound(_("No declaration {key}.", key=key))
    return found


def signatory_of(*, user: User, key: str) -> Declaration:
    """The declaration, if the user reads progress reports for a state that signed it."""
    if not user.has_role(*READERS):
        raise Forbidden(_("Only analysts and supervisors may read the progress reports."))
    declaration = get_declaration(key=key)
    if user.state_code not in declaration.signatories:
        raise Forbidden(
            _("Your state is not a signatory of {declaration}.", declaration=declaration.name)
        )
    return declaration


def mine(user: User) -> ColumnElement[bool]:
    """The one filter on a state's own reports (drafts included): its own state's only."""
    return ProgressReport.state_code == user.state_code


def _label(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _month(day: date) -> Month:
    return (day.year, day.month)


def period_of(report: ProgressReport) -> tuple[str, str]:
    """The report's first and last months, "YYYY-MM"."""
    return _label(_month(report.first_month)), _label(_month(report.last_month))


Loc = tuple[str, str]


def parse_period(
    *, first: str, last: str, loc: tuple[Loc, Loc] = (("query", "from"), ("query", "to"))
) -> tuple[Month, Month]:
    """Two months "YYYY-MM", the first not after the last, at most MAX_MONTHS apart; Invalid
    naming the field (`loc`: where each came from)."""
    months: list[Month] = []
    problems = []
    for where, value in zip(loc, (first, last), strict=True):
        try:
            months.append(parse_month(value))
        except ValueError:
            problem = _("not a month (YYYY-MM): {value}", value=value)
            problems.append(FieldProblem(where, problem))
    if problems:
        raise Invalid(problems)
    count = (months[1][0] - months[0][0]) * 12 + months[1][1] - months[0][1] + 1
    if not 1 <= count <= statistics.MAX_MONTHS:
        problem = _("choose a period of 1 to {n} whole months", n=statistics.MAX_MONTHS)
        raise Invalid([FieldProblem(loc[1], problem)])
    return months[0], months[1]


def live(
    *,
    session: Session,
    user: User,
    declaration: Declaration,
    first: Month,
    last: Month,
    now: datetime | None = None,
) -> list[IndicatorFigures]:
    """The user's state's figures for the period, computed now from its own data."""
    report = statistics.indicators(session=session, user=user, first=first, last=last, now=now)
    programmes = None
    if pathways.runs_programmes(session=session, user=user):
        programmes = pathways.table(session=session, user=user, first=first, last=last, now=now)
    reintegration = {
        indicator.key: indicators.sustainability(
            session=session,
            state=user.state_code,
            side=str(indicator.side),
            first=first,
            last=last,
        )
        for indicator in declaration.indicators
        if indicator.column in REINTEGRATION and indicator.side is not None
    }
    return figures.of_state(
        declaration=declaration,
        report=report,
        state=user.state_code,
        programmes=programmes,
        reintegration=reintegration,
    )


def _narratives(declaration: Declaration, texts: dict[str, str]) -> dict[str, str]:
    """The texts by indicator key, blank ones left out; Invalid naming an unknown key."""
    problems = []
    for key, text in texts.items():
        if declaration.indicator(key) is None:
            problem = _("not an indicator of this declaration: {key}", key=key)
            problems.append(FieldProblem(("body", "narratives", key), problem))
        elif len(text) > MAX_NARRATIVE:
            problem = _("at most {n} characters", n=MAX_NARRATIVE)
            problems.append(FieldProblem(("body", "narratives", key), problem))
    if problems:
        raise Invalid(problems)
    return {key: text.strip() for key, text in texts.items() if text.strip()}


def _audit(session: Session, user: User, action: str, report: ProgressReport) -> None:
    first, last = period_of(report)
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="progress_report",
        entity_id=report.id,
        detail={
            "declaration": report.declaration,
            "period": f"{first} – {last}",
            "version": report.version,
        },
    )


def create_draft(
    *, session: Session, user: User, key: str, payload: ReportCreate
) -> ProgressReport:
    """A new draft of the user's state's report for a period (the next version); Conflict
    while a draft for that period exists; audited."""
    declaration = signatory_of(user=user, key=key)
    first, last = parse_period(
        first=payload.period_from,
        last=payload.period_to,
        loc=(("body", "period_from"), ("body", "period_to")),
    )
    texts = _narratives(declaration, payload.narratives)
    same = (
        mine(user),
        ProgressReport.declaration == key,
        ProgressReport.first_month == date(*first, 1),
        ProgressReport.last_month == date(*last, 1),
    )
    draft = session.scalar(
        select(ProgressReport.id).where(*same, ProgressReport.status == ReportStatus.draft.value)
    )
    if draft is not None:
        raise Conflict(_("A draft for this period exists already: edit it, or submit it first."))
    latest = session.scalar(select(func.max(ProgressReport.version)).where(*same))
    report = ProgressReport(
        declaration=key,
        state_code=user.state_code,
        first_month=date(*first, 1),
        last_month=date(*last, 1),
        version=(latest or 0) + 1,
        status=ReportStatus.draft.value,
        created_by_id=user.id,
        narratives=[ProgressNarrative(indicator=k, text=t) for k, t in texts.items()],
    )
    session.add(report)
    session.flush()
    _audit(session, user, "progress.draft", report)
    return report


def get(*, session: Session, user: User, report_id: int) -> ProgressReport:
    """One of the user's state's reports; NotFound for another state's or none."""
    if not user.has_role(*READERS):
        raise Forbidden(_("Only analysts and supervisors may read the progress reports."))
    report = session.scalar(
        select(ProgressReport).where(ProgressReport.id == report_id, mine(user))
    )
    if report is None:
        raise NotFound(_("No progress report {id}.", id=report_id))
    signatory_of(user=user, key=report.declaration)
    return report


def list_reports(*, session: Session, user: User, key: str) -> list[ProgressReport]:
    """The user's state's reports under a declaration, newest period and version first."""
    signatory_of(user=user, key=key)
    return list(
        session.scalars(
            select(ProgressReport)
            .where(mine(user), ProgressReport.declaration == key)
            .order_by(
                ProgressReport.last_month.desc(),
                ProgressReport.first_month.desc(),
                ProgressReport.version.desc(),
            )
        )
    )


def update_narratives(
    *, session: Session, user: User, report: ProgressReport, texts: dict[str, str]
) -> ProgressReport:
    """Replace the named narratives of a draft (a blank text removes one); a submitted report
    is never changed (Conflict: draft a new version); audited."""
    if report.status != ReportStatus.draft.value:
        raise Conflict(
            _("A submitted report cannot be changed: draft a new version of it instead."),
            allowed=lifecycle.allowed(ReportStatus(report.status)),
        )
    declaration = get_declaration(key=report.declaration)
    kept = _narratives(declaration, texts)
    existing = {narrative.indicator: narrative for narrative in report.narratives}
    for key in texts:
        if key in kept and key in existing:
            existing[key].text = kept[key]
        elif key in kept:
            report.narratives.append(ProgressNarrative(indicator=key, text=kept[key]))
        elif key in existing:
            report.narratives.remove(existing[key])
    session.flush()
    _audit(session, user, "progress.edit", report)
    return report


def submit(
    *, session: Session, user: User, report: ProgressReport, now: datetime | None = None
) -> ProgressReport:
    """Submit a draft (supervisors): its figures are computed now and kept as they are; the
    version it replaces is superseded; the period must be over; audited."""
    now = now or utcnow()
    locked = session.scalars(
        lock_for_update(select(ProgressReport).where(ProgressReport.id == report.id), session)
    ).one()
    first, last = _month(locked.first_month), _month(locked.last_month)
    lifecycle.check(report=locked, to=ReportStatus.submitted, user=user)
    if last >= _month(now.date()):
        raise Conflict(
            _("The period runs to {month}: submit the report once it is over.", month=_label(last))
        )
    declaration = get_declaration(key=locked.declaration)
    computed = live(
        session=session, user=user, declaration=declaration, first=first, last=last, now=now
    )
    previous = session.scalars(
        select(ProgressReport).where(
            mine(user),
            ProgressReport.declaration == locked.declaration,
            ProgressReport.first_month == locked.first_month,
            ProgressReport.last_month == locked.last_month,
            ProgressReport.status == ReportStatus.submitted.value,
            ProgressReport.id != locked.id,
        )
    )
    for older in previous:
        lifecycle.move(report=older, to=ReportStatus.superseded, user=user)
    lifecycle.move(report=locked, to=ReportStatus.submitted, user=user)
    locked.figures = figures.to_rows(computed)
    locked.submitted_by_id, locked.submitted_at = user.id, now
    session.flush()
    _audit(session, user, "progress.submit", locked)
    return locked


def public(
    *, session: Session, user: User, report: ProgressReport, now: datetime | None = None
) -> ReportPublic:
    """The report as the API gives it: a draft with its figures as they stand now."""
    declaration = get_declaration(key=report.declaration)
    texts = {n.indicator: n.text for n in report.narratives}
    if report.status == ReportStatus.draft.value:
        found = live(
            session=session,
            user=user,
            declaration=declaration,
            first=_month(report.first_month),
            last=_month(report.last_month),
            now=now,
        )
        found = [item.model_copy(update={"narrative": texts.get(item.key)}) for item in found]
    else:
        found = figures.from_rows(declaration=declaration, rows=report.figures, narratives=texts)
    first, last = period_of(report)
    return ReportPublic(
        id=report.id,
        declaration=report.declaration,
        state=report.state_code,
        period_from=first,
        period_to=last,
        version=report.version,
        status=report.status,  # type: ignore[arg-type]
        created_at=report.created_at,
        submitted_at=report.submitted_at,
        indicators=found,
    )


def summary(report: ProgressReport) -> ReportSummary:
    """A version as the list shows it."""
    first, last = period_of(report)
    return ReportSummary(
        id=report.id,
        period_from=first,
        period_to=last,
        version=report.version,
        status=report.status,  # type: ignore[arg-type]
        created_at=report.created_at,
        submitted_at=report.submitted_at,
    )


def combined(
    *, session: Session, user: User, key: str, first: Month, last: Month
) -> CombinedPublic:
    """Every signatory's submitted report for exactly this period ("not submitted" for the
    others), and the counts added up over those that submitted; audited."""
    declaration = signatory_of(user=user, key=key)
    # Submitted reports of signatories are shared with every signatory: aggregates only.
    submitted = {
        report.state_code: report
        for report in session.scalars(
            select(ProgressReport).where(
                ProgressReport.declaration == key,
                ProgressReport.state_code.in_(declaration.signatories),
                ProgressReport.first_month == date(*first, 1),
                ProgressReport.last_month == date(*last, 1),
                ProgressReport.status == ReportStatus.submitted.value,
            )
        )
    }
    states = []
    for state in declaration.signatories:
        report = submitted.get(state)
        if report is None:
            states.append(StateColumn(state=state, submitted=False))
            continue
        texts = {n.indicator: n.text for n in report.narratives}
        states.append(
            StateColumn(
                state=state,
                submitted=True,
                report_id=report.id,
                version=report.version,
                submitted_at=report.submitted_at,
                indicators=figures.from_rows(
                    declaration=declaration, rows=report.figures, narratives=texts
                ),
            )
        )
    audit.record(
        session=session,
        actor=user,
        action="progress.combined",
        entity="progress_report",
        detail={"declaration": key, "period": f"{_label(first)} – {_label(last)}"},
    )
    return CombinedPublic(
        declaration=key,
        name=declaration.name,
        period_from=_label(first),
        period_to=_label(last),
        states=states,
        totals=figures.totals(
            declaration=declaration, states=[s.indicators for s in states if s.submitted]
        ),
    )
