"""The case officers' form for custody and the final order date; it shows in the case page's
"Custody and removal" section (custody_section.py). The requested state gets 404."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from readmit.applications import service as applications
from readmit.custody import service as custody
from readmit.custody.schemas import CustodyChange
from readmit.database.core import utcnow
from readmit.i18n import N_
from readmit.web.deps import DbSession, RowId
from readmit.web.pages import custody_section
from readmit.web.pages.applications import detail_with_errors
from readmit.web.pages.common import (
    FormLogin,
    Loc,
    PostedForm,
    collect,
    pydantic_problems,
    see_other,
)

router = APIRouter()

# Which form field each input of CustodyChange belongs to; whole-form problems go to the status.
FIELD_OF = {
    "status": "custody_status",
    "since": "custody_since",
    "release_reason": "release_reason",
    "note": "custody_note",
    "final_order_on": "final_order_on",
}
LABELS = {
    "custody_status": N_("Custody status"),
    "custody_since": N_("Since"),
    "release_reason": N_("Reason for release"),
    "custody_note": N_("Note"),
    "final_order_on": N_("Final order date"),
}


def _field(loc: Loc) -> str:
    return FIELD_OF.get(str(loc[0]), "custody_status") if loc else "custody_status"


@router.post("/applications/{application_id}/custody")
def record_custody(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Record a custody status and/or the final order date, then back to the case."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    custody.require_writer(user, application)
    values = {field: form.get(field).strip() for field in custody_section.FIELDS}
    payload = {key: values[field] or None for key, field in FIELD_OF.items()}
    payload["note"] = values["custody_note"]
    try:
        change = CustodyChange.model_validate(payload)
    except ValidationError as exc:
        errors = collect(pydantic_problems(exc), _field, LABELS)
        section = custody_section.context(db, user, application, values=values)
        return detail_with_errors(request, db, user, application, errors, custody_section=section)
    custody.record(
        session=db, user=user, application=application, change=change, today=utcnow().date()
    )
    return see_other(f"/applications/{application.id}?done=custody_recorded#custody")
