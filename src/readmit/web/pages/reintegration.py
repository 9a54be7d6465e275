"""Reintegration cases for the provider's reintegration officers (and the requesting state's
officers who see the application): the list with the follow-ups due and missed, and one case
with the assessment as the returnee consents to it NOW (through `referral.consented_view`,
never the raw assessment), the plan of services, the follow-up surveys rendered from the
programme file, and their scores. Another provider's case is a 404."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import LoginSession, Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, FieldProblem, Invalid
from readmit.i18n import N_, _
from readmit.reintegration import access, followups, plan, programme, service
from readmit.reintegration.followup_schemas import ServiceCreate, ServiceUpdate
from readmit.reintegration.lifecycle import STATUS_LABELS, STEP_LABELS, Step
from readmit.reintegration.models import (
    CaseStatus,
    FollowUp,
    FollowUpStatus,
    ReintegrationCase,
    ServiceStatus,
)
from readmit.tenancy.models import Authority
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
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
from readmit.web.pages.reintegration_departure import CATEGORY_LABELS, FIELD_LABELS
from readmit.web.templating import render

router = APIRouter(prefix="/reintegration")
Reference = Annotated[str, Path(min_length=1, max_length=40)]
Months = Annotated[int, Path(ge=1, le=120)]

SERVICE_STATUS_LABELS = {
    ServiceStatus.planned: N_("Planned"),
    ServiceStatus.in_progress: N_("In progress"),
    ServiceStatus.completed: N_("Completed"),
    ServiceStatus.cancelled: N_("Cancelled"),
}
FOLLOW_UP_LABELS = {
    FollowUpStatus.due: N_("Due"),
    FollowUpStatus.completed: N_("Completed"),
    FollowUpStatus.missed: N_("Missed"),
}
# The consented parts' entries, in the order shown.
ENTRY_LABELS = {
    "name": N_("Name"),
    "phone": N_("Telephone"),
    "address": N_("Address after return"),
    "email": N_("E-mail address"),
    "skills": N_("Skills"),
    "education": N_("Education"),
    "work_history": N_("Work history"),
    "needs": N_("Health needs to plan for"),
    "dependants": N_("Dependants"),
    "children": N_("Children"),
    "situation": N_("Family situation"),
    "categories": N_("Vulnerability categories"),
    "note": N_("Note on vulnerability"),
}
SERVICE_LABELS = {
    "service_type": N_("Service"),
    "provider_name": N_("Provided by"),
    "budget": N_("Budget"),
    "currency": N_("Currency"),
    "starts_on": N_("Starts on"),
    "ends_on": N_("Ends on"),
    "service-note": N_("Note"),
}
SERVICE_FIELDS = ("status", "progress", "note")  # what the plan's update form changes
DONE = {
    "accept": N_("The referral was accepted; the follow-ups are scheduled."),
    "close": N_("The case was closed."),
    "withdraw": N_("The referral was withdrawn."),
    "service_added": N_("The service was added to the plan."),
    "service_changed": N_("The service was updated."),
    "follow_up": N_("The follow-up survey was recorded and scored."),
}


def reader_login(login: CurrentLogin) -> LoginSession:
    """Reintegration officers and the requesting state's officers; 403 for other roles."""
    access.require_case_reader(login.user)
    return login


ReaderLogin = Annotated[LoginSession, Depends(reader_login)]


def money(amount_minor: int, currency: str) -> str:
    """An amount in minor units, as "1500.00 USD"."""
    digits = get_currency_precision(currency)
    value = Decimal(amount_minor).scaleb(-digits)
    return f"{value:.{digits}f} {currency}"


def _minor(text: str, currency: str) -> int:
    """Minor units of an amount typed in major units ("1500.50"); Invalid naming the field."""
    if not text.strip():
        return 0
    try:
        value = Decimal(text.strip().replace(",", ""))
        digits = get_currency_precision(currency) if len(currency) == 3 else 2
        minor = value.scaleb(digits)
        if minor != minor.to_integral_value() or value < 0:
            raise InvalidOperation
    except InvalidOperation:
        problem = _("Enter an amount such as 1500.00")
        raise Invalid([FieldProblem(("budget",), problem)]) from None
    return int(minor)


