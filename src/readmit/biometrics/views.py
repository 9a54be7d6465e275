"""JSON API for partner searches (hit / no-hit)."""

from typing import Annotated

from fastapi import APIRouter, Path

from readmit.biometrics import service
from readmit.biometrics.fusion import decode_template
from readmit.biometrics.models import PartnerSearch
from readmit.biometrics.schemas import (
    DecisionIn,
    PartnerAnswer,
    PartnerSearchIn,
    PendingHit,
    TemplateIn,
    TemplateRef,
)
from readmit.biometrics.store import MODALITIES
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/biometrics", tags=["biometrics"])
Reference = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


def _answer(row: PartnerSearch) -> PartnerAnswer:
    return PartnerAnswer(
        reference=row.reference,
        outcome=row.outcome,  # type: ignore[arg-type]
        expires_at=row.expires_at,
        decision=row.decision,  # type: ignore[arg-type]
        released=row.released if row.decision == "confirmed" else None,
    )


@router.post("/partner-searches", response_model=PartnerAnswer, status_code=201)
def search(payload: PartnerSearchIn, db: DbSession, user: ApiUser) -> PartnerAnswer:
    """Search another state's gallery under an agreement that allows it: hit or no_hit only."""
    probe = decode_template(payload.template, MODALITIES[payload.modality])
    row = service.search(
        session=db,
        user=user,
        answering_state=payload.answering_state,
        modality=payload.modality,
        probe=probe,
    )
    return _answer(row)


@router.get("/partner-searches/pending", response_model=list[PendingHit])
def pending(db: DbSession, user: ApiUser) -> list[PendingHit]:
    """Hits on this state's gallery awaiting an officer's confirmation."""
    return [
        PendingHit(
            reference=r.reference,
            score=r.score,
            candidate_person_id=service.candidate_id(r),
            expires_at=r.expires_at,
        )
        for r in service.pending(session=db, user=user)
    ]


@router.get("/partner-searches/{reference}", response_model=PartnerAnswer)
def read(reference: Reference, db: DbSession, user: ApiUser) -> PartnerAnswer:
    """The answer, with released data once confirmed."""
    return _answer(service.get(session=db, user=user, reference=reference))


@router.post("/partner-searches/{reference}/decision", response_model=PartnerAnswer)
def decide(
    reference: Reference, payload: DecisionIn, db: DbSession, user: ApiUser
) -> PartnerAnswer:
    """Confirm (releasing the allowed fields) or reject a hit."""
    row = service.get(session=db, user=user, reference=reference)
    return _answer(service.decide(session=db, user=user, row=row, confirm=payload.confirm))


@router.put("/templates", status_code=204)
def enrol(payload: TemplateIn, db: DbSession, user: ApiUser) -> None:
    """Enrol (or replace) a register person's template in your state's gallery."""
    template = decode_template(payload.template, MODALITIES[payload.modality])
    service.enrol(
        session=db,
        user=user,
        person_id=payload.person_id,
        modality=payload.modality,
        template=template,
    )


@router.post("/templates/delete", status_code=204)
def remove(payload: TemplateRef, db: DbSession, user: ApiUser) -> None:
    """Delete a person's template from your state's gallery (the person in the body: an
    identifier stays out of addresses and access logs)."""
    service.remove(session=db, user=user, person_id=payload.person_id, modality=payload.modality)
