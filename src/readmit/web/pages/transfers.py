"""The transfer section of the case page: schedule a commercial flight (the requesting
state) and report arrival or a no-show (the requested state). A refusal comes back on the
form that caused it, with what was typed and each problem at its field."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from readmit.applications import lifecycle
from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.errors import Conflict, FieldProblem, Invalid, NotFound
from readmit.transfers import service as transfers
from readmit.transfers.models import Transfer
from readmit.transfers.schemas import ArrivalIn, TransferCreate
from readmit.web.deps import DbSession, RowId
from readmit.web.pages import confirmation
from readmit.web.pages.applications import detail_with_errors
from readmit.web.pages.common import (
    FormErrors,
    FormLogin,
    Loc,
    Posted,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)
from readmit.web.templating import format_datetime

router = APIRouter()

FLIGHT_LABELS = {
    "carrier": "Carrier",
    "flight_number": "Flight number",
    "route": "Route",
    "departure_at": "Departure (UTC)",
    "escorts": "Escorts",
}
ARRIVAL_LABELS = {"outcome": "Outcome", "arrived_at": "Arrival time (UTC)"}


def moment(text: str | None, field: str, what: str) -> datetime | None:
    """A form's date and time (UTC, as the labels say), or None when left blank."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise Invalid([FieldProblem((field,), f"Enter the {what} as a date and time")]) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def flight_fields(form: Posted) -> dict[str, Any]:
    """The flight's fields as a form sends them, tidied (capitals, no spaces in numbers)."""
    departure = moment(form.text("departure_at"), "departure_at", "departure")
    if departure is None:
        raise Invalid([FieldProblem(("departure_at",), "Enter the departure as a date and time")])
    return {
        "carrier": form.get("carrier"),
        "flight_number": form.get("flight_number").strip().upper().replace(" ", ""),
        "route": form.get("route").strip().upper(),
        "departure_at": departure,
        "escorts": form.text("escorts") or 0,
    }


def field_in(labels: dict[str, str]) -> Callable[[Loc], str]:
    """The form field a problem's location names, if the form has it (else the summary)."""
    return lambda loc: str(loc[0]) if loc and str(loc[0]) in labels else ""


def problems(exc: ValidationError | Invalid | Conflict, labels: dict[str, str]) -> FormErrors:
    """A refused input or step as form errors: at the field it names, else in the summary."""
    if isinstance(exc, ValidationError):
        return collect(pydantic_problems(exc), field_in(labels), labels)
    if isinstance(exc, Invalid):
        return collect(invalid_problems(exc), field_in(labels), labels)
    field = exc.field if isinstance(exc, transfers.Refused) and exc.field in labels else ""
    return collect([((field,), str(exc))], field_in(labels), labels)


@router.post("/applications/{application_id}/transfer")
def schedule(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Book the person on a commercial flight; the requested state is notified."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    typed = {name: form.get(name) for name in FLIGHT_LABELS}
    try:
        payload = TransferCreate.model_validate(
            flight_fields(form) | {"kind": "commercial", "application_ids": [application.id]}
        )
        transfers.create(session=db, user=user, payload=payload)
    except (ValidationError, Invalid) as exc:
        errors, status_code = problems(exc, FLIGHT_LABELS), 422
    except Conflict as exc:
        db.rollback()
        errors, status_code = problems(exc, FLIGHT_LABELS), 409
    else:
        return see_other(f"/applications/{application.id}?done=schedule_transfer#transfer")
    return detail_with_errors(request, db, user, application, errors, status_code, flight=typed)


def _arrival_page(
    application: Application, transfer: Transfer, typed: dict[str, str]
) -> confirmation.Confirmation:
    who = f"{application.display_name} ({application.reference})"
    flight = f"{transfer.carrier} {transfer.flight_number}"
    hidden = {"outcome": typed["outcome"]}
    if typed["reintegration_referral"]:
        hidden["reintegration_referral"] = "yes"
    back = f"/applications/{application.id}#transfer"
    if typed["outcome"] == "no_show":
        return confirmation.Confirmation(
            title="Record a no-show?",
            sentence=f"{who} will be recorded as not having arrived on {flight}. The"
            " single-journey travel document is revoked and the case returns to Confirmed,"
            " for a new one.",
            action=f"/applications/{application.id}/arrival",
            button="Yes, record the no-show",
            back=back,
            hidden=hidden,
            danger=True,
        )
    referred = ", referred to a reintegration programme" if typed["reintegration_referral"] else ""
    earliest = format_datetime(transfers.earliest_arrival(transfer))
    return confirmation.Confirmation(
        title="Record the arrival?",
        sentence=f"{who} will be recorded as arrived on {flight}{referred}. The case then"
        " closes and cannot be reopened.",
        action=f"/applications/{application.id}/arrival",
        button="Yes, record the arrival",
        back=back,
        hidden=hidden,
        when=(
            "arrived_at",
            "Arrival time (UTC)",
            f"Leave blank for now. From {earliest}; not in the future.",
        ),
    )


@router.post("/applications/{application_id}/arrival")
def arrival(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Confirm arrival (with an optional referral to reintegration) or report a no-show,
    from its confirmation page."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    transfer = transfers.for_application(session=db, application=application)
    if transfer is None:
        raise NotFound("The case is on no transfer.")
    transfers.require_receiver(user=user, transfer=transfer)
    typed = {
        "outcome": form.get("outcome"),
        "reintegration_referral": "yes" if form.get("reintegration_referral") == "yes" else "",
        "arrived_at": form.get("arrived_at"),
    }
    confirmed = confirmation.confirmed(form)
    try:
        report = ArrivalIn.model_validate(
            {
                "outcome": typed["outcome"],
                "reintegration_referral": typed["reintegration_referral"] == "yes",
                "arrived_at": moment(form.text("arrived_at"), "arrived_at", "arrival time")
                if typed["outcome"] == "arrived"
                else None,
            }
        )
    except (ValidationError, Invalid) as exc:
        errors = problems(exc, ARRIVAL_LABELS)
        if confirmed and typed["outcome"] in ("arrived", "no_show"):
            page = _arrival_page(application, transfer, typed)
            return confirmation.ask(request, page, typed, errors, 422)
        return detail_with_errors(request, db, user, application, errors, arrival=typed)
    page = _arrival_page(application, transfer, typed)
    if not confirmed:
        if "confirm_arrival" not in lifecycle.available_actions(user, application):
            raise Conflict("An arrival is reported once, after departure.")
        applications.read(session=db, user=user, application_id=application.id)  # name shown
        return confirmation.ask(request, page, typed)
    try:
        transfers.record_arrival(
            session=db, user=user, transfer=transfer, application=application, report=report
        )
    except Conflict as exc:
        db.rollback()
        return confirmation.ask(request, page, typed, problems(exc, ARRIVAL_LABELS), 409)
    done = "confirm_arrival" if report.outcome == "arrived" else "report_no_show"
    return see_other(f"/applications/{application.id}?done={done}#transfer")
