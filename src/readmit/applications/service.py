"""Create, read, list and move applications; every change is audited in its transaction."""

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, lazyload, selectinload

from readmit.agreements import service as agreements
from readmit.agreements.deadlines import (
    Deadline,
    arrival_notice_deadline,
    reply_deadline,
    transfer_deadline,
    travel_document_deadline,
)
from readmit.agreements.models import Agreement
from readmit.applications import lifecycle
from readmit.applications.enums import (
    DEEMABLE,
    REPLY_PENDING,
    TERMINAL,
    NameSource,
    Procedure,
    Status,
)
from readmit.applications.idchecks import document_row
from readmit.applications.models import (
    Application,
    IdempotencyKey,
    PersonName,
    TimelineEvent,
)
from readmit.applications.schemas import (
    ApplicationCreate,
    DocumentPublic,
    NameIn,
    ParentsIn,
    PersonIn,
    PersonPublic,
    TimelineEventPublic,
)
from readmit.applications.validation import check_person
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.documents.national_ids import NumberCheck
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import N_, _, gettext
from readmit.labels import STATUSES
from readmit.protection import service as protection
from readmit.search import keys as search_keys
from readmit.tenancy.models import Authority
from readmit.tenancy.service import authority_ids, is_requesting_side, visible_to

STATUS_LABELS = {s: STATUSES[s.value] for s in Status}
SUSPENDED_FOR_REQUESTED = N_("Suspended by the requesting state")


def status_label(*, application: Application, user: User) -> str:
    """The status as this user may see it."""
    if application.status == Status.suspended and not is_requesting_side(user, application):
        return gettext(SUSPENDED_FOR_REQUESTED)
    return gettext(STATUS_LABELS[Status(application.status)])


def get_agreement(*, session: Session, requesting: str, requested: str) -> Agreement | None:
    """The agreement in force between two states, in that direction."""
    return agreements.find(session=session, requesting=requesting, requested=requested)


def _request_hash(payload: ApplicationCreate) -> str:
    return hashlib.sha256(payload.model_dump_json().encode()).hexdigest()


