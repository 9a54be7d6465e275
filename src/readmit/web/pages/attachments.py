"""Attachments on the case page: the requesting state's officers upload them (the API's checks,
shown next to the field), both parties download what they may see, and drafts' attachments
can be deleted. Files come through an authenticated route as downloads, never inline."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from readmit.applications import service as applications
from readmit.attachments import service as attachments
from readmit.attachments.models import AttachmentKind
from readmit.errors import Invalid
from readmit.i18n import N_, _
from readmit.web.deps import DbSession, RowId
from readmit.web.pages import attachment_panel
from readmit.web.pages.applications import detail_with_errors
from readmit.web.pages.common import (
    CurrentLogin,
    FormLogin,
    Loc,
    PostedForm,
    collect,
    invalid_problems,
    see_other,
)

router = APIRouter()

# The upload form's fields (ids on the case page) and where each problem belongs.
FIELDS = {"file": "attachment", "kind": "attachment_kind", "shared": "attachment_shared"}
LABELS = {
    "attachment": N_("File"),
    "attachment_kind": N_("Type of document"),
    "attachment_shared": N_("Sharing"),
}
SHARING = {"": None, "yes": True, "no": False}


async def files(request: Request) -> dict[str, UploadFile]:
    """The files chosen in a multipart form, by field name (the form is parsed once)."""
    form = await request.form()
    return {
        key: value
        for key, value in form.multi_items()
        if isinstance(value, UploadFile) and value.filename
    }


Files = Annotated[dict[str, UploadFile], Depends(files)]


def read(upload: UploadFile | None) -> tuple[str, bytes]:
    """A chosen file's name and bytes, read up to one byte past the limit."""
    if upload is None:
        return "", b""
    return upload.filename or "", upload.file.read(attachments.max_bytes() + 1)


@router.get("/applications/{application_id}/attachments/{attachment_id}")
def download(
    db: DbSession, login: CurrentLogin, application_id: RowId, attachment_id: RowId
) -> Response:
    """The file, to save; the download is audited."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    attachment = attachments.download(
        session=db, user=user, application=application, attachment_id=attachment_id
    )
    return Response(
        attachment.content,
        media_type=attachment.media_type,
        headers={"Content-Disposition": attachments.disposition(attachment.filename)},
    )


@router.post("/applications/{application_id}/attachments")
def upload(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    chosen: Files,
    application_id: RowId,
) -> Response:
    """Attach a document, or show the case again with the reason next to the field."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    attachments.require_attacher(user, application)
    kind, sharing = form.get("kind"), form.get("shared")
    problems: list[tuple[Loc, str]] = []
    if kind not in AttachmentKind.__members__:
        problems.append((("kind",), _("Choose the type of document")))
    if "attachment" not in chosen:
        problems.append((("file",), _("Choose a PDF, JPEG or PNG file to attach")))
    if not problems:
        filename, data = read(chosen["attachment"])
        try:
            prepared = attachments.prepare(
                user=user,
                application=application,
                kind=AttachmentKind(kind),
                filename=filename,
                data=data,
                shared=SHARING.get(sharing),
            )
        except Invalid as exc:
            problems = invalid_problems(exc)
        else:
            attachments.add(session=db, user=user, application=application, upload=prepared)
            return see_other(f"/applications/{application.id}?done=attachment_added#attachments")
    errors = collect(problems, lambda loc: FIELDS.get(str(loc[0]), "attachment"), LABELS)
    typed = attachment_panel.panel(db, user, application, kind=kind, shared=sharing)
    return detail_with_errors(request, db, user, application, errors, attachment_panel=typed)


@router.post("/applications/{application_id}/attachments/{attachment_id}/delete")
def delete(
    db: DbSession, login: FormLogin, application_id: RowId, attachment_id: RowId
) -> Response:
    """Delete an attachment of a draft."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    attachments.delete(session=db, user=user, application=application, attachment_id=attachment_id)
    return see_other(f"/applications/{application.id}?done=attachment_deleted#attachments")
