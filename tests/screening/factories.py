"""Designations to screen against, made through the designations service as a state's
analyst proposes and its supervisor decides: a designated charter operator whose director
is on file (his own proposal rejected), so that screening him is a hit through the link."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from readmit.auth.models import Role, User
from readmit.designations import service as designations
from readmit.designations.models import Designation
from readmit.designations.schemas import DesignationCreate
from tests.factories import World

COMPANY = "Transportes Aéreos del Istmo S.A. de C.V."
DIRECTOR = {"name": ["张伟", "ZHANG Wei"], "birthDate": ["1975-03-14"], "nationality": ["cn"]}


@dataclass(frozen=True)
class Designated:
    """The entities made: the designated company and its director (not designated)."""

    company_id: int
    director_id: int
    designation_id: int


def propose(session: Session, analyst: User, body: dict[str, Any]) -> Designation:
    """A proposal by the state's analyst."""
    payload = DesignationCreate.model_validate({"legal_basis": "INA 212(a)(3)(C)", **body})
    return designations.propose(session=session, user=analyst, payload=payload)


def designate_operator(
    session: Session,
    *,
    analyst: User,
    supervisor: User,
    company: str = COMPANY,
    director: dict[str, list[str]] | None = None,
) -> Designated:
    """A designated charter operator with a director on file whose own proposal the
    supervisor rejected: he is held, linked, but not designated himself."""
    person = propose(
        session, analyst, {"entity": {"schema": "Person", "properties": director or DIRECTOR}}
    )
    designations.decide(session=session, user=supervisor, designation=person, approve=False)
    operator = propose(
        session,
        analyst,
        {
            "entity": {
                "schema": "Company",
                "properties": {
                    "name": [company],
                    "jurisdiction": ["mx"],
                    "sector": ["charter operator"],
                },
            },
            "links": [
                {"schema": "Directorship", "this_is": "organization", "other_id": person.entity_id}
            ],
        },
    )
    designations.decide(session=session, user=supervisor, designation=operator, approve=True)
    session.flush()
    return Designated(
        company_id=operator.entity_id, director_id=person.entity_id, designation_id=operator.id
    )


def charter_operator(session: Session, world: World, *, state: str = "USA") -> Designated:
    """`designate_operator` by the state's seeded analyst and supervisor."""
    return designate_operator(
        session,
        analyst=world.user(session, state, Role.analyst),
        supervisor=world.user(session, state, Role.supervisor),
    )
