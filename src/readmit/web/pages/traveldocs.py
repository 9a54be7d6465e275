"""Travel documents in the browser: the two printable PDFs and the seal image from the
case, and the page where a border or airline officer checks a document by uploading a scan
of its seal."""

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from readmit import uploads
from readmit.applications import service as applications
from readmit.auth.models import LoginSession
from readmit.errors import NotFound
from readmit.i18n import _
from readmit.traveldocs import barcode, issuing
from readmit.traveldocs import service as seals
from readmit.traveldocs.models import TravelDocument
from readmit.traveldocs.pdf import PageSize
from readmit.traveldocs.views import pdf_response, seal_response
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import CurrentLogin, FormLogin, PostedForm
from readmit.web.templating import render

router = APIRouter()


def _take(
    db: Session, login: LoginSession, application_id: int, copy: issuing.Copy
) -> TravelDocument:
    """The case's current document for a download, with the API's access rules (either
    party, any role; others 404) and its audit record."""
    application = applications.get(session=db, user=login.user, application_id=application_id)
    try:
        return issuing.take(session=db, user=login.user, application=application, copy=copy)
    except NotFound:
        raise NotFound(_("No travel document has been issued for this application.")) from None


@router.get("/applications/{application_id}/travel-document.pdf")
def document_pdf(
    db: DbSession,
    login: CurrentLogin,
    application_id: RowId,
    page: Annotated[PageSize, Query()] = "A4",
) -> Response:
    """The current travel document of a case, to print (ETD-<number>-A4.pdf or -ID3.pdf)."""
    return pdf_response(_take(db, login, application_id, page), page)


@router.get("/applications/{application_id}/travel-document.png")
def document_seal(db: DbSession, login: CurrentLogin, application_id: RowId) -> Response:
    """The document's seal as a DataMatrix image (ETD-<number>-seal.png)."""
    return seal_response(_take(db, login, application_id, "seal"))


@router.get("/travel-documents/verify")
def check_form(request: Request, login: CurrentLogin) -> Response:
    """Upload a scan or photo of a seal (or paste its base64)."""
    return render(request, "traveldocs/verify.html", {"verdict": None, "problem": None})


async def scanned(request: Request) -> UploadFile | None:
    """The file chosen in the form's scan field, if any (the form is parsed once)."""
    value = (await request.form()).get("scan")
    return value if isinstance(value, UploadFile) and value.filename else None


Scan = Annotated[UploadFile | None, Depends(scanned)]


@router.post("/travel-documents/verify")
def check(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, scan: Scan
) -> Response:
    """Read the seal in a worker process (see `readmit.uploads`), check it, and show the
    verdict with the sealed data."""
    pasted = form.text("seal_base64")
    problem, status, data = None, 422, b""
    try:
        if scan is not None:
            content = scan.file.read(uploads.MAX_SCAN_BYTES + 1)
            if len(content) > uploads.MAX_SCAN_BYTES:
                raise uploads.Refused(
                    _("the file is larger than {size} MB", size=uploads.MAX_SCAN_BYTES // 2**20)
                )
            data = uploads.run(barcode.read_upload, content, scan.filename or "")
        elif pasted:
            data = base64.b64decode("".join(pasted.split()), validate=True)
        else:
            problem = _("Choose a scan of the seal, or paste the seal's base64 text.")
    except uploads.Busy as exc:
        problem, status = _("The seal could not be read now: {reason}.", reason=str(exc)), 503
    except (uploads.Refused, binascii.Error) as exc:
        problem = _("The seal could not be read: {reason}", reason=str(exc))
    if problem:
        context = {"verdict": None, "problem": problem}
        return render(request, "traveldocs/verify.html", context, status_code=status)
    verdict = seals.verify(session=db, data=data)
    return render(request, "traveldocs/verify.html", {"verdict": verdict, "problem": None})
