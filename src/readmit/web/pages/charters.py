"""Transfer pages: the list of flights, a new charter, and the manifest page where the
requesting state's officers add and remove cases, lock and record departure (from its
confirmation page, with the time it left); the requested state reads the manifest."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.errors import Conflict, Forbidden, Invalid
from readmit.i18n import N_, _, ngettext
from readmit.protection import service as protection
from readmit.transfers import acceptance
from readmit.transfers import service as transfers
from readmit.transfers.models import Transfer, TransferKind, TransferStatus
from readmit.transfers.schemas import TransferCreate
from readmit.traveldocs import issuing
from readmit.web.deps import DbSession, RowId
from readmit.web.pages import confirmation
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
    FormErrors,
    FormLogin,
    PostedForm,
    see_other,
    status_message,
)
from readmit.web.pages.transfers import FLIGHT_LABELS, flight_fields, moment, problems
from readmit.web.templating import format_datetime, render

router = APIRouter()

LABELS = FLIGHT_LABELS | {"application_ids": N_("People on board")}
DONE = {
    "charter_created": N_("The charter was created and the requested state notified."),
    "case_added": N_("The case was added to the manifest."),
    "case_removed": N_("The case was taken off the manifest; it keeps its travel document."),
    "locked": N_("The manifest was checked and locked."),
    "departed": N_("Departure was recorded."),
}
ORGANISERS_ONLY = N_("Only case officers and supervisors organise transfers.")


def _may_organise(user: User) -> bool:
    return user.has_role(*transfers.OFFICERS)


def _done(done: str | None) -> str | None:
    """The success message of a `?done=` code of these pages, in the reader's language."""
    return _(DONE[done]) if done in DONE else None


