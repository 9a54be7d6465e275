"""Programmes with the ceilings a test needs, and cases inserted at a given status, for the
allocation tests."""

import hashlib
import itertools
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.pathways import programmes
from readmit.pathways.definitions import ProgrammeFile, load_programme_file
from readmit.pathways.models import PathwayCase, Programme
from tests.factories import World

BASE = programmes.DATA_DIR / "usa-resettlement.yaml"
REGIONS = {"americas": ["VEN", "CUB", "HTI", "GTM"], "africa": ["ERI", "SDN", "COD"]}
_numbers = itertools.count(1)


def programme_file(code: str = "test-alloc", **changes: Any) -> ProgrammeFile:
    """The resettlement example under another code, with `changes` (ceilings, regions...)."""
    data = load_programme_file(BASE).model_dump(mode="json")
    nationalities = sorted({n for members in REGIONS.values() for n in members})
    data.update(code=code, refer_to=[], regions=REGIONS, eligible_nationalities=nationalities)
    data["rules"] = [r for r in data["rules"] if r["id"] != "nationality"]
    data.update(changes)
    return ProgrammeFile.model_validate(data, strict=False)


def load(db: Session, file: ProgrammeFile) -> Programme:
    """Store the file as its code's current version."""
    digest = hashlib.sha256(json.dumps(file.model_dump(mode="json")).encode()).hexdigest()
    return programmes.load(session=db, user=None, file=file, sha256=digest)


def add_case(
    db: Session,
    world: World,
    programme: Programme,
    *,
    status: str = "interviewed",
    nationality: str = "VEN",
    rank: int = 0,
    applied: datetime = datetime(2024, 1, 10, 9, tzinfo=UTC),
    **columns: Any,
) -> PathwayCase:
    """A case of the programme at `status`, inserted directly."""
    number = next(_numbers)
    case = PathwayCase(
        reference=f"PW-{programme.state_code}-1999-{number:06d}",
        state_code=programme.state_code,
        programme_code=programme.code,
        programme_version=programme.version,
        status=status,
        intake_place="SMO-GTM-GUA",
        intake_state="GTM",
        family_name=f"Family {number}",
        given_names="Ana",
        nationality=nationality,
        priority_rank=rank,
        applied_at=applied,
        created_by_id=world.users[(programme.state_code, Role.safe_mobility_officer)],
        **columns,
    )
    db.add(case)
    db.flush()
    return case
