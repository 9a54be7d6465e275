"""What the interview section of the case page shows: both states see every interview."""

from typing import Any

from sqlalchemy.orm import Session

from readmit.applications.enums import TERMINAL
from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.interviews import service as interviews
from readmit.interviews.models import OPEN


def panel(db: Session, user: User, application: Application) -> dict[str, Any]:
    """The interviews with their decisions, and which form this user gets: a request (the
    requesting state, none waiting) or a decision on the waiting one (the requested state)."""
    found = interviews.list_for(session=db, application=application)
    waiting = next((i for i in found if i.status in OPEN), None)
    return {
        "items": [interviews.to_public(session=db, interview=i) for i in found],
        "may_request": interviews.may_request(user, application)
        and application.submitted_at is not None
        and application.status not in TERMINAL
        and waiting is None,
        "waiting": waiting if interviews.may_decide(user, application) else None,
    }
