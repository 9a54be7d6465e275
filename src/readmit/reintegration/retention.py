"""How long reintegration records are kept, and their deletion.

A case's `retain_until` is set when it has ended: closed with no follow-up still due, or
withdrawn. It is the programme's `keep_months` after the later of the closure and the end of
its last follow-up (the day it was completed, or its window's last day when missed). Once
that day has passed, `run` deletes the case with its plan, its follow-ups and its
application's consents and assessment; under the rule `reduce_to_statistics` the scores of
its completed follow-ups are first added to OutcomeStat, which keeps per corridor,
programme, region, service type ("" for all cases whatever their services), follow-up and
month of arrival: the number of surveys, and per score (each dimension, "overall") its sum
and, as "<score>_count", how many surveys scored it (a dimension may be "not scored").

The audit trail and the report name no case and no person: counts per programme and
corridor only."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.database.dialect import lock_for_update
from readmit.reintegration import programme
from readmit.reintegration.models import (
    Assessment,
    CaseStatus,
    Consent,
    FollowUp,
    FollowUpStatus,
    OutcomeStat,
    ReintegrationCase,
    Service,
    ServiceStatus,
)
from readmit.statistics.months import months_after
from readmit.tenancy.service import authority_ids

ENDED = (CaseStatus.closed.value, CaseStatus.withdrawn.value)
BATCH = 100
ALL_SERVICES = ""
COUNTED = ("cases", "follow_ups", "surveys_folded", "services", "consents", "assessments")
Group = tuple[str, str, str]  # programme, requesting state, requested state


def settle(*, session: Session, case: ReintegrationCase) -> None:
    """Set (or clear) the case's `retain_until` from the programme's rule."""
    follow_ups = list(session.scalars(select(FollowUp).where(FollowUp.case_id == case.id)))
    pending = any(f.status == FollowUpStatus.due.value for f in follow_ups)
    if case.status not in ENDED or (case.status == CaseStatus.closed.value and pending):
        case.retain_until = None
        return
    ends = [case.closed_at.date()] if case.closed_at else []
    for follow_up in follow_ups:
        if follow_up.status == FollowUpStatus.completed.value and follow_up.completed_at:
            ends.append(follow_up.completed_at.date())
        elif follow_up.status == FollowUpStatus.missed.value:
            ends.append(follow_up.window_ends)
    if not ends:
        return
    keep = programme.get(case.programme_code).retention.keep_months
    case.retain_until = months_after(max(ends), keep)
    session.flush()


def arrival_month(follow_up: FollowUp) -> str:
    """The month of arrival (YYYY-MM), `months` before the follow-up's due month."""
    index = follow_up.due_on.year * 12 + follow_up.due_on.month - 1 - follow_up.months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _stat(
    session: Session, case: ReintegrationCase, service_type: str, follow_up: FollowUp
) -> OutcomeStat:
    """The statistics row of this group, locked, created when missing."""
    key = {
        "requesting_state": case.requesting_state,
        "requested_state": case.requested_state,
        "programme_code": case.programme_code,
        "region": case.region,
        "service_type": service_type,
        "months": follow_up.months,
        "arrival_month": arrival_month(follow_up),
    }
    statement = select(OutcomeStat).filter_by(**key)
    found = session.scalar(lock_for_update(statement, session))
    if found is None:
        found = OutcomeStat(**key, surveys=0, score_sums={})
        session.add(found)
        session.flush()
    return found


def add_scores(sums: dict[str, float], scores: dict[str, Any]) -> dict[str, float]:
    """`sums` with one survey's scores added (each score and its count)."""
    added = dict(sums)
    for key, value in scores.items():
        if key == "answered" or not isinstance(value, int | float):
            continue
        added[key] = added.get(key, 0.0) + value
        added[f"{key}_count"] = added.get(f"{key}_count", 0) + 1
    return added


def fold(*, session: Session, case: ReintegrationCase) -> int:
    """Add the scores of the case's completed follow-ups to OutcomeStat; how many."""
    types = set(
        session.scalars(
            select(Service.service_type).where(
                Service.case_id == case.id, Service.status != ServiceStatus.cancelled.value
            )
        )
    )
    completed = session.scalars(
        select(FollowUp).where(
            FollowUp.case_id == case.id, FollowUp.status == FollowUpStatus.completed.value
        )
    )
    count = 0
    for follow_up in completed:
        for service_type in [ALL_SERVICES, *sorted(types)]:
            stat = _stat(session, case, service_type, follow_up)
            stat.surveys += 1
            stat.score_sums = add_scores(stat.score_sums, follow_up.scores)
        count += 1
    session.flush()
    return count


