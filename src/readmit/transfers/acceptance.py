"""The requested state accepts or refuses a charter before it leaves: once, dated, with the
reason of a refusal. Apart from service.py, which is the flight's own life."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, Forbidden
from readmit.i18n import _
from readmit.transfers import service
from readmit.transfers.models import CharterAcceptance, Transfer, TransferKind, TransferStatus
from readmit.transfers.schemas import CharterAcceptanceIn


def may_answer(*, user: User, transfer: Transfer) -> bool:
    """The requested state's verifiers and supervisors answer a charter not yet answered or
    departed."""
    return (
        user.state_code == transfer.requested_state
        and user.has_role(*service.RECEIVERS)
        and transfer.kind == TransferKind.charter
        and transfer.acceptance is None
        and transfer.status != TransferStatus.departed
    )


def answer(
    *, session: Session, user: User, transfer: Transfer, payload: CharterAcceptanceIn
) -> CharterAcceptance:
    """Accept or refuse the charter (a refusal with its reason); the answer is final."""
    if user.state_code != transfer.requested_state or not user.has_role(*service.RECEIVERS):
        raise Forbidden(_("only the requested state's verifiers accept or refuse charters"))
    session.execute(lock_for_update(select(Transfer.id).where(Transfer.id == transfer.id), session))
    session.refresh(transfer)
    if transfer.kind != TransferKind.charter:
        raise Conflict(_("only a charter flight is accepted or refused"))
    if transfer.acceptance is not None:
        raise Conflict(_("the requested state has already answered this charter"))
    if transfer.status == TransferStatus.departed:
        raise Conflict(_("the charter has already departed"))
    acceptance = CharterAcceptance(
        accepted=payload.accepted,
        reason=payload.reason,
        decided_by_id=user.id,
    )
    transfer.acceptance = acceptance
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="transfer.accept" if payload.accepted else "transfer.refuse",
        entity="transfer",
        entity_id=transfer.id,
        detail={"flight": f"{transfer.carrier} {transfer.flight_number}"},
    )
    return acceptance
