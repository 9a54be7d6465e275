"""The register of designations: a state's analysts and supervisors propose a person or a
company (a FollowTheMoney entity, with its links to entities already held), a supervisor
other than the proposer approves or rejects, a supervisor reviews each designation
periodically and may delist it. Every step is audited in the caller's transaction; every
entity created or changed is re-keyed for screening at once."""

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, cast, func, or_, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role, User
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.designations import ftm, lifecycle
from readmit.designations.lifecycle import Step
from readmit.designations.models import Designation, DesignationStatus, Entity
from readmit.designations.schemas import DesignationCreate, DesignationUpdate, LinkIn
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.screening.index import index_entities
from readmit.statistics.months import months_after
from readmit.tenancy.service import held_by

READERS = (Role.analyst, Role.supervisor, Role.auditor)
PROPOSERS = (Role.analyst, Role.supervisor)
IN_FORCE = (DesignationStatus.proposed.value, DesignationStatus.designated.value)
MAX_PAGE = 200


def require_reader(user: User) -> None:
    """403 unless the user reads the register (analysts, supervisors, auditors)."""
    if not user.has_role(*READERS):
        raise Forbidden(_("Only analysts, supervisors and auditors see the designations."))


def require_proposer(user: User) -> None:
    """403 unless the user proposes designations (analysts and supervisors)."""
    if not user.has_role(*PROPOSERS):
        raise Forbidden(_("Only analysts and supervisors propose designations."))


def next_review(day: date) -> date:
    """When a review falls due after `day` (READMIT_DESIGNATION_REVIEW_MONTHS, default 12)."""
    return months_after(day, get_settings().designation_review_months)


# --- reading -----------------------------------------------------------------------------


def get(*, session: Session, user: User, designation_id: int) -> Designation:
    """One of the user's state's designations; NotFound for another state's or none."""
    require_reader(user)
    found = session.scalar(
        select(Designation).where(
            Designation.id == designation_id, held_by(user, Designation.state_code)
        )
    )
    if found is None:
        raise NotFound(_("No designation {id}.", id=designation_id))
    return found


def get_entity(*, session: Session, user: User, entity_id: int) -> Entity:
    """One of the user's state's entities; NotFound otherwise."""
    require_reader(user)
    found = session.scalar(
        select(Entity).where(Entity.id == entity_id, held_by(user, Entity.state_code))
    )
    if found is None:
        raise NotFound(_("No entity {id} in your register.", id=entity_id))
    return found


def entity_of(session: Session, designation: Designation) -> Entity:
    """The designated entity."""
    entity = session.get(Entity, designation.entity_id)
    assert entity is not None  # a foreign key
    return entity


def _matching(text: str) -> ColumnElement[bool]:
    """Entities whose caption or any property value contains `text` (any case, any
    script): properties are JSON text with non-ASCII escaped, so the needle is too."""
    escaped = json.dumps(text)[1:-1]
    needles = [
        needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        for needle in (text, escaped)
    ]
    return or_(
        Entity.caption.ilike(f"%{needles[0]}%", escape="\\"),
        cast(Entity.properties, String).ilike(f"%{needles[1]}%", escape="\\"),
    )


def search(
    *,
    session: Session,
    user: User,
    status: DesignationStatus | None = None,
    schema: str | None = None,
    q: str | None = None,
    due_by: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[tuple[Designation, Entity]], int]:
    """The state's designations with their entities, newest first, and how many match;
    `due_by`: designations in force whose review is due by that day, soonest first."""
    require_reader(user)
    filters: list[ColumnElement[bool]] = [held_by(user, Designation.state_code)]
    if status is not None:
        filters.append(Designation.status == status.value)
    if schema:
        filters.append(Entity.schema == schema)
    if q:
        filters.append(_matching(q))
    if due_by is not None:
        filters.append(Designation.status == DesignationStatus.designated.value)
        filters.append(Designation.review_due <= due_by)
    joined = select(Designation, Entity).join(Entity, Entity.id == Designation.entity_id)
    total = session.scalar(
        select(func.count())
        .select_from(Designation)
        .join(Entity, Entity.id == Designation.entity_id)
        .where(*filters)
    )
    order = (
        (Designation.review_due, Designation.id) if due_by is not None else (Designation.id.desc(),)
    )
    rows = session.execute(
        joined.where(*filters).order_by(*order).limit(min(limit, MAX_PAGE)).offset(offset)
    ).all()
    return [(d, e) for d, e in rows], int(total or 0)


