"""Find cases: a GET form whose address can be bookmarked, and a form post for a document
number, which stays out of addresses, access logs and browser history."""

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field, ValidationError, field_validator
from sqlalchemy.orm import Session

from readmit.agreements.deadlines import Deadline
from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.errors import Invalid
from readmit.i18n import N_, _
from readmit.search import service as search
from readmit.search.schemas import CaseQuery
from readmit.web.deps import DbSession
from readmit.web.pages.common import (
    CurrentLogin,
    FormErrors,
    FormLogin,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
)
from readmit.web.templating import render

router = APIRouter()

PAGE_SIZES = (10, 25, 50, 100)
# Words translated where they are shown: the module is imported before any request's language.
SORTS = [
    ("created", N_("Date opened")),
    ("submitted", N_("Date submitted")),
    ("reference", N_("Reference")),
    ("status", N_("Status, in lifecycle order")),
    ("deadline", N_("Next deadline")),
]
ORDERS = [
    ("desc", N_("Newest, last or latest first")),
    ("asc", N_("Oldest, first or earliest first")),
]
LABELS = {
    "reference": N_("Reference"),
    "name": N_("Name"),
    "document": N_("Document number"),
    "status": N_("Status"),
    "corridor": N_("Between"),
    "created_from": N_("Opened from"),
    "created_to": N_("Opened until"),
    "submitted_from": N_("Submitted from"),
    "submitted_to": N_("Submitted until"),
    "overdue": N_("Only overdue cases"),
    "sort": N_("Sort by"),
    "order": N_("Order"),
    "per_page": N_("Cases a page"),
}


def _translated(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(code, _(text)) for code, text in words]


def _whole(value: Any, message: str) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit() or len(value) > 9:
            raise ValueError(message)
        return int(value)
    return value


class SearchForm(CaseQuery):
    """The search page's fields: the query and which page of it."""

    page: Annotated[int, Field(ge=1, le=10**6)] = 1
    per_page: int = 25

    @field_validator("page", mode="before")
    @classmethod
    def _page(cls, value: Any) -> Any:
        return _whole(value, _("a page is a whole number, 1 or more"))

    @field_validator("per_page", mode="before")
    @classmethod
    def _per_page(cls, value: Any) -> Any:
        sizes = ", ".join(map(str, PAGE_SIZES))
        value = _whole(value, _("choose how many cases a page: {sizes}", sizes=sizes))
        if isinstance(value, int) and value > PAGE_SIZES[-1]:
            raise ValueError(_("show at most {most} cases a page", most=PAGE_SIZES[-1]))
        if isinstance(value, int) and value < 1:
            raise ValueError(_("show at least one case a page"))
        return value


FIELDS = tuple(SearchForm.model_fields)


@dataclass(frozen=True, slots=True)
class Row:
    """One case found, as the table shows it."""

    application: Application
    deadline: Deadline | None
    status_label: str


def _field_of(loc: tuple[str | int, ...]) -> str:
    # A wrong page number has no field of its own on the form: it goes in the summary.
    field = str(loc[0]) if loc else ""
    return field if field in LABELS else ""


def _render(
    request: Request, db: Session, user: User, raw: dict[str, str], *, posted: bool
) -> Response:
    """The form, kept as typed, and either the page of cases found or what is wrong."""
    values = {k: v for k, v in raw.items() if v != ""}
    errors, rows, total, form = FormErrors(), [], 0, None
    try:
        form = SearchForm.model_validate(values)
        found = search.search(
            session=db,
            user=user,
            query=CaseQuery.model_validate(form.model_dump(exclude={"page", "per_page"})),
            limit=form.per_page,
            offset=(form.page - 1) * form.per_page,
        )
    except ValidationError as exc:
        errors = collect(pydantic_problems(exc), _field_of, LABELS)
    except Invalid as exc:
        errors = collect(invalid_problems(exc), _field_of, LABELS)
    else:
        total = found.total
        rows = [
            Row(
                f.application,
                f.deadline,
                applications.status_label(application=f.application, user=user),
            )
            for f in found.items
        ]
    page, per_page = (form.page, form.per_page) if form else (1, 25)
    last_page = max(1, -(-total // per_page))
    kept = {k: raw.get(k, "") for k in FIELDS if k not in ("page", "document") and raw.get(k)}
    pages = {
        "previous": min(page - 1, last_page) if page > 1 else None,
        "next": page + 1 if page < last_page else None,
    }
    return render(
        request,
        "applications/search.html",
        {
            "values": {k: raw.get(k, "") for k in FIELDS},
            "errors": errors.fields,
            "summary": errors.summary,
            "rows": rows,
            "total": total,
            "page": page,
            "shown": ((page - 1) * per_page + 1, (page - 1) * per_page + len(rows)),
            "last_page": last_page,
            "posted": posted,
            "kept": kept,
            "pages": {side: n for side, n in pages.items() if n is not None},
            "links": {
                side: "/search?" + urlencode(kept | {"page": n})
                for side, n in pages.items()
                if n is not None
            },
            "statuses": search.status_choices(session=db, user=user),
            "corridors": [
                (f"{a}-{b}", f"{a} → {b}")
                for a, b in search.corridors(session=db, state=user.state_code)
            ],
            "sorts": _translated(SORTS),
            "orders": _translated(ORDERS),
            "page_sizes": [(str(n), str(n)) for n in PAGE_SIZES],
            "may_see_holds": search.may_see_holds(session=db, user=user),
            "now": utcnow(),
        },
        status_code=422 if errors else 200,
    )


@router.get("/search")
def search_page(request: Request, db: DbSession, login: CurrentLogin) -> Response:
    """Cases the user's state may see, closed ones included, by the filters in the address."""
    raw = {k: request.query_params.get(k, "") for k in FIELDS if k != "document"}
    return _render(request, db, login.user, raw, posted=False)


@router.post("/search")
def search_by_document(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm
) -> Response:
    """The same search with a document number, sent in the form's body."""
    raw = {k: form.get(k) for k in FIELDS}
    return _render(request, db, login.user, raw, posted=True)
