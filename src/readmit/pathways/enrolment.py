"""Biometric enrolment of a regularisation case into the host state's own gallery
(`biometrics.store`): the gallery is searched first, and a strong match is reported as a
possible duplicate (another case, or a person of the state's register); then the template is
stored under the case's pseudonymous id and the case is marked enrolled.

The gallery is a file apart from the database: a template stays enrolled if the request's
transaction is later rolled back, and enrolling the case again replaces it."""

import sqlite3
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.biometrics import ann, fusion, store
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.pathways import lifecycle
from readmit.pathways import service as cases
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import PathwayCase
from readmit.tenancy.service import held_by

PREFIX = "pathway:"  # gallery ids of pathway cases, apart from the register's person ids
TOP = 5


@dataclass(frozen=True)
class Match:
    """A strong gallery match found before enrolment: another case of the state, or a person
    of its register (not named here: the register is for its verifiers)."""

    score: float
    case: PathwayCase | None


def gallery_id(case: PathwayCase) -> str:
    """The case's id in the gallery (which keeps only its keyed pseudonym in the clear)."""
    return f"{PREFIX}{case.reference}"


def _search(
    connection: sqlite3.Connection, keys: store.Keys, template: np.ndarray, own: str
) -> list[tuple[str, float]]:
    found = ann.search(connection, keys, template[None, :], top=TOP)[0]
    if not found:
        return []
    size = ann.gallery_size(connection, keys, len(template))
    strong = [(rowid, score) for rowid, score in found if score >= fusion.strong_threshold(size)]
    named = store.named(connection, keys, [strong])[0]
    return [(person, score) for person, score in named if person != own]


def enrol(
    *, session: Session, user: User, case: PathwayCase, modality: str, template: np.ndarray
) -> list[Match]:
    """Search the state's gallery, then enrol the case's template (intake officers and
    supervisors, a regularisation case before its permit); the strong matches found."""
    case = cases.lock(session, case)
    file = cases.file_of(session, case)
    lifecycle.check(case=case, kind=file.kind, step=Step.enrol, user=user)
    home = get_settings().home
    keys = store.Keys.for_gallery(home, case.state_code)
    own = gallery_id(case)
    connection = store.connect(store.gallery_path(home, case.state_code, modality))
    try:
        found = _search(connection, keys, template, own)
        store.put(connection, keys, [own], template[None, :])
    finally:
        connection.close()
    references = [p.removeprefix(PREFIX) for p, _score in found if p.startswith(PREFIX)]
    by_reference = {
        c.reference: c
        for c in session.scalars(
            select(PathwayCase).where(
                PathwayCase.reference.in_(references), held_by(user, PathwayCase.state_code)
            )
        )
    }
    matches = [
        Match(score, by_reference.get(person.removeprefix(PREFIX)))
        for person, score in found
        if not person.startswith(PREFIX) or person.removeprefix(PREFIX) in by_reference
    ]
    case.enrolled_at = utcnow()
    cases.record_event(
        session=session,
        user=user,
        case=case,
        step=Step.enrol,
        from_status=case.status,
        note=modality,
    )
    audit.record(
        session=session,
        actor=user,
        action="pathway.biometrics_enrol",
        entity="pathway_case",
        entity_id=case.reference,
        detail={
            "reference": case.reference,
            "pseudonym": keys.pseudonym(own),
            "modality": modality,
            "matches": [m.case.reference if m.case else "register" for m in matches],
        },
    )
    return matches
