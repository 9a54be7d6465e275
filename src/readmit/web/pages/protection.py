"""The protection panel: the requesting state's claims and holds on one application, its
trafficking screenings and statelessness decisions; the list of every open hold of the state's
cases; and the protection officers' list of decisions due.

The requested state never learns either exists: its users get 404 from the services.
"""

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.errors import Invalid, NotFound
from readmit.i18n import N_, _
from readmit.labels import label
from readmit.protection import queue, statelessness, trafficking
from readmit.protection import service as protection
from readmit.protection.models import (
    DUE_LABELS,
    INDICATOR_LABELS,
    SCREENING_OUTCOME_LABELS,
    STATELESSNESS_OUTCOME_LABELS,
    ProtectionKind,
    StatelessnessOutcome,
)
from readmit.protection.schemas import (
    ProtectionFlagClear,
    ProtectionFlagCreate,
    ScreeningDecisionIn,
    StatelessnessDecisionIn,
)
from readmit.search import service as search
from readmit.tenancy.service import is_requesting_side
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
    FormErrors,
    FormLogin,
    Loc,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
    status_message,
)
from readmit.web.templating import choices, render

router = APIRouter()

K = TypeVar("K")


def _application(db: Session, user: User, application_id: int) -> Application:
    """The application, or 404 for anyone outside the requesting state."""
    application = applications.get(session=db, user=user, application_id=application_id)
    if not is_requesting_side(user, application):
        raise NotFound(_("no such application"))
    return application