def find_entities(*, session: Session, user: User, q: str, limit: int = 20) -> list[Entity]:
    """People and organisations of the register whose names contain `q` (to link to)."""
    require_reader(user)
    return list(
        session.scalars(
            select(Entity)
            .where(
                held_by(user, Entity.state_code),
                Entity.schema.not_in(ftm.LINKS),
                _matching(q),
            )
            .order_by(Entity.caption, Entity.id)
            .limit(limit)
        )
    )


def latest_designations(session: Session, entity_ids: list[int]) -> dict[int, tuple[int, str]]:
    """(id, status) of each entity's latest designation (entities never designated absent)."""
    if not entity_ids:
        return {}
    latest = (
        select(Designation.entity_id, func.max(Designation.id).label("last"))
        .where(Designation.entity_id.in_(entity_ids))
        .group_by(Designation.entity_id)
        .subquery()
    )
    rows = session.execute(
        select(Designation.entity_id, Designation.id, Designation.status).join(
            latest, Designation.id == latest.c.last
        )
    )
    return {entity_id: (found, status) for entity_id, found, status in rows}


def links_of(*, session: Session, entity: Entity) -> list[tuple[Entity, Entity, Entity]]:
    """(link, subject, object) for every link to or from the entity."""
    links = list(
        session.scalars(
            select(Entity)
            .where(
                Entity.state_code == entity.state_code,
                or_(Entity.subject_id == entity.id, Entity.object_id == entity.id),
            )
            .order_by(Entity.schema, Entity.id)
        )
    )
    ends = {end for link in links for end in (link.subject_id, link.object_id) if end is not None}
    rows = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(ends)))}
    return [
        (link, rows[link.subject_id], rows[link.object_id])
        for link in links
        if link.subject_id in rows and link.object_id in rows
    ]


READS = ("designation.read", "designation.evidence_download")


def history(*, session: Session, designation: Designation) -> list[AuditEvent]:
    """The audited steps on the designation, oldest first, those of the transaction under
    way included (they join the trail when it commits)."""
    key = str(designation.id)
    sealed = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.entity == "designation",
            AuditEvent.entity_id == key,
            AuditEvent.action.not_in(READS),
        )
        .order_by(AuditEvent.seq)
    )
    pending = [
        event
        for event in session.info.get(audit.PENDING, [])
        if event.entity == "designation" and event.entity_id == key and event.action not in READS
    ]
    return [*sealed, *pending]


def record_read(*, session: Session, user: User, designation: Designation) -> None:
    """Audit a read of the designation."""
    _audit(session, user, "designation.read", designation)


def record_list(*, session: Session, user: User, count: int) -> None:
    """Audit a read of the list."""
    audit.record(
        session=session,
        actor=user,
        action="designation.list",
        entity="designation",
        detail={"count": count},
    )


# --- proposing and editing ---------------------------------------------------------------


def _audit(
    session: Session, user: User, action: str, designation: Designation, **detail: Any
) -> None:
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="designation",
        entity_id=designation.id,
        detail={"designation": designation.id, **detail},
    )


def store(session: Session, state: str, proxy: Any, **ends: int) -> Entity:
    """A new entity row of the state from a cleaned FtM entity (`ends`: subject_id and
    object_id of a link)."""
    entity = Entity(
        state_code=state,
        ftm_id=proxy.id,
        schema=proxy.schema.name,
        caption=ftm.caption(proxy),
        properties=proxy.to_dict()["properties"],
        **ends,
    )
    session.add(entity)
    return entity


