"""JSON API for emergency travel documents and for checking seals."""

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import Response

from readmit.applications.schemas import StateCode
from readmit.auth.views import Admin
from readmit.errors import FieldProblem, Invalid
from readmit.traveldocs import barcode, issuing, pdf, trust
from readmit.traveldocs import service as seals
from readmit.traveldocs.models import TravelDocument
from readmit.traveldocs.pdf import PageSize
from readmit.traveldocs.schemas import (
    SealCheckIn,
    TravelDocumentIssue,
    TravelDocumentPublic,
    VerdictPublic,
)
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
        place_of_birth=document.holder_birth_place,
        issuing_authority=document.issuing_authority,
        place_of_issue=document.place_of_issue,
        seal_base64=base64.b64encode(document.seal).decode(),
        revoked=document.revoked_at is not None,
    )


@router.post("/applications/{application_id}/travel-document", response_model=TravelDocumentPublic)
def issue(
    application: ApiApplication,
    db: DbSession,
    user: ApiUser,
    payload: Annotated[TravelDocumentIssue | None, Body()] = None,
) -> TravelDocumentPublic:
    """Issue the emergency travel document (again after a missed flight: the earlier one is
    revoked). Without `place_of_issue`, the earlier document's place, else the place the
    authority last issued at, else the issuing state's name is printed."""
    place = payload.place_of_issue if payload else None
    return present(
        issuing.issue(session=db, user=user, application=application, place_of_issue=place)
    )


def _attachment(document: TravelDocument, copy: issuing.Copy) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{issuing.file_name(document, copy)}"'}


def pdf_response(document: TravelDocument, page: PageSize) -> Response:
    """The printable document as a PDF download named by its number and page size."""
    return Response(
        pdf.render(
            document,
            issuing.holder(document),
            photo=document.photo.content if document.photo else None,
            page=page,
        ),
        media_type="application/pdf",
        headers=_attachment(document, page),
    )


def seal_response(document: TravelDocument) -> Response:
    """The seal as a DataMatrix PNG download named by the document's number."""
    return Response(
        barcode.png(document.seal), media_type="image/png", headers=_attachment(document, "seal")
    )


@router.get("/applications/{application_id}/travel-document", response_model=TravelDocumentPublic)
def read(application: ApiApplication, db: DbSession, user: ApiUser) -> TravelDocumentPublic:
    """The application's current travel document."""
    return present(issuing.take(session=db, user=user, application=application, copy="record"))


@router.get(
    "/applications/{application_id}/travel-document.png",
    responses={200: {"content": {"image/png": {}}}},
    response_class=Response,
)
def seal_png(application: ApiApplication, db: DbSession, user: ApiUser) -> Response:
    """The seal as a DataMatrix image (ETD-<number>-seal.png)."""
    return seal_response(issuing.take(session=db, user=user, application=application, copy="seal"))


@router.get(
    "/applications/{application_id}/travel-document.pdf",
    responses={200: {"content": {"application/pdf": {}}}},
    response_class=Response,
)
def seal_pdf(
    application: ApiApplication, db: DbSession, user: ApiUser, page: PageSize = "A4"
) -> Response:
    """The printable document: the data page on A4 with a hint for border officers
    (ETD-<number>-A4.pdf), or the ID-3 data page alone (ETD-<number>-ID3.pdf)."""
    document = issuing.take(session=db, user=user, application=application, copy=page)
    return pdf_response(document, page)


@router.post("/travel-documents/verify", response_model=VerdictPublic)
def verify(payload: SealCheckIn, db: DbSession, user: ApiUser) -> VerdictPublic:
    """Check a seal: signature, chain to the issuing state's CSCA, dates, revocation."""
    try:
        data = base64.b64decode(payload.seal_base64, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid([FieldProblem(("seal_base64",), "not base64")]) from None
    verdict = seals.verify(session=db, data=data)
    return VerdictPublic(valid=verdict.valid, reason=verdict.reason, data=verdict.data)


@router.get("/travel-documents/master-list")
def master_list(db: DbSession, user: ApiUser) -> dict[str, Any]:
    """CSCA and document signer certificates (never keys) and revocations, to import into
    another deployment so that its officers can verify these seals."""
    return trust.export(session=db)


@router.post("/travel-documents/master-list")
def import_master_list(payload: dict[str, Any], db: DbSession, user: Admin) -> dict[str, int]:
    """Import another deployment's master list (all or nothing)."""
    try:
        return trust.import_list(session=db, data=payload)
    except trust.MasterListError as exc:
        raise Invalid([FieldProblem((), f"{exc}; nothing was imported")]) from None


@router.get("/travel-documents/revocations/{state}")
def revocation_list(state: StateCode, db: DbSession, user: ApiUser) -> list[dict[str, str]]:
    """The state's published revocation list."""
    return trust.revocations(session=db, state=state)
