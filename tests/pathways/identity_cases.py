"""Programmes and cases for the one-person-one-file and regularisation tests: cases are taken
in through the service (so their name keys are written as in production)."""

import hashlib
import json
from typing import Any

from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.pathways import programmes, service
from readmit.pathways.definitions import ProgrammeFile, load_programme_file
from readmit.pathways.models import PathwayCase, Programme
from readmit.pathways.schemas import CaseCreate
from tests.factories import World

PROTECTION_WORDS = ("protection", "asylum", "refoulement", "persecution", "trafficking")


def load(db: Session, file: ProgrammeFile) -> Programme:
    """Store a programme file as its code's current version."""
    digest = hashlib.sha256(json.dumps(file.model_dump(mode="json")).encode()).hexdigest()
    return programmes.load(session=db, user=None, file=file, sha256=digest)


def example(db: Session, name: str, **changes: Any) -> Programme:
    """An example programme from pathways/data, with `changes` (code, state, permit...)."""
    data = load_programme_file(programmes.DATA_DIR / f"{name}.yaml").model_dump(mode="json")
    data.update(changes)
    return load(db, ProgrammeFile.model_validate(data, strict=False))


def regularisation(db: Session, state: str = "MEX", **changes: Any) -> Programme:
    """Colombia's regularisation as run by `state` (a state of the test world)."""
    return example(db, "col-regularisation", code=f"reg-{state.lower()}", state=state, **changes)


def take_in(
    db: Session,
    world: World,
    programme: Programme,
    family: str,
    given: str,
    *,
    birth_date: str = "",
    nationality: str = "GTM",
    document: str = "",
) -> PathwayCase:
    """A person taken in by the programme's state's safe mobility officer."""
    file = programmes.definition(programme)
    payload = CaseCreate(
        programme=programme.code,
        intake_place=file.intake_places[0].code,
        nationality=nationality,
        family_name=family,
        given_names=given,
        birth_date=birth_date,
        document_number=document,
    )
    officer = world.user(db, programme.state_code, Role.safe_mobility_officer)
    return service.intake(session=db, user=officer, payload=payload)