def _link(session: Session, user: User, entity: Entity, link: LinkIn, index: int) -> Entity:
    """A new link between the proposed entity and one the state holds."""
    loc: tuple[str | int, ...] = ("body", "links", index)
    schema = ftm.schema_of(link.schema_name)
    assert schema is not None  # a LinkSchema
    source, target = ftm.link_ends(schema)
    if link.this_is not in (source, target):
        problem = _(
            "a {schema} joins a {source} and a {target}",
            schema=link.schema_name,
            source=source,
            target=target,
        )
        raise Invalid([FieldProblem((*loc, "this_is"), problem)])
    other = session.scalar(
        select(Entity).where(Entity.id == link.other_id, held_by(user, Entity.state_code))
    )
    if other is None or other.schema in ftm.LINKS:
        problem = _("no person or organisation {id} in your register", id=link.other_id)
        raise Invalid([FieldProblem((*loc, "other_id"), problem)])
    subject, obj = (entity, other) if link.this_is == source else (other, entity)
    for end, row in ((source, subject), (target, obj)):
        wanted = ftm.end_schema(schema, end)
        found = ftm.schema_of(row.schema)
        if found is None or wanted is None or not found.is_a(wanted):
            problem = _(
                "the {end} of a {schema} must be a {kind}",
                end=end,
                schema=link.schema_name,
                kind=getattr(wanted, "name", ""),
            )
            raise Invalid([FieldProblem((*loc, "this_is"), problem)])
    properties = dict(link.properties) | {source: [subject.ftm_id], target: [obj.ftm_id]}
    data = {"id": ftm.new_id(entity.state_code), "schema": schema.name, "properties": properties}
    proxy = ftm.checked(data, loc=loc)
    return store(session, entity.state_code, proxy, subject_id=subject.id, object_id=obj.id)


def propose(*, session: Session, user: User, payload: DesignationCreate) -> Designation:
    """Propose a designation of a new entity or of one already held, with its links; the
    entity and links are keyed for screening; audited."""
    require_proposer(user)
    state = user.state_code
    if payload.entity is not None:
        data = {
            "id": ftm.new_id(state),
            "schema": payload.entity.schema_name,
            "properties": payload.entity.properties,
        }
        if payload.entity.schema_name in ftm.LINKS:
            problem = _("propose a person or an organisation; links go in links")
            raise Invalid([FieldProblem(("body", "entity", "schema"), problem)])
        proxy = ftm.checked(data, loc=("body", "entity"))
        entity = store(session, state, proxy)
        session.flush()
    else:
        assert payload.entity_id is not None  # the schema's validator
        # Locked: two proposals of the same entity at once would both find none open.
        statement = select(Entity).where(
            Entity.id == payload.entity_id, held_by(user, Entity.state_code)
        )
        found = session.scalar(lock_for_update(statement, session))
        if found is None or found.schema in ftm.LINKS:
            problem = _("no person or organisation {id} in your register", id=payload.entity_id)
            raise Invalid([FieldProblem(("body", "entity_id"), problem)])
        entity = found
        open_one = session.scalar(
            select(Designation.id).where(
                Designation.entity_id == entity.id, Designation.status.in_(IN_FORCE)
            )
        )
        if open_one is not None:
            raise Conflict(
                _("Designation {id} of this entity is proposed or in force already.", id=open_one)
            )
    links = [_link(session, user, entity, link, i) for i, link in enumerate(payload.links)]
    designation = Designation(
        state_code=state,
        entity_id=entity.id,
        status=DesignationStatus.proposed.value,
        legal_basis=payload.legal_basis,
        reason=payload.reason,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        proposed_by_id=user.id,
    )
    session.add(designation)
    session.flush()
    changed = links if payload.entity is None else [entity, *links]
    index_entities(session=session, entities=changed)
    _audit(session, user, "designation.propose", designation, schema=entity.schema)
    return designation


