"""Write audit events into the caller's transaction, and verify the chain."""

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy import select
from sqlalchemy.orm import Session, SessionTransaction

from readmit.audit.models import GENESIS, AuditEvent, AuditHead
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update


def _digest(prev_hash: str, fields: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the event's canonical JSON."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _fields(event: Any) -> dict[str, Any]:
    """Everything the hash covers."""
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_email": event.actor_email,
        "authority_id": event.authority_id,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "application_id": event.application_id,
        "detail": event.detail,
    }


PENDING = "readmit.audit.pending"


def record(
    *,
    session: Session,
    actor: User | None,
    action: str,
    entity: str,
    entity_id: str | int | None = None,
    application_id: int | None = None,
    detail: dict[str, Any] | None = None,
    authority_id: int | None = None,
) -> AuditEvent:
    """Add an event to the caller's transaction, chained when it commits; `authority_id`
    files a system event (no actor) with the authority whose auditors must see it."""
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else None,
        authority_id=actor.authority_id if actor else authority_id,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        application_id=application_id,
        detail=detail or {},
    )
    session.info.setdefault(PENDING, []).append(event)
    return event


def record_for(
    *,
    session: Session,
    authority_ids: Iterable[int],
    action: str,
    entity: str,
    entity_id: str | int | None = None,
    application_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """A system event filed once with each authority whose auditors must see it."""
    for authority_id in dict.fromkeys(authority_ids):
        record(
            session=session,
            actor=None,
            action=action,
            entity=entity,
            entity_id=entity_id,
            application_id=application_id,
            detail=detail,
            authority_id=authority_id,
        )


@orm_event.listens_for(Session, "before_commit")
def _seal(session: Session) -> None:
    """Chain the transaction's events as it commits. The head is locked last and only for
    the commit itself, so every other lock (a case, a transfer) is always taken before it
    and writers queue on the head for milliseconds, not for a whole request."""
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    head = session.scalars(
        lock_for_update(select(AuditHead).where(AuditHead.id == 1), session)
    ).one()
    for item in pending:
        item.seq, item.prev_hash = head.seq + 1, head.hash
        item.hash = _digest(head.hash, _fields(item))
        head.seq, head.hash = item.seq, item.hash
        session.add(item)


@orm_event.listens_for(Session, "after_transaction_end")
def _discard(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ends without committing (rolled back, closed) leaves no record."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a chain verification."""

    checked: int
    first_bad_seq: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        """True when no tampering was found."""
        return self.problem is None


def _ordered(session: Session, batch: int = 5000) -> Iterator[Any]:
    """All events by sequence as plain rows, in batches so a long chain fits in memory."""
    table = AuditEvent.__table__
    last = 0
    while True:
        rows = session.execute(
            select(table).where(table.c.seq > last).order_by(table.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify_chain(*, session: Session) -> ChainReport:
    """Recompute every hash; report the first event that does not fit."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for event in _ordered(session):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return ChainReport(
                checked, event.seq, f"event {event.seq} does not link to its predecessor"
            )
        if _digest(prev_hash, _fields(event)) != event.hash:
            return ChainReport(checked, event.seq, f"event {event.seq} was altered")
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = session.get(AuditHead, 1)
    if head is None or head.seq != checked or head.hash != prev_hash:
        return ChainReport(
            checked,
            checked + 1,
            "the chain head does not match the last event (events were removed from the end)",
        )
    return ChainReport(checked, None, None)


def list_events(
    *,
    session: Session,
    authority_id: int,
    application_id: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditEvent]:
    """Events written by one authority's users, newest first."""
    statement = select(AuditEvent).where(AuditEvent.authority_id == authority_id)
    if application_id is not None:
        statement = statement.where(AuditEvent.application_id == application_id)
    statement = statement.order_by(AuditEvent.seq.desc()).limit(limit).offset(offset)
    return list(session.scalars(statement))


EXPORT_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "application_id",
    "detail",
    "hash",
)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(*, session: Session, user: User, limit: int = 10**6) -> str:
    """The user's authority's trail as CSV; the export itself is recorded."""
    rows = list_events(session=session, authority_id=user.authority_id, limit=limit)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for r in rows:
        detail = json.dumps(r.detail, ensure_ascii=False, sort_keys=True)
        writer.writerow(
            [
                _cell(v)
                for v in (
                    r.seq,
                    r.at.isoformat(),
                    r.actor_email,
                    r.action,
                    r.entity,
                    r.entity_id,
                    r.application_id,
                    detail,
                    r.hash,
                )
            ]
        )
    record(
        session=session,
        actor=user,
        action="audit.export",
        entity="audit",
        detail={"count": len(rows)},
    )
    return buffer.getvalue()