@router.get("/transfers")
def transfer_list(
    request: Request, db: DbSession, login: CurrentLogin, done: Done = None
) -> Response:
    """Flights from or to the user's state, soonest first."""
    user = login.user
    found = transfers.list_visible(session=db, user=user)
    return render(
        request,
        "transfers/list.html",
        {
            "transfers": found,
            "statuses": {t.id: transfers.flight_status(session=db, transfer=t) for t in found},
            "may_create": _may_organise(user),
            "status_message": _done(done) or status_message(done),
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
        raise Forbidden(_(ORGANISERS_ONLY))
    values: dict[str, Any] = dict.fromkeys(LABELS, "") | {"escorts": "0", "application_ids": []}
    return _new_page(request, db, login.user, values)


@router.post("/transfers")
def create_charter(request: Request, db: DbSession, login: FormLogin, form: PostedForm) -> Response:
    """Create the charter with its first cases, or show the form again with the problems."""
    user = login.user
    if not _may_organise(user):
        raise Forbidden(_(ORGANISERS_ONLY))
    values: dict[str, Any] = {name: form.get(name) for name in LABELS}
    values["application_ids"] = form.getlist("application_ids")
    try:
        fields = flight_fields(form)
        ids = [int(i) for i in values["application_ids"] if i.isdigit()]
        payload = TransferCreate.model_validate(
            fields | {"kind": "charter", "application_ids": ids}
        )
        transfer = transfers.create(session=db, user=user, payload=payload)
    except (ValidationError, Invalid) as exc:
        errors, status_code = problems(exc, LABELS), 422
    except Conflict as exc:
        db.rollback()
        errors, status_code = problems(exc, LABELS), 409
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


def transfer_page(
    request: Request,
    db: Session,
    user: User,
    transfer: Transfer,
    summary: list[tuple[str, str]] | None = None,
    status_code: int = 200,
    done: str | None = None,
    chosen: str = "",
) -> Response:
    organiser = user.state_code == transfer.requesting_state and _may_organise(user)
    is_open = transfer.kind == TransferKind.charter and transfer.status == TransferStatus.open
    return render(
        request,
        "transfers/detail.html",
        {
            "transfer": transfer,
            "flight_status": transfers.flight_status(session=db, transfer=transfer),
            "rows": _manifest(db, user, transfer),
            "may_edit": organiser and is_open,
            "may_lock": organiser and is_open,
            "may_depart": organiser and transfer.status == TransferStatus.locked,
            "may_answer": acceptance.may_answer(user=user, transfer=transfer),
            "eligible": (
                transfers.eligible(session=db, user=user, requested_state=transfer.requested_state)
                if organiser and is_open
                else []
            ),
            "summary": summary or [],
            "chosen": chosen,  # the case the add form sent, kept after a refusal
            "status_message": _done(done),
        },
        status_code=status_code,
    )


@router.get("/transfers/{transfer_id}")
def transfer_detail(
    request: Request, db: DbSession, login: CurrentLogin, transfer_id: RowId, done: Done = None
) -> Response:
    """The flight and its manifest."""
    transfer = transfers.get(session=db, user=login.user, transfer_id=transfer_id)
    return transfer_page(request, db, login.user, transfer, done=done)


def _refused(
    request: Request, db: Session, user: User, transfer_id: int, exc: Conflict, chosen: str = ""
) -> Response:
    """The manifest page again, after the refused step was rolled back, naming each problem:
    the service's message whole, or one line for each person who fails a check. A refusal
    that keeps its record (the operator's screening) is committed, not rolled back."""
    if exc.keeps_changes:
        db.commit()
    else:
        db.rollback()
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    lines = [str(exc)]
    if isinstance(exc, transfers.NotReady):
        lines = [_("cannot {step}: {problems}", step=exc.step, problems=p) for p in exc.problems]
    summary = [("", line[:1].upper() + line[1:]) for line in lines]
    return transfer_page(request, db, user, transfer, summary, 409, chosen=chosen)


@router.post("/transfers/{transfer_id}/cases")
def add_case(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, transfer_id: RowId
) -> Response:
    """Add a case with a valid travel document to the open manifest."""
    user = login.user
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    chosen = form.get("application_id")
    if not chosen.isdigit():
        summary = [("application_id", _("Case to add: Choose a case to add"))]
        return transfer_page(request, db, user, transfer, summary, 422)
    application = applications.get(session=db, user=user, application_id=int(chosen))
    try:
        transfers.add_case(session=db, user=user, transfer=transfer, application=application)
    except Conflict as exc:
        return _refused(request, db, user, transfer_id, exc, chosen=chosen)
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


@router.post("/transfers/{transfer_id}/lock")
def lock(request: Request, db: DbSession, login: FormLogin, transfer_id: RowId) -> Response:
    """Check everyone again, then lock the manifest; or show who fails which check."""
    user = login.user
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    try:
        transfers.lock(session=db, user=user, transfer=transfer)
    except Conflict as exc:
        return _refused(request, db, user, transfer_id, exc)
    return see_other(f"/transfers/{transfer.id}?done=locked")


def _case_on(db: Session, user: User, transfer: Transfer, chosen: str | None) -> Application | None:
    """The case whose page the departure was asked from, if it is on this transfer."""
    if not chosen or not chosen.isdigit():
        return None
    if int(chosen) not in {c.application_id for c in transfer.cases}:
        return None
    return applications.get(session=db, user=user, application_id=int(chosen))


def _departure_page(transfer: Transfer, case: Application | None) -> confirmation.Confirmation:
    count = len(transfer.cases)
    earliest = format_datetime(transfers.earliest_departure(transfer))
    sentence = ngettext(
        "{flight} ({route}), booked for {booked}, will be recorded as departed with {count}"
        " person on board, once everyone is checked again. {state} then expects them; a"
        " departure cannot be undone.",
        "{flight} ({route}), booked for {booked}, will be recorded as departed with {count}"
        " people on board, once everyone is checked again. {state} then expects them; a"
        " departure cannot be undone.",
        count,
    ).format(
        flight=f"{transfer.carrier} {transfer.flight_number}",
        route=transfer.route,
        booked=format_datetime(transfer.departure_at),
        count=count,
        state=transfer.requested_state,
    )
    return confirmation.Confirmation(
        title=_("Record the departure?"),
        sentence=sentence,
        action=f"/transfers/{transfer.id}/depart",
        button=_("Yes, record the departure"),
        back=f"/applications/{case.id}#transfer" if case else f"/transfers/{transfer.id}",
        hidden={"case": str(case.id)} if case else {},
        when=(
            "departed_at",
            _("Departure time (UTC)"),
            _("Leave blank for now. From {earliest}; not in the future.", earliest=earliest),
        ),
    )


def _may_depart(user: User, transfer: Transfer) -> None:
    transfers.require_organiser(user=user, transfer=transfer)
    if transfer.status == TransferStatus.departed:
        raise Conflict(_("The transfer has already departed."))


@router.get("/transfers/{transfer_id}/depart")
def departure(
    request: Request,
    db: DbSession,
    login: CurrentLogin,
    transfer_id: RowId,
    case: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    """What recording the departure does, with the time it left and the button that does it."""
    user = login.user
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    _may_depart(user, transfer)
    return confirmation.ask(request, _departure_page(transfer, _case_on(db, user, transfer, case)))


@router.post("/transfers/{transfer_id}/depart")
def depart(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, transfer_id: RowId
) -> Response:
    """Check everyone once more and record departure, from its confirmation page (without
    `confirmed=yes`, the confirmation is shown instead); or show who fails which check."""
    user = login.user
    transfer = transfers.get(session=db, user=user, transfer_id=transfer_id)
    _may_depart(user, transfer)
    case = _case_on(db, user, transfer, form.get("case"))
    page, typed = _departure_page(transfer, case), {"departed_at": form.get("departed_at")}
    if not confirmation.confirmed(form):
        return confirmation.ask(request, page, typed)
    labels = {"departed_at": N_("Departure time (UTC)")}
    try:
        departed_at = moment(form.text("departed_at"), "departed_at")
        transfers.depart(session=db, user=user, transfer=transfer, departed_at=departed_at)
    except Invalid as exc:
        return confirmation.ask(request, page, typed, problems(exc, labels), 422)
    except transfers.Refused as exc:
        db.rollback()
        return confirmation.ask(request, page, typed, problems(exc, labels), 409)
    except Conflict as exc:
        return _refused(request, db, user, transfer_id, exc)
    if case is not None:
        return see_other(f"/applications/{case.id}?done=depart#transfer")
    return see_other(f"/transfers/{transfer.id}?done=departed")