def _dated(text: str, field: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid([FieldProblem((field,), _("Enter a date as YYYY-MM-DD"))]) from None


def entries(view: dict[str, dict[str, Any]]) -> list[tuple[str, list[tuple[str, Any]]]]:
    """(part's words, [(entry's words, value)]) of the consented view, empty entries left out."""
    shown = []
    for field, words in FIELD_LABELS.items():
        if field.value not in view:
            continue
        part = view[field.value]
        rows: list[tuple[str, Any]] = []
        for key, label in ENTRY_LABELS.items():
            value = part.get(key)
            if value in (None, "", []):
                continue
            if key == "categories":
                known = {c.value: text for c, text in CATEGORY_LABELS.items()}
                value = ", ".join(_(known[c]) for c in value if c in known)
            elif isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            rows.append((_(label), value))
        shown.append((_(words), rows))
    return shown


def _window_open(case: ReintegrationCase, follow_up: FollowUp, today: date) -> bool:
    return (
        follow_up.status == FollowUpStatus.due.value
        and followups.opens_on(case, follow_up) <= today <= follow_up.window_ends
    )


def case_page(
    request: Request,
    db: Session,
    user: User,
    case: ReintegrationCase,
    *,
    done: str | None = None,
    errors: FormErrors | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The case as this user may see it, with the problems of a form if any."""
    shown = service.public(session=db, user=user, case=case)
    provider_side = access.is_provider_side(user, case)
    officer = provider_side and user.has_role(Role.reintegration_officer)
    rules = programme.get(case.programme_code)
    items = plan.services(session=db, case=case)
    today = utcnow().date()
    follow_ups = followups.of_case(session=db, case=case)
    is_open = case.status in plan.OPEN_CASES
    errors = errors or FormErrors()
    context = {
        "case": shown,
        "status": _(STATUS_LABELS[shown.status]),
        "programme": rules,
        "provider_side": provider_side,
        "consented": entries(shown.assessment),
        "steps": {s: _(STEP_LABELS[Step(s)]) for s in shown.allowed},
        "services": items,
        "service_words": {s.key: s.label for s in rules.service_types},
        "service_choices": [(s.key, s.label) for s in rules.service_types],
        "service_statuses": [(s.value, _(text)) for s, text in SERVICE_STATUS_LABELS.items()],
        "service_status_words": {s.value: _(t) for s, t in SERVICE_STATUS_LABELS.items()},
        "ended": plan.ENDED,
        "progress": plan.progress(items),
        "money": money,
        "may_plan": officer and is_open,
        "follow_ups": follow_ups,
        "follow_up_words": {s.value: _(t) for s, t in FOLLOW_UP_LABELS.items()},
        "opens_on": {f.months: followups.opens_on(case, f) for f in follow_ups},
        "surveys": [
            f
            for f in follow_ups
            if officer and case.status == CaseStatus.active.value and _window_open(case, f, today)
        ],
        "values": values or {},
        "errors": errors.fields,
        "summary": errors.summary,
        "status_message": _(DONE[done]) if done in DONE else None,
    }
    return render(request, "reintegration/case.html", context, status_code=status_code)


@router.get("")
def index_page(request: Request, db: DbSession, login: ReaderLogin) -> Response:
    """The cases the user may see, and a reintegration officer's follow-ups due and missed."""
    user = login.user
    rows, total = service.search(session=db, user=user, limit=service.MAX_PAGE)
    officer = user.has_role(Role.reintegration_officer)
    queue = followups.queue(session=db, user=user) if officer else []
    ids = {case.provider_authority_id for case in rows}
    names = {a.id: a.name for a in db.scalars(select(Authority).where(Authority.id.in_(ids)))}
    return render(
        request,
        "reintegration/index.html",
        {
            "rows": rows,
            "total": total,
            "queue": queue,
            "officer": officer,
            "providers": names,
            "statuses": {s.value: _(t) for s, t in STATUS_LABELS.items()},
            "follow_up_words": {s.value: _(t) for s, t in FOLLOW_UP_LABELS.items()},
            "may_see_outcomes": officer or user.has_role(Role.analyst, Role.supervisor),
        },
    )


@router.get("/cases/{reference}")
def detail_page(
    request: Request, db: DbSession, login: ReaderLogin, reference: Reference, done: Done = None
) -> Response:
    """One case; the read is audited."""
    case = service.get(session=db, user=login.user, reference=reference)
    service.record_read(session=db, user=login.user, case=case)
    return case_page(request, db, login.user, case, done=done)


def _back(case: ReintegrationCase, done: str, anchor: str) -> Response:
    return see_other(f"/reintegration/cases/{case.reference}?done={done}#{anchor}")


def _problems(exc: ValidationError | Invalid | Conflict, field_of: Any) -> FormErrors:
    if isinstance(exc, ValidationError):
        return collect(pydantic_problems(exc), field_of, SERVICE_LABELS)
    if isinstance(exc, Invalid):
        return collect(invalid_problems(exc), field_of, SERVICE_LABELS)
    return collect([((), str(exc))], lambda _loc: "", {})


def _service_field(loc: Loc) -> str:
    parts = [str(p) for p in loc if p != "body"]
    if not parts:
        return ""
    name = {"budget_minor": "budget", "note": "service-note"}.get(parts[0], parts[0])
    return name if name in SERVICE_LABELS else ""


def service_payload(form: Posted) -> dict[str, Any]:
    """A new service as the API's ServiceCreate takes it, from the plan's form."""
    currency = form.get("currency").strip().upper() or "USD"
    return {
        "service_type": form.get("service_type"),
        "provider_name": form.get("provider_name").strip(),
        "budget_minor": _minor(form.get("budget"), currency),
        "currency": currency,
        "starts_on": _dated(form.get("starts_on"), "starts_on"),
        "ends_on": _dated(form.get("ends_on"), "ends_on"),
        "note": form.get("service-note").strip(),
    }


@router.post("/cases/{reference}/plan")
def add_service(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, reference: Reference
) -> Response:
    """Add a service to the plan (the provider's reintegration officers)."""
    user = login.user
    case = service.get(session=db, user=user, reference=reference)
    plan.require_provider_officer(user, case)
    typed = {name: form.get(name) for name in SERVICE_LABELS}
    try:
        payload = ServiceCreate.model_validate(service_payload(form))
        plan.add(session=db, user=user, case=case, payload=payload)
    except (ValidationError, Invalid, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        errors = _problems(exc, _service_field)
        return case_page(request, db, user, case, errors=errors, values=typed, status_code=code)
    return _back(case, "service_added", "plan")


@router.post("/cases/{reference}/plan/{service_id}")
def update_service(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    reference: Reference,
    service_id: RowId,
) -> Response:
    """Change a service's status, progress and note (the provider's officers)."""
    user = login.user
    case = service.get(session=db, user=user, reference=reference)
    prefix = f"service-{service_id}"
    typed = {f"{prefix}-{name}": form.get(f"{prefix}-{name}") for name in SERVICE_FIELDS}
    change = {name: typed[f"{prefix}-{name}"].strip() for name in SERVICE_FIELDS}
    try:
        payload = ServiceUpdate.model_validate(
            {
                "status": change["status"],
                "progress": change["progress"] or 0,
                "note": change["note"],
            }
        )
        plan.update(session=db, user=user, case=case, service_id=service_id, payload=payload)
    except (ValidationError, Invalid, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422

        def field_of(loc: Loc) -> str:
            parts = [str(p) for p in loc if p != "body"]
            return f"{prefix}-{parts[0]}" if parts and parts[0] in SERVICE_FIELDS else ""

        errors = _problems(exc, field_of)
        return case_page(request, db, user, case, errors=errors, values=typed, status_code=code)
    return _back(case, "service_changed", "plan")


@router.post("/cases/{reference}/follow-ups/{months}")
def record_follow_up(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    reference: Reference,
    months: Months,
) -> Response:
    """Record the survey of a follow-up inside its window; it is scored at once."""
    user = login.user
    case = service.get(session=db, user=user, reference=reference)
    rules = programme.get(case.programme_code)
    answers = {i.key: form.get(f"s{months}-{i.key}") or None for i in rules.indicators}
    typed = {f"s{months}-{k}": v or "" for k, v in answers.items()}
    try:
        followups.record(session=db, user=user, case=case, months=months, answers=answers)
    except (Invalid, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422

        def field_of(loc: Loc) -> str:
            return f"s{months}-{loc[-1]}" if len(loc) == 3 else ""

        labels = {f"s{months}-{i.key}": i.question for i in rules.indicators}
        problems = invalid_problems(exc) if isinstance(exc, Invalid) else [((), str(exc))]
        errors = collect(problems, field_of, labels)
        return case_page(request, db, user, case, errors=errors, values=typed, status_code=code)
    return _back(case, "follow_up", f"follow-up-{months}")


# Last: its `{step}` would otherwise take the plan's and follow-ups' addresses.
@router.post("/cases/{reference}/{step}")
def take_step(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    reference: Reference,
    step: Step,
) -> Response:
    """Accept or close (the provider), or withdraw (the requesting state) the case."""
    user = login.user
    case = service.get(session=db, user=user, reference=reference)
    note = form.get("note").strip()
    if len(note) > 2000:
        problem = ((f"{step.value}-note",), _("This is too long"))
        errors = collect([problem], lambda loc: str(loc[0]), {})
        return case_page(request, db, user, case, errors=errors, status_code=422)
    service.step(session=db, user=user, case=case, step=step, note=note)
    return _back(case, step.value, "case")
