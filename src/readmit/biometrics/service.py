"""Partner search (hit / no-hit, as in Prüm step 1 and the biometric data sharing
partnerships): an authorised partner sends a probe; the answer is only hit or no_hit, an opaque
reference and its expiry. The answering state's officer confirms or rejects the candidate;
only then are the fields the exchange allows released. The probe is never stored."""

import secrets
import sqlite3
from datetime import timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.applications.service import get_agreement
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.biometrics import ann, fusion, store
from readmit.biometrics.models import PartnerSearch
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Forbidden, NotFound, TooMany
from readmit.i18n import _
from readmit.registry import service as registry
from readmit.tenancy.models import Authority
from readmit.tenancy.service import authority_ids

SEARCHERS = (Role.case_officer, Role.supervisor)
CONFIRMERS = (Role.verifier, Role.supervisor)
PER_HOUR = 60  # searches per partner authority
VALID_FOR = timedelta(days=14)
RELEASED_FIELDS = (
    "family_name",
    "given_names",
    "family_name_latin",
    "given_names_latin",
    "sex",
    "birth_date",
)


def search(
    *, session: Session, user: User, answering_state: str, modality: str, probe: np.ndarray
) -> PartnerSearch:
    """Search the answering state's gallery for a partner; audited on both sides."""
    if not user.has_role(*SEARCHERS) or user.state_code == answering_state:
        raise Forbidden(_("only a partner state's officers search another state's gallery"))
    agreement = get_agreement(
        session=session, requesting=user.state_code, requested=answering_state
    )
    if agreement is None or not agreement.terms.biometrics_sharing:
        raise Forbidden(
            _("no agreement with {state} allows biometric searches", state=answering_state)
        )
    # Searches of one authority queue here, so that the count and the new row are one step.
    session.execute(
        lock_for_update(select(Authority.id).where(Authority.id == user.authority_id), session)
    )
    hour_ago = utcnow() - timedelta(hours=1)
    recent = session.scalar(
        select(func.count())
        .select_from(PartnerSearch)
        .where(
            PartnerSearch.requesting_authority_id == user.authority_id,
            PartnerSearch.created_at >= hour_ago,
        )
    )
    if (recent or 0) >= PER_HOUR:
        raise TooMany(_("at most {n} searches an hour; try again later", n=PER_HOUR))
    found = best_match(state=answering_state, modality=modality, probe=probe)
    pseudonym, score = found if found else (None, None)
    row = PartnerSearch(
        reference=secrets.token_hex(16),
        answering_state=answering_state,
        requesting_authority_id=user.authority_id,
        requested_by_id=user.id,
        modality=modality,
        outcome="hit" if pseudonym else "no_hit",
        candidate=pseudonym,
        score=score,
        expires_at=utcnow() + VALID_FOR,
    )
    session.add(row)
    session.flush()
    detail = {"reference": row.reference, "outcome": row.outcome, "answering": answering_state}
    audit.record(
        session=session,
        actor=user,
        action="biometrics.partner_search",
        entity="partner_search",
        entity_id=row.id,
        detail=detail,
    )
    audit.record_for(
        session=session,
        authority_ids=authority_ids(session=session, states=[answering_state]),
        action="biometrics.partner_search.received",
        entity="partner_search",
        entity_id=row.id,
        detail={**detail, "partner": user.state_code},
    )
    return row


def best_match(*, state: str, modality: str, probe: np.ndarray) -> tuple[str, float] | None:
    """The state's gallery's rank-1 (pseudonym, cosine) if it is a strong match, else None."""
    home = get_settings().home
    path = store.gallery_path(home, state, modality)
    if not path.exists():
        return None
    keys = store.Keys.for_gallery(home, state)
    connection = store.connect(path)
    try:
        found = ann.search(connection, keys, probe[None, :], top=1)[0]
        size = ann.gallery_size(connection, keys, len(probe))
        if not found or found[0][1] < fusion.strong_threshold(size):
            return None
        pseudonym = store.rows_of(connection, keys, [found[0][0]])[found[0][0]][0]
    finally:
        connection.close()
    return pseudonym, round(found[0][1], 4)


