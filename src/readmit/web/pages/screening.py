"""Screening pages: a form to screen a person or a company and the state's recent screenings
(case officers, analysts and supervisors; auditors read), each screening's hits with their
explanation and path, and the review queue where analysts and supervisors judge a hit "the
same" or "not the same" and revise a judgement. The pages call the same service functions as
the API."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.errors import Invalid
from readmit.i18n import N_, _
from readmit.screening import service
from readmit.screening.models import HitStatus, Verdict
from readmit.screening.schemas import JudgementIn, ScreeningQuery
from readmit.screening.subjects import display_name
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import (
    CurrentLogin,
    Done,
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

router = APIRouter(prefix="/screening")

QUEUE_PAGE = 20
DONE = {
    "judged": N_("Your judgement was recorded; later screenings of the same subject reuse it."),
    "revised": N_("The judgement was revised; the earlier one is kept in the history."),
}
FIELD_LABELS = {
    "kind": N_("Person or company"),
    "name": N_("Name"),
    "family_name": N_("Family name"),
    "given_name": N_("Given names"),
    "aliases": N_("Other names"),
    "birth_date": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "passport_number": N_("Passport number"),
    "jurisdiction": N_("Country of registration"),
    "registration_number": N_("Registration number"),
    "iata_code": N_("IATA code"),
    "icao_code": N_("ICAO code"),
    "reference": N_("Your reference"),
    "verdict": N_("Judgement"),
    "note": N_("Note"),
}
KINDS = {"person": N_("Person"), "company": N_("Company")}
STATUS_LABELS = {
    HitStatus.below_threshold: N_("Below the review threshold"),
    HitStatus.open: N_("Waiting for review"),
    HitStatus.same: N_("Confirmed: the same"),
    HitStatus.not_same: N_("Judged not the same"),
    HitStatus.remembered_same: N_("Confirmed: the same (an earlier judgement)"),
    HitStatus.remembered_not_same: N_("Not the same (an earlier judgement)"),
}
VERDICT_LABELS = {Verdict.same: N_("The same"), Verdict.not_same: N_("Not the same")}
FEATURE_LABELS = {
    "name": N_("Name"),
    "birth_date": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "passport_number": N_("Passport number"),
    "jurisdiction": N_("Country of registration"),
    "registration_number": N_("Registration number"),
    "iata_code": N_("IATA code"),
    "icao_code": N_("ICAO code"),
    "legal_form": N_("Legal form"),
    "link": N_("Link"),
}
SCHEMA_LABELS = {
    "Person": N_("Person"),
    "Company": N_("Company"),
    "Organization": N_("Organisation"),
    "LegalEntity": N_("Legal entity"),
    "Directorship": N_("directorship"),
    "Ownership": N_("ownership"),
    "Employment": N_("employment"),
}
QUERY_FIELDS = [name for name in FIELD_LABELS if name not in ("kind", "verdict", "note")]


def _words(table: dict[Any, str], code: str) -> str:
    """A code in words, or as it is for one no table knows (an FtM schema name reads)."""
    return _(table[code]) if code in table else code


def _common() -> dict[str, Any]:
    """What every screening template uses to show codes in words."""
    return {
        "kinds": {code: _(text) for code, text in KINDS.items()},
        "statuses": {status.value: _(text) for status, text in STATUS_LABELS.items()},
        "verdicts": {verdict.value: _(text) for verdict, text in VERDICT_LABELS.items()},
        "feature_name": lambda code: _words(FEATURE_LABELS, code),
        "schema_name": lambda code: _words(SCHEMA_LABELS, code),
        "field_labels": {name: _(text) for name, text in FIELD_LABELS.items()},
        "query_fields": QUERY_FIELDS,
        "display_name": display_name,
    }


def _field(loc: Loc) -> str:
    """The form field a problem's location names (`aliases.3` is the aliases box)."""
    names = [str(part) for part in loc if str(part) in FIELD_LABELS]
    return names[0] if names else "name"


def _index(
    request: Request,
    db: Session,
    user: User,
    *,
    values: dict[str, str] | None = None,
    problems: list[tuple[Loc, str]] | None = None,
) -> Response:
    errors = collect(problems or [], _field, FIELD_LABELS)
    context = {
        **_common(),
        "may_screen": user.has_role(*service.SCREENERS),
        "may_review": user.has_role(*service.REVIEWERS),
        "screenings": service.list_screenings(session=db, user=user, limit=QUEUE_PAGE),
        "values": values or {"kind": "person"},
        "errors": errors.fields,
        "summary": errors.summary,
    }
    return render(request, "screening/index.html", context, status_code=422 if problems else 200)


@router.get("")
def index_page(request: Request, db: DbSession, login: CurrentLogin) -> Response:
    """The form to screen a person or a company, and the state's recent screenings."""
    return _index(request, db, login.user)