def _panel(
    request: Request,
    db: Session,
    user: User,
    application: Application,
    *,
    done: str | None = None,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    flags = protection.list_flags(session=db, user=user, application=application)
    errors = errors or FormErrors()
    return render(
        request,
        "protection/panel.html",
        {
            "application": application,
            "flags": flags,
            "may_manage": user.has_role(*protection.PROTECTION_ROLES),
            "kinds": choices(ProtectionKind, "protection"),
            "protection": protection_context(db, user, application),
            "claimable": [
                (
                    state.code,
                    state.code if state.name == state.code else f"{state.name} ({state.code})",
                )
                for state in statelessness.claimable_states(session=db, application=application)
            ],
            "screening_outcomes": translated(SCREENING_OUTCOME_LABELS),
            "stateless_outcomes": translated(STATELESSNESS_OUTCOME_LABELS),
            "values": dict.fromkeys(PANEL_FIELDS, "") | (values or {}),
            "errors": errors.fields,
            "summary": errors.summary,
            "status_message": status_message(done),
        },
        status_code=status_code,
    )


PANEL_FIELDS = (
    "kind",
    "note",
    "stateless-outcome",
    "referred_on",
    "claiming_state",
    "stateless-note",
)


def translated(words: Mapping[K, str]) -> dict[K, str]:
    """A dict of messages in the reader's language, keyed as before."""
    return {key: _(text) for key, text in words.items()}


def protection_context(db: Session, user: User, application: Application) -> dict[str, Any]:
    """Screenings and statelessness standing, for the panel and the case page (the
    requesting state's protection viewers only)."""
    return {
        "screenings": trafficking.list_screenings(session=db, user=user, application=application),
        "indicator_labels": translated(INDICATOR_LABELS),
        "standing": statelessness.standing(session=db, user=user, application=application),
        "today": utcnow().date(),
    }


@router.get("/applications/{application_id}/protection")
def protection_panel(
    request: Request, db: DbSession, login: CurrentLogin, application_id: RowId, done: Done = None
) -> Response:
    """The flags of an application, with forms to open and clear them."""
    application = _application(db, login.user, application_id)
    return _panel(request, db, login.user, application, done=done)


@router.post("/applications/{application_id}/protection")
def open_flag(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Record a claim or hold."""
    user = login.user
    application = _application(db, user, application_id)
    values = {"kind": form.get("kind"), "note": form.get("note")}
    try:
        payload = ProtectionFlagCreate.model_validate(values)
    except ValidationError as exc:
        labels = {"kind": N_("Kind of claim or hold"), "note": N_("Note")}
        errors = collect(
            pydantic_problems(exc), lambda loc: "note" if loc[:1] == ("note",) else "kind", labels
        )
        return _panel(request, db, user, application, errors=errors, values=values, status_code=422)
    protection.open_flag(
        session=db, user=user, application=application, kind=payload.kind, note=payload.note
    )
    return see_other(f"/applications/{application.id}/protection?done=flag_opened")


@router.post("/applications/{application_id}/protection/{flag_id}/clear")
def clear_flag(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    application_id: RowId,
    flag_id: RowId,
) -> Response:
    """Clear a flag; the reason is required."""
    user = login.user
    application = _application(db, user, application_id)
    field_id = f"clear-{flag_id}-reason"
    try:
        payload = ProtectionFlagClear.model_validate({"reason": form.get("reason")})
    except ValidationError as exc:
        errors = collect(
            pydantic_problems(exc), lambda _loc: field_id, {field_id: N_("Reason for clearing")}
        )
        return _panel(
            request,
            db,
            user,
            application,
            errors=errors,
            values={field_id: form.get("reason")},
            status_code=422,
        )
    protection.clear_flag(
        session=db, user=user, application=application, flag_id=flag_id, reason=payload.reason
    )
    return see_other(f"/applications/{application.id}/protection?done=flag_cleared")


HOLDS_PAGE = 50


@router.get("/protection/holds")
def open_holds(
    request: Request,
    db: DbSession,
    login: CurrentLogin,
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
) -> Response:
    """Every open protection hold on the state's cases, longest held first."""
    user = login.user
    holds, total = search.open_holds(
        session=db, user=user, limit=HOLDS_PAGE, offset=(page - 1) * HOLDS_PAGE
    )
    return render(
        request,
        "protection/holds.html",
        {
            "holds": [
                (
                    hold,
                    label(hold.flag.kind, "protection"),
                    applications.status_label(application=hold.application, user=user),
                )
                for hold in holds
            ],
            "total": total,
            "page": page,
            "first": (page - 1) * HOLDS_PAGE + 1,
            "last_page": max(1, -(-total // HOLDS_PAGE)),
        },
    )


@router.post("/applications/{application_id}/protection/screenings/{screening_id}/decision")
def decide_screening(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    application_id: RowId,
    screening_id: RowId,
) -> Response:
    """A protection officer decides a trafficking screening, with a reason."""
    user = login.user
    application = _application(db, user, application_id)
    prefix = f"screening-{screening_id}"
    values = {f"{prefix}-outcome": form.get("outcome"), f"{prefix}-reason": form.get("reason")}
    try:
        payload = ScreeningDecisionIn.model_validate(
            {"outcome": form.get("outcome"), "reason": form.get("reason")}
        )
    except ValidationError as exc:
        labels = {f"{prefix}-outcome": N_("Decision"), f"{prefix}-reason": N_("Reason")}
        errors = collect(
            pydantic_problems(exc), lambda loc: f"{prefix}-{loc[0] if loc else 'outcome'}", labels
        )
        return _panel(request, db, user, application, errors=errors, values=values, status_code=422)
    trafficking.decide(
        session=db,
        user=user,
        application=application,
        screening_id=screening_id,
        outcome=payload.outcome,
        reason=payload.reason,
    )
    return see_other(f"/applications/{application.id}/protection?done=screening_decided")


STATELESS_LABELS = {
    "stateless-outcome": N_("Decision"),
    "referred_on": N_("Date of the referral"),
    "claiming_state": N_("State that claims the person"),
    "stateless-note": N_("Note"),
}


@router.post("/applications/{application_id}/protection/statelessness")
def decide_statelessness(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """A protection officer refers the person to statelessness determination or records the
    state that claims them."""
    user = login.user
    application = _application(db, user, application_id)
    outcome = form.get("outcome")
    values = {
        "stateless-outcome": outcome,
        "referred_on": form.get("referred_on"),
        "claiming_state": form.get("claiming_state"),
        "stateless-note": form.get("note"),
    }
    claimed = outcome == StatelessnessOutcome.claimed
    fields = {"outcome": "stateless-outcome", "note": "stateless-note"}

    def field_for(loc: Loc) -> str:
        if not loc:  # a rule across fields: the field the chosen decision needs
            return "claiming_state" if claimed else "referred_on"
        return fields.get(str(loc[0]), str(loc[0]))

    try:
        payload = StatelessnessDecisionIn.model_validate(
            {
                "outcome": outcome,
                "referred_on": None if claimed else form.text("referred_on"),
                "claiming_state": form.text("claiming_state") if claimed else None,
                "note": form.get("note"),
            }
        )
        statelessness.decide(
            session=db,
            user=user,
            application=application,
            outcome=payload.outcome,
            referred_on=payload.referred_on,
            claiming_state=payload.claiming_state,
            note=payload.note,
        )
    except ValidationError as exc:
        problems = pydantic_problems(exc)
    except Invalid as exc:
        problems = invalid_problems(exc)
    else:
        return see_other(f"/applications/{application.id}/protection?done=statelessness_recorded")
    errors = collect(problems, field_for, STATELESS_LABELS)
    return _panel(request, db, user, application, errors=errors, values=values, status_code=422)


@router.post("/applications/{application_id}/protection/statelessness/follow-up")
def start_follow_up(db: DbSession, login: FormLogin, application_id: RowId) -> Response:
    """A case officer starts the new application to the state that claims the person."""
    application = _application(db, login.user, application_id)
    follow_up = statelessness.start_follow_up(session=db, user=login.user, application=application)
    return see_other(f"/applications/{follow_up.id}?done=follow_up_started")


@router.get("/protection/decisions")
def decisions_due(request: Request, db: DbSession, login: CurrentLogin) -> Response:
    """The requesting state's cases waiting for a protection officer, longest waiting first."""
    items = queue.decisions_due(session=db, user=login.user)
    return render(
        request,
        "protection/decisions.html",
        {
            "items": [
                (
                    item,
                    _(DUE_LABELS[item.due]),
                    applications.status_label(application=item.application, user=login.user),
                )
                for item in items
            ],
        },
    )
