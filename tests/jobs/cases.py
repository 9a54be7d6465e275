"""Jobs for the tests: started through the service as their users start them."""

import csv
import io
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.identity.batch import COLUMNS
from readmit.jobs import service
from readmit.jobs.models import Job
from readmit.jobs.schemas import StatisticsJobIn
from readmit.synth.project.generator import register_row
from tests.factories import World, person_payload


def statistics_job(db: Session, world: World, state: str = "USA") -> Job:
    """A queued statistics export of the state's analyst, committed (to the test's
    transaction)."""
    analyst = world.user(db, state, Role.analyst)
    job = service.start_statistics(session=db, user=analyst, payload=StatisticsJobIn())
    db.commit()
    return job


def actions(db: Session, job: Job) -> list[str]:
    """The audit events about a job, in order (the pending ones committed first: events are
    chained as the transaction commits)."""
    db.commit()
    found = db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.entity == "job", AuditEvent.entity_id == job.reference)
        .order_by(AuditEvent.seq)
    )
    return list(found)


def register_csv(world: World, country: str = "CHN", count: int = 20) -> bytes:
    """A register extract (CSV) of the test world's register persons."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(register_row(p) for p in world.registers[country][:count])
    return text.getvalue().encode("utf-8")


def applications_jsonl(world: World, country: str = "CHN", count: int = 5) -> bytes:
    """Applications (JSON lines, as `readmit verify` reads them) about register persons."""
    lines = [
        json.dumps(
            {
                "application_id": f"A-{i}",
                "requesting_state": "USA",
                "requested_state": country,
                "person": person_payload(world, country, i),
            },
            ensure_ascii=False,
        )
        for i in range(count)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