def _query_values(form: Posted) -> dict[str, Any]:
    """The query as the form sent it: blank fields left out, other names one a line."""
    values: dict[str, Any] = {"kind": form.get("kind")}
    for name in QUERY_FIELDS:
        if name == "aliases":
            values[name] = [line.strip() for line in form.get(name).splitlines() if line.strip()]
        elif text := form.text(name):
            values[name] = text
    return values


@router.post("")
def screen(request: Request, db: DbSession, login: FormLogin, form: PostedForm) -> Response:
    """Screen the person or company of the form, then show the result."""
    values = _query_values(form)
    shown = {name: form.get(name) for name in ("kind", *QUERY_FIELDS)}
    try:
        query = ScreeningQuery.model_validate(values)
        result = service.screen(session=db, user=login.user, query=query, source="page")
    except ValidationError as exc:
        problems = pydantic_problems(exc)
        return _index(request, db, login.user, values=shown, problems=problems)
    except Invalid as exc:
        problems = invalid_problems(exc)
        return _index(request, db, login.user, values=shown, problems=problems)
    return see_other(f"/screening/{result.id}")


@router.get("/review")
def review_page(
    request: Request,
    db: DbSession,
    login: CurrentLogin,
    done: Done = None,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> Response:
    """The open hits, oldest first, each with a form to judge it; and the hits judged last,
    to revise one."""
    user = login.user
    queue = service.queue(session=db, user=user, limit=QUEUE_PAGE, offset=offset)
    context = {
        **_common(),
        "queue": queue,
        "offset": offset,
        "page_size": QUEUE_PAGE,
        "judged": service.recently_judged(session=db, user=user),
        "status_message": _(DONE[done]) if done in DONE else None,
    }
    return render(request, "screening/review.html", context)


def _hit_page(
    request: Request,
    db: Session,
    user: User,
    hit_id: int,
    *,
    done: str | None = None,
    values: dict[str, str] | None = None,
    problems: list[tuple[Loc, str]] | None = None,
) -> Response:
    shown = service.read_hit(session=db, user=user, hit_id=hit_id)
    errors = collect(problems or [], _field, FIELD_LABELS)
    status = shown.hit.status
    reviewer = user.has_role(*service.REVIEWERS)
    context = {
        **_common(),
        "detail": shown,
        "may_judge": status == HitStatus.open.value and reviewer,
        "may_revise": any(j.current for j in shown.history) and reviewer,
        "may_review": reviewer,
        "values": values or {},
        "errors": errors.fields,
        "summary": errors.summary,
        "status_message": _(DONE[done]) if done in DONE else None,
    }
    return render(request, "screening/hit.html", context, status_code=422 if problems else 200)


@router.get("/hits/{hit_id}")
def hit_page(
    request: Request, db: DbSession, login: CurrentLogin, hit_id: RowId, done: Done = None
) -> Response:
    """A hit with its explanation and path, the history of judgements on its pair, and the
    form to judge or revise it."""
    return _hit_page(request, db, login.user, hit_id, done=done)


def _judgement(
    request: Request, db: Session, user: User, form: Posted, hit_id: int, *, revising: bool
) -> Response:
    values = {"verdict": form.get("verdict"), "note": form.get("note")}
    try:
        payload = JudgementIn.model_validate(values)
        step = service.revise if revising else service.judge
        step(
            session=db,
            user=user,
            hit_id=hit_id,
            verdict=Verdict(payload.verdict),
            note=payload.note,
        )
    except ValidationError as exc:
        problems = pydantic_problems(exc)
        return _hit_page(request, db, user, hit_id, values=values, problems=problems)
    except Invalid as exc:
        problems = invalid_problems(exc)
        return _hit_page(request, db, user, hit_id, values=values, problems=problems)
    if revising:
        return see_other(f"/screening/hits/{hit_id}?done=revised")
    return see_other("/screening/review?done=judged")


@router.post("/hits/{hit_id}/judgement")
def judge(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, hit_id: RowId
) -> Response:
    """Record a judgement on an open hit, then go back to the queue."""
    return _judgement(request, db, login.user, form, hit_id, revising=False)


@router.post("/hits/{hit_id}/revise")
def revise(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, hit_id: RowId
) -> Response:
    """Revise the judgement on a hit's pair."""
    return _judgement(request, db, login.user, form, hit_id, revising=True)


@router.get("/{screening_id}")
def screening_page(
    request: Request, db: DbSession, login: CurrentLogin, screening_id: RowId
) -> Response:
    """One screening: what was asked and every hit, best first, with its explanation."""
    shown = service.read(session=db, user=login.user, screening_id=screening_id)
    context = {
        **_common(),
        "screening": shown,
        "may_review": login.user.has_role(*service.REVIEWERS),
    }
    return render(request, "screening/screening.html", context)
