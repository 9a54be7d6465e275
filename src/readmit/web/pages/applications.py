"""The new-application form, the application detail page, its actions and its messages."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.applications import editing, lifecycle, photos
from readmit.applications import service as applications
from readmit.applications.enums import TERMINAL, NameSource, Procedure, Status
from readmit.applications.models import Application
from readmit.applications.schemas import ApplicationCreate, TransitionIn
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import N_, _
from readmit.messaging import service as messaging
from readmit.messaging.schemas import MessageCreate
from readmit.pathways import crosscheck
from readmit.protection import service as protection
from readmit.protection import trafficking
from readmit.transfers import service as transfers
from readmit.transfers.models import Transfer, TransferKind
from readmit.traveldocs import issuing
from readmit.verification import service as verification
from readmit.web.deps import DbSession, RowId
from readmit.web.pages import (
    application_form,
    attachment_panel,
    confirmation,
    custody_section,
    interview_panel,
    mrz_scan,
    reintegration_departure,
)
from readmit.web.pages import protection as protection_page
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
from readmit.web.templating import choices, label, render

router = APIRouter()

# Decisions are recorded on the verification page, which keeps the register person id.
DECISIONS = frozenset({"confirm", "reject", "request_info"})
# Steps with their own form in the transfer section of the case page or on the transfer's
# pages: the actions panel points there.
TRANSFER_FORMS = frozenset(
    {"schedule_transfer", "remove_from_transfer", "depart", "confirm_arrival", "report_no_show"}
)
SEX_OPTIONS = [("M", N_("Male")), ("F", N_("Female")), ("X", N_("Unspecified"))]


def _require_creator(user: User) -> None:
    if not user.has_role(Role.case_officer, Role.supervisor):
        raise Forbidden(_("Only case officers and supervisors open applications."))


def form_page(
    request: Request,
    db: Session,
    user: User,
    values: dict[str, str],
    errors: FormErrors | None = None,
    status_code: int = 200,
    edit: dict[str, Any] | None = None,
    scan_read: bool = False,
) -> Response:
    """The application form: empty or as typed; `edit` names the application being edited
    (the intake's screening is not part of an edit); `scan_read`: OCR filled it from a
    passport scan, and the officer is asked to check."""
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
            "procedures": choices(Procedure, "procedure"),
            "sources": choices(NameSource, "name_source"),
            "document_types": choices(application_form.DOCUMENT_TYPES, "document"),
            "sexes": [(code, _(words)) for code, words in SEX_OPTIONS],
            "name_rows": application_form.rows(values, "names"),
            "document_rows": application_form.rows(values, "documents"),
            "edit": edit,
            "scan_read": scan_read,
        }
        | (
            {}
            if edit
            else {"indicators": [(c, _(words)) for c, words in application_form.INDICATOR_CHOICES]}
        ),
        status_code=status_code,
    )


@router.get("/applications/new")
def new_application(request: Request, db: DbSession, login: CurrentLogin) -> Response:
    """The empty form."""
    _require_creator(login.user)
    return form_page(request, db, login.user, application_form.blank_values())


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
        application, _event = applications.create(session=db, actor=user, payload=payload)
        trafficking.screen(
            session=db,
            user=user,
            application=application,
            indicators=payload.trafficking_indicators,
        )
    except ValidationError as exc:
        problems = [
            (loc, _("Enter at least one name") if loc == ("person", "names") else message)
            for loc, message in pydantic_problems(exc)
        ]
    except Invalid as exc:
        problems = invalid_problems(exc)
    else:
        return see_other(f"/applications/{application.id}?done=created")
    errors = collect(problems, parsed.field_for, application_form.labels())
    return form_page(request, db, user, parsed.values, errors, status_code=422)


@router.post("/applications/new/scan")
def read_passport_scan(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, scan: mrz_scan.ChosenScan
) -> Response:
    """The form again as typed, filled in from a passport scan read by OCR (mrz_scan)."""
    user = login.user
    _require_creator(user)
    typed = application_form.parse(form).values
    outcome = mrz_scan.read_into(db, user, typed, scan)
    return form_page(
        request, db, user, outcome.values, outcome.errors, outcome.status_code,
        scan_read=outcome.filled,
    )  # fmt: skip


def _timeline_rows(db: Session, user: User, application: Application) -> list[dict[str, Any]]:
    rows = []
    for event in applications.visible_timeline(session=db, user=user, application=application):
        actor = db.get(User, event.actor_id) if event.actor_id else None
        if actor is not None and actor.authority_id == user.authority_id:
            by = actor.full_name
        else:  # officers of other authorities are named by their state only
            by = event.actor_state or _("the system")
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


def _transfer_pointer(
    name: str, application: Application, transfer: Transfer | None
) -> dict[str, Any] | None:
    """Where the actions panel sends the user for a transfer step, or None (not here)."""
    pointer: dict[str, Any] = {"decision": False, "hint": "", "button": False}
    if name == "schedule_transfer":
        text = _("Book a commercial flight below")
        hint = _("or put the case on a charter under Transfers.")
        return pointer | {"link": "#transfer", "text": text, "hint": hint}
    if transfer is None:
        return None
    if name == "depart":
        link = f"/transfers/{transfer.id}/depart?case={application.id}"
        return pointer | {"link": link, "text": _("Depart"), "button": True}
    if name == "remove_from_transfer" and transfer.kind == TransferKind.charter:
        link = f"/transfers/{transfer.id}#case-{application.id}"
        text = _("Take the case off its charter on the manifest page")
        return pointer | {"link": link, "text": text}
    if name in ("confirm_arrival", "report_no_show"):
        text = _("Confirm the arrival or record a no-show")
        hint = _("in the Transfer section below.")
        return pointer | {"link": "#transfer", "text": text, "hint": hint}
    return None


def _notice_hours(db: Session, application: Application) -> int | None:
    """The arrival notice the case's agreement requires before a flight, in hours."""
    terms = agreements.terms_for(session=db, application=application)
    return terms.arrival_notice_hours if terms else None


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
    actions: list[dict[str, Any]] = []
    available = lifecycle.available_actions(user, application)
    transfer = transfers.for_application(session=db, application=application)
    for name in available:
        if name == "provide_info":  # the answer has its own form, with the question
            actions.append(
                {
                    "name": name,
                    "decision": False,
                    "link": f"/applications/{application.id}/provide-info",
                    "text": _("Answer the request for information"),
                    "hint": None,
                    "button": True,
                }
            )
            continue
        if name in TRANSFER_FORMS:
            pointer = _transfer_pointer(name, application, transfer)
            if pointer is not None and pointer not in actions:
                actions.append(pointer)
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
        "attachment_panel": attachment_panel.panel(db, user, application),
        "interview_panel": interview_panel.panel(db, user, application),
        "may_edit": editing.may_edit(user, application),
        "may_supply_photo": photos.may_supply(user, application)
        and application.status not in TERMINAL,
        "travel_document": issuing.current(session=db, application=application),
        "transfer": transfer,
        "flight_status": transfer and transfers.flight_status(session=db, transfer=transfer),
        "may_schedule": "schedule_transfer" in available,
        "notice_hours": _notice_hours(db, application)
        if "schedule_transfer" in available
        else None,
        "may_report_arrival": "confirm_arrival" in available,
        "reintegration_providers": reintegration_departure.provider_choices(
            db, application.requested_state
        )
        if "confirm_arrival" in available
        else [],
        "reintegration": reintegration_departure.section(db, user, application),
        "messages": messaging.list_messages(session=db, application=application),
        "may_message": user.has_role(*messaging.SENDERS) and application.status != Status.draft,
        "actions": actions,
        "can_protect": can_protect,
        "open_flags": open_flags,
        "protection": protection_page.protection_context(db, user, application)
        if can_protect
        else None,
        "custody_section": custody_section.context(db, user, application),
        "pathway_flags": crosscheck.pathway_flags(session=db, user=user, application=application),
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
    status_code: int = 422,
    **values: Any,
) -> Response:
    """The case page again (its read recorded), each problem next to its field."""
    application = applications.read(session=db, user=user, application_id=application.id)
    context = detail_context(db, user, application) | values
    context |= {"errors": errors.fields, "summary": errors.summary}
    return render(request, "applications/detail.html", context, status_code=status_code)


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


