"""The new-application form, the application detail page, its actions and its messages."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.applications import lifecycle, photos
from readmit.applications import service as applications
from readmit.applications.enums import TERMINAL, NameSource, Procedure, Status
from readmit.applications.models import Application
from readmit.applications.schemas import ApplicationCreate, TransitionIn
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.messaging import service as messaging
from readmit.messaging.schemas import MessageCreate
from readmit.protection import service as protection
from readmit.transfers import service as transfers
from readmit.traveldocs import issuing
from readmit.verification import service as verification
from readmit.web.deps import DbSession, RowId
from readmit.web.pages import application_form
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
from readmit.web.templating import render

router = APIRouter()

# Decisions are recorded on the verification page, which keeps the register person id.
DECISIONS = frozenset({"confirm", "reject", "request_info"})
# Steps with their own form in the transfer section of the case page.
TRANSFER_FORMS = frozenset(
    {"schedule_transfer", "remove_from_transfer", "confirm_arrival", "report_no_show"}
)
SEX_OPTIONS = [("M", "Male"), ("F", "Female"), ("X", "Unspecified")]


def _require_creator(user: User) -> None:
    if not user.has_role(Role.case_officer, Role.supervisor):
        raise Forbidden("Only case officers and supervisors open applications.")


def _form_page(
    request: Request,
    db: Session,
    user: User,
    values: dict[str, str],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Response:
    states = [
        (a.requested_state, f"{a.requested_state} – {a.title}")
        for a in agreements.list_for_state(session=db, state=user.state_code)
        if a.requesting_state == user.state_code
    ]
    errors = errors or FormErrors()
    return render(
        request,
        "applications/new.html",
        {
            "values": values,
            "errors": errors.fields,
            "summary": errors.summary,
            "states": states,
            "procedures": [(p.value, p.value.capitalize()) for p in Procedure],
            "sources": [(s.value, s.value.capitalize()) for s in NameSource],
            "document_types": [
                (t, t.replace("_", " ").capitalize()) for t in application_form.DOCUMENT_TYPES
            ],
            "sexes": SEX_OPTIONS,
            "name_rows": range(application_form.NAME_ROWS),
            "document_rows": range(application_form.DOCUMENT_ROWS),
        },
        status_code=status_code,
    )


@router.get("/applications/new")
def new_application(request: Request, db: DbSession, login: CurrentLogin) -> Response:
    """The empty form."""
    _require_creator(login.user)
    return _form_page(request, db, login.user, application_form.blank_values())


@router.post("/applications")
def create_application(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm
) -> Response:
    """Open a draft, or show the form again with each problem next to its field."""
    user = login.user
    _require_creator(user)
    parsed = application_form.parse(form)
    try:
        payload = ApplicationCreate.model_validate(parsed.payload)
        application, _ = applications.create(session=db, actor=user, payload=payload)
    except ValidationError as exc:
        problems = [
            (loc, "Enter at least one name" if loc == ("person", "names") else message)
            for loc, message in pydantic_problems(exc)
        ]
    except Invalid as exc:
        problems = invalid_problems(exc)
    else:
        return see_other(f"/applications/{application.id}?done=created")
    errors = collect(problems, parsed.field_for, application_form.LABELS)
    return _form_page(request, db, user, parsed.values, errors, status_code=422)


def _timeline_rows(db: Session, user: User, application: Application) -> list[dict[str, Any]]:
    rows = []
    for event in applications.visible_timeline(session=db, user=user, application=application):
        actor = db.get(User, event.actor_id) if event.actor_id else None
        if actor is not None and actor.authority_id == user.authority_id:
            by = actor.full_name
        else:  # officers of other authorities are named by their state only
            by = event.actor_state or "the system"
        rows.append(
            {
                "at": event.at,
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "by": by,
                "reason_code": event.reason_code,
                "note": event.note,
            }
        )
    return rows


def detail_context(db: Session, user: User, application: Application) -> dict[str, Any]:
    """Everything the detail page shows this user, protection data only where allowed."""
    can_protect = protection.can_view(user, application)
    open_flags = (
        [
            f
            for f in protection.list_flags(session=db, user=user, application=application)
            if f.is_open
        ]
        if can_protect
        else []
    )
    actions = []
    available = lifecycle.available_actions(user, application)
    for name in available:
        if name in TRANSFER_FORMS:
            continue
        reasons = lifecycle.BY_ACTION[name].reasons
        actions.append(
            {
                "name": name,
                "decision": name in DECISIONS,
                "reasons": sorted(reasons) if reasons else None,
                "private": name in lifecycle.PRIVATE_NOTES,
            }
        )
    decided = verification.decisions(session=db, application=application)
    return {
        "application": application,
        "person": applications.person_of(application),
        "status_label": applications.status_label(application=application, user=user),
        "deadlines": applications.deadlines(session=db, application=application),
        "timeline": _timeline_rows(db, user, application),
        "decisions": decided,
        "photo": photos.current(session=db, application=application),
        "may_supply_photo": photos.may_supply(user, application)
        and application.status not in TERMINAL,
        "travel_document": issuing.current(session=db, application=application),
        "transfer": transfers.for_application(session=db, application=application),
        "may_schedule": "schedule_transfer" in available,
        "may_report_arrival": "confirm_arrival" in available,
        "messages": messaging.list_messages(session=db, application=application),
        "may_message": user.has_role(*messaging.SENDERS) and application.status != Status.draft,
        "actions": actions,
        "can_protect": can_protect,
        "open_flags": open_flags,
        "is_verifier": user.state_code == application.requested_state
        and user.has_role(*verification.VERIFIER_ROLES),
        "now": utcnow(),
        "body": "",
    }


def detail_with_errors(
    request: Request,
    db: Session,
    user: User,
    application: Application,
    errors: FormErrors,
    **values: str,
) -> Response:
    """The case page again (its read recorded), each problem next to its field (422)."""
    application = applications.read(session=db, user=user, application_id=application.id)
    context = detail_context(db, user, application) | values
    context |= {"errors": errors.fields, "summary": errors.summary}
    return render(request, "applications/detail.html", context, status_code=422)


@router.get("/applications/{application_id}")
def application_detail(
    request: Request, db: DbSession, login: CurrentLogin, application_id: RowId, done: Done = None
) -> Response:
    """The case: particulars, deadlines, timeline, decisions, messages and actions."""
    application = applications.read(session=db, user=login.user, application_id=application_id)
    context = detail_context(db, login.user, application)
    context["status_message"] = status_message(done)
    return render(request, "applications/detail.html", context)


def as_invalid(exc: ValidationError) -> Invalid:
    """A pydantic error as a domain error, so it renders as a 422 page."""
    return Invalid([FieldProblem(loc, message) for loc, message in pydantic_problems(exc)])


@router.post("/applications/{application_id}/actions/{action}")
def take_action(
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    application_id: RowId,
    action: Annotated[str, Path(max_length=40)],
) -> Response:
    """Take one lifecycle step the table allows this user."""
    transition = lifecycle.BY_ACTION.get(action)
    if transition is None or transition.side is lifecycle.Side.system:
        raise NotFound("There is no such action.")
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    if action in DECISIONS:
        raise Conflict("Confirm, reject or request information on the verification page.")
    try:
        step = TransitionIn.model_validate(
            {"action": action, "reason_code": form.text("reason_code"), "note": form.text("note")}
        )
    except ValidationError as exc:
        raise as_invalid(exc) from None
    if action in TRANSFER_FORMS:
        raise Conflict("Use the transfer section of the case page.")
    if action == "issue_travel_document":
        issuing.issue(session=db, user=user, application=application)
    elif action == "depart":
        transfer = transfers.for_application(session=db, application=application)
        if transfer is None:
            raise Conflict("The case is on no transfer.")
        transfers.depart(session=db, user=user, transfer=transfer)
    else:
        applications.transition(
            session=db,
            user=user,
            application=application,
            action=step.action,
            reason_code=step.reason_code,
            note=step.note,
        )
    back = "/verify" if form.get("return_to") == "verify" else ""
    return see_other(f"/applications/{application.id}{back}?done={action}")


@router.post("/applications/{application_id}/messages")
def send_message(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Send a message to the other authority."""
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    try:
        message = MessageCreate.model_validate({"body": form.get("body")})
    except ValidationError as exc:
        errors = collect(pydantic_problems(exc), lambda _loc: "body", {"body": "Message"})
        return detail_with_errors(request, db, user, application, errors, body=form.get("body"))
    messaging.send(session=db, user=user, application=application, body=message.body)
    return see_other(f"/applications/{application.id}?done=message_sent#messages")
