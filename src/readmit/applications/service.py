"""Create, read, list and move applications; every change is audited in its transaction."""

import hashlib
import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.agreements.deadlines import (
    Deadline,
    arrival_notice_deadline,
    reply_deadline,
    transfer_deadline,
    travel_document_deadline,
)
from readmit.agreements.models import Agreement
from readmit.applications import lifecycle
from readmit.applications.enums import NameSource, Procedure, Status
from readmit.applications.models import (
    Application,
    Document,
    IdempotencyKey,
    PersonName,
    TimelineEvent,
)
from readmit.applications.schemas import (
    ApplicationCreate,
    DocumentIn,
    NameIn,
    ParentsIn,
    PersonIn,
    TimelineEventPublic,
)
from readmit.applications.validation import check_person
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.protection import service as protection
from readmit.tenancy.service import is_requesting_side, visible_to

STATUS_LABELS = {s: s.value.replace("_", " ").capitalize() for s in Status}
SUSPENDED_FOR_REQUESTED = "Suspended by the requesting state"
REPLY_PENDING = frozenset(
    {Status.submitted, Status.received, Status.under_verification, Status.more_info_requested}
)


def status_label(*, application: Application, user: User) -> str:
    """The status as this user may see it."""
    if application.status == Status.suspended and not is_requesting_side(user, application):
        return SUSPENDED_FOR_REQUESTED
    return STATUS_LABELS[Status(application.status)]


def get_agreement(*, session: Session, requesting: str, requested: str) -> Agreement | None:
    """The agreement in force between two states, in that direction."""
    return session.scalars(
        select(Agreement).where(
            Agreement.requesting_state == requesting, Agreement.requested_state == requested
        )
    ).first()


def _request_hash(payload: ApplicationCreate) -> str:
    return hashlib.sha256(payload.model_dump_json().encode()).hexdigest()


def create(
    *, session: Session, actor: User, payload: ApplicationCreate, idempotency_key: str | None = None
) -> tuple[Application, bool]:
    """Open a draft application; returns (application, created) honouring idempotency keys."""
    if not actor.has_role(Role.case_officer, Role.supervisor):
        raise Forbidden("only case officers and supervisors open applications")
    if idempotency_key:
        previous = session.scalars(
            select(IdempotencyKey).where(
                IdempotencyKey.user_id == actor.id, IdempotencyKey.key == idempotency_key
            )
        ).first()
        if previous is not None:
            if previous.request_hash != _request_hash(payload):
                raise Conflict("this Idempotency-Key was already used with a different body")
            return get(session=session, user=actor, application_id=previous.application_id), False
    agreement = get_agreement(
        session=session, requesting=actor.state_code, requested=payload.requested_state
    )
    if agreement is None:
        raise Invalid(
            [
                FieldProblem(
                    ("requested_state",),
                    f"no readmission agreement between {actor.state_code} and "
                    f"{payload.requested_state}",
                )
            ]
        )
    if problems := check_person(payload.person):
        raise Invalid(problems)
    person = payload.person
    application = Application(
        reference=uuid.uuid4().hex[:20],
        requesting_state=actor.state_code,
        requested_state=payload.requested_state,
        requesting_authority_id=actor.authority_id,
        agreement_id=agreement.id,
        status=Status.draft,
        procedure=payload.procedure,
        created_by_id=actor.id,
        evidence_tier=agreement.terms.evidence_tier(d.type for d in person.documents),
    )
    _apply_person(application, person)
    session.add(application)
    session.flush()
    year = application.created_at.year
    application.reference = (
        f"{application.requesting_state}-{application.requested_state}-{year}-{application.id:06d}"
    )
    if idempotency_key:
        session.add(
            IdempotencyKey(
                user_id=actor.id,
                key=idempotency_key,
                request_hash=_request_hash(payload),
                application_id=application.id,
            )
        )
    session.add(
        TimelineEvent(
            application_id=application.id,
            actor_id=actor.id,
            action="create",
            to_status=Status.draft,
        )
    )
    audit.record(
        session=session,
        actor=actor,
        action="application.create",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
        detail={"reference": application.reference, "requested_state": application.requested_state},
    )
    return application, True