def _may_ask(user: User, application: Application, action: str) -> None:
    """403 unless the user's side and roles may take the step, 409 unless the case is where
    the step starts: checked before a confirmation is shown."""
    transition = lifecycle.BY_ACTION[action]
    if not lifecycle.may_take(user, application, transition):
        raise Forbidden(_("Your role or state may not take this step on this case."))
    if application.status not in transition.sources:
        status = applications.status_label(application=application, user=user)
        raise Conflict(
            _(
                "{step} is not possible now: the case is {status}.",
                step=label(action),
                status=status,
            )
        )


@router.get("/applications/{application_id}/actions/{action}")
def confirm_action(
    request: Request,
    db: DbSession,
    login: CurrentLogin,
    application_id: RowId,
    action: Annotated[str, Path(max_length=40)],
) -> Response:
    """What an irreversible step will do, with the button that takes it."""
    application = applications.read(session=db, user=login.user, application_id=application_id)
    if action not in confirmation.ASKING:
        raise NotFound(_("There is no such page."))
    _may_ask(login.user, application, action)
    step = confirmation.for_step(session=db, application=application, action=action, hidden={})
    return confirmation.ask(request, step)


@router.post("/applications/{application_id}/actions/{action}")
def take_action(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    application_id: RowId,
    action: Annotated[str, Path(max_length=40)],
) -> Response:
    """Take one lifecycle step the table allows this user; an irreversible one only from its
    confirmation page (without `confirmed=yes`, the confirmation is shown instead)."""
    transition = lifecycle.BY_ACTION.get(action)
    if transition is None or transition.side is lifecycle.Side.system:
        raise NotFound(_("There is no such action."))
    user = login.user
    application = applications.get(session=db, user=user, application_id=application_id)
    if action in DECISIONS:
        raise Conflict(_("Confirm, reject or request information on the verification page."))
    if action == "provide_info":
        raise Conflict(_("Answer the request for information on its form, with the answer."))
    if action == "depart":  # recorded, with its time, on the transfer's departure page
        transfer = transfers.for_application(session=db, application=application)
        if transfer is None:
            raise Conflict(_("The case is on no transfer."))
        return see_other(f"/transfers/{transfer.id}/depart?case={application.id}")
    if action in TRANSFER_FORMS:
        raise Conflict(_("Use the transfer section of the case page."))
    hidden = {"return_to": "verify"} if form.get("return_to") == "verify" else {}
    values = {"reason_code": form.get("reason_code"), "note": form.get("note")}
    sent = {"action": action, "reason_code": form.text("reason_code"), "note": form.text("note")}
    back = f"/applications/{application.id}{'/verify' if hidden else ''}?done={action}"
    if action not in confirmation.ASKING:
        try:
            step = TransitionIn.model_validate(sent)
        except ValidationError as exc:
            raise as_invalid(exc) from None
        _act(db, user, application, step)
        return see_other(back)
    _may_ask(user, application, action)
    page = confirmation.for_step(session=db, application=application, action=action, hidden=hidden)
    if not confirmation.confirmed(form):
        applications.read(session=db, user=user, application_id=application.id)  # name shown
        return confirmation.ask(request, page, values)
    errors = FormErrors()
    try:
        if transition.reasons is not None and values["reason_code"] not in transition.reasons:
            errors.add("reason_code", _("Choose a reason"), _("Reason"))
            return confirmation.ask(request, page, values, errors, 422)
        _act(db, user, application, TransitionIn.model_validate(sent))
    except ValidationError as exc:
        errors = collect(pydantic_problems(exc), lambda loc: str(loc[-1]), {"note": N_("Note")})
        return confirmation.ask(request, page, values, errors, 422)
    except Conflict as exc:
        db.rollback()
        errors.add("", str(exc).replace(f"'{action}'", label(action)))
        return confirmation.ask(request, page, values, errors, 409)
    return see_other(back)


def _act(db: Session, user: User, application: Application, step: TransitionIn) -> None:
    """Take the step: issuing creates the travel document, any other one is a transition."""
    if step.action == "issue_travel_document":
        issuing.issue(session=db, user=user, application=application)
    else:
        applications.transition(
            session=db,
            user=user,
            application=application,
            action=step.action,
            reason_code=step.reason_code,
            note=step.note,
        )


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
        errors = collect(pydantic_problems(exc), lambda _loc: "body", {"body": N_("Message")})
        return detail_with_errors(request, db, user, application, errors, body=form.get("body"))
    messaging.send(session=db, user=user, application=application, body=message.body)
    return see_other(f"/applications/{application.id}?done=message_sent#messages")
