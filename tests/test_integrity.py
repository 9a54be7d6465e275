"""`readmit check`: every rule it guards is found when broken, and a database driven only
through the services is clean."""

from collections.abc import Callable

import pytest
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.integrity.service import check
from readmit.protection.models import ProtectionFlag
from readmit.transfers.models import Transfer, TransferCase
from readmit.traveldocs.models import TravelDocument
from readmit.verification.models import Decision
from tests.factories import World, make_case

SERVICE_STATUSES = [
    Status.draft,
    Status.under_verification,
    Status.confirmed,
    Status.rejected,
    Status.transfer_scheduled,
    Status.departed,
    Status.suspended,
    Status.withdrawn,
    Status.closed,
]


def test_cases_driven_through_the_services_are_clean(db: Session, world: World) -> None:
    for index, status in enumerate(SERVICE_STATUSES):
        make_case(db, world, index=index, status=status)
    db.commit()
    assert check(session=db) == []


def _without(db: Session, index: str) -> None:
    # The database refuses these states itself; drop its rule (inside the test's
    # transaction, so it comes back) to reproduce what an older release let through.
    db.execute(text(f"DROP INDEX {index}"))


def _open_hold(db: Session, world: World, case: Application) -> None:
    db.add(
        ProtectionFlag(
            application_id=case.id,
            kind="asylum_pending",
            opened_by_id=world.users[("USA", Role.protection_officer)],
        )
    )


def _second_decision(db: Session, world: World, case: Application) -> None:
    _without(db, "uq_decisions_final")
    db.add(Decision(application_id=case.id, kind="reject", reason="raced"))


def _second_manifest(db: Session, world: World, case: Application) -> None:
    _without(db, "uq_transfer_cases_live")
    first = db.query(TransferCase).filter_by(application_id=case.id).one().transfer
    columns = ("requesting_state", "requested_state", "kind", "carrier", "route", "departure_at")
    other = Transfer(**{c: getattr(first, c) for c in columns}, flight_number="CA982")
    db.add(other)
    db.flush()
    db.add(TransferCase(transfer_id=other.id, application_id=case.id))


def _second_document(db: Session, world: World, case: Application) -> None:
    _without(db, "uq_travel_documents_valid")
    first = db.query(TravelDocument).filter_by(application_id=case.id).one()
    db.execute(
        update(TravelDocument)
        .where(TravelDocument.id == first.id)
        .values(number="R99999999", revoked_at=None)
    )
    db.add(
        TravelDocument(
            **{
                c: getattr(first, c)
                for c in ("issuing_state", "mrz_line1", "mrz_line2", "seal", "signer_reference")
            },
            application_id=case.id,
            number="R99999998",
            route=first.route,
            issued_on=first.issued_on,
            valid_until=first.valid_until,
        )
    )


def _status(**values: object) -> Callable[[Session, World, Application], None]:
    def corrupt(db: Session, world: World, case: Application) -> None:
        db.execute(update(Application).where(Application.id == case.id).values(**values))

    return corrupt


def _altered_audit(db: Session, world: World, case: Application) -> None:
    db.execute(
        update(AuditEvent)
        .where(AuditEvent.application_id == case.id)
        .values(actor_email="someone.else@example")
    )


CASES = [
    ("open hold", Status.confirmed, _open_hold),
    ("two decisions", Status.confirmed, _second_decision),
    ("two manifests", Status.transfer_scheduled, _second_manifest),
    ("two travel documents", Status.travel_document_issued, _second_document),
    ("suspension", Status.confirmed, _status(status="suspended")),
    ("submission", Status.received, _status(submitted_at=None)),
    ("flight", Status.confirmed, _status(status="departed")),
    ("timeline", Status.under_verification, _status(status="confirmed", confirmed_at=utcnow())),
    ("audit chain", Status.submitted, _altered_audit),
]


@pytest.mark.parametrize(("rule", "status", "corrupt"), CASES, ids=[c[0] for c in CASES])
def test_each_broken_rule_is_named(
    db: Session,
    world: World,
    rule: str,
    status: Status,
    corrupt: Callable[[Session, World, Application], None],
) -> None:
    case = make_case(db, world, status=status)
    db.commit()
    corrupt(db, world, case)
    db.flush()
    found = check(session=db)
    assert rule in {v.rule for v in found}, [str(v) for v in found]
    if rule != "audit chain":
        assert any(v.rule == rule and v.where == case.reference for v in found)
