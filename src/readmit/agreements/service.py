"""Agreements as bilateral data: the operator establishes one once; after that, one party's
admin proposes new terms and they apply only when the other party's admin accepts. Every
step is audited for the authorities of both states."""

from typing import Any, Protocol

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from readmit.agreements.models import (
    Agreement,
    AgreementProposal,
    AgreementVersion,
    ProposalStatus,
)
from readmit.agreements.schemas import (
    AgreementCreate,
    AgreementPublic,
    AgreementTerms,
    ProposalCreate,
    ProposalPublic,
)
from readmit.applications.enums import TERMINAL
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.i18n import _
from readmit.tenancy.models import State
from readmit.tenancy.service import authority_ids


def _audit(
    session: Session,
    actor: User | None,
    action: str,
    states: tuple[str, str],
    entity_id: int,
    detail: dict[str, Any],
) -> None:
    """One record for each authority of both parties: each side's auditors see every change."""
    audit.record_for(
        session=session,
        authority_ids=authority_ids(session=session, states=states),
        action=action,
        entity="agreement",
        entity_id=entity_id,
        detail={**detail, "by": actor.email if actor else "operator"},
    )


def find(*, session: Session, requesting: str, requested: str) -> Agreement | None:
    """The agreement between two states, in that direction."""
    return session.scalars(
        select(Agreement).where(
            Agreement.requesting_state == requesting, Agreement.requested_state == requested
        )
    ).first()


def _put_in_force(
    session: Session, payload: AgreementCreate, proposal: AgreementProposal | None
) -> Agreement:
    """Make the payload the terms in force, as a new version."""
    for code in (payload.requesting_state, payload.requested_state):
        if session.get(State, code) is None:
            session.add(State(code=code, name=code))
    agreement = find(
        session=session, requesting=payload.requesting_state, requested=payload.requested_state
    )
    if agreement is None:
        agreement = Agreement(
            requesting_state=payload.requesting_state,
            requested_state=payload.requested_state,
            version=0,
        )
        session.add(agreement)
    agreement.version += 1
    agreement.title, agreement.reference = payload.title, payload.reference
    agreement.in_force_from = payload.in_force_from
    agreement.terms_json = payload.terms.model_dump(mode="json")
    session.flush()
    session.add(
        AgreementVersion(
            agreement_id=agreement.id,
            version=agreement.version,
            title=agreement.title,
            reference=agreement.reference,
            in_force_from=agreement.in_force_from,
            terms_json=agreement.terms_json,
            proposal_id=proposal.id if proposal else None,
        )
    )
    session.flush()
    return agreement


def establish(*, session: Session, payload: AgreementCreate) -> Agreement:
    """The operator's set-up (`readmit agreements load`): a new agreement in force at once; an
    existing one is left as it is if identical, else refused (changes need both parties)."""
    agreement = find(
        session=session, requesting=payload.requesting_state, requested=payload.requested_state
    )
    if agreement is not None:
        if to_public(agreement).model_dump(exclude={"id", "version"}) == payload.model_dump():
            return agreement
        raise Conflict(
            _(
                "the {requesting}→{requested} agreement is in force; a change is proposed by "
                "one party's admin and accepted by the other's",
                requesting=payload.requesting_state,
                requested=payload.requested_state,
            )
        )
    agreement = _put_in_force(session, payload, None)
    states = (agreement.requesting_state, agreement.requested_state)
    _audit(session, None, "agreement.establish", states, agreement.id, {"version": 1})
    return agreement


def _require_party_admin(user: User, states: tuple[str, str]) -> None:
    if not user.has_role(Role.admin):
        raise Forbidden(_("only admins propose and decide agreement changes"))
    if user.state_code not in states:
        raise Forbidden(_("only the two parties to an agreement propose or decide its terms"))