def create(
    *, session: Session, actor: User, payload: ApplicationCreate, idempotency_key: str | None = None
) -> tuple[Application, bool]:
    """Open a draft application; returns (application, created) honouring idempotency keys."""
    if not actor.has_role(Role.case_officer, Role.supervisor):
        raise Forbidden(_("only case officers and supervisors open applications"))
    if idempotency_key:
        previous = session.scalars(
            select(IdempotencyKey).where(
                IdempotencyKey.user_id == actor.id, IdempotencyKey.key == idempotency_key
            )
        ).first()
        if previous is not None:
            if previous.request_hash != _request_hash(payload):
                raise Conflict(_("this Idempotency-Key was already used with a different body"))
            return get(session=session, user=actor, application_id=previous.application_id), False
    agreement = get_agreement(
        session=session, requesting=actor.state_code, requested=payload.requested_state
    )
    if agreement is None:
        raise Invalid(
            [
                FieldProblem(
                    ("requested_state",),
                    _(
                        "no readmission agreement between {requesting} and {requested}",
                        requesting=actor.state_code,
                        requested=payload.requested_state,
                    ),
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
        agreement_version=agreement.version,
        status=Status.draft,
        procedure=payload.procedure,
        created_by_id=actor.id,
        evidence_tier=agreement.terms.evidence_tier(d.type for d in person.documents),
    )
    apply_person(application, person)
    session.add(application)
    session.flush()
    year = application.created_at.year
    application.reference = (
        f"{application.requesting_state}-{application.requested_state}-{year}-{application.id:06d}"
    )
    search_keys.index_application(session=session, application=application)
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


def apply_person(application: Application, person: PersonIn) -> None:
    """Record the particulars on the application (names and documents replaced)."""
    application.names = [
        PersonName(position=i, family=n.family, given=n.given, source=n.source)
        for i, n in enumerate(person.names)
    ]
    application.documents = [document_row(d, person) for d in person.documents]
    application.sex = person.sex
    application.birth_date = person.birth_date
    application.birth_place = person.birth_place
    application.nationality_claimed = person.nationality_claimed
    application.mother_name = person.parents.mother if person.parents else None
    application.father_name = person.parents.father if person.parents else None
    application.past_addresses = list(person.past_addresses)


def person_of(application: Application) -> PersonPublic:
    """The particulars in the identity engine's shape, documents with their checks."""
    parents = None
    if application.mother_name or application.father_name:
        parents = ParentsIn(mother=application.mother_name, father=application.father_name)
    return PersonPublic.model_construct(
        names=[
            NameIn.model_construct(family=n.family, given=n.given, source=NameSource(n.source))
            for n in application.names
        ],
        sex=application.sex,  # type: ignore[arg-type]
        birth_date=application.birth_date,
        birth_place=application.birth_place,
        nationality_claimed=application.nationality_claimed,
        documents=[
            DocumentPublic.model_construct(
                type=d.type,  # type: ignore[arg-type]
                number=d.number,
                issuing_state=d.issuing_state,
                mrz=d.mrz,
                number_check=NumberCheck(d.number_check) if d.number_check else None,
                number_check_note=d.number_check_note,
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
        raise NotFound(_("no such application"))
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


class Clocks(Protocol):
    """What a case's deadlines are computed from (an Application, or a row of these columns)."""

    agreement_id: int
    agreement_version: int
    status: str
    procedure: str
    reply_extended: bool
    submitted_at: datetime | None
    confirmed_at: datetime | None
    departure_at: datetime | None


CLOCK_COLUMNS = (
    Application.agreement_id,
    Application.agreement_version,
    Application.status,
    Application.procedure,
    Application.reply_extended,
    Application.submitted_at,
    Application.confirmed_at,
    Application.departure_at,
)


def deadlines(*, session: Session, application: Clocks) -> list[Deadline]:
    """The deadlines currently running on an application."""
    terms = agreements.terms_for(session=session, application=application)
    if terms is None:
        return []
    status, found = application.status, []
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


@dataclass(frozen=True)
class QueuePage:
    """One page of a work queue, with the number of cases in the whole queue."""

    items: list[tuple[Application, Deadline | None]]
    total: int


def queue(
    *,
    session: Session,
    user: User,
    now: datetime | None = None,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueuePage:
    """The user's work queue (open cases, or those in `statuses`): overdue first, then by
    nearest deadline, one page of it. Every open case is ranked; only the page's rows get
    their names loaded."""
    now = now or utcnow()
    condition = visible_to(user) & Application.status.not_in(TERMINAL)
    if statuses is not None:
        condition &= Application.status.in_(list(statuses))
    # Ranking reads only the columns the clocks need; whole cases are loaded for the page.
    rows = session.execute(select(Application.id, *CLOCK_COLUMNS).where(condition)).all()
    far = datetime.max.replace(tzinfo=now.tzinfo)
    ranked = []
    for row in rows:
        running = deadlines(session=session, application=row)
        nearest = min(running, key=lambda d: d.due) if running else None
        ranked.append((nearest.due if nearest else far, row.id, nearest))
    ranked.sort(key=lambda item: item[:2])
    page = ranked[offset : None if limit is None else offset + limit]
    loaded = {
        a.id: a
        for a in session.scalars(
            select(Application)
            .options(selectinload(Application.names), lazyload(Application.documents))
            .where(Application.id.in_([i for _due, i, _near in page]))
        )
    }
    items = [(loaded[i], nearest) for _due, i, nearest in page]
    audit.record(
        session=session,
        actor=user,
        action="queue.read",
        entity="application",
        detail={"count": len(items), "total": len(ranked), "offset": offset},
    )
    return QueuePage(items, len(ranked))


def transition(
    *,
    session: Session,
    user: User | None,
    application: Application,
    action: str,
    reason_code: str | None = None,
    note: str | None = None,
) -> TimelineEvent:
    """Take a lifecycle step as this user (None: a system step, audited for both parties)."""
    event = lifecycle.apply(
        session=session,
        application=application,
        action=action,
        actor=user,
        reason_code=reason_code,
        note=note,
    )
    detail = {"from": event.from_status, "to": event.to_status, "reason_code": reason_code}
    if user is None:
        audit.record_for(
            session=session,
            authority_ids=authority_ids(
                session=session,
                states=(application.requesting_state, application.requested_state),
            ),
            action=f"application.{action}",
            entity="application",
            entity_id=application.id,
            application_id=application.id,
            detail=detail,
        )
    else:
        audit.record(
            session=session,
            actor=user,
            action=f"application.{action}",
            entity="application",
            entity_id=application.id,
            application_id=application.id,
            detail=detail,
        )
    return event


def extend_reply(*, session: Session, user: User, application: Application) -> None:
    """The requested state takes the agreement's one extension of the reply deadline."""
    if user.state_code != application.requested_state or not user.has_role(*lifecycle.VERIFIERS):
        raise Forbidden(_("only the requested state's verifiers may extend the reply deadline"))
    lifecycle.lock(session=session, application=application)
    terms = agreements.terms_for(session=session, application=application)
    if terms is None or terms.reply_extension is None:
        raise Conflict(_("the agreement provides no extension"))
    if application.reply_extended or application.status not in REPLY_PENDING:
        raise Conflict(_("the reply deadline cannot be extended now"))
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


# Cases deemed accepted per transaction: each holds its case's lock and the writer's lock on
# SQLite until commit, so a sweep of thousands commits in batches instead of holding them all.
SWEEP_BATCH = 100


def enforce_deadlines(
    *, session: Session, now: datetime | None = None, limit: int | None = None
) -> list[Application]:
    """Apply the agreements' consequence of silence (deemed acceptance) to overdue replies,
    to at most `limit` cases (fewer changed than `limit` means none is left)."""
    now = now or utcnow()
    changed: list[Application] = []
    # Only cases under an agreement version that makes silence acceptance can be deemed
    # accepted, and only overdue ones need loading: in a large caseload the sweep reads a few
    # columns of the pending cases and locks nothing until it finds one.
    versions = session.execute(
        select(Application.agreement_id, Application.agreement_version)
        .where(Application.status.in_(DEEMABLE))
        .distinct()
    ).all()
    silent = [
        (row.agreement_id, row.agreement_version)
        for row in versions
        if (terms := agreements.terms_for(session=session, application=row)) is not None
        and terms.silence_is_acceptance
    ]
    if not silent:
        return changed
    rows = session.execute(
        select(Application.id, *CLOCK_COLUMNS)
        .where(
            Application.status.in_(DEEMABLE),
            tuple_(Application.agreement_id, Application.agreement_version).in_(silent),
        )
        .order_by(Application.id)
    ).all()
    for row in rows:
        if not _reply_overdue(session=session, application=row, now=now):
            continue
        application = session.get_one(Application, row.id)
        # A verifier may be deciding this case right now: look again under its lock.
        lifecycle.lock(session=session, application=application)
        reply = _reply_overdue(session=session, application=application, now=now)
        if application.status not in DEEMABLE or reply is None:
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
        if limit is not None and len(changed) >= limit:
            break
    return changed


def _reply_overdue(*, session: Session, application: Clocks, now: datetime) -> Deadline | None:
    """The reply deadline, when it has passed and the agreement makes silence acceptance."""
    terms = agreements.terms_for(session=session, application=application)
    if terms is None or not terms.silence_is_acceptance:
        return None
    reply = next(
        (d for d in deadlines(session=session, application=application) if d.kind == "reply"),
        None,
    )
    return reply if reply is not None and reply.overdue(now) else None


def visible_timeline(
    *, session: Session, user: User, application: Application
) -> list[TimelineEventPublic]:
    """The lifecycle steps this user may see: protection steps only for those who may see
    protection data, the requesting state's private notes only on its own side, and who
    acted only where it was the user's own state (an officer's id is not the other state's)."""
    statement = select(TimelineEvent).where(TimelineEvent.application_id == application.id)
    if not protection.can_view(user, application):
        statement = statement.where(TimelineEvent.requesting_side_only.is_(False))
    events = list(session.scalars(statement.order_by(TimelineEvent.id)))
    actors = {e.actor_id for e in events if e.actor_id is not None}
    rows = session.execute(
        select(User.id, Authority.state_code)
        .join(Authority, User.authority_id == Authority.id)
        .where(User.id.in_(actors))
    )
    state_of: dict[int | None, str] = {user_id: state for user_id, state in rows}
    requesting = is_requesting_side(user, application)
    steps = []
    for event in events:
        step = TimelineEventPublic.model_validate(event, from_attributes=True)
        state = state_of.get(event.actor_id)
        own = state == user.state_code
        step = step.model_copy(
            update={"actor_state": state, "actor_id": event.actor_id if own else None}
        )
        if not requesting and event.action in lifecycle.PRIVATE_NOTES:
            step = step.model_copy(update={"reason_code": None, "note": None})
        steps.append(step)
    return steps
