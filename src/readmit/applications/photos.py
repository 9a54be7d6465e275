"""The person's photo, supplied by the requesting state: a JPEG or PNG checked on upload
(real image, size, dimensions) and kept as re-encoded from its pixels, so that what is served
and printed carries no EXIF (location, camera) and nothing hidden after the image; the latest
is printed on the travel document."""

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit import uploads
from readmit.applications.enums import TERMINAL
from readmit.applications.models import Application, Photo
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid
from readmit.i18n import _

MAX_BYTES = 2 * 1024 * 1024
MIN_SIDE = 120  # pixels: enough for a 24 × 30 mm print
MAX_SIDE = 6000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
UPLOADERS = (Role.case_officer, Role.supervisor)


def _invalid(message: str) -> Invalid:
    return Invalid([FieldProblem(("file",), message)])


def _inspect(data: bytes) -> str:
    """The media type of a JPEG or PNG of acceptable size, from its header alone."""
    if not data:
        raise _invalid(_("the file is empty"))
    if len(data) > MAX_BYTES:
        raise _invalid(
            _("the photo is larger than the {mib} MB limit", mib=MAX_BYTES // 1024 // 1024)
        )
    try:
        with uploads.open_image(data) as image:
            kind, (width, height) = image.format or "", image.size
    except uploads.Refused as exc:
        raise _invalid(str(exc)) from None
    if kind not in FORMATS:
        raise _invalid(_("the photo is a {kind} image; send a JPEG or PNG", kind=kind))
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise _invalid(
            _(
                "the photo is {width} × {height} pixels; each side must be {low} to {high} pixels",
                width=width,
                height=height,
                low=MIN_SIDE,
                high=MAX_SIDE,
            )
        )
    return FORMATS[kind]


def _reencoded(data: bytes) -> tuple[bytes, int, int]:
    """The photo saved again from its pixels alone (metadata and trailing bytes dropped),
    decoded in a worker process within the limits of `readmit.uploads`."""
    try:
        clean = uploads.run(uploads.reencode, data)
        with uploads.open_image(clean) as image:
            return clean, image.width, image.height
    except uploads.Refused as exc:
        raise _invalid(str(exc)) from None


def may_supply(user: User, application: Application) -> bool:
    """True for the requesting state's case officers and supervisors."""
    return user.state_code == application.requesting_state and user.has_role(*UPLOADERS)


def put(*, session: Session, user: User, application: Application, data: bytes) -> Photo:
    """Supply (or replace) the person's photo; audited with its digest, never its pixels."""
    if not may_supply(user, application):
        raise Forbidden(_("only the requesting state's officers supply the person's photo"))
    if application.status in TERMINAL:
        raise Conflict(_("the application is {status}", status=application.status))
    media_type = _inspect(data)
    content, width, height = _reencoded(data)
    photo = Photo(
        application_id=application.id,
        media_type=media_type,
        content=content,
        width=width,
        height=height,
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=user.id,
    )
    session.add(photo)
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="application.photo",
        entity="photo",
        entity_id=photo.id,
        application_id=application.id,
        detail={"media_type": media_type, "bytes": len(content), "sha256": photo.sha256},
    )
    return photo


def current(*, session: Session, application: Application) -> Photo | None:
    """The latest photo supplied for the application, if any."""
    return session.scalars(
        select(Photo).where(Photo.application_id == application.id).order_by(Photo.id.desc())
    ).first()
