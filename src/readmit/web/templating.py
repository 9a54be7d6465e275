"""The Jinja2 environment of the pages, the render helpers and the CSRF check."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import object_session

from readmit import i18n
from readmit.agreements.deadlines import Deadline
from readmit.auth.models import LoginSession, Role
from readmit.database.core import utcnow
from readmit.errors import Forbidden
from readmit.i18n import N_, _, ngettext
from readmit.i18n.formats import format_date, format_datetime, person_name, state_name
from readmit.identity import explanations
from readmit.labels import in_sentence, journey, label
from readmit.search.service import requests_returns
from readmit.web import assets

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# Answers carry personal data: never cached, never framed, never sniffed as another type, no
# script, no third-party anything. web/middleware.py puts them on every response.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class Viewer:
    """The logged-in user as the layout needs it, copied out of the database session.

    Error pages render after the request's transaction has been rolled back and closed,
    when the ORM objects can no longer be read; this plain copy still can.
    """

    id: int
    email: str
    full_name: str
    roles: frozenset[str]
    state: str
    authority: str
    csrf_token: str
    rates_partners: bool = False  # an analyst or supervisor of a state that requests returns

    @classmethod
    def of(cls, login: LoginSession) -> "Viewer":
        """A snapshot of the session's user."""
        user = login.user
        return cls(
            id=user.id,
            email=user.email,
            full_name=user.full_name,
            roles=frozenset(user.roles),
            state=user.state_code,
            authority=user.authority.name,
            csrf_token=login.csrf_token,
            rates_partners=_rates_partners(login),
        )

    def has(self, *roles: str) -> bool:
        """True if the user holds any of the roles."""
        return any(role in self.roles for role in roles)

    @property
    def may_create(self) -> bool:
        """Case officers and supervisors open applications."""
        return self.has(Role.case_officer, Role.supervisor)

    @property
    def may_verify(self) -> bool:
        """Verifiers and supervisors work the verifier queue."""
        return self.has(Role.verifier, Role.supervisor)

    @property
    def lands_on_overview(self) -> bool:
        """Analysts who work no cases land on an overview of their corridors, not a queue."""
        return self.has(Role.analyst) and not self.has(
            Role.case_officer, Role.protection_officer, Role.verifier, Role.supervisor
        )


def _rates_partners(login: LoginSession) -> bool:
    """Whether the user reads the scorecards: an analyst or supervisor of a requesting state."""
    user, session = login.user, object_session(login)
    if session is None or not user.has_role(Role.analyst, Role.supervisor):
        return False
    return requests_returns(session=session, state=user.state_code)


def choices(codes: Iterable[object], vocabulary: str | None = None) -> list[tuple[str, str]]:
    """(code, words) pairs for a select."""
    return [(str(code), label(code, vocabulary)) for code in codes]


def format_probability(value: float) -> str:
    """A calibrated probability for people: never a misleading 100% or 0%."""
    if value > 0.9999:
        return "> 99.99%"
    if value < 0.0001:
        return "< 0.01%"
    return f"{value * 100:.2f}%"


def days_left(deadline: Deadline | None, now: datetime | None = None) -> str:
    """How much time a deadline leaves, in words; OVERDUE once it has passed."""
    if deadline is None:
        return "—"
    now = now or utcnow()
    if deadline.overdue(now):
        late = -deadline.days_left(now)
        if late <= 0:
            return _("OVERDUE")
        return ngettext("OVERDUE by {n} day", "OVERDUE by {n} days", late).format(n=late)
    left = deadline.days_left(now)
    if left == 0:
        return _("due today")
    return ngettext("{n} day left", "{n} days left", left).format(n=left)


def is_overdue(deadline: Deadline | None, now: datetime | None = None) -> bool:
    """True once the deadline has passed."""
    return deadline is not None and deadline.overdue(now or utcnow())


env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
# A {% trans %} block's line breaks and indentation are not part of its message id.
env.policies["ext.i18n.trimmed"] = True
env.install_gettext_callables(  # type: ignore[attr-defined]
    i18n.gettext, i18n.ngettext, newstyle=True
)
env.filters.update(
    label=label,
    in_sentence=in_sentence,
    journey=journey,
    choices=choices,
    date=format_date,
    datetime=format_datetime,
    probability=format_probability,
    days_left=days_left,
    state_name=state_name,
    explained=explanations.in_reader_language,
)
env.tests["overdue"] = is_overdue
env.globals.update(
    cjk_stylesheet=assets.CJK_STYLESHEET,
    person_name=person_name,
    locale=i18n.current,
    html_lang=lambda: i18n.TAGS[i18n.current()],
    languages=i18n.LOCALES,
)


def viewer_of(request: Request) -> Viewer | None:
    """The logged-in user of this request, if a page dependency found one."""
    viewer = getattr(request.state, "viewer", None)
    return viewer if isinstance(viewer, Viewer) else None


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A page in the site layout, with the current user and their CSRF token."""
    viewer = viewer_of(request)
    values: dict[str, Any] = {
        "request": request,
        "viewer": viewer,
        "csrf_token": viewer.csrf_token if viewer else "",
        "path": request.url.path,
        "status_message": None,
        "errors": {},
        "summary": [],
    }
    values.update(context or {})
    html = env.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)


ERROR_TITLES = {
    400: N_("The request could not be understood"),
    401: N_("You need to log in"),
    403: N_("You may not do this"),
    404: N_("Page not found"),
    405: N_("This page does not accept that kind of request"),
    409: N_("This step is not possible now"),
    413: N_("What you sent is too large"),
    422: N_("Check what you entered"),
    500: N_("Something went wrong"),
    503: N_("The server is busy"),
}


OTHER_ERROR_TITLE = N_("The request could not be completed")


def render_error(request: Request, status_code: int, message: str) -> HTMLResponse:
    """An error page in the site layout; the message must be safe to show."""
    title = _(ERROR_TITLES.get(status_code, OTHER_ERROR_TITLE))
    if status_code == 404 and message in ("", "Not Found"):
        message = _("There is nothing at this address, or you may not see it.")
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "status_code": status_code},
        status_code=status_code,
    )


def check_csrf(login: LoginSession, submitted_token: str | None) -> None:
    """Refuse a state-changing request whose form does not carry the session's token."""
    expected = login.csrf_token.encode()
    if not submitted_token or not secrets.compare_digest(expected, submitted_token.encode()):
        raise Forbidden(
            _(
                "The form has expired or did not come from this site. "
                "Go back, reload the page and try again."
            )
        )
