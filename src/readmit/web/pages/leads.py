"""Leads from travel data, for the analysts and supervisors of the state that holds them: the
leads (filtered by status), a lead with the flights and figures behind it (dismiss it with a
reason, or refer it to a designation proposal) and the import of flight records. No
script is needed; the pages call the same service functions as the API."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from readmit.auth.models import LoginSession, User
from readmit.database.core import utcnow
from readmit.errors import FieldProblem, Invalid
from readmit.i18n import N_, _
from readmit.leads import rules, service
from readmit.leads.lifecycle import STATUS_LABELS
from readmit.leads.models import Lead, LeadStatus
from readmit.leads.records import COLUMNS, MAX_UPLOAD_BYTES
from readmit.leads.schemas import Dismissal, RuleKind, RuleSet
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
    FormLogin,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)
from readmit.web.templating import render

router = APIRouter(prefix="/leads")

FIELD = "file"  # the file input's id and name
LABELS = {FIELD: N_("Flight records"), "reason": N_("Reason")}
DONE = {
    "dismissed": N_("The lead was dismissed; its flights will not raise it again."),
    "referred": N_("The lead was referred: draft the designation proposal next."),
    "run": N_("The rules ran again over your state's flights."),
}
StatusText = Annotated[str | None, Query(max_length=12)]
# The file's columns as the import page explains them: (names, words, the values taken).
LAYOUT = (
    (
        ("operator", "operator_code"),
        N_("The operator's name, and its IATA (2 characters) or ICAO (3 letters) designator"),
        (),
    ),
    (("flight_number",), N_("1 to 4 digits and an optional letter, such as 4501"), ()),
    (("date",), N_("The day of the flight, as YYYY-MM-DD"), ()),
    (("origin", "destination"), N_("IATA airport codes, such as MGA"), ()),
    (
        ("service",),
        N_("The column may be left out: every flight is then scheduled."),
        ("scheduled", "charter"),
    ),
    (("nationality",), N_("ISO 3166-1 alpha-3, such as CUB (or ICAO's XXA, XXB, XXC, XXX)"), ()),
    (("journey",), N_("One way or return."), ("one_way", "return")),
)


def analyst_login(login: CurrentLogin) -> LoginSession:
    """Only analysts and supervisors work on leads."""
    service.require_analyst(login.user)
    return login


AnalystLogin = Annotated[LoginSession, Depends(analyst_login)]


async def uploaded(request: Request) -> UploadFile | None:
    """The file chosen in the form's file field, if any (the form is parsed once)."""
    value = (await request.form()).get(FIELD)
    return value if isinstance(value, UploadFile) and value.filename else None


Upload = Annotated[UploadFile | None, Depends(uploaded)]


@dataclass(frozen=True)
class Figure:
    """A lead's figure and its threshold, in words."""

    value: str
    threshold: str


def percent(share: float | None) -> str:
    """A share as a whole percentage ("83%")."""
    return "—" if share is None else f"{share * 100:.0f}%"


def figure(lead: Lead) -> Figure:
    """What fired the rule, and the rule's threshold, as the pages say them."""
    p = lead.parameters
    if lead.rule_kind == RuleKind.one_way_share:
        return Figure(
            _(
                "{share} one-way passengers from outside the region",
                share=percent(lead.value),
            ),
            _(
                "more than {share} on each of at least {n} flights within {days} days",
                share=percent(lead.threshold),
                n=p.get("min_flights"),
                days=p.get("window_days"),
            ),
        )
    return Figure(
        _(
            "{n} charters on one route within {days} days",
            n=f"{lead.value:g}",
            days=p.get("window_days"),
        ),
        _("at least {n}", n=f"{lead.threshold:g}"),
    )


def _rules_in_force() -> tuple[RuleSet | None, bool, str | None]:
    """The version in force today, whether the file is an example, and why it cannot be
    used (None when it can)."""
    try:
        return service.rule_set_in_force(on=utcnow().date()), rules.rule_file().illustrative, None
    except rules.RulesUnusable as unusable:
        return None, False, str(unusable)


def _status(text: str | None) -> LeadStatus | None:
    """The status filter: "all" or blank for every lead, else open, dismissed or referred."""
    if not text or text == "all":
        return None
    if text not in LeadStatus.__members__:
        problem = _("choose open, dismissed, referred or all")
        raise Invalid([FieldProblem(("query", "status"), problem)])
    return LeadStatus(text)


def statuses() -> dict[str, str]:
    """Each status in words, in the reader's language."""
    return {status.value: _(text) for status, text in STATUS_LABELS.items()}


