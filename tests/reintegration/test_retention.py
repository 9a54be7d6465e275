"""Retention: a case past `retain_until` is deleted with its plan, follow-ups, consents and
assessment, its scores first folded into the statistics; the audit trail and the report
count, and name no case and no person; a dry run changes nothing."""

import json
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from readmit.audit import service as audit
from readmit.cli.main import app
from readmit.reintegration import followups, plan, retention
from readmit.reintegration import service as cases
from readmit.reintegration.followup_schemas import ServiceCreate
from readmit.reintegration.lifecycle import Step
from readmit.reintegration.models import (
    Assessment,
    Consent,
    FollowUp,
    OutcomeStat,
    ReintegrationCase,
    Service,
)
from tests.factories import World
from tests.reintegration.cases import SECRETS, ProviderSide, provider
from tests.reintegration.followup_cases import active_case, expected, officer_of, survey

LATER = date(2031, 1, 1)  # past any retention of these cases


def _count(db: Session, model, *where) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _ended_case(db: Session, world: World, side: ProviderSide, index: int) -> ReintegrationCase:
    """Two services (one cancelled later), the 3- and 6-month surveys, closed; the 12-month
    follow-up missed."""
    officer = officer_of(db, side)
    case = active_case(db, world, side, index=index)
    for kind in ("skills_training", "cash"):
        payload = ServiceCreate.model_validate({"service_type": kind, "provider_name": "X"})
        plan.add(session=db, user=officer, case=case, payload=payload)
    survey(db, side, case, 3, date(2026, 4, 10), option=0)
    survey(db, side, case, 6, date(2026, 7, 10), option=1)
    cases.step(session=db, user=officer, case=case, step=Step.close)
    followups.sweep(session=db, today=date(2027, 3, 1))
    assert case.retain_until is not None
    return case


def test_a_dry_run_counts_and_changes_nothing(db: Session, world: World) -> None:
    case = _ended_case(db, world, provider(db, "prov-a"), 0)
    removed = retention.run(session=db, today=LATER, dry_run=True)
    assert removed.report()["totals"] == {
        "cases": 1,
        "follow_ups": 3,
        "surveys_folded": 2,
        "services": 2,
        "consents": 5,
        "assessments": 1,
    }
    assert db.get(ReintegrationCase, case.id) is not None
    assert _count(db, OutcomeStat) == 0


def test_expired_cases_are_reduced_to_statistics(db: Session, world: World) -> None:
    side = provider(db, "prov-a")
    kept = active_case(db, world, side, index=2)  # still active
    case = _ended_case(db, world, side, 0)
    not_yet = case.retain_until
    assert not_yet is not None
    assert retention.run(session=db, today=not_yet).cases == 0  # kept up to that day
    db.info.pop(audit.PENDING, None)
    case_id, application_id, reference = case.id, case.application_id, case.reference
    removed = retention.run(session=db, today=LATER)
    assert removed.cases == 1
    db.expire_all()
    assert db.get(ReintegrationCase, case_id) is None
    assert db.get(ReintegrationCase, kept.id) is not None
    for model, where in (
        (FollowUp, FollowUp.case_id == case_id),
        (Service, Service.case_id == case_id),
        (Consent, Consent.application_id == application_id),
        (Assessment, Assessment.application_id == application_id),
    ):
        assert _count(db, model, where) == 0, model
    stats = {(s.service_type, s.months): s for s in db.scalars(select(OutcomeStat))}
    # every case ("") and each service type of its plan, at 3 and 6 months
    assert sorted(stats) == [(t, m) for t in ("", "cash", "skills_training") for m in (3, 6)]
    three, six = stats[("", 3)], stats[("", 6)]
    assert (three.surveys, three.arrival_month, three.requesting_state) == (1, "2026-01", "USA")
    assert three.score_sums["overall"] == 1.0 and three.score_sums["overall_count"] == 1
    assert six.score_sums["economic"] == expected(1).dimensions["economic"]
    events = db.info[audit.PENDING]
    assert [e.action for e in events] == ["reintegration.retention_delete"] * len(events)
    text = json.dumps([e.detail for e in events]) + json.dumps(removed.report())
    assert reference not in text
    for secret in SECRETS.values():
        assert secret not in text
    # a second case folds into the same rows
    again = _ended_case(db, world, side, 1)
    assert again.retain_until is not None
    retention.run(session=db, today=LATER)
    db.expire_all()
    assert db.scalars(select(OutcomeStat).filter_by(service_type="", months=3)).one().surveys == 2


def test_the_check_command(tmp_path: Path) -> None:
    runner = CliRunner()
    shipped = Path(retention.__file__).parent / "data" / "iom-rss.yaml"
    result = runner.invoke(app, ["reintegration", "check", str(shipped)])
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(shipped.read_text().replace("weight: 0.34", "weight: 0.44"))
    result = runner.invoke(app, ["reintegration", "check", str(bad)])
    assert result.exit_code == 1
    assert "add up to 1.1" in result.output
