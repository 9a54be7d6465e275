"""The audit chain: written in the change's transaction, tamper-evident."""

from fastapi.testclient import TestClient
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.audit.models import AuditEvent, AuditHead
from readmit.auth.models import Role
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from tests.factories import World, make_case


def _events(db: Session, application_id: int) -> list[str]:
    return list(
        db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.application_id == application_id)
            .order_by(AuditEvent.seq)
        )
    )


def test_chain_verifies(db: Session, world: World) -> None:
    make_case(db, world)
    db.commit()  # events are chained when their transaction commits
    report = audit.verify_chain(session=db)
    assert report.ok, report.problem
    assert report.checked == db.scalars(select(AuditHead.seq)).one()


def test_altered_event_is_detected(db: Session, world: World) -> None:
    case = make_case(db, world)
    db.commit()  # events are chained when their transaction commits
    target = db.scalars(select(AuditEvent).where(AuditEvent.application_id == case.id)).first()
    assert target is not None
    db.execute(
        update(AuditEvent)
        .where(AuditEvent.id == target.id)
        .values(actor_email="someone.else@example")
    )
    report = audit.verify_chain(session=db)
    assert not report.ok and report.first_bad_seq == target.seq
    assert "altered" in (report.problem or "")


def test_removed_event_is_detected(db: Session, world: World) -> None:
    make_case(db, world)
    db.commit()  # events are chained when their transaction commits
    middle = db.scalars(select(AuditEvent).order_by(AuditEvent.seq).offset(3)).first()
    assert middle is not None
    db.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": middle.id})
    report = audit.verify_chain(session=db)
    assert not report.ok and report.first_bad_seq == middle.seq


def test_truncated_tail_is_detected(db: Session, world: World) -> None:
    make_case(db, world)
    db.commit()  # events are chained when their transaction commits
    last = db.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert last is not None
    db.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": last.id})
    report = audit.verify_chain(session=db)
    assert not report.ok and "removed from the end" in (report.problem or "")


def test_reads_are_audited(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world)
    db.commit()
    client.get(f"/api/v1/applications/{case.id}", headers=world.headers("USA", Role.analyst))
    assert "application.read" in _events(db, case.id)


def test_refused_change_leaves_no_audit_record(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world)
    protection.open_flag(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=case,
        kind=ProtectionKind.medical,
        note="",
    )
    db.commit()
    before = _events(db, case.id)
    response = client.post(
        f"/api/v1/applications/{case.id}/submit", headers=world.headers("USA", Role.case_officer)
    )
    assert response.status_code == 409
    assert _events(db, case.id) == before
    db.refresh(case)
    assert case.status == "suspended"
