"""Reading a passport scan for an application: who may, and the audit record.

The officers who open or edit applications (case officers and supervisors, on the requesting
side of a case being edited) may have a scan's MRZ read by OCR. The read is audited in the
caller's transaction with the scan's size and digest, never its pixels or the lines read;
the scan itself is not kept (an officer who wants it on the case attaches it).
"""

import hashlib

from sqlalchemy.orm import Session

from readmit.applications import editing
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.documents import ocr
from readmit.errors import Forbidden
from readmit.i18n import _

READERS = (Role.case_officer, Role.supervisor)


def require_reader(user: User, application: Application | None = None) -> None:
    """403 unless the user opens applications (and may edit this one, when named)."""
    if application is not None:
        editing.require_editor(user, application)
    elif not user.has_role(*READERS):
        raise Forbidden(_("only case officers and supervisors read passport scans"))


def read(
    *, session: Session, user: User, data: bytes, application: Application | None = None
) -> ocr.MrzRead:
    """The scan's MRZ by OCR (ScanRefused, OcrUnavailable as `ocr.read_scan`); audited."""
    require_reader(user, application)
    found = ocr.read_scan(data)
    audit.record(
        session=session,
        actor=user,
        action="document.ocr",
        entity="document",
        application_id=application.id if application else None,
        detail={
            "valid": found.valid,
            "problem": found.problem.field if found.problem else None,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    )
    return found
