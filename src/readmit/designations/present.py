"""Designations as the API and the pages show them: one designation with its entity, its
links both ways, its evidence, its history and the steps open to the reader."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.designations import evidence, lifecycle, service
from readmit.designations.models import Designation, DesignationStatus, Entity
from readmit.designations.schemas import (
    DesignationPublic,
    DesignationSummary,
    EntityPublic,
    EntityRef,
    EvidencePublic,
    HistoryItem,
    LinkPublic,
)

Latest = dict[int, tuple[int, str]]  # entity id: (its latest designation, its status)


def ref(entity: Entity, latest: Latest) -> EntityRef:
    """An entity named in a list or at a link's end, with its latest designation."""
    designation_id, status = latest.get(entity.id, (None, None))
    return EntityRef(
        id=entity.id,
        ftm_id=entity.ftm_id,
        schema_name=entity.schema,
        caption=entity.caption,
        designation_id=designation_id,
        status=DesignationStatus(status) if status else None,
    )


def summary(designation: Designation, entity: Entity) -> DesignationSummary:
    """A designation as lists show it."""
    return DesignationSummary(
        id=designation.id,
        status=DesignationStatus(designation.status),
        entity=ref(entity, {entity.id: (designation.id, designation.status)}),
        legal_basis=designation.legal_basis,
        starts_on=designation.starts_on,
        ends_on=designation.ends_on,
        review_due=designation.review_due,
        proposed_at=designation.proposed_at,
    )


def designation(*, session: Session, user: User, designation: Designation) -> DesignationPublic:
    """The whole designation, as the reader may act on it."""
    entity = service.entity_of(session, designation)
    links = service.links_of(session=session, entity=entity)
    ends = [end.id for _link, subject, obj in links for end in (subject, obj)]
    statuses = service.latest_designations(session, [entity.id, *ends])
    ids = [i for i in (designation.proposed_by_id, designation.decided_by_id) if i is not None]
    names = dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    events = service.history(session=session, designation=designation)
    return DesignationPublic(
        id=designation.id,
        state=designation.state_code,
        status=DesignationStatus(designation.status),
        legal_basis=designation.legal_basis,
        reason=designation.reason,
        starts_on=designation.starts_on,
        ends_on=designation.ends_on,
        review_due=designation.review_due,
        proposed_by=names.get(designation.proposed_by_id, ""),
        proposed_at=designation.proposed_at,
        decided_by=names.get(designation.decided_by_id) if designation.decided_by_id else None,
        decided_at=designation.decided_at,
        decision_note=designation.decision_note,
        reviewed_at=designation.reviewed_at,
        delisted_at=designation.delisted_at,
        delisting_reason=designation.delisting_reason,
        entity=EntityPublic(
            **ref(entity, statuses).model_dump(),
            properties=entity.properties,
            updated_at=entity.updated_at,
        ),
        links=[
            LinkPublic(
                id=link.id,
                ftm_id=link.ftm_id,
                schema_name=link.schema,
                properties=link.properties,
                subject=ref(subject, statuses),
                object=ref(obj, statuses),
            )
            for link, subject, obj in links
        ],
        evidence=[
            EvidencePublic(
                id=item.id,
                filename=item.filename,
                media_type=item.media_type,
                size=item.size,
                sha256=item.sha256,
                description=item.description,
                uploaded_by=name,
                uploaded_at=item.uploaded_at,
            )
            for item, name in evidence.list_for(session=session, designation=designation)
        ],
        history=[
            HistoryItem(at=e.at, action=e.action, actor=e.actor_email, detail=e.detail or {})
            for e in events
        ],
        steps=[step.value for step in lifecycle.open_to(designation, user)],
    )
