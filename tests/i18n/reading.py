"""What the page tests in each language share: the catalogue's words for a message, a check
that a page reads in the language, and a login that then speaks it."""

from html import unescape

from fastapi.testclient import TestClient

from readmit import i18n
from readmit.auth.models import Role
from readmit.web.middleware import LANGUAGE_COOKIE
from tests.pages.browsing import login

LOCALES = ["zh_Hans", "es"]


def words(locale: str, message: str, **values: object) -> str:
    """A template's message (%-placeholders) in the language, never the English."""
    with i18n.using(locale):
        translated = i18n.gettext(message)
    assert translated != message, f"{message!r} is not translated into {locale}"
    return translated % values if values else translated


def catalogued(locale: str, message: str) -> str:
    """A message as the catalogue gives it, which may read the same in the language."""
    with i18n.using(locale):
        return i18n.gettext(message)


def said(locale: str, message: str, **values: object) -> str:
    """A page module's message (str.format placeholders) in the language."""
    return words(locale, message).format(**values)


def reads(page: str, locale: str, present: list[str], absent: list[str]) -> None:
    """The page shows the translated messages and none of the English sentences."""
    text = unescape(page)
    for message in present:
        assert words(locale, message) in text, message
    for english in absent:
        assert english not in text, english


def log_in(client: TestClient, state: str, role: Role, locale: str) -> str:
    """Log in through the form, then read in the language; the session's CSRF token."""
    token = login(client, state, role)
    client.cookies.set(LANGUAGE_COOKIE, locale)
    return token
