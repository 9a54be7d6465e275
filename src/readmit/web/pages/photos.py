"""The person's photo on the case page: the requesting state's officers upload it (the same
checks and re-encoding as the API), and both parties see it through an authenticated route
(never cached, never sniffed: the headers of every response, web/middleware.py)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from readmit.applications import photos
from readmit.applications import service as applications
from readmit.errors import Invalid, NotFound
from readmit.i18n import N_, _
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.applications import detail_with_errors
from readmit.web.pages.common import CurrentLogin, FormLogin, collect, invalid_problems, see_other

router = APIRouter()

FIELD = "photo"  # the file input's id and name
LABELS = {FIELD: N_("Photo")}


async def uploaded(request: Request) -> UploadFile | None:
    """The file chosen in the form's photo field, if any (the form is parsed once)."""
    value = (await request.form()).get(FIELD)
    return value if isinstance(value, UploadFile) and value.filename else None


Upload = Annotated[UploadFile | None, Depends(uploaded)]


@router.get("/applications/{application_id}/photo")
def photo_image(db: DbSession, login: CurrentLogin, application_id: RowId) -> Response:
    """The person's current photo, for the case page of either party."""
    application = applications.get(session=db, user=login.user, application_id=application_id)
    photo = photos.current(session=db, application=application)
    if photo is None:
        raise NotFound(_("No photo has been supplied for this application."))
    return Response(photo.content, media_type=photo.media_type)


@router.post("/applications/{application_id}/photo")
def upload_photo(
    request: Request, db: DbSession, login: FormLogin, upload: Upload, application_id: RowId
) -> Response:
    """Supply or replace the photo, or show the case again with the reason next to the field."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    data = upload.file.read(photos.MAX_BYTES + 1) if upload else b""
    try:
        photos.put(session=db, user=user, application=application, data=data)
    except Invalid as exc:
        problems = invalid_problems(exc)
        if upload is None:
            problems = [((FIELD,), _("Choose a JPEG or PNG photo to upload"))]
        errors = collect(problems, lambda _loc: FIELD, LABELS)
        return detail_with_errors(request, db, user, application, errors)
    return see_other(f"/applications/{application.id}?done=photo_saved#person-photo")