def _apply_person(application: Application, person: PersonIn) -> None:
    application.names = [
        PersonName(position=i, family=n.family, given=n.given, source=n.source)
        for i, n in enumerate(person.names)
    ]
    application.documents = [
        Document(type=d.type, number=d.number, issuing_state=d.issuing_state, mrz=d.mrz)
        for d in person.documents
    ]
    application.sex = person.sex
    application.birth_date = person.birth_date
    application.birth_place = person.birth_place
    application.nationality_claimed = person.nationality_claimed
    application.mother_name = person.parents.mother if person.parents else None
    application.father_name = person.parents.father if person.parents else None
    application.past_addresses = list(person.past_addresses)


def person_of(application: Application) -> PersonIn:
    """The particulars in the identity engine's shape."""
    parents = None
    if application.mother_name or application.father_name:
        parents = ParentsIn(mother=application.mother_name, father=application.father_name)
    return PersonIn.model_construct(
        names=[
            NameIn.model_construct(family=n.family, given=n.given, source=NameSource(n.source))
            for n in application.names
        ],
        sex=application.sex,  # type: ignore[arg-type]
        birth_date=application.birth_date,
        birth_place=application.birth_place,
        nationality_claimed=application.nationality_claimed,
        documents=[
            DocumentIn.model_construct(
                type=d.type,  # type: ignore[arg-type]
                number=d.number,
                issuing_state=d.issuing_state,
                mrz=d.mrz,
            )
            for d in application.documents
        ],
        parents=parents,
        past_addresses=list(application.past_addresses or []),
    )


def get(*, session: Session, user: User, application_id: int) -> Application:
    """An application the user may see, or NotFound (never a hint that it exists)."""
    application = session.scalars(
        select(Application).where(Application.id == application_id, visible_to(user))
    ).first()
    if application is None:
        raise NotFound("no such application")
    return application


def read(*, session: Session, user: User, application_id: int) -> Application:
    """Get an application for display, recording the read of personal data."""
    application = get(session=session, user=user, application_id=application_id)
    audit.record(
        session=session,
        actor=user,
        action="application.read",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
    )
    return application


def deadlines(*, session: Session, application: Application) -> list[Deadline]:
    """The deadlines currently running on an application."""
    agreement = session.get(Agreement, application.agreement_id)
    if agreement is None:
        return []
    terms, status, found = agreement.terms, application.status, []
    if status in REPLY_PENDING and application.submitted_at:
        found.append(
            reply_deadline(
                terms=terms,
                submitted_at=application.submitted_at,
                extended=application.reply_extended,
                accelerated=application.procedure == Procedure.accelerated,
            )
        )
    if status == Status.confirmed and application.confirmed_at:
        found.append(travel_document_deadline(terms=terms, confirmed_at=application.confirmed_at))
    if status in (Status.confirmed, Status.travel_document_issued) and application.confirmed_at:
        found.append(transfer_deadline(terms=terms, confirmed_at=application.confirmed_at))
    if status == Status.transfer_scheduled and application.departure_at:
        found.append(arrival_notice_deadline(terms=terms, departure_at=application.departure_at))
    return found


