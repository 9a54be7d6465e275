"""The interview section of the case page (request, grant, hold, refuse) and the answer to a
charter on the transfer page; the same service calls as the API."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.errors import Conflict, Invalid
from readmit.i18n import N_, _
from readmit.interviews import service as interviews
from readmit.interviews.schemas import InterviewCreate, InterviewDecisionIn
from readmit.transfers import acceptance
from readmit.transfers import service as transfers
from readmit.transfers.schemas import CharterAcceptanceIn
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.applications import detail_with_errors
from readmit.web.pages.charters import transfer_page
from readmit.web.pages.common import (
    FormErrors,
    FormLogin,
    Loc,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)

router = APIRouter()

# Form field ids (unique on the case page) for each input of the services.
REQUEST_FIELDS = {
    "proposed_date": "proposed_date",
    "proposed_place": "proposed_place",
    "note": "interview_note",
}
DECISION_FIELDS = {
    "decision": "interview_decision",
    "interview_date": "interview_date",
    "interview_place": "interview_place",
    "reason": "interview_reason",
}
LABELS = {
    "proposed_date": N_("Proposed date"),
    "proposed_place": N_("Proposed place"),
    "interview_note": N_("Note"),
    "interview_decision": N_("Decision"),
    "interview_date": N_("Interview date"),
    "interview_place": N_("Interview place"),
    "interview_reason": N_("Reason"),
}
CHARTER_REASON = N_("Reason for a refusal")


def _field_for(fields: dict[str, str], default: str) -> Any:
    def field_for(loc: Loc) -> str:
        return fields.get(str(loc[0]), default) if loc else default

    return field_for


def _refused(
    request: Request,
    db: Session,
    user: User,
    application: Application,
    errors: FormErrors,
    values: dict[str, str],
    status_code: int = 422,
) -> Response:
    db.rollback()
    return detail_with_errors(
        request, db, user, application, errors, status_code, interview_form=values
    )


def _problems(
    exc: ValidationError | Invalid | Conflict, field_for: Any, conflict_field: str
) -> tuple[FormErrors, int]:
    """A refused form's problems, each at its field (a conflict at `conflict_field`), and the
    status to answer with."""
    if isinstance(exc, ValidationError):
        return collect(pydantic_problems(exc), field_for, LABELS), 422
    if isinstance(exc, Invalid):
        return collect(invalid_problems(exc), field_for, LABELS), 422
    errors = FormErrors()
    errors.add(conflict_field, str(exc), _(LABELS[conflict_field]))
    return errors, 409


@router.post("/applications/{application_id}/interviews")
def request_interview(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Ask the requested state for a consular interview."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    values = {field: form.get(field) for field in REQUEST_FIELDS.values()}
    field_for = _field_for(REQUEST_FIELDS, "proposed_date")
    try:
        payload = InterviewCreate.model_validate(
            {key: form.text(field) for key, field in REQUEST_FIELDS.items()}
        )
        interviews.request(session=db, user=user, application=application, payload=payload)
    except (ValidationError, Invalid, Conflict) as exc:
        errors, status_code = _problems(exc, field_for, "proposed_date")
        return _refused(request, db, user, application, errors, values, status_code)
    return see_other(f"/applications/{application.id}#interview")


@router.post("/applications/{application_id}/interviews/{interview_id}/decision")
def decide_interview(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    application_id: RowId,
    interview_id: RowId,
) -> Response:
    """Grant, hold or refuse the interview."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    interview = interviews.get(session=db, application=application, interview_id=interview_id)
    values = {field: form.get(field) for field in DECISION_FIELDS.values()}
    body: dict[str, Any] = {key: form.text(field) for key, field in DECISION_FIELDS.items()}
    # A problem of the whole answer sits at what a grant lacks, else at the reason.
    whole = "interview_date" if body["decision"] == "grant" else "interview_reason"
    field_for = _field_for(DECISION_FIELDS, whole)
    try:
        payload = InterviewDecisionIn.model_validate(body)
        interviews.decide(
            session=db, user=user, application=application, interview=interview, payload=payload
        )
    except (ValidationError, Invalid, Conflict) as exc:
        errors, status_code = _problems(exc, field_for, "interview_decision")
        return _refused(request, db, user, application, errors, values, status_code)
    return see_other(f"/applications/{application.id}#interview")


@router.post("/transfers/{transfer_id}/acceptance")
def answer_charter(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, transfer_id: RowId
) -> Response:
    """Accept or refuse the charter (a refusal with its reason)."""
    user = login.user
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    body = {"accepted": form.get("accepted") == "yes", "reason": form.text("charter_reason")}
    try:
        payload = CharterAcceptanceIn.model_validate(body)
        acceptance.answer(session=db, user=user, transfer=transfer, payload=payload)
    except (ValidationError, Conflict) as exc:
        db.rollback()
        transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
        problems = pydantic_problems(exc) if isinstance(exc, ValidationError) else [((), str(exc))]
        errors = FormErrors()
        for _loc, message in problems:
            errors.add("charter_reason", message, _(CHARTER_REASON))
        code = 422 if isinstance(exc, ValidationError) else 409
        return transfer_page(request, db, user, transfer, errors.summary, code)
    return see_other(f"/transfers/{transfer.id}#acceptance")
