"""Transfer pages: the list of flights, a new charter, and the manifest page where the
requesting state's officers add and remove cases, lock and mark departure; the requested
state reads the manifest."""

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.auth.models import User
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid
from readmit.protection import service as protection
from readmit.transfers import service as transfers
from readmit.transfers.models import Transfer, TransferKind, TransferStatus
from readmit.transfers.schemas import TransferCreate
from readmit.traveldocs import issuing
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
    FormErrors,
    FormLogin,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
    status_message,
)
from readmit.web.pages.transfers import flight_fields
from readmit.web.templating import render

router = APIRouter()

LABELS = {
    "carrier": "Carrier",
    "flight_number": "Flight number",
    "route": "Route",
    "departure_at": "Departure (UTC)",
    "escorts": "Escorts",
    "application_ids": "People on board",
}
DONE = {
    "charter_created": "The charter was created and the requested state notified.",
    "case_added": "The case was added to the manifest.",
    "case_removed": "The case was taken off the manifest; it keeps its travel document.",
    "locked": "The manifest was checked and locked.",
    "departed": "Departure was recorded.",
}


def _may_organise(user: User) -> bool:
    return user.has_role(*transfers.OFFICERS)


def _field_of(loc: tuple[str | int, ...]) -> str:
    return str(loc[0]) if loc and str(loc[0]) in LABELS else ""


@router.get("/transfers")
def transfer_list(
    request: Request, db: DbSession, login: CurrentLogin, done: Done = None
) -> Response:
    """Flights from or to the user's state, soonest first."""
    user = login.user
    return render(
        request,
        "transfers/list.html",
        {
            "transfers": transfers.list_visible(session=db, user=user),
            "may_create": _may_organise(user),
            "status_message": DONE.get(done or "") or status_message(done),
        },
    )


