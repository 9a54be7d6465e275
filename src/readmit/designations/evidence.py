"""Evidence for a designation: a PDF, JPEG or PNG held to exactly the rules of a case's
attachments (a clean file name, the size limit READMIT_ATTACHMENT_MAX_MB, the type read
from the content and agreeing with the name, decoded in `readmit.uploads`' worker; images
kept re-encoded without EXIF). Kept in the database with the designation; every upload and
download is audited."""

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from readmit.attachments import service as attachments
from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.designations import lifecycle
from readmit.designations.lifecycle import Step
from readmit.designations.models import Designation, Evidence
from readmit.designations.service import lock, require_reader
from readmit.errors import FieldProblem, Invalid, NotFound
from readmit.i18n import _

MAX_DESCRIPTION = 500


def max_bytes() -> int:
    """The largest file accepted (the attachments' limit)."""
    return attachments.max_bytes()


def add(
    *,
    session: Session,
    user: User,
    designation: Designation,
    filename: str,
    data: bytes,
    description: str = "",
) -> Evidence:
    """Check the file by its content and keep it with the designation; audited with its
    digest, never its bytes."""
    lifecycle.check(designation=designation, step=Step.add_evidence, user=user)
    if len(description) > MAX_DESCRIPTION:
        problem = _("at most {n} characters", n=MAX_DESCRIPTION)
        raise Invalid([FieldProblem(("description",), problem)])
    # The attachments' own check, so that evidence meets the very same rule.
    name, media_type, content = attachments.checked(filename, data, ("file",))
    designation = lock(session, designation)
    lifecycle.check(designation=designation, step=Step.add_evidence, user=user)
    evidence = Evidence(
        designation_id=designation.id,
        filename=name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        description=description.strip(),
        content=content,
        uploaded_by_id=user.id,
    )
    session.add(evidence)
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="designation.evidence_add",
        entity="designation",
        entity_id=designation.id,
        detail={
            "designation": designation.id,
            "evidence": evidence.id,
            "media_type": media_type,
            "bytes": evidence.size,
            "sha256": evidence.sha256,
        },
    )
    return evidence


def list_for(*, session: Session, designation: Designation) -> list[tuple[Evidence, str]]:
    """The designation's evidence with who uploaded each, oldest first."""
    rows = session.execute(
        select(Evidence, User.full_name)
        .join(User, User.id == Evidence.uploaded_by_id)
        .where(Evidence.designation_id == designation.id)
        .order_by(Evidence.id)
    )
    return [(evidence, name) for evidence, name in rows]


def download(
    *, session: Session, user: User, designation: Designation, evidence_id: int
) -> Evidence:
    """A document of this designation with its bytes; the download is audited."""
    require_reader(user)
    evidence = session.scalar(
        select(Evidence)
        .options(undefer(Evidence.content))
        .where(Evidence.id == evidence_id, Evidence.designation_id == designation.id)
    )
    if evidence is None:
        raise NotFound(_("no such evidence"))
    audit.record(
        session=session,
        actor=user,
        action="designation.evidence_download",
        entity="designation",
        entity_id=designation.id,
        detail={"designation": designation.id, "evidence": evidence.id, "sha256": evidence.sha256},
    )
    return evidence