def get(*, session: Session, user: User, reference: str) -> PartnerSearch:
    """A search, for its requesting authority's searchers or the answering state's
    confirmers (403 for their other roles, 404 for anyone else)."""
    row = session.scalars(select(PartnerSearch).where(PartnerSearch.reference == reference)).first()
    searcher = row is not None and user.authority_id == row.requesting_authority_id
    answerer = row is not None and user.state_code == row.answering_state
    if row is None or not (searcher or answerer):
        raise NotFound(_("no such search"))
    if not user.has_role(*(SEARCHERS if searcher else CONFIRMERS)):
        raise Forbidden(_("only the officers who search or confirm partner hits read them"))
    return row


def pending(*, session: Session, user: User) -> list[PartnerSearch]:
    """Hits awaiting this state's officer, oldest first."""
    if not user.has_role(*CONFIRMERS):
        raise Forbidden(_("only verifiers and supervisors confirm partner hits"))
    return list(
        session.scalars(
            select(PartnerSearch)
            .where(
                PartnerSearch.answering_state == user.state_code,
                PartnerSearch.outcome == "hit",
                PartnerSearch.decision.is_(None),
            )
            .order_by(PartnerSearch.id)
        )
    )


def candidate_id(row: PartnerSearch) -> str | None:
    """The register person behind a hit's pseudonym (answering state only)."""
    if row.candidate is None:
        return None
    home = get_settings().home
    keys = store.Keys.for_gallery(home, row.answering_state)
    connection = store.connect(store.gallery_path(home, row.answering_state, row.modality))
    try:
        return store.person_of(connection, keys, row.candidate)
    finally:
        connection.close()


def decide(*, session: Session, user: User, row: PartnerSearch, confirm: bool) -> PartnerSearch:
    """The answering officer confirms the hit (releasing the allowed fields) or rejects it."""
    if user.state_code != row.answering_state or not user.has_role(*CONFIRMERS):
        raise Forbidden(_("only the answering state's verifiers confirm its hits"))
    session.execute(
        lock_for_update(select(PartnerSearch.id).where(PartnerSearch.id == row.id), session)
    )
    session.refresh(row)
    if row.outcome != "hit" or row.decision is not None or row.expires_at < utcnow():
        raise NotFound(_("no pending hit under this reference"))
    row.decision, row.decided_by_id = ("confirmed" if confirm else "rejected"), user.id
    if confirm:
        person_id = candidate_id(row)
        person = registry.get_person(country=row.answering_state, person_id=person_id or "")
        if person is not None:
            public = person.model_dump(mode="json")
            row.released = {name: public[name] for name in RELEASED_FIELDS}
    audit.record(
        session=session,
        actor=user,
        action=f"biometrics.partner_search.{row.decision}",
        entity="partner_search",
        entity_id=row.id,
        detail={"reference": row.reference},
    )
    return row


ENROLLERS = (Role.verifier, Role.supervisor, Role.admin)


def _own_gallery(user: User, modality: str) -> tuple[sqlite3.Connection, store.Keys]:
    if not user.has_role(*ENROLLERS):
        raise Forbidden(_("only verifiers, supervisors and admins manage the gallery"))
    home = get_settings().home
    keys = store.Keys.for_gallery(home, user.state_code)
    return store.connect(store.gallery_path(home, user.state_code, modality)), keys


def enrol(
    *, session: Session, user: User, person_id: str, modality: str, template: np.ndarray
) -> None:
    """Add or replace a register person's template in the user's own state's gallery."""
    # The role is checked first: who is in the register is not for every user to probe.
    connection, keys = _own_gallery(user, modality)
    try:
        if registry.get_person(country=user.state_code, person_id=person_id) is None:
            raise NotFound(_("no such person in the register"))
        store.put(connection, keys, [person_id], template[None, :])
    finally:
        connection.close()
    audit.record(
        session=session,
        actor=user,
        action="biometrics.enrol",
        entity="template",
        detail={"pseudonym": keys.pseudonym(person_id), "modality": modality},
    )


def remove(*, session: Session, user: User, person_id: str, modality: str) -> None:
    """Delete a person's template from the user's own state's gallery."""
    connection, keys = _own_gallery(user, modality)
    try:
        if not store.delete(connection, keys, person_id):
            raise NotFound(_("no template for this person"))
    finally:
        connection.close()
    audit.record(
        session=session,
        actor=user,
        action="biometrics.delete",
        entity="template",
        detail={"pseudonym": keys.pseudonym(person_id), "modality": modality},
    )
