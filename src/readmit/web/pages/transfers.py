"""The transfer section of the case page: schedule a commercial flight (the requesting
state) and report arrival or a no-show (the requested state)."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError

from readmit.applications import service as applications
from readmit.errors import FieldProblem, Invalid, NotFound
from readmit.transfers import service as transfers
from readmit.transfers.schemas import ArrivalIn, TransferCreate
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.applications import as_invalid
from readmit.web.pages.common import FormLogin, Posted, PostedForm, see_other

router = APIRouter()


def _departure(text: str | None) -> datetime:
    """The form's date and time (UTC, as the label says)."""
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        raise Invalid(
            [FieldProblem(("departure_at",), "Enter the departure as a date and time")]
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def flight_fields(form: Posted) -> dict[str, Any]:
    """The flight's fields as a form sends them, tidied (capitals, no spaces in numbers)."""
    return {
        "carrier": form.get("carrier"),
        "flight_number": form.get("flight_number").strip().upper().replace(" ", ""),
        "route": form.get("route").strip().upper(),
        "departure_at": _departure(form.text("departure_at")),
        "escorts": form.text("escorts") or 0,
    }


@router.post("/applications/{application_id}/transfer")
def schedule(db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId) -> Response:
    """Book the person on a commercial flight; the requested state is notified."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    try:
        payload = TransferCreate.model_validate(
            flight_fields(form) | {"kind": "commercial", "application_ids": [application.id]}
        )
    except ValidationError as exc:
        raise as_invalid(exc) from None
    transfers.create(session=db, user=user, payload=payload)
    return see_other(f"/applications/{application.id}?done=schedule_transfer#transfer")


@router.post("/applications/{application_id}/arrival")
def arrival(db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId) -> Response:
    """Confirm arrival (with an optional referral to reintegration) or report a no-show."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    transfer = transfers.for_application(session=db, application=application)
    if transfer is None:
        raise NotFound("The case is on no transfer.")
    try:
        report = ArrivalIn.model_validate(
            {
                "outcome": form.get("outcome"),
                "reintegration_referral": form.get("reintegration_referral") == "yes",
            }
        )
    except ValidationError as exc:
        raise as_invalid(exc) from None
    transfers.record_arrival(
        session=db, user=user, transfer=transfer, application=application, report=report
    )
    done = "confirm_arrival" if report.outcome == "arrived" else "report_no_show"
    return see_other(f"/applications/{application.id}?done={done}#transfer")
