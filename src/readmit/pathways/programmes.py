"""Programmes as data: each file loaded is kept as a version, held by the state that runs
the programme. A changed file must raise the version; cases keep the version they were taken
in under, so a new version never changes the rules of a case already open."""

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.i18n import _
from readmit.pathways.definitions import ProgrammeFile, from_stored, load_programme_file
from readmit.pathways.models import Programme
from readmit.tenancy.service import held_by

DATA_DIR = Path(__file__).resolve().parent / "data"


def digest(path: Path) -> str:
    """The SHA-256 of a programme file's bytes (what makes two loads the same)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _audit(session: Session, user: User | None, programme: Programme, **detail: Any) -> None:
    audit.record(
        session=session,
        actor=user,
        action="pathway.programme_load",
        entity="pathway_programme",
        entity_id=programme.code,
        detail={"code": programme.code, "version": programme.version, **detail},
    )


def _latest(session: Session, code: str) -> Programme | None:
    """The highest version of a code, whoever holds it."""
    return session.scalar(
        select(Programme).where(Programme.code == code).order_by(Programme.version.desc()).limit(1)
    )


def load(*, session: Session, user: User | None, file: ProgrammeFile, sha256: str) -> Programme:
    """Store a programme file as its code's current version (an admin of the programme's
    state, or the operator with no user); the same file again changes nothing; other
    content under a version not above the current one is a Conflict."""
    if user is not None and not (user.has_role(Role.admin) and user.state_code == file.state):
        raise Forbidden(_("Only an administrator of the programme's state loads its file."))
    same = session.scalar(
        select(Programme).where(Programme.code == file.code, Programme.sha256 == sha256).limit(1)
    )
    if same is not None:
        return same
    latest = _latest(session, file.code)
    if latest is not None and latest.state_code != file.state:
        raise Conflict(
            _("Programme {code} is run by {state}.", code=file.code, state=latest.state_code)
        )
    if latest is not None and file.version <= latest.version:
        raise Conflict(
            _(
                "Programme {code} is at version {current}: a changed file needs a higher "
                "version than that (this one says {version}).",
                code=file.code,
                current=latest.version,
                version=file.version,
            )
        )
    programme = Programme(
        state_code=file.state,
        code=file.code,
        version=file.version,
        kind=file.kind.value,
        title=file.title,
        definition=file.model_dump(mode="json"),
        sha256=sha256,
        loaded_by_id=user.id if user else None,
    )
    session.add(programme)
    session.flush()
    _audit(session, user, programme, sha256=sha256, replaces=latest.version if latest else None)
    return programme


def current(*, session: Session, user: User, code: str) -> Programme:
    """The current version of one of the user's state's programmes; NotFound otherwise."""
    found = session.scalar(
        select(Programme)
        .where(Programme.code == code, held_by(user, Programme.state_code))
        .order_by(Programme.version.desc())
        .limit(1)
    )
    if found is None:
        raise NotFound(_("No programme {code}.", code=code))
    return found


def version(*, session: Session, code: str, number: int) -> Programme:
    """One stored version (a case's own), which exists as long as the case does."""
    found = session.scalar(
        select(Programme).where(Programme.code == code, Programme.version == number)
    )
    if found is None:
        raise NotFound(_("No programme {code}.", code=code))
    return found


def list_current(*, session: Session, user: User) -> list[Programme]:
    """The current version of each of the user's state's programmes, by code."""
    newest = (
        select(Programme.code, func.max(Programme.version).label("version"))
        .where(held_by(user, Programme.state_code))
        .group_by(Programme.code)
        .subquery()
    )
    return list(
        session.scalars(
            select(Programme)
            .join(
                newest,
                (Programme.code == newest.c.code) & (Programme.version == newest.c.version),
            )
            .order_by(Programme.code)
        )
    )


def versions(*, session: Session, user: User, code: str) -> list[Programme]:
    """Every version of one of the user's state's programmes, newest first."""
    return list(
        session.scalars(
            select(Programme)
            .where(Programme.code == code, held_by(user, Programme.state_code))
            .order_by(Programme.version.desc())
        )
    )


# Parsed files by (row id, digest): a rolled-back row's id may come back with other content.
_DEFINITIONS: dict[tuple[int, str], ProgrammeFile] = {}


def definition(programme: Programme) -> ProgrammeFile:
    """The programme's file, validated once per stored version (evaluations are frequent)."""
    key = (programme.id, programme.sha256)
    parsed = _DEFINITIONS.get(key)
    if parsed is None:
        if len(_DEFINITIONS) > 1024:
            _DEFINITIONS.clear()
        parsed = _DEFINITIONS[key] = from_stored(programme.definition)
    return parsed


def load_examples(*, session: Session) -> list[Programme]:
    """Load the example programmes shipped in pathways/data (the demo and the tests)."""
    return [
        load(session=session, user=None, file=load_programme_file(path), sha256=digest(path))
        for path in sorted(DATA_DIR.glob("*.yaml"))
    ]
