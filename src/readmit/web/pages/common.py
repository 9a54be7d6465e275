"""What every page shares: the logged-in user, posted forms, field errors, safe redirects."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from readmit.applications.lifecycle import BY_ACTION
from readmit.auth.models import LoginSession
from readmit.errors import Invalid
from readmit.i18n import N_, _
from readmit.web.deps import PageLogin
from readmit.web.templating import Viewer, check_csrf, label

Loc = tuple[str | int, ...]


class Posted:
    """The text fields of a submitted form (files are ignored)."""

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self._items = list(items)

    def get(self, name: str) -> str:
        """The last value sent for a field, or an empty string."""
        values = self.getlist(name)
        return values[-1] if values else ""

    def getlist(self, name: str) -> list[str]:
        """Every value sent for a field (checkboxes)."""
        return [value for key, value in self._items if key == name]

    def text(self, name: str) -> str | None:
        """The value stripped of surrounding spaces, or None when blank."""
        return self.get(name).strip() or None


async def read_form(request: Request) -> Posted:
    """The request's form body, read once and shared by the dependencies that need it."""
    form = await request.form()
    items = [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
    if any("\x00" in key or "\x00" in value for key, value in items):
        # PostgreSQL cannot store NUL, and no legitimate form holds one.
        raise HTTPException(400, _("The form contains a character that is not allowed."))
    return Posted(items)


PostedForm = Annotated[Posted, Depends(read_form)]


def current_login(request: Request, login: PageLogin) -> LoginSession:
    """The browser session; the layout gets a copy of the user for navigation."""
    request.state.viewer = Viewer.of(login)
    return login


CurrentLogin = Annotated[LoginSession, Depends(current_login)]


def form_login(login: CurrentLogin, form: PostedForm) -> LoginSession:
    """The browser session of a state-changing POST, whose CSRF token must match."""
    check_csrf(login, form.get("csrf_token"))
    return login


FormLogin = Annotated[LoginSession, Depends(form_login)]


Done = Annotated[str | None, Query(max_length=40)]  # `?done=` code of a success message


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go to after login; anything that could leave the site gives `default`."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return default
    return target


def see_other(url: str) -> RedirectResponse:
    """The redirect of POST-redirect-GET."""
    return RedirectResponse(url, status_code=303)


DONE = {
    "created": N_("The application was created as a draft."),
    "message_sent": N_("Your message was sent."),
    "photo_saved": N_("The photo was saved; travel documents issued from now on print it."),
    "edited": N_("Your changes were saved."),
    "unchanged": N_("Nothing was changed."),
    "attachment_added": N_("The document was attached."),
    "attachment_deleted": N_("The attachment was deleted."),
    "info_provided": N_(
        "Your answer was sent and the case is back with the requested state for verification."
    ),
    "flag_opened": N_("The protection flag was recorded."),
    "flag_cleared": N_("The protection flag was cleared."),
    "custody_recorded": N_("The custody record was saved."),
    "screening_decided": N_("Your decision on the screening was recorded."),
    "statelessness_recorded": N_("Your decision was recorded."),
    "follow_up_started": N_(
        "A new draft application to the state that claims the person was "
        "opened with the same particulars."
    ),
    "decided": N_("Your decision was recorded."),
    "matched": N_("The register was searched again."),
    "user_added": N_("The user was added."),
    "roles_changed": N_("The roles were changed."),
    "user_deactivated": N_(
        "The user was deactivated: their sessions ended and their API tokens were revoked."
    ),
    "user_reactivated": N_("The user was reactivated and can log in again."),
    "user_unlocked": N_("The account was unlocked; the user can log in again."),
    "proposal_sent": N_("Your proposal was sent; the terms change when the other party accepts."),
    "proposal_accept": N_("The proposal was accepted; its terms are in force."),
    "proposal_reject": N_("The proposal was rejected; the terms in force are unchanged."),
    "proposal_withdraw": N_("The proposal was withdrawn."),
    "logged_out": N_("You have logged out."),
    "submit": N_("The application was submitted to the requested state."),
    "receive": N_("Receipt of the application was recorded."),
    "start_verification": N_("Verification has started."),
    "schedule_transfer": N_("The transfer was scheduled and the requested state notified."),
    "depart": N_("Departure was recorded."),
    "confirm_arrival": N_("The arrival was recorded and the case closed."),
    "report_no_show": N_("The no-show was recorded; the travel document is revoked."),
}


def status_message(done: str | None) -> str | None:
    """The success message named by a `?done=` code; unknown codes show nothing."""
    if not done:
        return None
    if done in DONE:
        return _(DONE[done])
    if done in BY_ACTION:
        return _("Step recorded: {step}.", step=label(done))
    return None


FRIENDLY = {
    "missing": N_("Enter a value"),
    "string_too_short": N_("Enter a value"),
    "string_too_long": N_("This is too long"),
    "string_pattern_mismatch": N_("Use the format shown"),
    "literal_error": N_("Choose one of the options"),
    "enum": N_("Choose one of the options"),
    "too_short": N_("Enter more entries"),
    "too_long": N_("There are too many entries"),
    "extra_forbidden": N_("This field is not expected"),
}


@dataclass
class FormErrors:
    """Problems located on form fields, and the summary shown at the top of the page."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    summary: list[tuple[str, str]] = field(default_factory=list)  # (field id, message)

    def add(self, field_id: str, message: str, field_label: str = "") -> None:
        """One problem with one field."""
        message = message[:1].upper() + message[1:]
        self.fields.setdefault(field_id, []).append(message)
        summary = _("{field}: {problem}", field=field_label, problem=message)
        self.summary.append((field_id, summary if field_label else message))

    def __bool__(self) -> bool:
        return bool(self.summary)


def pydantic_problems(exc: ValidationError) -> list[tuple[Loc, str]]:
    """(location, message) for each error, in words a user understands."""
    problems: list[tuple[Loc, str]] = []
    for error in exc.errors():
        kind = str(error.get("type", ""))
        message = str(error.get("msg", ""))
        if kind == "value_error":
            message = message.removeprefix("Value error, ")
        elif kind == "string_pattern_mismatch" and "A-Z" in str(error.get("ctx", {})):
            message = _("Enter the country as a three-letter ISO code, such as CHN")
        elif kind == "string_too_short" and error.get("ctx", {}).get("min_length", 1) > 1:
            message = _("Enter at least {n} characters", n=error["ctx"]["min_length"])
        else:
            message = _(FRIENDLY[kind]) if kind in FRIENDLY else message
        problems.append((tuple(error.get("loc", ())), message))
    return problems


def invalid_problems(exc: Invalid) -> list[tuple[Loc, str]]:
    """(location, message) for each problem the services found."""
    return [(tuple(p.loc), p.msg) for p in exc.problems]


def collect(
    problems: Sequence[tuple[Loc, str]], field_for: Callable[[Loc], str], labels: dict[str, str]
) -> FormErrors:
    """Put each problem next to the form field its location names; `labels` may hold
    N_-marked English, translated here."""
    errors = FormErrors()
    for loc, message in problems:
        field_id = field_for(loc)
        errors.add(field_id, message, _(labels.get(field_id, "")))
    return errors