def propose(*, session: Session, user: User, payload: ProposalCreate) -> AgreementProposal:
    """One party's admin proposes new terms; nothing changes until the other party accepts."""
    terms = payload.agreement
    states = (terms.requesting_state, terms.requested_state)
    _require_party_admin(user, states)
    agreement = find(session=session, requesting=states[0], requested=states[1])
    if agreement is not None:
        # Proposals on one agreement queue here, so that two cannot both be pending.
        session.execute(
            lock_for_update(select(Agreement.id).where(Agreement.id == agreement.id), session)
        )
    waiting = session.scalars(
        select(AgreementProposal.id).where(
            AgreementProposal.requesting_state == states[0],
            AgreementProposal.requested_state == states[1],
            AgreementProposal.status == ProposalStatus.pending,
        )
    ).first()
    if waiting is not None:
        raise Conflict(
            _(
                "proposal {proposal} on this agreement awaits a decision; decide it first",
                proposal=waiting,
            )
        )
    proposal = AgreementProposal(
        requesting_state=states[0],
        requested_state=states[1],
        agreement_id=agreement.id if agreement else None,
        base_version=agreement.version if agreement else None,
        proposed_by_state=user.state_code,
        proposed_by_id=user.id,
        payload=terms.model_dump(mode="json"),
        apply_to_running=payload.apply_to_running_cases,
        note=payload.note,
    )
    session.add(proposal)
    session.flush()
    _audit(
        session,
        user,
        "agreement.propose",
        states,
        proposal.id,
        {"proposal": proposal.id, "changes": changes(session=session, proposal=proposal)},
    )
    return proposal


def get_proposal(*, session: Session, user: User, proposal_id: int) -> AgreementProposal:
    """A proposal the user's state is party to, locked for a decision (404 otherwise)."""
    proposal = session.scalars(
        lock_for_update(
            select(AgreementProposal).where(AgreementProposal.id == proposal_id), session
        ).execution_options(populate_existing=True)
    ).first()
    if proposal is None or user.state_code not in (
        proposal.requesting_state,
        proposal.requested_state,
    ):
        raise NotFound(_("no such proposal"))
    return proposal


def _pending(proposal: AgreementProposal) -> None:
    if proposal.status != ProposalStatus.pending:
        raise Conflict(_("the proposal is {status}", status=proposal.status))


def accept(*, session: Session, user: User, proposal: AgreementProposal) -> Agreement:
    """The other party's admin accepts: the terms become a new version in force; running
    cases move to it only if the proposal said so (then both parties have agreed)."""
    states = (proposal.requesting_state, proposal.requested_state)
    _require_party_admin(user, states)
    if user.state_code == proposal.proposed_by_state:
        raise Forbidden(_("the other party accepts a proposal, not the state that made it"))
    _pending(proposal)
    current = find(session=session, requesting=states[0], requested=states[1])
    if (current.version if current else None) != proposal.base_version:
        raise Conflict(_("the agreement changed after this proposal was made; propose again"))
    agreement = _put_in_force(session, AgreementCreate.model_validate(proposal.payload), proposal)
    moved = 0
    if proposal.apply_to_running:
        running = select(Application).where(
            Application.agreement_id == agreement.id, Application.status.not_in(TERMINAL)
        )
        if agreement.terms.reply_extension is None:
            # An extension already taken stays with the terms that granted it.
            running = running.where(Application.reply_extended.is_(False))
        for application in session.scalars(running):
            application.agreement_version = agreement.version
            moved += 1
    _decide(proposal, user, ProposalStatus.accepted, None)
    _audit(
        session,
        user,
        "agreement.accept",
        states,
        proposal.id,
        {"proposal": proposal.id, "version": agreement.version, "running_cases_moved": moved},
    )
    return agreement


def reject(*, session: Session, user: User, proposal: AgreementProposal, reason: str) -> None:
    """The other party's admin refuses the proposal; the terms in force stay."""
    states = (proposal.requesting_state, proposal.requested_state)
    _require_party_admin(user, states)
    if user.state_code == proposal.proposed_by_state:
        raise Forbidden(_("the other party rejects a proposal; the proposer withdraws it"))
    _pending(proposal)
    _decide(proposal, user, ProposalStatus.rejected, reason)
    _audit(session, user, "agreement.reject", states, proposal.id, {"proposal": proposal.id})


def withdraw(*, session: Session, user: User, proposal: AgreementProposal) -> None:
    """The proposing party's admin takes the proposal back."""
    states = (proposal.requesting_state, proposal.requested_state)
    _require_party_admin(user, states)
    if user.state_code != proposal.proposed_by_state:
        raise Forbidden(_("only the proposing state withdraws its proposal"))
    _pending(proposal)
    _decide(proposal, user, ProposalStatus.withdrawn, None)
    _audit(session, user, "agreement.withdraw", states, proposal.id, {"proposal": proposal.id})


