"""The requesting state's reintegration page of a case, before departure: the returnee's
consent field by field in their language (and its withdrawal at any time), the pre-departure
assessment and the referral to a provider of the requested state; and the short
"Reintegration" section of the case page that points to it. The pages call the same service
functions as the API; the requested state gets no section and a 404 here."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.errors import Conflict, FieldProblem, Invalid
from readmit.i18n import N_, _
from readmit.reintegration import access, assessment, consent, providers, referral
from readmit.reintegration.lifecycle import STATUS_LABELS
from readmit.reintegration.models import (
    Assessment,
    CaseStatus,
    ConsentField,
    ReintegrationCase,
)
from readmit.reintegration.schemas import (
    AssessmentIn,
    ConsentIn,
    ReferralIn,
    VulnerabilityCategory,
    WithdrawalIn,
)
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
from readmit.web.templating import render

router = APIRouter()

FIELD_LABELS = {
    ConsentField.contact: N_("Contact details"),
    ConsentField.skills: N_("Skills"),
    ConsentField.health: N_("Health needs"),
    ConsentField.family: N_("Family"),
    ConsentField.vulnerability: N_("Vulnerability"),
}
CATEGORY_LABELS = {
    VulnerabilityCategory.single_parent: N_("Single parent"),
    VulnerabilityCategory.disability: N_("Disability"),
    VulnerabilityCategory.chronic_illness: N_("Chronic illness"),
    VulnerabilityCategory.elderly: N_("Older person"),
    VulnerabilityCategory.unaccompanied_child_reunited: N_("Child reunited with family"),
    VulnerabilityCategory.pregnant: N_("Pregnant"),
    VulnerabilityCategory.none: N_("None of these"),
}
# The assessment form's fields: id "<part>-<key>", its label, and how it is typed.
ASSESSMENT_FIELDS: dict[str, tuple[str, str]] = {
    "contact-phone": (N_("Telephone"), "text"),
    "contact-address": (N_("Address after return"), "text"),
    "contact-email": (N_("E-mail address"), "text"),
    "skills-skills": (N_("Skills, one per line"), "lines"),
    "skills-education": (N_("Education"), "text"),
    "skills-work_history": (N_("Work history"), "long"),
    "health-needs": (N_("Health needs to plan for"), "long"),
    "family-dependants": (N_("Dependants"), "number"),
    "family-children": (N_("Children"), "number"),
    "family-situation": (N_("Family situation"), "long"),
    "vulnerability-categories": (N_("Vulnerability categories"), "choices"),
    "vulnerability-note": (N_("Note on vulnerability"), "long"),
}
LABELS = {
    "consent-language": N_("Language of the returnee"),
    "provider_id": N_("Reintegration provider"),
    "region": N_("Region"),
    **{key: label for key, (label, _kind) in ASSESSMENT_FIELDS.items()},
    **{f"consent-{f.value}": text for f, text in FIELD_LABELS.items()},
}
LANGUAGE_HINT = N_("Enter the language as a code such as es-GT, zh-Hans or mam-GT")
DONE = {
    "consent": N_("The returnee's decisions were recorded."),
    "withdrawn": N_("The consent was withdrawn: the provider no longer sees that part."),
    "assessment": N_("The assessment was saved."),
    "referred": N_("The returnee was referred; the provider sees the consented parts."),
}


def _field_of(loc: Loc) -> str:
    """The form field of a problem's location: ("body", "contact", "phone") or the like."""
    parts = [str(p) for p in loc if p != "body"]
    if not parts:
        return ""
    if parts[0] in LABELS:
        return parts[0]
    if parts[0] in ("decisions", "language"):
        return "consent-language"
    key = "-".join(parts[:2])
    return key if key in ASSESSMENT_FIELDS else ""


def _errors(exc: ValidationError | Invalid | Conflict) -> FormErrors:
    if isinstance(exc, ValidationError):
        return collect(pydantic_problems(exc), _field_of, LABELS)
    if isinstance(exc, Invalid):
        return collect(invalid_problems(exc), _field_of, LABELS)
    return collect([((), str(exc))], _field_of, LABELS)


