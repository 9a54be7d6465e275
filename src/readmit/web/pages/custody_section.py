"""The "Custody and removal" section of the case page: what it shows, for the requesting
state only (the requested state gets no section at all)."""

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.custody import service as custody
from readmit.custody.models import CustodyStatus, ReleaseReason
from readmit.database.core import utcnow
from readmit.web.templating import choices

# Form field ids: prefixed, since the case page carries other forms with a `note`.
FIELDS = ("custody_status", "custody_since", "release_reason", "custody_note", "final_order_on")


def context(
    db: Session, user: User, application: Application, *, values: dict[str, str] | None = None
) -> dict[str, Any] | None:
    """The section's data, or None for anyone outside the requesting state."""
    if not custody.can_view(user, application):
        return None
    today: date = utcnow().date()
    return {
        "custody": custody.view(session=db, user=user, application=application, today=today),
        "may_record": user.has_role(*custody.WRITER_ROLES),
        "statuses": choices(CustodyStatus, "custody"),
        "reasons": choices(ReleaseReason, "release_reason"),
        "values": dict.fromkeys(FIELDS, "") | (values or {}),
        "window": custody.QUEUE_WINDOW_DAYS,
    }
