"""JSON API: a passport data page's MRZ read by OCR, for the caller to check."""

from typing import Any

from fastapi import APIRouter, UploadFile
from pydantic import BaseModel

from readmit import uploads
from readmit.documents import ocr, scans
from readmit.errors import FieldProblem, Invalid
from readmit.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/documents", tags=["documents"])


class MrzOcrPublic(BaseModel):
    """Two TD3 lines read by OCR: `valid` when every check digit passes, else `problem`
    says which field fails; `fields` (valid reads only) are the MRZ's, dates in ISO form."""

    lines: list[str]
    valid: bool
    problem: str | None
    problem_field: str | None
    fields: dict[str, str]


@router.post(
    "/mrz-ocr",
    response_model=MrzOcrPublic,
    responses={503: {"description": "The server has no tesseract-ocr"}},
)
def read_mrz(db: DbSession, user: ApiUser, file: UploadFile) -> dict[str, Any]:
    """Read the MRZ of a scanned passport data page (multipart `file`: JPEG, PNG or PDF, up to
    10 MB, checked by its content). Nothing is stored; the read is audited. Check every
    character against the passport before using the lines."""
    scans.require_reader(user)
    data = file.file.read(uploads.MAX_SCAN_BYTES + 1)
    try:
        found = scans.read(session=db, user=user, data=data)
    except ocr.ScanRefused as exc:
        raise Invalid([FieldProblem(("file",), str(exc))]) from None
    return {
        "lines": list(found.lines),
        "valid": found.valid,
        "problem": found.problem.message if found.problem else None,
        "problem_field": found.problem.field if found.problem else None,
        "fields": found.fields(),
    }
