"""Documents attached to a case by the requesting state.

A file is accepted only as a PDF, JPEG or PNG whose content says so and whose name agrees
(a `.pdf` that is really a PNG or an HTML page is refused), within the size limit
(`READMIT_ATTACHMENT_MAX_MB`). It is read in `readmit.uploads`' worker process: a PDF must
open in PDFium and is kept as sent; an image is kept re-encoded from its pixels, so a scan
carries no EXIF (a phone's location) and nothing appended. The bytes are kept in the
database with the case, as photos are, so an attachment and its audit record are written
in one transaction and a rolled-back upload leaves nothing behind.

The requested state sees an attachment only when it is shared; protection evidence is never
shared and is seen only by those who see protection data. Every download is audited. An
attachment may be deleted until the application is first submitted; after that the
requested state may have relied on it, so it stays."""

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from sqlalchemy import ColumnElement, false, select
from sqlalchemy.orm import Session, undefer

from readmit import uploads
from readmit.applications import lifecycle
from readmit.applications.enums import TERMINAL
from readmit.applications.models import Application
from readmit.attachments.models import (
    PROTECTION_KINDS,
    SHARED_BY_DEFAULT,
    Attachment,
    AttachmentKind,
)
from readmit.attachments.schemas import AttachmentPublic
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.config import get_settings
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import N_, _
from readmit.labels import ATTACHMENT_KINDS
from readmit.protection import service as protection
from readmit.tenancy.models import Authority
from readmit.tenancy.service import is_requesting_side

MiB = 2**20
UPLOADERS = (Role.case_officer, Role.supervisor)
EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
NEVER_SHARED = N_("protection evidence is never shared with the requested state")
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Upload:
    """A file checked by its content, with what it is and whether it is shared."""

    kind: AttachmentKind
    shared: bool
    filename: str
    media_type: str
    content: bytes


def max_bytes() -> int:
    """The largest attachment accepted."""
    return get_settings().attachment_max_mb * MiB


def kinds_for(user: User, application: Application) -> list[AttachmentKind]:
    """What this user may attach: the requesting state's case officers and supervisors any
    kind, its protection officers protection evidence; nobody else anything."""
    if not is_requesting_side(user, application):
        return []
    if user.has_role(*UPLOADERS):
        return list(AttachmentKind)
    if user.has_role(Role.protection_officer):
        return [kind for kind in AttachmentKind if kind in PROTECTION_KINDS]
    return []


def require_attacher(user: User, application: Application, kind: str | None = None) -> None:
    """403 unless the user may attach (or remove) documents, of this kind when named."""
    if not is_requesting_side(user, application):
        raise Forbidden(_("only the requesting state attaches documents to a case"))
    allowed = kinds_for(user, application)
    if not allowed or (kind is not None and kind not in allowed):
        raise Forbidden(_("your role may not attach or remove this kind of document"))


def _refused(field: Loc, message: str) -> Invalid:
    return Invalid([FieldProblem(field, message)])


