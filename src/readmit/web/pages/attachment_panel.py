"""What the case page's Attachments section shows this user: the attachments they may see,
the kinds they may attach, and the upload form as typed."""

from typing import Any

from sqlalchemy.orm import Session

from readmit.applications.enums import TERMINAL
from readmit.applications.models import Application
from readmit.attachments import service as attachments
from readmit.attachments.models import PROTECTION_KINDS
from readmit.auth.models import User
from readmit.i18n import _
from readmit.labels import label
from readmit.tenancy.service import is_requesting_side


def panel(
    db: Session, user: User, application: Application, kind: str = "", shared: str = ""
) -> dict[str, Any]:
    """The section's content; `kind` and `shared` are what the upload form showed."""
    kinds = [] if application.status in TERMINAL else attachments.kinds_for(user, application)
    sharing = []
    if any(k not in PROTECTION_KINDS for k in kinds):
        sharing = [
            ("", _("As the type suggests: identity documents shared, others kept")),
            ("yes", _("Share with {state}", state=application.requested_state)),
            ("no", _("Keep with {state}", state=application.requesting_state)),
        ]
    return {
        "items": attachments.list_for(session=db, user=user, application=application),
        "kinds": [(k.value, label(k.value, "attachment")) for k in kinds],
        "sharing": sharing,
        "deletable": attachments.deletable(application),
        "requesting": is_requesting_side(user, application),
        "limit_mb": attachments.max_bytes() // attachments.MiB,
        "kind": kind,
        "shared": shared,
    }
