"""A state's report through its lifecycle: figures from its own hand-computed cases, a draft
an analyst writes, a supervisor's submission frozen as a snapshot and audited in the same
transaction, no edit after it, a new version superseding the old, and the combined report."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.errors import Conflict, Forbidden, Invalid
from readmit.progress import service
from readmit.progress.models import ProgressReport, ReportStatus
from readmit.progress.schemas import IndicatorFigures, ReportCreate
from tests.factories import World
from tests.progress.cases import DECLARATION, NOW, PERIOD, build_gtm
from tests.statistics.cases import build

QUARTER = ((2026, 1), (2026, 3))


def by_key(items: list[IndicatorFigures]) -> dict[str, IndicatorFigures]:
    return {item.key: item for item in items}


def live(db: Session, world: World, state: str) -> dict[str, IndicatorFigures]:
    user = world.user(db, state, Role.analyst)
    found = service.live(
        session=db,
        user=user,
        declaration=service.get_declaration(key=DECLARATION),
        first=QUARTER[0],
        last=QUARTER[1],
        now=NOW,
    )
    return by_key(found)


def draft(db: Session, world: World, state: str, **narratives: str) -> ProgressReport:
    payload = ReportCreate.model_validate(PERIOD | {"narratives": narratives})
    user = world.user(db, state, Role.analyst)
    return service.create_draft(session=db, user=user, key=DECLARATION, payload=payload)


def submit(db: Session, world: World, report: ProgressReport) -> ProgressReport:
    user = world.user(db, report.state_code, Role.supervisor)
    return service.submit(session=db, user=user, report=report, now=NOW)


def audited(db: Session, report: ProgressReport) -> list[str]:
    db.commit()  # the events are chained into the trail as the transaction commits
    return list(
        db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity == "progress_report", AuditEvent.entity_id == str(report.id))
            .order_by(AuditEvent.seq)
        )
    )


def test_the_requesting_states_figures(db: Session, world: World) -> None:
    build(db, world)
    found = live(db, world, "USA")
    # D arrived in February (1: "<5"); USA→GTM had no arrival (0): the sum keeps the mark.
    returns = found["returns_completed"]
    assert returns.value == "<5"
    assert {f.corridor: f.value for f in returns.corridors} == {"USA-CHN": "<5", "USA-GTM": 0}
    # USA is requested on no corridor: its requested-state figures have nothing to count.
    assert found["applications_received"].value is None
    assert found["applications_received"].corridors == []
    pathways = found["legal_pathway_admissions"]
    assert (pathways.available, pathways.value) == (False, None)


def test_the_requested_states_figures(db: Session, world: World) -> None:
    build_gtm(db, world)
    found = live(db, world, "GTM")
    assert found["applications_received"].value == 6
    assert found["applications_decided"].value == 5
    assert found["verification_days"].value == 6.0
    assert [f.corridor for f in found["verification_days"].corridors] == ["USA-GTM"]
    assert found["returns_completed"].value is None  # GTM requests no returns


def test_a_draft_is_submitted_by_a_supervisor_and_frozen(db: Session, world: World) -> None:
    build_gtm(db, world)
    report = draft(db, world, "GTM", verification_days="Two more verifiers since January.")
    assert (report.status, report.version) == (ReportStatus.draft, 1)
    with pytest.raises(Forbidden, match="Only a supervisor may submit"):
        service.submit(session=db, user=world.user(db, "GTM", Role.analyst), report=report, now=NOW)
    submitted = submit(db, world, report)
    assert submitted.status == ReportStatus.submitted and submitted.submitted_at == NOW
    assert audited(db, report) == ["progress.draft", "progress.submit"]

    # More cases afterwards change the live figures, never the submitted ones.
    build_gtm(db, world, first_index=10)
    assert live(db, world, "GTM")["applications_received"].value == 12
    shown = service.public(
        session=db, user=world.user(db, "GTM", Role.analyst), report=submitted, now=NOW
    )
    figures = by_key(shown.indicators)
    assert figures["applications_received"].value == 6
    assert figures["verification_days"].value == 6.0
    assert figures["verification_days"].narrative == "Two more verifiers since January."
    assert figures["legal_pathway_admissions"].available is False

    supervisor = world.user(db, "GTM", Role.supervisor)
    with pytest.raises(Conflict, match="cannot be changed"):
        service.update_narratives(
            session=db, user=supervisor, report=submitted, texts={"verification_days": "Later."}
        )
    with pytest.raises(Conflict, match="cannot change any more"):
        service.submit(session=db, user=supervisor, report=submitted, now=NOW)


def test_a_new_version_supersedes_the_submitted_one(db: Session, world: World) -> None:
    build_gtm(db, world)
    first = submit(db, world, draft(db, world, "GTM"))
    second = draft(db, world, "GTM", applications_received="Corrected count.")
    assert second.version == 2
    with pytest.raises(Conflict, match="A draft for this period exists"):
        draft(db, world, "GTM")
    submit(db, world, second)
    assert (first.status, second.status) == (ReportStatus.superseded, ReportStatus.submitted)
    reports = service.list_reports(
        session=db, user=world.user(db, "GTM", Role.analyst), key=DECLARATION
    )
    assert [(r.version, r.status) for r in reports] == [(2, "submitted"), (1, "superseded")]


def test_narratives_are_edited_while_a_draft(db: Session, world: World) -> None:
    report = draft(db, world, "MEX", returns_completed="First words.")
    analyst = world.user(db, "MEX", Role.analyst)
    service.update_narratives(
        session=db,
        user=analyst,
        report=report,
        texts={"returns_completed": "  ", "verification_days": "New words."},
    )
    assert {n.indicator: n.text for n in report.narratives} == {"verification_days": "New words."}
    assert audited(db, report) == ["progress.draft", "progress.edit"]
    with pytest.raises(Invalid) as refused:
        service.update_narratives(
            session=db, user=analyst, report=report, texts={"encounters": "?"}
        )
    assert refused.value.problems[0].loc == ("body", "narratives", "encounters")


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ({"period_from": "2026-13", "period_to": "2026-03"}, "period_from"),
        ({"period_from": "2026-04", "period_to": "2026-03"}, "period_to"),
        ({"period_from": "2020-01", "period_to": "2026-03"}, "period_to"),
    ],
)
def test_a_period_that_is_not_one_is_refused(
    db: Session, world: World, period: dict[str, str], field: str
) -> None:
    payload = ReportCreate.model_validate(period)
    with pytest.raises(Invalid) as refused:
        service.create_draft(
            session=db, user=world.user(db, "MEX", Role.analyst), key=DECLARATION, payload=payload
        )
    assert refused.value.problems[0].loc == ("body", field)


def test_a_period_is_submitted_once_it_is_over(db: Session, world: World) -> None:
    report = draft(db, world, "MEX")
    supervisor = world.user(db, "MEX", Role.supervisor)
    march = datetime(2026, 3, 31, 23, tzinfo=UTC)
    with pytest.raises(Conflict, match="runs to 2026-03"):
        service.submit(session=db, user=supervisor, report=report, now=march)
    assert report.status == ReportStatus.draft


def test_the_combined_report(db: Session, world: World) -> None:
    build(db, world)
    build_gtm(db, world, first_index=20)
    submit(db, world, draft(db, world, "USA", returns_completed="Charter flights resumed."))
    submit(db, world, draft(db, world, "GTM"))
    draft(db, world, "MEX")  # a draft is nobody else's business
    reader = world.user(db, "MEX", Role.analyst)
    combined = service.combined(
        session=db, user=reader, key=DECLARATION, first=QUARTER[0], last=QUARTER[1]
    )
    states = {column.state: column for column in combined.states}
    assert list(states) == service.get_declaration(key=DECLARATION).signatories
    assert [s for s, c in states.items() if c.submitted] == ["GTM", "USA"]
    assert states["MEX"].indicators == []
    usa, gtm = by_key(states["USA"].indicators), by_key(states["GTM"].indicators)
    assert usa["returns_completed"].value == "<5"
    assert usa["returns_completed"].narrative == "Charter flights resumed."
    assert (gtm["applications_received"].value, gtm["verification_days"].value) == (6, 6.0)
    totals = by_key(combined.totals)
    # GTM's 6 received, USA's nothing to count; USA's "<5" returns beside GTM's none.
    assert totals["applications_received"].value == 6
    assert totals["returns_completed"].value == "<5"
    assert totals["verification_days"].available is False  # medians are not added up
    assert totals["legal_pathway_admissions"].available is False
    # Another period: nobody submitted it.
    other = service.combined(
        session=db, user=reader, key=DECLARATION, first=(2026, 1), last=(2026, 6)
    )
    assert not any(column.submitted for column in other.states)
