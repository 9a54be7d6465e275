"""Screenings, hits and judgements as the API, the CLI and the pages give them: entities by
caption, users by e-mail address, hits best first."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.designations.models import Entity
from readmit.screening.models import Judgement, Screening, ScreeningHit
from readmit.screening.schemas import (
    EntityPublic,
    FeaturePublic,
    HitDetail,
    HitPublic,
    JudgementPublic,
    PathStepPublic,
    ReviewItem,
    ScreeningPublic,
    ScreeningQuery,
    ScreeningSummary,
)
from readmit.screening.subjects import display_name


def history(*, session: Session, screening: Screening, entity_id: int) -> list[Judgement]:
    """Every judgement on the pair (the screening's subject, the entity), retired ones
    included, oldest first."""
    return list(
        session.scalars(
            select(Judgement)
            .where(
                Judgement.state_code == screening.state_code,
                Judgement.subject_key == screening.subject_key,
                Judgement.entity_id == entity_id,
            )
            .order_by(Judgement.judged_at, Judgement.id)
        )
    )


def _emails(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.email).where(User.id.in_(wanted))).all())


def hits_public(session: Session, hits: list[ScreeningHit]) -> dict[int, HitPublic]:
    """Each hit as the API gives it, by id."""
    ids = {h.entity_id for h in hits} | {h.designated_entity_id for h in hits}
    entities = {
        e.id: EntityPublic(id=e.id, ftm_id=e.ftm_id, ftm_schema=e.schema, caption=e.caption)
        for e in (session.scalars(select(Entity).where(Entity.id.in_(ids))) if ids else [])
    }
    emails = _emails(session, {h.reviewed_by_id for h in hits})
    return {
        h.id: HitPublic(
            id=h.id,
            entity=entities[h.entity_id],
            designated_entity=entities[h.designated_entity_id],
            through_link=h.entity_id != h.designated_entity_id,
            score=h.score,
            features=[FeaturePublic(**f) for f in h.features],
            path=[_step(step) for step in h.path],
            status=h.status,  # type: ignore[arg-type]
            reviewed_by=emails.get(h.reviewed_by_id) if h.reviewed_by_id else None,
            reviewed_at=h.reviewed_at,
        )
        for h in hits
    }


def _step(step: dict[str, Any]) -> PathStepPublic:
    return PathStepPublic(
        entity_id=step["entity_id"],
        ftm_schema=step["schema"],
        caption=step["caption"],
        link=step.get("link"),
    )


def public(*, session: Session, screening: Screening, hits: list[ScreeningHit]) -> ScreeningPublic:
    """A screening as the API gives it, its hits best first."""
    shown = hits_public(session, hits)
    ordered = sorted(hits, key=lambda h: (-h.score, h.id))
    emails = _emails(session, {screening.screened_by_id})
    return ScreeningPublic(
        id=screening.id,
        kind=screening.kind,  # type: ignore[arg-type]
        subject_key=screening.subject_key,
        query=ScreeningQuery.model_validate(screening.query),
        reference=screening.reference,
        source=screening.source,
        screened_by=emails.get(screening.screened_by_id or 0),
        screened_at=screening.screened_at,
        hits=[shown[h.id] for h in ordered],
    )


def summary(screening: Screening) -> ScreeningSummary:
    """A screening as the list shows it."""
    query = ScreeningQuery.model_validate(screening.query)
    return ScreeningSummary(
        id=screening.id,
        kind=screening.kind,  # type: ignore[arg-type]
        name=display_name(query),
        reference=screening.reference,
        source=screening.source,
        screened_at=screening.screened_at,
        hit_count=screening.hit_count,
    )


def detail(*, session: Session, hit: ScreeningHit, screening: Screening) -> HitDetail:
    """A hit with its screening's query and the history of judgements on its pair."""
    judgements = history(session=session, screening=screening, entity_id=hit.entity_id)
    people: set[int | None] = {j.judged_by_id for j in judgements}
    emails = _emails(session, people | {j.retired_by_id for j in judgements})
    return HitDetail(
        hit=hits_public(session, [hit])[hit.id],
        screening_id=screening.id,
        query=ScreeningQuery.model_validate(screening.query),
        reference=screening.reference,
        screened_at=screening.screened_at,
        history=[
            JudgementPublic(
                id=j.id,
                verdict=j.verdict,  # type: ignore[arg-type]
                note=j.note,
                judged_by=emails.get(j.judged_by_id),
                judged_at=j.judged_at,
                current=j.retired_at is None,
                retired_by=emails.get(j.retired_by_id) if j.retired_by_id else None,
                retired_at=j.retired_at,
            )
            for j in judgements
        ],
    )


def items(session: Session, pairs: Sequence[tuple[ScreeningHit, Screening]]) -> list[ReviewItem]:
    """Hits with the screenings they belong to, as the review lists show them."""
    shown = hits_public(session, [hit for hit, _s in pairs])
    return [
        ReviewItem(
            hit=shown[hit.id],
            screening_id=screening.id,
            query=ScreeningQuery.model_validate(screening.query),
            reference=screening.reference,
            screened_at=screening.screened_at,
        )
        for hit, screening in pairs
    ]
