"""JSON API for emergency travel documents and for checking seals."""

import base64
import binascii

from fastapi import APIRouter
from fastapi.responses import Response

from readmit.errors import FieldProblem, Invalid, NotFound
from readmit.traveldocs import barcode, issuing
from readmit.traveldocs import service as seals
from readmit.traveldocs.models import TravelDocument
from readmit.traveldocs.schemas import SealCheckIn, TravelDocumentPublic, VerdictPublic
from readmit.web.deps import ApiApplication, ApiUser, DbSession

router = APIRouter(tags=["travel documents"])


def present(document: TravelDocument) -> TravelDocumentPublic:
    """The document as the API shows it."""
    return TravelDocumentPublic(
        id=document.id,
        number=document.number,
        issuing_state=document.issuing_state,
        route=document.route,
        issued_on=document.issued_on,
        valid_until=document.valid_until,
        mrz=[document.mrz_line1, document.mrz_line2],
        seal_base64=base64.b64encode(document.seal).decode(),
        revoked=document.revoked_at is not None,
    )


@router.post("/applications/{application_id}/travel-document", response_model=TravelDocumentPublic)
def issue(application: ApiApplication, db: DbSession, user: ApiUser) -> TravelDocumentPublic:
    """Issue the emergency travel document (again after a missed flight: the earlier one is
    revoked)."""
    return present(issuing.issue(session=db, user=user, application=application))


def _current(db: DbSession, application: ApiApplication) -> TravelDocument:
    document = issuing.current(session=db, application=application)
    if document is None:
        raise NotFound("no travel document has been issued for this application")
    return document


@router.get("/applications/{application_id}/travel-document", response_model=TravelDocumentPublic)
def read(application: ApiApplication, db: DbSession, user: ApiUser) -> TravelDocumentPublic:
    """The application's current travel document."""
    return present(_current(db, application))


@router.get(
    "/applications/{application_id}/travel-document.png",
    responses={200: {"content": {"image/png": {}}}},
    response_class=Response,
)
def seal_png(application: ApiApplication, db: DbSession, user: ApiUser) -> Response:
    """The seal as a DataMatrix image."""
    return Response(barcode.png(_current(db, application).seal), media_type="image/png")


@router.post("/travel-documents/verify", response_model=VerdictPublic)
def verify(payload: SealCheckIn, db: DbSession, user: ApiUser) -> VerdictPublic:
    """Check a seal: signature, chain to the issuing state's CSCA, dates, revocation."""
    try:
        data = base64.b64decode(payload.seal_base64, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid([FieldProblem(("seal_base64",), "not base64")]) from None
    verdict = seals.verify(session=db, data=data)
    return VerdictPublic(valid=verdict.valid, reason=verdict.reason, data=verdict.data)
