"""Designations for the tests, made through the services: a charter operator and its
director, proposals at every status, a second supervisor for the four-eyes rule."""

import io
import itertools
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import Role, User
from readmit.designations import service
from readmit.designations.models import Designation, DesignationStatus
from readmit.designations.schemas import DesignationCreate
from tests.factories import PASSWORD, World

BASIS = "INA 212(a)(3)(C)"
_serial = itertools.count(1)

COMPANY: dict[str, Any] = {
    "schema": "Company",
    "properties": {
        "name": ["Aerovías del Istmo S.A. de C.V."],
        "alias": ["地峡航空有限公司"],
        "sector": ["charter operator"],
        "jurisdiction": ["MEX"],
        "registrationNumber": ["AIS-880101"],
        "idNumber": ["IS", "AIS"],
    },
}
PERSON: dict[str, Any] = {
    "schema": "Person",
    "properties": {
        "name": ["王小明", "Wang Xiaoming"],
        "firstName": ["Xiaoming"],
        "lastName": ["Wang"],
        "birthDate": ["1975-04-02"],
        "nationality": ["CHN"],
        "passportNumber": ["E12345678"],
    },
}


def body(entity: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    """A proposal of `entity` (a charter operator by default) as the API takes it."""
    return {"entity": entity or COMPANY, "legal_basis": BASIS, "reason": "Sells charters"} | more


def propose(
    db: Session, world: World, *, state: str = "USA", role: Role = Role.analyst, **more: Any
) -> Designation:
    """A proposal by the user with this role in this state."""
    user = world.user(db, state, role)
    payload = DesignationCreate.model_validate(body(**more))
    return service.propose(session=db, user=user, payload=payload)


def second_supervisor(db: Session, world: World, state: str = "USA") -> User:
    """Another supervisor of the same authority (the four-eyes rule needs two)."""
    first = world.user(db, state, Role.supervisor)
    return auth.create_user(
        session=db,
        authority_id=first.authority_id,
        email=f"supervisor-{next(_serial)}-{state.lower()}@designations.test",
        full_name="Second supervisor",
        password=PASSWORD,
        roles=[Role.supervisor],
    )


def at_status(db: Session, world: World, status: DesignationStatus) -> Designation:
    """A USA designation of a new company, proposed by USA's analyst and taken to `status`
    by USA's supervisor."""
    designation = propose(db, world)
    supervisor = world.user(db, "USA", Role.supervisor)
    if status is DesignationStatus.proposed:
        return designation
    approve = status is not DesignationStatus.rejected
    service.decide(session=db, user=supervisor, designation=designation, approve=approve)
    if status is DesignationStatus.delisted:
        service.delist(session=db, user=supervisor, designation=designation, reason="Sold")
    assert designation.status == status
    return designation


def png(size: tuple[int, int] = (200, 120)) -> bytes:
    """A real PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()
