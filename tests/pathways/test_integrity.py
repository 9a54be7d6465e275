"""`readmit check` guards the ceilings: places taken must be the cases holding one, and never
more than the ceiling has."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.integrity.service import check
from readmit.pathways import allocation
from readmit.pathways.models import Ceiling, PathwayCase
from tests.factories import World
from tests.pathways.allocation_cases import add_case, load, programme_file

NOW = datetime(2024, 2, 1, 12, tzinfo=UTC)


def _approved(db: Session, world: World) -> tuple[PathwayCase, Ceiling]:
    code = "integrity-alloc"
    programme = load(db, programme_file(code=code, ceilings=[{"fiscal_year": 2024, "places": 2}]))
    supervisor = world.user(db, "USA", Role.supervisor)
    case = add_case(db, world, programme)
    allocation.approve(session=db, user=supervisor, case=case, now=NOW)
    db.flush()
    ceiling = db.scalars(select(Ceiling).where(Ceiling.programme_code == code)).one()
    return case, ceiling


def _ceiling_violations(db: Session) -> list[str]:
    return [str(v) for v in check(session=db) if v.rule == "ceiling"]


def test_places_taken_through_the_services_are_consistent(db: Session, world: World) -> None:
    case, ceiling = _approved(db, world)
    assert case.status == "approved" and ceiling.allocated == 1
    assert _ceiling_violations(db) == []


@pytest.mark.parametrize(
    ("corrupt", "expected"),
    [
        ("count", "ceiling: integrity-alloc FY2024 total: 2 places taken; cases holding one: 1"),
        ("lost", "ceiling: integrity-alloc FY2024 total: 1 places taken; cases holding one: 0"),
        ("over", "ceiling: integrity-alloc FY2024 total: 1 places taken of 0"),
    ],
)
def test_a_broken_ceiling_is_named(db: Session, world: World, corrupt: str, expected: str) -> None:
    case, ceiling = _approved(db, world)
    if corrupt == "count":
        ceiling.allocated = 2
    elif corrupt == "lost":
        case.buckets = []
    else:
        ceiling.capacity = 0
    db.flush()
    assert expected in _ceiling_violations(db)
