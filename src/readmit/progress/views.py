"""JSON API for progress reports: analysts and supervisors of a declaration's signatories."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from readmit.progress import service
from readmit.progress.models import ProgressReport
from readmit.progress.schemas import (
    MONTH,
    CombinedPublic,
    DeclarationPublic,
    IndicatorFigures,
    IndicatorPublic,
    ReportCreate,
    ReportPublic,
    ReportSummary,
    ReportUpdate,
)
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(prefix="/progress", tags=["progress"])
DECLARATION = "/declarations/{declaration}"

DeclarationKey = Annotated[str, Path(max_length=60)]
FirstMonth = Annotated[str, Query(alias="from", pattern=MONTH)]
LastMonth = Annotated[str, Query(alias="to", pattern=MONTH)]


def current_report(db: DbSession, user: ApiUser, report_id: RowId) -> ProgressReport:
    """One of the caller's state's reports, or 404."""
    return service.get(session=db, user=user, report_id=report_id)


CurrentReport = Annotated[ProgressReport, Depends(current_report)]


@router.get(DECLARATION, response_model=DeclarationPublic)
def get_declaration(declaration: DeclarationKey, user: ApiUser) -> DeclarationPublic:
    """The declaration: its signatories and the indicators they report."""
    found = service.signatory_of(user=user, key=declaration)
    return DeclarationPublic(
        key=declaration,
        name=found.name,
        adopted_on=found.adopted_on,
        illustrative=found.illustrative,
        signatories=found.signatories,
        indicators=[
            IndicatorPublic(key=i.key, label=i.label, column=i.column, side=i.side, kind=i.kind)
            for i in found.indicators
        ],
    )


@router.get(f"{DECLARATION}/indicators", response_model=list[IndicatorFigures])
def indicators(
    declaration: DeclarationKey, first: FirstMonth, last: LastMonth, db: DbSession, user: ApiUser
) -> list[IndicatorFigures]:
    """The caller's state's figures for the period, computed now from its own data."""
    found = service.signatory_of(user=user, key=declaration)
    start, end = service.parse_period(first=first, last=last)
    return service.live(session=db, user=user, declaration=found, first=start, last=end)


@router.get(f"{DECLARATION}/reports", response_model=list[ReportSummary])
def reports(declaration: DeclarationKey, db: DbSession, user: ApiUser) -> list[ReportSummary]:
    """The caller's state's reports, every version, newest period first."""
    return [
        service.summary(r) for r in service.list_reports(session=db, user=user, key=declaration)
    ]


@router.post(f"{DECLARATION}/reports", status_code=201, response_model=ReportPublic)
def create_report(
    declaration: DeclarationKey, payload: ReportCreate, db: DbSession, user: ApiUser
) -> ReportPublic:
    """Draft the state's report for a period (the next version, if one was submitted)."""
    report = service.create_draft(session=db, user=user, key=declaration, payload=payload)
    return service.public(session=db, user=user, report=report)


@router.get(f"{DECLARATION}/combined", response_model=CombinedPublic)
def combined(
    declaration: DeclarationKey, first: FirstMonth, last: LastMonth, db: DbSession, user: ApiUser
) -> CombinedPublic:
    """Every signatory's submitted report for exactly this period."""
    start, end = service.parse_period(first=first, last=last)
    return service.combined(session=db, user=user, key=declaration, first=start, last=end)


@router.get("/reports/{report_id}", response_model=ReportPublic)
def get_report(report: CurrentReport, db: DbSession, user: ApiUser) -> ReportPublic:
    """One of the state's reports: a draft's figures as they stand now, a submitted one's as
    submitted."""
    return service.public(session=db, user=user, report=report)


@router.patch("/reports/{report_id}", response_model=ReportPublic)
def update_report(
    payload: ReportUpdate, report: CurrentReport, db: DbSession, user: ApiUser
) -> ReportPublic:
    """Change a draft's narratives; a submitted report is 409."""
    service.update_narratives(session=db, user=user, report=report, texts=payload.narratives)
    return service.public(session=db, user=user, report=report)


@router.post("/reports/{report_id}/submit", response_model=ReportPublic)
def submit_report(report: CurrentReport, db: DbSession, user: ApiUser) -> ReportPublic:
    """Submit a draft (supervisors), freezing its figures."""
    submitted = service.submit(session=db, user=user, report=report)
    return service.public(session=db, user=user, report=submitted)
