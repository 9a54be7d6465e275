"""Write audit events into the caller's transaction, and verify the chain."""

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy import select
from sqlalchemy.orm import Session, SessionTransaction

from readmit.applications.models import Application
from readmit.audit.events import event_words
from readmit.audit.models import GENESIS, AuditEvent, AuditHead
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.i18n import _
from readmit.labels import in_sentence, label, state_name


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


@dataclass(frozen=True)
class EventFilter:
    """What an auditor narrows the trail to; a field left None does not narrow it."""

    application_id: int | None = None
    actor_id: int | None = None
    system_only: bool = False  # events no user took: deemed acceptances, agreement changes
    action: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def list_events(
    *,
    session: Session,
    authority_id: int,
    application_id: int | None = None,
    where: EventFilter | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[AuditEvent]:
    """Events written by one authority's users, newest first."""
    where = where or EventFilter(application_id=application_id)
    statement = select(AuditEvent).where(AuditEvent.authority_id == authority_id)
    if where.application_id is not None:
        statement = statement.where(AuditEvent.application_id == where.application_id)
    if where.actor_id is not None:
        statement = statement.where(AuditEvent.actor_id == where.actor_id)
    if where.system_only:
        statement = statement.where(AuditEvent.actor_id.is_(None))
    if where.action is not None:
        statement = statement.where(AuditEvent.action == where.action)
    if where.since is not None:
        statement = statement.where(AuditEvent.at >= _day_start(where.since))
    if where.until is not None:
        statement = statement.where(AuditEvent.at < _day_start(where.until + timedelta(days=1)))
    statement = statement.order_by(AuditEvent.seq.desc()).limit(limit).offset(offset)
    return list(session.scalars(statement))


def actions_filed(*, session: Session, authority_id: int) -> set[str]:
    """The kinds of event filed with an authority (its auditor's filter offers only these)."""
    statement = select(AuditEvent.action).where(AuditEvent.authority_id == authority_id)
    return set(session.scalars(statement.distinct()))


def case_id(*, session: Session, reference: str) -> int | None:
    """The id of the case with this reference, if there is one."""
    return session.scalar(select(Application.id).where(Application.reference == reference))


@dataclass(frozen=True)
class Sentence:
    """An event in words: "<actor> <before><case reference><after>", where the case
    reference (when there is one) links to the case."""

    seq: int
    at: datetime
    code: str
    actor: str
    before: str
    case_reference: str | None
    application_id: int | None
    after: str
    kind: str
    detail: dict[str, Any]


class _Blank(dict[str, str]):
    """Phrase fields an event's details do not give read as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


def _phrase_fields(detail: dict[str, Any]) -> _Blank:
    """The details a phrase may name, as words."""
    text = {key: str(value) for key, value in detail.items() if isinstance(value, str | int)}
    return _Blank(
        text
        | {
            "ground": in_sentence(label(detail.get("kind"), "protection")),
            "revoked": text.get("revoked") or _("the earlier one"),
            "answering": state_name(text.get("answering", "")),
            "partner": state_name(text.get("partner", "")),
        }
    )


def _actor(event: AuditEvent, users: dict[int, User]) -> str:
    """Who acted: "Li Na (verifier, CHN cn-nia)", the operator or the system."""
    user = users.get(event.actor_id) if event.actor_id is not None else None
    if user is not None:
        roles = ", ".join(in_sentence(label(role, "role")) for role in user.roles)
        return f"{user.full_name} ({roles}, {user.state_code} {user.authority.short_name})"
    if event.actor_email:
        return event.actor_email
    by = (event.detail or {}).get("by")
    if by == "operator":
        return _("The operator")
    return str(by) if by else _("The system")


def describe(*, session: Session, events: list[AuditEvent]) -> list[Sentence]:
    """Each event as a sentence with its actor and the case it concerns."""
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(actor_ids)))}
    case_ids = {e.application_id for e in events if e.application_id is not None}
    found = session.execute(
        select(Application.id, Application.reference).where(Application.id.in_(case_ids))
    )
    references = {case: reference for case, reference in found}
    sentences = []
    for event in events:
        words = event_words(event.action)
        phrase = words.phrase
        reference = references.get(event.application_id) if event.application_id else None
        if reference and "{case}" not in phrase:
            # i18n: {phrase} is an event phrase such as "read the messages"; keep both names.
            phrase = _("{phrase} (case {case})").replace("{phrase}", phrase)
        elif not reference:
            # The phrase comes translated, so the words around {case} are translated too; a
            # translation worded otherwise still loses its {case} and reads whole.
            # i18n: as the event phrases name a case ("submitted case {case}"); "a case" replaces
            # i18n: it when the case is not shown. A trailing space also drops the one after it.
            phrase = phrase.replace(_("case {case}"), _("a case")).replace("{case}", "")
        before, _sep, after = phrase.partition("{case}")
        fields = _phrase_fields(event.detail or {})
        sentences.append(
            Sentence(
                seq=event.seq,
                at=event.at,
                code=event.action,
                actor=_actor(event, users),
                before=" ".join(before.format_map(fields).split()) + (" " if reference else ""),
                case_reference=reference,
                application_id=event.application_id if reference else None,
                after=after.format_map(fields).rstrip(),
                kind=words.kind,
                detail=event.detail or {},
            )
        )
    return sentences


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
