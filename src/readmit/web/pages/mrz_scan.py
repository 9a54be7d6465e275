"""The passport scan on the application form (new or edit), without JavaScript.

The scan's button posts the whole form as typed, with the scan, to the form's own scan route;
the same form comes back with the MRZ read by OCR in the first passport row whose MRZ is
empty (else the first empty row) and, from a read whose check digits pass, the document
number, issuing state, name, birth date and sex wherever the officer left those empty:
nothing typed is ever overwritten. A notice asks the officer to check every character
against the passport; a read whose check digits fail names the failing field on the MRZ
line. A scan that cannot be read is refused on the form with everything typed kept. Nothing
is saved until the officer saves the form; the scan is not kept.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from readmit import uploads
from readmit.applications.enums import NameSource
from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.documents import ocr, scans
from readmit.documents.mrz import transliterate
from readmit.i18n import _
from readmit.web.pages import application_form
from readmit.web.pages.common import FormErrors

FIELD = "passport_scan"  # the file input's id and name


async def chosen_scan(request: Request) -> UploadFile | None:
    """The scan chosen in the multipart form, if any (the form is parsed once)."""
    form = await request.form()
    found = form.get(FIELD)
    return found if isinstance(found, UploadFile) and found.filename else None


ChosenScan = Annotated[UploadFile | None, Depends(chosen_scan)]


@dataclass
class ScanOutcome:
    """The form's values after the scan, its problems, and whether OCR filled anything."""

    values: dict[str, str]
    errors: FormErrors
    filled: bool

    @property
    def status_code(self) -> int:
        return 422 if self.errors else 200


def read_into(
    db: Session,
    user: User,
    values: dict[str, str],
    upload: UploadFile | None,
    application: Application | None = None,
) -> ScanOutcome:
    """Read the chosen scan and fill the form's empty fields from it."""
    errors = FormErrors()
    label = _("Scan of the data page")
    row = _target_row(values)
    if upload is None:
        errors.add(FIELD, _("Choose a scan of the passport's data page"), label)
    elif row is None:
        errors.add(FIELD, _("Every document row is filled: empty one for the passport"), label)
    if errors or upload is None or row is None:
        return ScanOutcome(values, errors, filled=False)
    data = upload.file.read(uploads.MAX_SCAN_BYTES + 1)
    try:
        found = scans.read(session=db, user=user, data=data, application=application)
    except (ocr.ScanRefused, ocr.OcrUnavailable, uploads.Busy) as exc:
        errors.add(FIELD, str(exc), label)
        return ScanOutcome(values, errors, filled=False)
    updated = _fill(values, row, found)
    if found.problem is not None:
        line = 2 if found.problem.field.startswith("line2") else 1
        field_id = f"documents-{row}-mrz{line}"
        message = _(
            "Read by OCR, but the check failed: {problem}. Correct the line against the passport",
            problem=found.problem.message,
        )
        errors.add(field_id, message, application_form.labels()[field_id])
    return ScanOutcome(updated, errors, filled=True)


def _target_row(values: dict[str, str]) -> int | None:
    """The first passport row whose MRZ is empty, else the first empty row."""
    rows = range(application_form.MAX_DOCUMENTS)

    def value(i: int, name: str) -> str:
        return values.get(f"documents-{i}-{name}", "").strip()

    for i in rows:
        if value(i, "type") == "passport" and not (value(i, "mrz1") or value(i, "mrz2")):
            return i
    return next(
        (i for i in rows if not any(value(i, f) for f in application_form.DOCUMENT_FIELDS)), None
    )


def _fill(values: dict[str, str], row: int, found: ocr.MrzRead) -> dict[str, str]:
    """The values with the read's where they are empty."""
    filled = dict(values)

    def put(key: str, value: str) -> None:
        if not filled.get(key, "").strip():
            filled[key] = value

    document = f"documents-{row}-"
    put(document + "type", "passport")
    put(document + "mrz1", found.lines[0])
    put(document + "mrz2", found.lines[1])
    td3 = found.td3
    if td3 is None:  # a read that fails its checks fills nothing more
        return filled
    put(document + "number", td3.document_number)
    put(document + "issuing_state", td3.issuing_state)
    put("birth_date", td3.birth_date_iso())
    put("sex", td3.sex)
    if not _named(filled, td3.surname, td3.given_names):
        free = next(
            (
                i
                for i in range(application_form.MAX_NAMES)
                if not (filled[f"names-{i}-family"].strip() or filled[f"names-{i}-given"].strip())
            ),
            None,
        )
        if free is not None:
            filled |= {
                f"names-{free}-family": td3.surname,
                f"names-{free}-given": td3.given_names,
                f"names-{free}-source": NameSource.document.value,
            }
    return filled


def _named(values: dict[str, str], surname: str, given: str) -> bool:
    """Whether a name row already holds the MRZ's name (as the MRZ would write it)."""
    target = (transliterate(surname), transliterate(given))
    for i in range(application_form.MAX_NAMES):
        try:
            typed = (
                transliterate(values[f"names-{i}-family"]),
                transliterate(values[f"names-{i}-given"]),
            )
        except ValueError:  # a name in another script: not the MRZ's
            continue
        if typed == target:
            return True
    return False