@router.get("")
def index_page(
    request: Request,
    db: DbSession,
    login: AnalystLogin,
    status: StatusText = "open",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    done: Done = None,
) -> Response:
    """The state's leads: which rule, which operator, the figure (open ones by default)."""
    chosen = _status(status)
    found, more = service.list_leads(session=db, user=login.user, status=chosen, page=page)
    rule_set, illustrative, unusable = _rules_in_force()
    shown = status or "all"
    options = [("all", _("All")), *statuses().items()]
    return render(
        request,
        "leads/index.html",
        {
            "rows": [(lead, flights, figure(lead)) for lead, flights in found],
            "status": shown,
            "status_label": dict(options).get(shown, shown),
            "options": options,
            "statuses": statuses(),
            "rule_set": rule_set,
            "illustrative": illustrative,
            "unusable": unusable,
            "page": page,
            "previous": f"/leads?status={shown}&page={page - 1}" if page > 1 else None,
            "next": f"/leads?status={shown}&page={page + 1}" if more else None,
            "status_message": _(DONE[done]) if done in DONE else None,
        },
    )


@router.post("/run")
def run_rules(db: DbSession, login: FormLogin) -> Response:
    """Run the rules in force again over the state's flights."""
    service.run(session=db, user=login.user)
    return see_other("/leads?status=open&done=run")


def _import_page(
    request: Request,
    db: Session,
    user: User,
    *,
    import_id: int | None = None,
    problems: list[tuple[tuple[str | int, ...], str]] | None = None,
) -> Response:
    errors = collect(problems or [], lambda _loc: FIELD, {})
    context: dict[str, Any] = {
        "outcome": (
            service.get_import(session=db, user=user, import_id=import_id) if import_id else None
        ),
        "recent": service.recent_imports(session=db, user=user),
        "columns": COLUMNS,
        "layout": LAYOUT,
        "limit_mb": MAX_UPLOAD_BYTES // 2**20,
        "errors": errors.fields,
        "summary": errors.summary,
    }
    return render(request, "leads/import.html", context, status_code=422 if problems else 200)


@router.get("/import")
def import_page(
    request: Request,
    db: DbSession,
    login: AnalystLogin,
    import_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    """The form to upload flight records, and the outcome of an import."""
    return _import_page(request, db, login.user, import_id=import_id)


@router.post("/import")
def import_flights(request: Request, db: DbSession, login: FormLogin, upload: Upload) -> Response:
    """Import the file chosen and run the rules, or show every bad row by its line."""
    service.require_analyst(login.user)
    data = upload.file.read(MAX_UPLOAD_BYTES + 1) if upload else b""
    filename = (upload.filename or "") if upload else ""
    try:
        done = service.import_file(session=db, user=login.user, filename=filename, data=data)
    except Invalid as exc:
        return _import_page(request, db, login.user, problems=invalid_problems(exc))
    return see_other(f"/leads/import?import_id={done.id}")


def _lead_page(
    request: Request,
    user: User,
    lead: Lead,
    *,
    done: str | None = None,
    reason: str = "",
    problems: list[tuple[tuple[str | int, ...], str]] | None = None,
) -> Response:
    errors = collect(problems or [], lambda _loc: "reason", LABELS)
    context: dict[str, Any] = {
        "lead": lead,
        "figure": figure(lead),
        "status": statuses()[lead.status],
        "open": lead.status == LeadStatus.open,
        "share_rule": lead.rule_kind == RuleKind.one_way_share,
        "percent": percent,
        "designation_url": service.designation_url(lead),
        "reason": reason,
        "status_message": _(DONE[done]) if done in DONE else None,
        "errors": errors.fields,
        "summary": errors.summary,
    }
    return render(request, "leads/lead.html", context, status_code=422 if problems else 200)


@router.get("/{lead_id}")
def lead_page(
    request: Request, db: DbSession, login: AnalystLogin, lead_id: RowId, done: Done = None
) -> Response:
    """A lead: the rule, the figure and threshold, and every flight behind it."""
    lead = service.read(session=db, user=login.user, lead_id=lead_id)
    return _lead_page(request, login.user, lead, done=done)


@router.post("/{lead_id}/dismiss")
def dismiss(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, lead_id: RowId
) -> Response:
    """Dismiss the lead, with the reason."""
    lead = service.get(session=db, user=login.user, lead_id=lead_id)
    reason = form.get("reason")
    try:
        payload = Dismissal.model_validate({"reason": reason.strip()})
    except ValidationError as exc:
        problems = pydantic_problems(exc)
        return _lead_page(request, login.user, lead, reason=reason, problems=problems)
    service.dismiss(session=db, user=login.user, lead=lead, reason=payload.reason)
    return see_other(f"/leads/{lead.id}?done=dismissed")


@router.post("/{lead_id}/refer")
def refer(db: DbSession, login: FormLogin, form: PostedForm, lead_id: RowId) -> Response:
    """Refer the lead to a designation proposal."""
    lead = service.get(session=db, user=login.user, lead_id=lead_id)
    note = form.get("note")[:2000]
    service.refer(session=db, user=login.user, lead=lead, note=note)
    return see_other(f"/leads/{lead.id}?done=referred")
