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
from readmit.i18n import N_, _
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
    "carrier": N_("Carrier"),
    "flight_number": N_("Flight number"),
    "route": N_("Route"),
    "departure_at": N_("Departure (UTC)"),
    "escorts": N_("Escorts"),
}
ARRIVAL_LABELS = {"outcome": N_("Outcome"), "arrived_at": N_("Arrival time (UTC)")}
# What to enter in each date-and-time field that could not be read.
ENTER_MOMENT = {
    "departure_at": N_("Enter the departure as a date and time"),
    "arrived_at": N_("Enter the arrival time as a date and time"),
    "departed_at": N_("Enter the departure time as a date and time"),
}


def moment(text: str | None, field: str, *, required: bool = False) -> datetime | None:
    """A form's date and time (UTC, as the labels say), or None when left blank (unless
    required)."""
    if not text and not required:
        return None
    try:
        value = datetime.fromisoformat(text or "")
    except ValueError:
        raise Invalid([FieldProblem((field,), _(ENTER_MOMENT[field]))]) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def flight_fields(form: Posted) -> dict[str, Any]:
    """The flight's fields as a form sends them, tidied (capitals, no spaces in numbers)."""
    departure = moment(form.text("departure_at"), "departure_at", required=True)
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
    if typed["reintegration_provider_id"]:
        hidden["reintegration_provider_id"] = typed["reintegration_provider_id"]
    back = f"/applications/{application.id}#transfer"
    if typed["outcome"] == "no_show":
        return confirmation.Confirmation(
            title=_("Record a no-show?"),
            sentence=_(
                "{who} will be recorded as not having arrived on {flight}. The single-journey"
                " travel document is revoked and the case returns to Confirmed, for a new one.",
                who=who,
                flight=flight,
            ),
            action=f"/applications/{application.id}/arrival",
            button=_("Yes, record the no-show"),
            back=back,
            hidden=hidden,
            danger=True,
        )
    if typed["reintegration_referral"]:
        sentence = _(
            "{who} will be recorded as arrived on {flight}, referred to a reintegration"
            " programme. The case then closes and cannot be reopened.",
            who=who,
            flight=flight,
        )
    else:
        sentence = _(
            "{who} will be recorded as arrived on {flight}. The case then closes and cannot be"
            " reopened.",
            who=who,
            flight=flight,
        )
    earliest = format_datetime(transfers.earliest_arrival(transfer))
    return confirmation.Confirmation(
        title=_("Record the arrival?"),
        sentence=sentence,
        action=f"/applications/{application.id}/arrival",
        button=_("Yes, record the arrival"),
        back=back,
        hidden=hidden,
        when=(
            "arrived_at",
            _("Arrival time (UTC)"),
            _("Leave blank for now. From {earliest}; not in the future.", earliest=earliest),
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
        raise NotFound(_("The case is on no transfer."))
    transfers.require_receiver(user=user, transfer=transfer)
    arrived = form.get("outcome") == "arrived"
    provider = form.get("reintegration_provider_id") if arrived else ""
    # Choosing a provider refers the person to it, ticked or not.
    referred = form.get("reintegration_referral") == "yes" or bool(provider)
    typed = {
        "outcome": form.get("outcome"),
        "reintegration_referral": "yes" if referred else "",
        "reintegration_provider_id": provider,
        "arrived_at": form.get("arrived_at"),
    }
    confirmed = confirmation.confirmed(form)
    try:
        report = ArrivalIn.model_validate(
            {
                "outcome": typed["outcome"],
                "reintegration_referral": typed["reintegration_referral"] == "yes",
                "reintegration_provider_id": typed["reintegration_provider_id"] or None,
                "arrived_at": moment(form.text("arrived_at"), "arrived_at")
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
            raise Conflict(_("An arrival is reported once, after departure."))
        applications.read(session=db, user=user, application_id=application.id)  # name shown
        return confirmation.ask(request, page, typed)
    try:
        transfers.record_arrival(
            session=db, user=user, transfer=transfer, application=application, report=report
        )
    except (Conflict, Invalid) as exc:
        db.rollback()
        code = 409 if isinstance(exc, Conflict) else 422
        return confirmation.ask(request, page, typed, problems(exc, ARRIVAL_LABELS), code)
    done = "confirm_arrival" if report.outcome == "arrived" else "report_no_show"
    return see_other(f"/applications/{application.id}?done={done}#transfer")
