"""The two halves of the Declaration meet on one person: a requesting state's officer sees that
the person of a readmission application has a pending pathway case with the same state, and
the state's pathway officers see on a case that the person is the subject of its readmission
application.

Both directions join the application's search keys (`search.keys`, kinds name and document)
with the case's keys (`pathways.duplicates`, built with the same name keys), then confirm
with the birth date and the names (`duplicates.compare`).

Protection data never crosses: a flag carries a reference and a coarse state only. An
application suspended for a protection claim, or rejected, withdrawn or closed without a
return, shows as "pending readmission" or not at all; a pathway case shows as pending or
approved, never the grounds of a programme's rules. The requested state of an application
sees no pathway flag, and a state sees only its own cases and applications.
"""

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from readmit.applications.enums import TERMINAL, Status
from readmit.applications.models import Application, TimelineEvent
from readmit.auth.models import User
from readmit.i18n import N_, _
from readmit.pathways import duplicates, lifecycle
from readmit.pathways.models import CaseStatus, NameKey, PathwayCase, Programme
from readmit.search.models import KeyKind, SearchKey
from readmit.tenancy.service import held_by, is_requesting_side, visible_to

RETURNED = frozenset({Status.departed, Status.arrived})
# Applications shown as pending: on the way to a return, a draft, or suspended (whatever the
# reason: a suspension must not tell a protection claim).
PENDING_READMISSION = frozenset(Status) - TERMINAL - RETURNED - {Status.rejected}
APPROVED = frozenset({CaseStatus.approved, CaseStatus.travel_booked})
PATHWAY_STATES = {"pending": N_("Pending"), "approved": N_("Approved")}
READMISSION_STATES = {"pending_readmission": N_("Pending readmission"), "returned": N_("Returned")}
MAX_FLAGS = 20
KEY_KINDS = (KeyKind.name.value, KeyKind.document.value)


@dataclass(frozen=True)
class PathwayFlag:
    """A pending pathway case of an application's person, as the requesting state sees it."""

    reference: str
    programme: str
    state: Literal["pending", "approved"]

    @property
    def label(self) -> str:
        """The coarse state, in the user's language."""
        return _(PATHWAY_STATES[self.state])


@dataclass(frozen=True)
class ReadmissionFlag:
    """A readmission application of a case's person, as the case's state sees it."""

    reference: str
    state: Literal["pending_readmission", "returned"]

    @property
    def label(self) -> str:
        """The coarse state, in the user's language."""
        return _(READMISSION_STATES[self.state])


def person_of(application: Application) -> duplicates.Person:
    """An application's person as compared, named by the rules of the requested state."""
    return duplicates.Person(
        names=duplicates.names_of([(n.family, n.given) for n in application.names]),
        nationality=application.requested_state,
        birth_date=application.birth_date or "",
        documents=tuple(d.number for d in application.documents if d.number),
    )


def pathway_flags(*, session: Session, user: User, application: Application) -> list[PathwayFlag]:
    """The pending pathway cases the requesting state holds for this application's person;
    nothing for any other user."""
    if not is_requesting_side(user, application):
        return []
    keyed = (
        select(NameKey.case_id)
        .join(SearchKey, SearchKey.value == NameKey.key)
        .where(SearchKey.application_id == application.id, SearchKey.kind.in_(KEY_KINDS))
    )
    rows = session.execute(
        select(PathwayCase, Programme.title)
        .join(
            Programme,
            (Programme.code == PathwayCase.programme_code)
            & (Programme.version == PathwayCase.programme_version),
        )
        .where(
            held_by(user, PathwayCase.state_code),
            PathwayCase.status.in_([s.value for s in lifecycle.PENDING]),
            PathwayCase.id.in_(keyed),
        )
        .order_by(PathwayCase.id)
        .limit(MAX_FLAGS)
    ).all()
    person = person_of(application)
    return [
        PathwayFlag(case.reference, title, "approved" if case.status in APPROVED else "pending")
        for case, title in rows
        if duplicates.compare(person, duplicates.person_of(case)) is not None
    ]


def _state(
    session: Session, application: Application
) -> Literal["pending_readmission", "returned"] | None:
    if application.status in PENDING_READMISSION:
        return "pending_readmission"
    if application.status in RETURNED:
        return "returned"
    arrived = exists().where(
        TimelineEvent.application_id == application.id,
        TimelineEvent.to_status == Status.arrived.value,
    )
    if application.status == Status.closed and session.scalar(select(arrived)):
        return "returned"
    return None


def readmission_flags(*, session: Session, user: User, case: PathwayCase) -> list[ReadmissionFlag]:
    """The readmission applications of the case's state (as the requesting state) whose
    person is the case's, for a user who may see the case."""
    if case.state_code != user.state_code:
        return []
    keyed = (
        select(SearchKey.application_id)
        .join(NameKey, NameKey.key == SearchKey.value)
        .where(NameKey.case_id == case.id, SearchKey.kind.in_(KEY_KINDS))
    )
    applications = session.scalars(
        select(Application)
        .where(
            visible_to(user),
            Application.requesting_state == user.state_code,
            Application.id.in_(keyed),
        )
        .order_by(Application.id)
        .limit(MAX_FLAGS)
    )
    person = duplicates.person_of(case)
    found = []
    for application in applications:
        state = _state(session, application)
        if state and duplicates.compare(person_of(application), person) is not None:
            found.append(ReadmissionFlag(application.reference, state))
    return found