def clean_filename(name: str) -> str:
    """The file's own name: no folder, no control characters, at most 200 characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    suffix = PurePosixPath(base).suffix[:10]
    return base if len(base) <= 200 else base[: 200 - len(suffix)] + suffix


def checked(filename: str, data: bytes, field: Loc) -> tuple[str, str, bytes]:
    """(name, media type, bytes to keep) of an acceptable file, else Invalid saying why."""
    name = clean_filename(filename)
    if not data:
        raise _refused(field, _("the file is empty"))
    limit = max_bytes()
    if len(data) > limit:
        raise _refused(field, _("the file is larger than the {mib} MB limit", mib=limit // MiB))
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise _refused(
            field,
            _("send a PDF, JPEG or PNG: the file's name must end in .pdf, .jpg, .jpeg or .png"),
        )
    media_type = uploads.sniff(data)
    if media_type != EXTENSIONS[suffix]:
        content = uploads.described(data)
        found = (
            _("the file is named {suffix} but its content is {content}")
            if media_type
            else _(
                "the file is named {suffix} but its content is {content}; send a PDF, JPEG or PNG"
            )
        )
        raise _refused(field, found.format(suffix=suffix, content=content))
    try:
        if media_type == "application/pdf":
            uploads.run(uploads.check_pdf, data)
            return name, media_type, data
        return name, media_type, uploads.run(uploads.reencode, data)
    except uploads.Refused as exc:
        raise _refused(field, str(exc)) from None


def prepare(
    *,
    user: User,
    application: Application,
    kind: AttachmentKind,
    filename: str,
    data: bytes,
    shared: bool | None = None,
    field: Loc = ("file",),
) -> Upload:
    """Check who attaches what, and the file by its content, before anything is written;
    `shared` None: identity documents are shared, others kept."""
    require_attacher(user, application, kind)
    if shared and kind in PROTECTION_KINDS:
        raise _refused(("shared",), _(NEVER_SHARED))
    name, media_type, content = checked(filename, data, field)
    share = kind in SHARED_BY_DEFAULT if shared is None else shared
    return Upload(kind, share, name, media_type, content)


def add(
    *,
    session: Session,
    user: User,
    application: Application,
    upload: Upload,
    message_id: int | None = None,
) -> Attachment:
    """Store a prepared attachment; audited with its digest, never its bytes."""
    require_attacher(user, application, upload.kind)
    if upload.shared and upload.kind in PROTECTION_KINDS:
        raise _refused(("shared",), _(NEVER_SHARED))
    lifecycle.lock(session=session, application=application)
    if application.status in TERMINAL:
        raise Conflict(_("the application is {status}", status=application.status))
    attachment = Attachment(
        application_id=application.id,
        kind=upload.kind,
        shared=upload.shared,
        filename=upload.filename,
        media_type=upload.media_type,
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        content=upload.content,
        message_id=message_id,
        uploaded_by_id=user.id,
    )
    session.add(attachment)
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="attachment.add",
        entity="attachment",
        entity_id=attachment.id,
        application_id=application.id,
        detail={
            "kind": upload.kind,
            "shared": upload.shared,
            "media_type": upload.media_type,
            "bytes": attachment.size,
            "sha256": attachment.sha256,
        },
    )
    return attachment


def visible(user: User, application: Application) -> ColumnElement[bool]:
    """The one filter on a case's attachments: the requesting state sees its own (protection
    evidence only those who see protection data), the requested state the shared ones."""
    own = Attachment.application_id == application.id
    if is_requesting_side(user, application):
        if protection.can_view(user, application):
            return own
        return own & Attachment.kind.not_in(PROTECTION_KINDS)
    if user.state_code == application.requested_state:
        return own & Attachment.shared.is_(True) & Attachment.kind.not_in(PROTECTION_KINDS)
    return false()


def get(
    *, session: Session, user: User, application: Application, attachment_id: int
) -> Attachment:
    """An attachment of this case the user may see, or NotFound (never a hint it exists)."""
    found = session.scalars(
        select(Attachment).where(Attachment.id == attachment_id, visible(user, application))
    ).first()
    if found is None:
        raise NotFound(_("no such attachment"))
    return found


def list_for(*, session: Session, user: User, application: Application) -> list[AttachmentPublic]:
    """The attachments this user may see, oldest first."""
    rows = session.scalars(
        select(Attachment).where(visible(user, application)).order_by(Attachment.id)
    ).all()
    return present(session=session, user=user, attachments=rows)


def present(
    *, session: Session, user: User, attachments: Sequence[Attachment]
) -> list[AttachmentPublic]:
    """Attachments as this user sees them: the uploader's name only within their authority."""
    ids = {a.uploaded_by_id for a in attachments}
    uploaders = {
        row.id: row
        for row in session.execute(
            select(User.id, User.full_name, User.authority_id, Authority.state_code)
            .join(Authority, User.authority_id == Authority.id)
            .where(User.id.in_(ids))
        )
    }
    public = []
    for a in attachments:
        by = uploaders[a.uploaded_by_id]
        public.append(
            AttachmentPublic(
                id=a.id,
                kind=a.kind,
                kind_label=ATTACHMENT_KINDS[a.kind],
                shared=a.shared,
                filename=a.filename,
                media_type=a.media_type,
                size=a.size,
                sha256=a.sha256,
                message_id=a.message_id,
                uploaded_by_state=by.state_code,
                uploaded_by_name=by.full_name if by.authority_id == user.authority_id else None,
                uploaded_at=a.uploaded_at,
            )
        )
    return public


def download(
    *, session: Session, user: User, application: Application, attachment_id: int
) -> Attachment:
    """An attachment with its bytes; the download is audited."""
    attachment = session.scalars(
        select(Attachment)
        .options(undefer(Attachment.content))
        .where(Attachment.id == attachment_id, visible(user, application))
    ).first()
    if attachment is None:
        raise NotFound(_("no such attachment"))
    audit.record(
        session=session,
        actor=user,
        action="attachment.download",
        entity="attachment",
        entity_id=attachment.id,
        application_id=application.id,
        detail={"kind": attachment.kind, "sha256": attachment.sha256},
    )
    return attachment


def share(
    *,
    session: Session,
    user: User,
    application: Application,
    attachment: Attachment,
    message_id: int | None = None,
) -> None:
    """Share an attachment with the requested state (with an answer: `message_id`)."""
    require_attacher(user, application, attachment.kind)
    if attachment.kind in PROTECTION_KINDS:
        raise _refused(("attachment_ids",), _(NEVER_SHARED))
    attachment.shared = True
    attachment.message_id = attachment.message_id or message_id
    audit.record(
        session=session,
        actor=user,
        action="attachment.share",
        entity="attachment",
        entity_id=attachment.id,
        application_id=application.id,
        detail={"kind": attachment.kind, "message_id": message_id},
    )


def deletable(application: Application) -> bool:
    """Attachments are deleted only until the application is first submitted."""
    return application.submitted_at is None and application.status not in TERMINAL


def delete(*, session: Session, user: User, application: Application, attachment_id: int) -> None:
    """Delete an attachment of a case never submitted; audited with what it was."""
    require_attacher(user, application)  # a role that may remove nothing learns nothing more
    attachment = get(
        session=session, user=user, application=application, attachment_id=attachment_id
    )
    require_attacher(user, application, attachment.kind)
    lifecycle.lock(session=session, application=application)
    if not deletable(application):
        raise Conflict(
            _(
                "attachments are kept once the application has been submitted: the requested "
                "state may have relied on them"
            )
        )
    audit.record(
        session=session,
        actor=user,
        action="attachment.delete",
        entity="attachment",
        entity_id=attachment.id,
        application_id=application.id,
        detail={
            "kind": attachment.kind,
            "filename": attachment.filename,
            "bytes": attachment.size,
            "sha256": attachment.sha256,
        },
    )
    session.delete(attachment)
    session.flush()


def disposition(filename: str) -> str:
    """A Content-Disposition that downloads the file under its name (RFC 6266)."""
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
