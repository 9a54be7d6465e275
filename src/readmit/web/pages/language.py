"""The language picker in every page's header: kept in a cookie, and with the user's account
when someone is logged in, so that their next login anywhere speaks it too."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from readmit import i18n
from readmit.auth import service as auth
from readmit.i18n import _
from readmit.web.deps import SESSION_COOKIE, DbSession
from readmit.web.middleware import LANGUAGE_COOKIE
from readmit.web.pages.common import PostedForm, safe_next, see_other
from readmit.web.templating import check_csrf, render_error

router = APIRouter()

ONE_YEAR = 365 * 24 * 3600


def remember(response: Response, locale: str) -> Response:
    """The language cookie on an answer."""
    response.set_cookie(
        LANGUAGE_COOKIE, locale, max_age=ONE_YEAR, path="/", httponly=True, samesite="lax"
    )
    return response


@router.post("/language")
def choose_language(request: Request, db: DbSession, form: PostedForm) -> Response:
    """Speak the chosen language from the next page on."""
    locale = form.get("locale")
    if locale not in i18n.LOCALES:
        return render_error(request, 422, _("Choose one of the languages offered."))
    token = request.cookies.get(SESSION_COOKIE)
    login = auth.resolve_session(session=db, token=token) if token else None
    if login is not None:
        check_csrf(login, form.get("csrf_token"))
        auth.set_language(session=db, user=login.user, locale=locale)
    return remember(see_other(safe_next(form.get("next"))), locale)
