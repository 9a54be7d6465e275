"""JSON API for transfers: scheduling, the charter manifest, lock, departure and arrival."""

from fastapi import APIRouter

from readmit.applications import service as applications
from readmit.transfers import acceptance, service
from readmit.transfers.schemas import (
    ArrivalIn,
    CaseAdd,
    CharterAcceptanceIn,
    DepartureIn,
    TransferCreate,
    TransferPublic,
)
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(prefix="/transfers", tags=["transfers"])


@router.post("", response_model=TransferPublic, status_code=201)
def create(payload: TransferCreate, db: DbSession, user: ApiUser) -> TransferPublic:
    """Schedule a commercial flight (one application) or a charter (a manifest); each person
    needs a valid travel document and no open protection hold, and departure must be at least
    the agreement's arrival notice away."""
    transfer = service.create(session=db, user=user, payload=payload)
    return service.to_public(session=db, transfer=transfer)


@router.get("", response_model=list[TransferPublic])
def list_transfers(db: DbSession, user: ApiUser) -> list[TransferPublic]:
    """Transfers from or to the caller's state."""
    return [
        service.to_public(session=db, transfer=t)
        for t in service.list_visible(session=db, user=user)
    ]


@router.get("/{transfer_id}", response_model=TransferPublic)
def read(transfer_id: RowId, db: DbSession, user: ApiUser) -> TransferPublic:
    """One transfer."""
    transfer = service.get(session=db, user=user, transfer_id=transfer_id)
    return service.to_public(session=db, transfer=transfer)


@router.post("/{transfer_id}/cases", response_model=TransferPublic)
def add_case(transfer_id: RowId, payload: CaseAdd, db: DbSession, user: ApiUser) -> TransferPublic:
    """Add an application to an open charter manifest."""
    transfer = service.get(session=db, user=user, transfer_id=transfer_id)
    application = applications.get(session=db, user=user, application_id=payload.application_id)
    service.add_case(session=db, user=user, transfer=transfer, application=application)
    return service.to_public(session=db, transfer=transfer)


@router.delete("/{transfer_id}/cases/{application_id}", response_model=TransferPublic)
def remove_case(
    transfer_id: RowId, application_id: RowId, db: DbSession, user: ApiUser
) -> TransferPublic:
    """Take an application off an open charter manifest (it keeps its travel document)."""
    transfer = service.get(session=db, user=user, transfer_id=transfer_id)
    application = applications.get(session=db, user=user, application_id=application_id)
    service.remove_case(session=db, user=user, transfer=transfer, application=application)
    return service.to_public(session=db, transfer=transfer)


@router.post("/{transfer_id}/lock", response_model=TransferPublic)
def lock(transfer_id: RowId, db: DbSession, user: ApiUser) -> TransferPublic:
    """Lock the manifest after checking every person again."""
    transfer = service.get(session=db, user=user, transfer_id=transfer_id)
    service.lock(session=db, user=user, transfer=transfer)
    return service.to_public(session=db, transfer=transfer)


@router.post("/{transfer_id}/depart", response_model=TransferPublic)
def depart(
    transfer_id: RowId, db: DbSession, user: ApiUser, payload: DepartureIn | None = None
) -> TransferPublic:
    """Record departure (at `departed_at`, by default now) after checking every person once
    more: not earlier than the booked time less the tolerance, and not in the future."""
    transfer = service.get(session=db, user=user, transfer_id=transfer_id)
    departed_at = payload.departed_at if payload else None
    service.depart(session=db, user=user, transfer=transfer, departed_at=departed_at)
    return service.to_public(session=db, transfer=transfer)


@router.post("/{transfer_id}/cases/{application_id}/arrival", response_model=TransferPublic)
def arrival(
    transfer_id: RowId, application_id: RowId, payload: ArrivalIn, db: DbSession, user: ApiUser
) -> TransferPublic:
    """The requested state confirms arrival (at `arrived_at`, by default now: not before the
    recorded departure, nor in the future; optionally referring to reintegration) or reports
    a no-show."""
    transfer = service.get(session=db, user=user, transfer_id=transfer_id)
    application = applications.get(session=db, user=user, application_id=application_id)
    service.record_arrival(
        session=db, user=user, transfer=transfer, application=application, report=payload
    )
    return service.to_public(session=db, transfer=transfer)


@router.post("/{transfer_id}/acceptance", response_model=TransferPublic)
def accept(
    transfer_id: RowId, payload: CharterAcceptanceIn, db: DbSession, user: ApiUser
) -> TransferPublic:
    """The requested state accepts or refuses a charter (a refusal with its reason), once,
    before it departs."""
    transfer = service.get(session=db, user=user, transfer_id=transfer_id)
    acceptance.answer(session=db, user=user, transfer=transfer, payload=payload)
    return service.to_public(session=db, transfer=transfer)