def _decide(
    proposal: AgreementProposal, user: User, status: ProposalStatus, reason: str | None
) -> None:
    proposal.status = status
    proposal.decided_by_id, proposal.decided_at = user.id, utcnow()
    proposal.decision_reason = reason


def list_proposals(*, session: Session, state: str) -> list[AgreementProposal]:
    """Proposals on the agreements a state is party to, newest first."""
    return list(
        session.scalars(
            select(AgreementProposal)
            .where(
                (AgreementProposal.requesting_state == state)
                | (AgreementProposal.requested_state == state)
            )
            .order_by(AgreementProposal.id.desc())
        )
    )


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        flat: dict[str, str] = {}
        for key, inner in value.items():
            flat |= _flatten(inner, f"{prefix}{key}.")
        return flat
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return {prefix.rstrip("."): shown}


def changes(*, session: Session, proposal: AgreementProposal) -> list[tuple[str, str, str]]:
    """(field, in force, proposed) for each field the proposal changes."""
    agreement = session.get(Agreement, proposal.agreement_id) if proposal.agreement_id else None
    before = _flatten(to_public(agreement).model_dump(mode="json")) if agreement else {}
    after = _flatten(proposal.payload)
    return [
        (name, before.get(name, "—"), after.get(name, "—"))
        for name in sorted(set(before) | set(after))
        if name not in ("id", "version") and before.get(name) != after.get(name)
    ]


def proposal_public(*, session: Session, proposal: AgreementProposal) -> ProposalPublic:
    """A proposal with the fields it changes."""
    return ProposalPublic(
        id=proposal.id,
        requesting_state=proposal.requesting_state,
        requested_state=proposal.requested_state,
        agreement_id=proposal.agreement_id,
        base_version=proposal.base_version,
        proposed_by_state=proposal.proposed_by_state,
        agreement=AgreementCreate.model_validate(proposal.payload),
        apply_to_running_cases=proposal.apply_to_running,
        note=proposal.note,
        status=proposal.status,  # type: ignore[arg-type]
        decision_reason=proposal.decision_reason,
        created_at=proposal.created_at,
        decided_at=proposal.decided_at,
        changes=changes(session=session, proposal=proposal),
    )


class Pinned(Protocol):
    """A case (or a row of its columns) and the agreement version it runs under."""

    agreement_id: int
    agreement_version: int


def terms_for(*, session: Session, application: Pinned) -> AgreementTerms | None:
    """The terms a case runs under: the version in force when its clock started. Versions
    never change, so a transaction reads and validates each one once (a queue of hundreds of
    cases shares a handful)."""
    key = (application.agreement_id, application.agreement_version)
    known: dict[tuple[int, int], AgreementTerms | None] = session.info.setdefault(TERMS, {})
    if key not in known:
        version = session.scalars(
            select(AgreementVersion).where(
                AgreementVersion.agreement_id == key[0], AgreementVersion.version == key[1]
            )
        ).first()
        known[key] = version.terms if version is not None else None
    return known[key]


TERMS = "readmit.agreements.terms"


@event.listens_for(Session, "after_transaction_end")
def _forget_terms(session: Session, transaction: SessionTransaction) -> None:
    """A rolled-back version may be written again with other terms: read anew next time."""
    if transaction.parent is None:
        session.info.pop(TERMS, None)


def to_public(agreement: Agreement) -> AgreementPublic:
    """An agreement with its terms validated."""
    return AgreementPublic(
        id=agreement.id,
        requesting_state=agreement.requesting_state,
        requested_state=agreement.requested_state,
        title=agreement.title,
        reference=agreement.reference,
        in_force_from=agreement.in_force_from,
        terms=agreement.terms,
        version=agreement.version,
    )


def list_for_state(*, session: Session, state: str) -> list[Agreement]:
    """Agreements the state is party to."""
    return list(
        session.scalars(
            select(Agreement)
            .where((Agreement.requesting_state == state) | (Agreement.requested_state == state))
            .order_by(Agreement.id)
        )
    )
