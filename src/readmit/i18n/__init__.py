"""The interface's languages: English, Chinese (simplified) and Spanish.

Words come from gettext catalogues (`locales/<locale>/LC_MESSAGES/messages.po`, kept as text
and compiled in memory when first used). The language of a page request is set once per request
(`using`); everything that translates reads it from there, so services and templates need no
locale argument. The API is not translated: its callers are programs, and its words stay English.
"""

import gettext as stdlib_gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT = "en"
# Each language named in itself, as the picker shows it.
LOCALES = {"en": "English", "zh_Hans": "中文（简体）", "es": "Español"}
# The BCP 47 tag of each locale, for <html lang>.
TAGS = {"en": "en", "zh_Hans": "zh-Hans", "es": "es"}

_current: ContextVar[str] = ContextVar("readmit_locale", default=DEFAULT)


@cache
def translations(locale: str) -> stdlib_gettext.NullTranslations:
    """The compiled catalogue of a locale (English has none: its words are the message ids)."""
    path = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT or not path.exists():
        return stdlib_gettext.NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return stdlib_gettext.GNUTranslations(compiled)


def current() -> str:
    """The locale of the request being served."""
    return _current.get()


@contextmanager
def using(locale: str) -> Iterator[None]:
    """Translate into this locale within the block."""
    token = _current.set(locale if locale in LOCALES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """The message in the current language."""
    return translations(current()).gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message in the current language, as the language counts."""
    return translations(current()).ngettext(singular, plural, n)


def _(message: str, **values: Any) -> str:
    """The message in the current language, with its {named} values filled in."""
    text = gettext(message)
    return text.format(**values) if values else text


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it yet (for module constants)."""
    return message


def negotiate(accept_language: str | None) -> str:
    """The best of our locales for an Accept-Language header, English when none fits."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-quality, position, tag.strip().lower()))
    for _quality, _position, tag in sorted(ranked):
        # Readers of traditional characters are better served by simplified than by English.
        if tag.startswith("zh"):
            return "zh_Hans"
        if tag.startswith("es"):
            return "es"
        if tag.startswith("en"):
            return "en"
    return DEFAULT
