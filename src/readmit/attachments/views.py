"""JSON API for a case's attachments: list, upload, download, delete."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Response, UploadFile

from readmit.attachments import service
from readmit.attachments.models import AttachmentKind
from readmit.attachments.schemas import AttachmentPublic
from readmit.audit import service as audit
from readmit.web.deps import ApiApplication, ApiUser, DbSession, RowId

router = APIRouter(prefix="/applications/{application_id}/attachments", tags=["attachments"])
MEDIA: dict[str, Any] = {
    "content": {media: {} for media in sorted(set(service.EXTENSIONS.values()))}
}


@router.get("", response_model=list[AttachmentPublic])
def list_attachments(
    application: ApiApplication, db: DbSession, user: ApiUser
) -> list[AttachmentPublic]:
    """The attachments the caller may see (the requested state: the shared ones)."""
    found = service.list_for(session=db, user=user, application=application)
    audit.record(
        session=db,
        actor=user,
        action="attachment.list",
        entity="attachment",
        application_id=application.id,
        detail={"count": len(found)},
    )
    return found


@router.post("", status_code=201, response_model=AttachmentPublic)
def add_attachment(
    application: ApiApplication,
    db: DbSession,
    user: ApiUser,
    file: UploadFile,
    kind: Annotated[AttachmentKind, Form()],
    shared: Annotated[bool | None, Form()] = None,
) -> AttachmentPublic:
    """Attach a PDF, JPEG or PNG (multipart `file`, checked by its content; `kind`; `shared`,
    by default true for identity documents; protection evidence is never shared)."""
    upload = service.prepare(
        user=user,
        application=application,
        kind=kind,
        filename=file.filename or "",
        data=file.file.read(service.max_bytes() + 1),
        shared=shared,
    )
    attachment = service.add(session=db, user=user, application=application, upload=upload)
    return service.present(session=db, user=user, attachments=[attachment])[0]


@router.get("/{attachment_id}", responses={200: MEDIA})
def download_attachment(
    attachment_id: RowId, application: ApiApplication, db: DbSession, user: ApiUser
) -> Response:
    """The file as stored; the download is audited."""
    attachment = service.download(
        session=db, user=user, application=application, attachment_id=attachment_id
    )
    return Response(
        attachment.content,
        media_type=attachment.media_type,
        headers={"Content-Disposition": service.disposition(attachment.filename)},
    )


@router.delete("/{attachment_id}", status_code=204)
def delete_attachment(
    attachment_id: RowId, application: ApiApplication, db: DbSession, user: ApiUser
) -> Response:
    """Delete an attachment of an application not yet submitted (409 afterwards)."""
    service.delete(session=db, user=user, application=application, attachment_id=attachment_id)
    return Response(status_code=204)