@dataclass
class Removed:
    """What a retention run removed (or would remove), counted per group; no reference."""

    today: date
    dry_run: bool
    groups: dict[Group, Counter[str]] = field(default_factory=dict)

    def add(self, group: Group, counts: Counter[str]) -> None:
        """Add one case's counts."""
        self.groups.setdefault(group, Counter()).update(counts)

    @property
    def cases(self) -> int:
        """How many cases."""
        return sum(c["cases"] for c in self.groups.values())

    def report(self) -> dict[str, Any]:
        """The report as JSON: counts per programme and corridor, the rules applied."""
        rows = [
            {
                "programme": g[0],
                "requesting_state": g[1],
                "requested_state": g[2],
                **{name: counts[name] for name in COUNTED},
            }
            for g, counts in sorted(self.groups.items())
        ]
        codes = sorted({g[0] for g in self.groups})
        rules = {code: programme.get(code).retention.model_dump() for code in codes}
        totals = {name: sum(c[name] for c in self.groups.values()) for name in COUNTED}
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "rules": rules,
            "removed": rows,
            "totals": totals,
        }


def _count(session: Session, model: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def expired(*, session: Session, today: date, limit: int | None) -> list[ReintegrationCase]:
    """Ended cases whose `retain_until` is before `today`, oldest first."""
    statement = (
        select(ReintegrationCase)
        .where(
            ReintegrationCase.retain_until < today,
            ReintegrationCase.status.in_(ENDED),
        )
        .order_by(ReintegrationCase.retain_until, ReintegrationCase.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(lock_for_update(statement, session)))


def run(
    *, session: Session, today: date, dry_run: bool = False, limit: int | None = BATCH
) -> Removed:
    """Delete (unless `dry_run`) at most `limit` expired cases, folding their scores first
    when the rule says so; one audit event per programme and corridor, with counts only."""
    removed = Removed(today=today, dry_run=dry_run)
    providers: dict[Group, set[int]] = {}
    for case in expired(session=session, today=today, limit=limit):
        application = case.application_id
        counts: Counter[str] = Counter(
            cases=1,
            follow_ups=_count(session, FollowUp, FollowUp.case_id == case.id),
            services=_count(session, Service, Service.case_id == case.id),
            consents=_count(session, Consent, Consent.application_id == application),
            assessments=_count(session, Assessment, Assessment.application_id == application),
        )
        rule = programme.get(case.programme_code).retention
        if rule.then == "reduce_to_statistics":
            counts["surveys_folded"] = _count(
                session,
                FollowUp,
                FollowUp.case_id == case.id,
                FollowUp.status == FollowUpStatus.completed.value,
            )
        group = (case.programme_code, case.requesting_state, case.requested_state)
        removed.add(group, counts)
        providers.setdefault(group, set()).add(case.provider_authority_id)
        if dry_run:
            continue
        if rule.then == "reduce_to_statistics":
            fold(session=session, case=case)
        for model, column in ((FollowUp, FollowUp.case_id), (Service, Service.case_id)):
            session.execute(delete(model).where(column == case.id))
        session.execute(delete(Consent).where(Consent.application_id == application))
        session.execute(delete(Assessment).where(Assessment.application_id == application))
        session.delete(case)
        session.flush()
    if not dry_run:
        for group, counts in removed.groups.items():
            _audit(session, group, counts, providers[group])
    return removed


def _audit(session: Session, group: Group, counts: Counter[str], providers: set[int]) -> None:
    """A system event for the providers and the requesting state's authorities: counts."""
    audit.record_for(
        session=session,
        authority_ids=[*sorted(providers), *authority_ids(session=session, states=[group[1]])],
        action="reintegration.retention_delete",
        entity="reintegration_retention",
        detail={
            "programme": group[0],
            "requesting_state": group[1],
            "requested_state": group[2],
            **{name: counts[name] for name in COUNTED},
        },
    )
