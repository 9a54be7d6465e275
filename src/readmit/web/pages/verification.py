"""The requested state's verification: the verifier queue, register look-up and decisions."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.applications import lifecycle
from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.errors import Forbidden, Invalid, NotFound
from readmit.i18n import N_, _
from readmit.labels import in_sentence, label
from readmit.registry import service as registry
from readmit.registry.schemas import RegisterPersonPublic
from readmit.verification import service as verification
from readmit.verification.models import DecisionKind
from readmit.verification.schemas import DecisionIn, LookupIn, RecommendationPublic
from readmit.web.deps import DbSession, RowId
from readmit.web.pages import confirmation
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
from readmit.web.templating import render

router = APIRouter()


def _require_verifier_role(user: User) -> None:
    if not user.has_role(*verification.VERIFIER_ROLES):
        raise Forbidden(_("Only verifiers and supervisors of the requested state verify cases."))


def _application(db: Session, user: User, application_id: int) -> Application:
    """The case, if the user verifies for its requested state (404 for the requester)."""
    application = applications.get(session=db, user=user, application_id=application_id)
    if user.state_code != application.requested_state:
        raise NotFound(_("no such application"))
    _require_verifier_role(user)
    return application


@router.get("/verify")
def verifier_queue(request: Request, db: DbSession, login: CurrentLogin) -> Response:
    """Cases waiting for this state's verification."""
    user = login.user
    _require_verifier_role(user)
    now = utcnow()
    rows = []
    for application in verification.verifier_queue(session=db, user=user):
        running = applications.deadlines(session=db, application=application)
        rows.append(
            {
                "application": application,
                "status_label": applications.status_label(application=application, user=user),
                "deadline": min(running, key=lambda d: d.due) if running else None,
            }
        )
    return render(request, "verification/queue.html", {"rows": rows, "now": now})


def _page(
    request: Request,
    db: Session,
    user: User,
    application: Application,
    *,
    number: str | None,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    done: str | None = None,
    status_code: int = 200,
) -> Response:
    application = applications.read(session=db, user=user, application_id=application.id)
    number = (number or "").strip()
    matches = (
        verification.lookup(session=db, user=user, application=application, number=number)
        if number
        else []
    )
    available = lifecycle.available_actions(user, application)
    latest = verification.latest_recommendation(session=db, application=application)
    if (
        latest is None
        and "confirm" in available
        and registry.store_for(application.requested_state).exists()
    ):
        latest = verification.recommend(session=db, user=user, application=application)
    recommendation = (
        verification.present_recommendation(row=latest, country=application.requested_state)
        if latest
        else None
    )
    actions = [
        {
            "name": a,
            "decision": a in DecisionKind.__members__,
            "reasons": sorted(lifecycle.BY_ACTION[a].reasons or []) or None,
        }
        for a in available
    ]
    errors = errors or FormErrors()
    context: dict[str, Any] = {
        "application": application,
        "person": applications.person_of(application),
        "status_label": applications.status_label(application=application, user=user),
        "number": number,
        "matches": matches,
        "recommendation": recommendation,
        "confirm_choices": _confirm_choices(recommendation, matches),
        "preselected": _preselected(recommendation, matches),
        "fields": {key: _(text) for key, text in EVIDENCE_FIELDS.items()},
        "searched": bool(number),
        "suggestions": sorted({d.number for d in application.documents if d.number}),
        "actions": actions,
        "decide": {a for a in available if a in DecisionKind.__members__},
        "reject_reasons": sorted(lifecycle.REJECT_REASONS),
        "request_info_reasons": sorted(lifecycle.REQUEST_INFO_REASONS),
        "values": values or {},
        "errors": errors.fields,
        "summary": errors.summary,
        "status_message": status_message(done),
    }
    return render(request, "verification/verify.html", context, status_code=status_code)


def _confirm_choices(
    recommendation: RecommendationPublic | None, matches: list[RegisterPersonPublic]
) -> list[RegisterPersonPublic]:
    """Register persons the officer may confirm with one click: the engine's candidates
    with a real chance (score of at least 1%), then any found by document number."""
    ranked = [
        c.person for c in (recommendation.candidates if recommendation else []) if c.score >= 0.01
    ]
    unique = {p.person_id: p for p in [*ranked, *matches] if p is not None}
    return list(unique.values())


def _preselected(
    recommendation: RecommendationPublic | None, matches: list[RegisterPersonPublic]
) -> str | None:
    """The engine's proposal when it recommends confirmation; else a single look-up hit."""
    if recommendation and recommendation.recommendation == "confirm":
        return recommendation.candidates[0].person_id
    return matches[0].person_id if len(matches) == 1 else None


