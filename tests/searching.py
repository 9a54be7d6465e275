"""Cases for the search tests: a person of the test register under a name of the test's
choosing, opened by USA's case officer and, unless asked otherwise, submitted."""

from datetime import timedelta

from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.applications.schemas import ApplicationCreate
from readmit.auth.models import Role
from readmit.database.core import utcnow
from tests.factories import World, person_payload


def named_case(
    db: Session,
    world: World,
    family: str,
    given: str,
    *,
    country: str = "CHN",
    index: int = 0,
    submit: bool = True,
    passport: str | None = None,
) -> Application:
    """A USA case to `country` for a person called `family`, `given`."""
    person = person_payload(world, country, index)
    person["names"] = [{"family": family, "given": given, "source": "document"}]
    if passport:
        person["documents"] = [{"type": "passport", "number": passport, "issuing_state": country}]
    payload = ApplicationCreate.model_validate({"requested_state": country, "person": person})
    officer = world.user(db, "USA", Role.case_officer)
    case, _ = applications.create(session=db, actor=officer, payload=payload)
    if submit:
        applications.transition(session=db, user=officer, application=case, action="submit")
    db.flush()
    return case


def backdate(db: Session, case: Application, days: int) -> None:
    """Opened and submitted `days` ago: its reply deadline has long passed."""
    case.created_at = utcnow() - timedelta(days=days)
    if case.submitted_at is not None:
        case.submitted_at = utcnow() - timedelta(days=days)
    db.flush()
