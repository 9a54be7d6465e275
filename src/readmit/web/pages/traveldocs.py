"""Travel documents in the browser: the printable PDF from the case, and the page where a
border or airline officer checks a document by uploading a scan of its seal."""

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from readmit.applications import service as applications
from readmit.errors import NotFound
from readmit.traveldocs import barcode, issuing
from readmit.traveldocs import service as seals
from readmit.traveldocs.pdf import PageSize
from readmit.traveldocs.views import pdf_response
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import CurrentLogin, FormLogin, PostedForm
from readmit.web.templating import render

router = APIRouter()
MAX_UPLOAD = 10 * 2**20


@router.get("/applications/{application_id}/travel-document.pdf")
def document_pdf(
    db: DbSession,
    login: CurrentLogin,
    application_id: RowId,
    page: Annotated[PageSize, Query()] = "A4",
) -> Response:
    """The current travel document of a case, to print."""
    application = applications.get(session=db, user=login.user, application_id=application_id)
    document = issuing.current(session=db, application=application)
    if document is None:
        raise NotFound("No travel document has been issued for this application.")
    return pdf_response(document, page)


@router.get("/travel-documents/verify")
def check_form(request: Request, login: CurrentLogin) -> Response:
    """Upload a scan or photo of a seal (or paste its base64)."""
    return render(request, "traveldocs/verify.html", {"verdict": None, "problem": None})


@router.post("/travel-documents/verify")
async def check(request: Request, db: DbSession, login: FormLogin, form: PostedForm) -> Response:
    """Read the seal, check it, and show the verdict with the sealed data."""
    upload = (await request.form()).get("scan")
    pasted = form.text("seal_base64")
    problem, data = None, b""
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read(MAX_UPLOAD + 1)
            if len(content) > MAX_UPLOAD:
                raise barcode.UnreadableSeal("the file is larger than 10 MB")
            data = barcode.read_upload(content, upload.filename)
        elif pasted:
            data = base64.b64decode("".join(pasted.split()), validate=True)
        else:
            problem = "Choose a scan of the seal, or paste the seal's base64 text."
    except (barcode.UnreadableSeal, binascii.Error, ValueError) as exc:
        problem = f"The seal could not be read: {exc}"
    verdict = seals.verify(session=db, data=data) if data and not problem else None
    status = 422 if problem else 200
    context = {"verdict": verdict, "problem": problem}
    return render(request, "traveldocs/verify.html", context, status_code=status)