# Words translated where they are shown: the module is imported before any request's language.
EVIDENCE_FIELDS = {
    "name": N_("Name"),
    "birth_date": N_("Date of birth"),
    "sex": N_("Sex"),
    "birth_place": N_("Place of birth"),
    "national_id": N_("National ID"),
    "passport": N_("Passport"),
    "parents": N_("Parents"),
    "face": N_("Face"),
}


@router.post("/applications/{application_id}/verify/match")
def rerun_matching(db: DbSession, login: FormLogin, application_id: RowId) -> Response:
    """Run the identity engine again (e.g. after the register or the particulars changed)."""
    application = _application(db, login.user, application_id)
    verification.recommend(session=db, user=login.user, application=application)
    return see_other(f"/applications/{application.id}/verify?done=matched#candidates")


@router.get("/applications/{application_id}/verify")
def verify_page(
    request: Request, db: DbSession, login: CurrentLogin, application_id: RowId, done: Done = None
) -> Response:
    """The particulars beside the register look-up, and the decision forms."""
    application = _application(db, login.user, application_id)
    return _page(request, db, login.user, application, number=None, done=done)


@router.post("/applications/{application_id}/verify/lookup")
def look_up(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """The page with the register entries for a document number. A form post, not a query
    string: the number stays out of addresses, access logs and browser history."""
    user, entered = login.user, form.get("number")
    application = _application(db, user, application_id)
    try:
        number = LookupIn(number=entered).number
    except ValidationError as exc:
        errors = collect(pydantic_problems(exc), lambda _loc: "number", LABELS)
        values = {"number": entered}
        return _page(
            request,
            db,
            user,
            application,
            number=None,
            errors=errors,
            values=values,
            status_code=422,
        )
    return _page(request, db, user, application, number=number)


# Translated by collect(), when a form is checked.
LABELS = {
    "number": N_("ID or passport number"),
    "confirm-person_id": N_("Register person"),
    "reject-reason_code": N_("Reason for rejecting"),
    "reject-reason": N_("Explanation"),
    "request_info-reason_code": N_("What is needed"),
    "request_info-reason": N_("Explanation"),
}


@router.post("/applications/{application_id}/verify")
def decide(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Record a confirmation, rejection or request for information; a confirmation or a
    rejection only from its confirmation page (without `confirmed=yes`, it is shown)."""
    user = login.user
    application = _application(db, user, application_id)
    kind = form.get("decision")
    if kind not in DecisionKind.__members__:
        raise NotFound(_("There is no such decision."))
    values = {f"{kind}-{name}": form.get(name) for name in ("reason_code", "reason")}
    values["confirm-person_id"] = form.get("person_id_manual")
    values["chosen"] = form.get("person_id")

    def field_for(loc: Loc) -> str:
        name = str(loc[0]) if loc else ("person_id" if kind == "confirm" else "reason")
        return f"{kind}-{name}" if f"{kind}-{name}" in LABELS else ""

    problems: list[tuple[Loc, str]] = []
    if kind != "confirm" and not form.text("reason_code"):
        problems.append((("reason_code",), _("Choose a reason")))
    try:
        decision = DecisionIn.model_validate(
            {
                "decision": kind,
                "person_id": form.text("person_id") or form.text("person_id_manual"),
                "reason_code": form.text("reason_code") if kind != "confirm" else None,
                "reason": form.get("reason"),
            }
        )
    except ValidationError as exc:
        problems += pydantic_problems(exc)
    if not problems and kind != "request_info" and not confirmation.confirmed(form):
        sent = decision.model_dump(exclude_none=True, exclude={"decision"})
        hidden = {"decision": kind} | {k: str(v) for k, v in sent.items() if v != ""}
        reason = in_sentence(label(decision.reason_code, "reason"))
        page = confirmation.for_decision(
            application=application, decision=kind, hidden=hidden, reason=reason
        )
        return confirmation.ask(request, page)
    if not problems:
        try:
            verification.decide(session=db, user=user, application=application, decision=decision)
        except Invalid as exc:
            problems = invalid_problems(exc)
        else:
            return see_other(f"/applications/{application.id}?done=decided")
    errors = collect(problems, field_for, LABELS)
    return _page(
        request,
        db,
        user,
        application,
        number=form.text("number"),
        errors=errors,
        values=values,
        status_code=422,
    )