def list_visible(
    *, session: Session, user: User, status: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[Application], int]:
    """Applications the user may see, newest first, with the total count."""
    condition = visible_to(user)
    if status:
        condition = condition & (Application.status == status)
    total = session.scalar(select(func.count()).select_from(Application).where(condition)) or 0
    rows = session.scalars(
        select(Application)
        .where(condition)
        .order_by(Application.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    audit.record(
        session=session,
        actor=user,
        action="application.list",
        entity="application",
        detail={"count": len(rows), "status": status},
    )
    return list(rows), total


def queue(
    *, session: Session, user: User, now: datetime | None = None
) -> list[tuple[Application, Deadline | None]]:
    """The user's work queue: open cases, overdue first, then by nearest deadline."""
    now = now or utcnow()
    closed = (Status.closed, Status.withdrawn)
    rows = session.scalars(
        select(Application).where(visible_to(user), Application.status.not_in(closed))
    ).all()
    items = []
    for application in rows:
        running = deadlines(session=session, application=application)
        items.append((application, min(running, key=lambda d: d.due) if running else None))
    far = datetime.max.replace(tzinfo=now.tzinfo)
    items.sort(key=lambda item: (item[1].due if item[1] else far, item[0].id))
    audit.record(
        session=session,
        actor=user,
        action="queue.read",
        entity="application",
        detail={"count": len(items)},
    )
    return items


def transition(
    *,
    session: Session,
    user: User | None,
    application: Application,
    action: str,
    reason_code: str | None = None,
    note: str | None = None,
    authority_id: int | None = None,
) -> TimelineEvent:
    """Take a lifecycle step as this user (None: a system step, audited for `authority_id`)."""
    event = lifecycle.apply(
        session=session,
        application=application,
        action=action,
        actor=user,
        reason_code=reason_code,
        note=note,
    )
    audit.record(
        session=session,
        actor=user,
        action=f"application.{action}",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
        detail={"from": event.from_status, "to": event.to_status, "reason_code": reason_code},
        authority_id=authority_id,
    )
    return event


def extend_reply(*, session: Session, user: User, application: Application) -> None:
    """The requested state takes the agreement's one extension of the reply deadline."""
    if user.state_code != application.requested_state or not user.has_role(*lifecycle.VERIFIERS):
        raise Forbidden("only the requested state's verifiers may extend the reply deadline")
    agreement = session.get(Agreement, application.agreement_id)
    if agreement is None or agreement.terms.reply_extension is None:
        raise Conflict("the agreement provides no extension")
    if application.reply_extended or application.status not in REPLY_PENDING:
        raise Conflict("the reply deadline cannot be extended now")
    application.reply_extended = True
    session.add(
        TimelineEvent(
            application_id=application.id,
            actor_id=user.id,
            action="extend_reply",
            reason_code="agreement_extension",
        )
    )
    audit.record(
        session=session,
        actor=user,
        action="application.extend_reply",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
    )


def enforce_deadlines(*, session: Session, now: datetime | None = None) -> list[Application]:
    """Apply the agreements' consequence of silence (deemed acceptance) to overdue replies."""
    now = now or utcnow()
    changed = []
    pending = session.scalars(
        select(Application).where(
            Application.status.in_([Status.submitted, Status.received, Status.under_verification])
        )
    ).all()
    for application in pending:
        agreement = session.get(Agreement, application.agreement_id)
        if agreement is None or not agreement.terms.silence_is_acceptance:
            continue
        reply = next(
            (d for d in deadlines(session=session, application=application) if d.kind == "reply"),
            None,
        )
        if reply is None or not reply.overdue(now):
            continue
        transition(
            session=session,
            user=None,
            application=application,
            action="deem_accepted",
            reason_code="deemed_acceptance",
            note=f"no reply by {reply.due.date().isoformat()}",
        )
        changed.append(application)
    return changed


def visible_timeline(
    *, session: Session, user: User, application: Application
) -> list[TimelineEventPublic]:
    """The lifecycle steps this user may see: protection steps only for those who may see
    protection data, and the requesting state's private notes only on its own side."""
    statement = select(TimelineEvent).where(TimelineEvent.application_id == application.id)
    if not protection.can_view(user, application):
        statement = statement.where(TimelineEvent.requesting_side_only.is_(False))
    requesting = is_requesting_side(user, application)
    steps = []
    for event in session.scalars(statement.order_by(TimelineEvent.id)):
        step = TimelineEventPublic.model_validate(event, from_attributes=True)
        if not requesting and event.action in lifecycle.PRIVATE_NOTES:
            step = step.model_copy(update={"reason_code": None, "note": None})
        steps.append(step)
    return steps