def case_of(db: Session, application: Application) -> ReintegrationCase | None:
    """The application's reintegration case, if it was referred."""
    return db.scalar(
        select(ReintegrationCase).where(ReintegrationCase.application_id == application.id)
    )


def section(db: Session, user: User, application: Application) -> dict[str, Any] | None:
    """The case page's short "Reintegration" section: the requesting state's officers only."""
    if user.state_code != application.requesting_state or not user.has_role(
        *access.REQUESTING_READERS
    ):
        return None
    granted = consent.granted_fields(session=db, application_id=application.id)
    case = case_of(db, application)
    return {
        "granted": [_(FIELD_LABELS[f]) for f in ConsentField if f in granted],
        "assessed": db.get(Assessment, application.id) is not None,
        "case": case,
        "case_status": _(STATUS_LABELS[CaseStatus(case.status)]) if case else "",
        "may_record": user.has_role(*access.REQUESTING_WRITERS),
    }


def provider_choices(db: Session, state: str) -> list[tuple[str, str]]:
    """(authority id, "name: regions") of the state's providers, for a select."""
    found = providers.of_state(session=db, state=state)
    return [
        (str(a.id), f"{a.name} ({', '.join(p.regions)})" if p.regions else a.name) for p, a in found
    ]


def _values(application: Application, found: Assessment | None) -> dict[str, Any]:
    """The assessment form's values, from the recorded assessment."""
    values: dict[str, Any] = {}
    if found is not None:
        parts = assessment.public(found).model_dump(mode="json")
        for key in ASSESSMENT_FIELDS:
            part, name = key.split("-", 1)
            value = parts[part].get(name)
            values[key] = "\n".join(value) if name == "skills" else value
    values.setdefault("vulnerability-categories", [])
    return values