def _new_page(
    request: Request,
    db: Session,
    user: User,
    values: dict[str, Any],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    errors = errors or FormErrors()
    return render(
        request,
        "transfers/new.html",
        {
            "values": values,
            "cases": transfers.eligible(session=db, user=user),
            "errors": errors.fields,
            "summary": errors.summary,
        },
        status_code=status_code,
    )


@router.get("/transfers/new")
def new_charter(request: Request, db: DbSession, login: CurrentLogin) -> Response:
    """The charter form, listing the cases ready to fly."""
    if not _may_organise(login.user):
        raise Forbidden("Only case officers and supervisors organise transfers.")
    values: dict[str, Any] = dict.fromkeys(LABELS, "") | {"escorts": "0", "application_ids": []}
    return _new_page(request, db, login.user, values)


@router.post("/transfers")
def create_charter(request: Request, db: DbSession, login: FormLogin, form: PostedForm) -> Response:
    """Create the charter with its first cases, or show the form again with the problems."""
    user = login.user
    if not _may_organise(user):
        raise Forbidden("Only case officers and supervisors organise transfers.")
    values: dict[str, Any] = {name: form.get(name) for name in LABELS}
    values["application_ids"] = form.getlist("application_ids")
    status_code = 422
    try:
        fields = flight_fields(form)
        ids = [int(i) for i in values["application_ids"] if i.isdigit()]
        payload = TransferCreate.model_validate(
            fields | {"kind": "charter", "application_ids": ids}
        )
        transfer = transfers.create(session=db, user=user, payload=payload)
    except ValidationError as exc:
        errors = collect(pydantic_problems(exc), _field_of, LABELS)
    except Invalid as exc:
        errors = collect(invalid_problems(exc), _field_of, LABELS)
    except Conflict as exc:
        db.rollback()
        errors, status_code = FormErrors(), 409
        errors.add("", str(exc))
    else:
        return see_other(f"/transfers/{transfer.id}?done=charter_created")
    return _new_page(request, db, user, values, errors, status_code)


def _manifest(db: Session, user: User, transfer: Transfer) -> list[dict[str, Any]]:
    """One row a person; check results only for those who may see protection data."""
    rows = []
    outcomes = {c.application_id: c for c in transfer.cases}
    for application, problem in transfers.checks(session=db, transfer=transfer):
        document = issuing.current(session=db, application=application)
        rows.append(
            {
                "application": application,
                "status_label": applications.status_label(application=application, user=user),
                "document": document,
                "checked": protection.can_view(user, application),
                "problem": problem,
                "outcome": outcomes[application.id],
            }
        )
    return rows


def _detail(
    request: Request,
    db: Session,
    user: User,
    transfer: Transfer,
    summary: list[tuple[str, str]] | None = None,
    status_code: int = 200,
    done: str | None = None,
) -> Response:
    organiser = user.state_code == transfer.requesting_state and _may_organise(user)
    is_open = transfer.kind == TransferKind.charter and transfer.status == TransferStatus.open
    return render(
        request,
        "transfers/detail.html",
        {
            "transfer": transfer,
            "rows": _manifest(db, user, transfer),
            "may_edit": organiser and is_open,
            "may_lock": organiser and is_open,
            "may_depart": organiser and transfer.status == TransferStatus.locked,
            "eligible": (
                transfers.eligible(session=db, user=user, requested_state=transfer.requested_state)
                if organiser and is_open
                else []
            ),
            "summary": summary or [],
            "status_message": DONE.get(done or ""),
        },
        status_code=status_code,
    )


@router.get("/transfers/{transfer_id}")
def transfer_detail(
    request: Request, db: DbSession, login: CurrentLogin, transfer_id: RowId, done: Done = None
) -> Response:
    """The flight and its manifest."""
    transfer = transfers.get(session=db, user=login.user, transfer_id=transfer_id)
    return _detail(request, db, login.user, transfer, done=done)


def _refused(
    request: Request, db: Session, user: User, transfer_id: int, exc: Conflict
) -> Response:
    """The manifest page again, after the refused step was rolled back, naming each problem."""
    db.rollback()
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    message = str(exc)
    step, _, problems = message.partition(": ")
    if not message.startswith("cannot ") or not problems:
        step, problems = "", message
    summary = [
        ("", f"{step.capitalize()}: {p}" if step else p[:1].upper() + p[1:])
        for p in problems.split("; ")
    ]
    return _detail(request, db, user, transfer, summary, 409)


@router.post("/transfers/{transfer_id}/cases")
def add_case(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, transfer_id: RowId
) -> Response:
    """Add a case with a valid travel document to the open manifest."""
    user = login.user
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    chosen = form.get("application_id")
    if not chosen.isdigit():
        raise Invalid([FieldProblem(("application_id",), "Choose a case to add")])
    application = applications.get(session=db, user=user, application_id=int(chosen))
    try:
        transfers.add_case(session=db, user=user, transfer=transfer, application=application)
    except Conflict as exc:
        return _refused(request, db, user, transfer_id, exc)
    return see_other(f"/transfers/{transfer.id}?done=case_added")


@router.post("/transfers/{transfer_id}/cases/{application_id}/remove")
def remove_case(
    request: Request, db: DbSession, login: FormLogin, transfer_id: RowId, application_id: RowId
) -> Response:
    """Take a case off the open manifest."""
    user = login.user
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    application = applications.get(session=db, user=user, application_id=application_id)
    try:
        transfers.remove_case(session=db, user=user, transfer=transfer, application=application)
    except Conflict as exc:
        return _refused(request, db, user, transfer_id, exc)
    return see_other(f"/transfers/{transfer.id}?done=case_removed")


# The manifest's checked steps: the service function and the `?done=` code of its message.
STEPS = {"lock": (transfers.lock, "locked"), "depart": (transfers.depart, "departed")}


@router.post("/transfers/{transfer_id}/{step}")
def take_step(
    request: Request,
    db: DbSession,
    login: FormLogin,
    transfer_id: RowId,
    step: Literal["lock", "depart"],
) -> Response:
    """Check everyone again, then lock the manifest or record departure; or show who fails
    which check."""
    user = login.user
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    service_step, code = STEPS[step]
    try:
        service_step(session=db, user=user, transfer=transfer)
    except Conflict as exc:
        return _refused(request, db, user, transfer_id, exc)
    return see_other(f"/transfers/{transfer.id}?done={code}")