def lock(session: Session, designation: Designation) -> Designation:
    """The designation, locked against a concurrent step (PostgreSQL; SQLite serialises)."""
    statement = select(Designation).where(Designation.id == designation.id)
    locked = lock_for_update(statement, session).execution_options(populate_existing=True)
    return session.scalars(locked).one()


def edit(
    *, session: Session, user: User, designation: Designation, payload: DesignationUpdate
) -> Designation:
    """Change a proposal's terms and its entity's properties (re-keyed); audited with the
    names of the fields changed."""
    designation = lock(session, designation)
    lifecycle.move(designation=designation, step=Step.edit, user=user)
    changed = sorted(payload.model_fields_set - {"properties"})
    if "legal_basis" in changed and payload.legal_basis is None:
        raise Invalid([FieldProblem(("body", "legal_basis"), _("required"))])
    for name in changed:
        value = getattr(payload, name)
        setattr(designation, name, "" if name == "reason" and value is None else value)
    starts, ends = designation.starts_on, designation.ends_on
    if starts and ends and ends < starts:
        raise Invalid([FieldProblem(("body", "ends_on"), _("ends before it starts"))])
    if payload.properties is not None:
        entity = entity_of(session, designation)
        data = {"id": entity.ftm_id, "schema": entity.schema, "properties": payload.properties}
        proxy = ftm.checked(data, loc=("body",))
        entity.properties = proxy.to_dict()["properties"]
        entity.caption = ftm.caption(proxy)
        entity.updated_at = utcnow()
        index_entities(session=session, entities=[entity])
        changed.append("properties")
    session.flush()
    _audit(session, user, "designation.edit", designation, fields=", ".join(changed))
    return designation


# --- deciding, reviewing, delisting ------------------------------------------------------


def decide(
    *,
    session: Session,
    user: User,
    designation: Designation,
    approve: bool,
    note: str = "",
    now: datetime | None = None,
) -> Designation:
    """Approve (in force from today unless it starts later; review due after the review
    interval) or reject a proposal, by a supervisor other than its proposer; audited."""
    now = now or utcnow()
    designation = lock(session, designation)
    step = Step.approve if approve else Step.reject
    lifecycle.move(designation=designation, step=step, user=user)
    designation.decided_by_id, designation.decided_at = user.id, now
    designation.decision_note = note
    if approve:
        designation.starts_on = designation.starts_on or now.date()
        designation.review_due = next_review(now.date())
    session.flush()
    _audit(session, user, f"designation.{step.value}", designation)
    return designation


def review(
    *,
    session: Session,
    user: User,
    designation: Designation,
    note: str,
    next_due: date | None = None,
    now: datetime | None = None,
) -> Designation:
    """Record the periodic review of a designation in force; the next falls due on
    `next_due` (after today) or the review interval from today; audited with the note."""
    now = now or utcnow()
    designation = lock(session, designation)
    lifecycle.move(designation=designation, step=Step.review, user=user)
    if next_due is not None and next_due <= now.date():
        raise Invalid([FieldProblem(("body", "next_review"), _("choose a day after today"))])
    designation.reviewed_at = now
    designation.review_due = next_due or next_review(now.date())
    session.flush()
    due = designation.review_due.isoformat()
    _audit(session, user, "designation.review", designation, note=note, next_review=due)
    return designation


def delist(
    *,
    session: Session,
    user: User,
    designation: Designation,
    reason: str,
    now: datetime | None = None,
) -> Designation:
    """End a designation today (supervisors); no review falls due any more; audited."""
    now = now or utcnow()
    designation = lock(session, designation)
    lifecycle.move(designation=designation, step=Step.delist, user=user)
    designation.delisted_by_id, designation.delisted_at = user.id, now
    designation.delisting_reason = reason
    if designation.ends_on is None or designation.ends_on > now.date():
        designation.ends_on = now.date()
    designation.review_due = None
    session.flush()
    _audit(session, user, "designation.delist", designation)
    return designation