def page(
    request: Request,
    db: Session,
    user: User,
    application: Application,
    *,
    done: str | None = None,
    errors: FormErrors | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The reintegration page of the case, with the problems of a form if any."""
    history = consent.history(session=db, application_id=application.id)
    found = db.get(Assessment, application.id)
    case = case_of(db, application)
    errors = errors or FormErrors()
    status = application.status_before_suspension or application.status
    context = {
        "application": application,
        "fields": [(f.value, _(FIELD_LABELS[f])) for f in ConsentField],
        "current": {f.value: granted for f, granted in history.current.items()},
        "history": history.history,
        "field_words": {f.value: _(text) for f, text in FIELD_LABELS.items()},
        "assessed_at": found.updated_at if found else None,
        "values": _values(application, found) | (values or {}),
        "assessment_fields": {
            k: (_(label), kind) for k, (label, kind) in ASSESSMENT_FIELDS.items()
        },
        "categories": [(c.value, _(text)) for c, text in CATEGORY_LABELS.items()],
        "case": case,
        "case_status": _(STATUS_LABELS[CaseStatus(case.status)]) if case else "",
        "may_give": status not in consent.NO_NEW_CONSENT,
        "may_refer": case is None and status in referral.REFERRABLE,
        "providers": provider_choices(db, application.requested_state),
        "errors": errors.fields,
        "summary": errors.summary,
        "status_message": _(DONE[done]) if done in DONE else None,
    }
    return render(request, "reintegration/departure.html", context, status_code=status_code)


def _own(db: Session, user: User, application_id: int) -> Application:
    return access.requesting_application(session=db, user=user, application_id=application_id)


@router.get("/applications/{application_id}/reintegration")
def departure_page(
    request: Request, db: DbSession, login: CurrentLogin, application_id: RowId, done: Done = None
) -> Response:
    """Consent, assessment and referral of one returnee (the requesting state)."""
    application = _own(db, login.user, application_id)
    return page(request, db, login.user, application, done=done)


def _back(application: Application, done: str, anchor: str) -> Response:
    return see_other(f"/applications/{application.id}/reintegration?done={done}#{anchor}")


@router.post("/applications/{application_id}/reintegration/consent")
def record_consent(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Record the returnee's decisions, field by field, in their language."""
    user = login.user
    application = _own(db, user, application_id)
    chosen = {f.value: form.get(f"consent-{f.value}") for f in ConsentField}
    decisions = {k: v == "granted" for k, v in chosen.items() if v in ("granted", "refused")}
    values = {"consent-language": form.get("consent-language"), "consent": chosen}
    try:
        if not decisions:
            problem = _("Record at least one decision")
            raise Invalid([FieldProblem(("consent-contact",), problem)])
        payload = ConsentIn.model_validate(
            {"language": form.get("consent-language"), "decisions": decisions}
        )
        consent.record(session=db, user=user, application=application, payload=payload)
    except (ValidationError, Invalid, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        errors = _errors(exc)
        return page(request, db, user, application, errors=errors, values=values, status_code=code)
    return _back(application, "consent", "consent")


@router.post("/applications/{application_id}/reintegration/consent/{field}/withdraw")
def withdraw_consent(
    request: Request,
    db: DbSession,
    login: FormLogin,
    form: PostedForm,
    application_id: RowId,
    field: ConsentField,
) -> Response:
    """Withdraw consent to one field, honoured at the provider's next read."""
    user = login.user
    application = _own(db, user, application_id)
    name = f"withdraw-{field.value}-language"
    try:
        language = WithdrawalIn.model_validate({"language": form.get(name)}).language
        consent.withdraw(
            session=db, user=user, application=application, field=field, language=language
        )
    except (ValidationError, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        message = _(LANGUAGE_HINT) if isinstance(exc, ValidationError) else str(exc)
        errors = collect([((name,), message)], lambda loc: str(loc[0]), {})
        values = {name: form.get(name)}
        return page(request, db, user, application, errors=errors, values=values, status_code=code)
    return _back(application, "withdrawn", "consent")


def assessment_payload(form: Posted) -> tuple[dict[str, Any], dict[str, Any]]:
    """The form's values as typed, and as the API's AssessmentIn takes them."""
    typed: dict[str, Any] = {}
    parts: dict[str, dict[str, Any]] = {}
    for key, (_label, kind) in ASSESSMENT_FIELDS.items():
        part, name = key.split("-", 1)
        if kind == "choices":
            typed[key] = form.getlist(key)
            value: Any = typed[key]
        else:
            typed[key] = form.get(key)
            value = typed[key]
            if kind == "lines":
                value = [line.strip() for line in value.splitlines() if line.strip()]
            elif kind == "number":
                value = value.strip() or 0
        parts.setdefault(part, {})[name] = value
    return typed, parts


@router.post("/applications/{application_id}/reintegration/assessment")
def save_assessment(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Record or replace the pre-departure assessment (nothing about protection claims)."""
    user = login.user
    application = _own(db, user, application_id)
    typed, parts = assessment_payload(form)
    try:
        payload = AssessmentIn.model_validate(parts)
        assessment.put(session=db, user=user, application=application, payload=payload)
    except (ValidationError, Invalid) as exc:
        errors = _errors(exc)
        return page(request, db, user, application, errors=errors, values=typed, status_code=422)
    return _back(application, "assessment", "assessment")


@router.post("/applications/{application_id}/reintegration/referral")
def refer(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, application_id: RowId
) -> Response:
    """Refer the returnee to a provider of the requested state before departure."""
    user = login.user
    application = _own(db, user, application_id)
    typed = {"provider_id": form.get("provider_id"), "region": form.get("region")}
    try:
        if not typed["provider_id"]:
            raise Invalid([FieldProblem(("provider_id",), _("Choose a provider"))])
        payload = ReferralIn.model_validate(
            {"provider_id": typed["provider_id"], "region": typed["region"] or None}
        )
        referral.refer(session=db, user=user, application=application, payload=payload)
    except (ValidationError, Invalid, Conflict) as exc:
        code = 409 if isinstance(exc, Conflict) else 422
        errors = _errors(exc)
        return page(request, db, user, application, errors=errors, values=typed, status_code=code)
    return _back(application, "referred", "referral")
