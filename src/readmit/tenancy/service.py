"""States, authorities, and the one default-deny filter on applications."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.reintegration.models import Provider
from readmit.tenancy.models import Authority, State


def visible_to(user: User) -> ColumnElement[bool]:
    """The only way applications are scoped: requester sees its own, requested state
    sees them once submitted, whatever happened since (a draft withdrawn or suspended
    before it was sent stays the requester's); everyone else sees nothing. A reintegration
    provider's people see no application at all, only the cases referred to them."""
    state = user.state_code
    return and_(
        or_(
            Application.requesting_state == state,
            and_(Application.requested_state == state, Application.submitted_at.is_not(None)),
        ),
        ~exists().where(Provider.authority_id == user.authority_id),
    )


def held_by(user: User, state_column: ColumnElement[str] | Any) -> ColumnElement[bool]:
    """The default-deny filter for a state's own registers (designations, screenings, flight
    leads): a row is visible only to users of the state that holds it."""
    return state_column == user.state_code


def kept_by(user: User, authority_column: ColumnElement[int] | Any) -> ColumnElement[bool]:
    """The default-deny filter for an authority's own work (background jobs): a row is
    visible only to users of the authority that holds it."""
    return authority_column == user.authority_id


def is_requesting_side(user: User, application: Application) -> bool:
    """True for users of the requesting state (who may see protection data)."""
    return user.state_code == application.requesting_state


def get_or_create_state(*, session: Session, code: str, name: str) -> State:
    """A state by ISO alpha-3 code, created if missing."""
    state = session.get(State, code)
    if state is None:
        state = State(code=code, name=name)
        session.add(state)
        session.flush()
    return state


def get_or_create_authority(
    *, session: Session, state_code: str, name: str, short_name: str
) -> Authority:
    """An authority by short name, created if missing."""
    authority = session.scalars(select(Authority).where(Authority.short_name == short_name)).first()
    if authority is None:
        authority = Authority(state_code=state_code, name=name, short_name=short_name)
        session.add(authority)
        session.flush()
    return authority


def authority_ids(*, session: Session, states: Iterable[str]) -> list[int]:
    """Every authority of these states (e.g. both parties' auditors see a system step)."""
    return list(
        session.scalars(
            select(Authority.id)
            .where(Authority.state_code.in_(list(states)))
            .order_by(Authority.id)
        )
    )


def list_authorities(*, session: Session) -> list[Authority]:
    """All authorities, by state."""
    return list(session.scalars(select(Authority).order_by(Authority.state_code, Authority.name)))
