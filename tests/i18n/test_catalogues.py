"""Every message the interface can show has a Chinese and a Spanish translation that keeps its
placeholders, and the catalogues on disk are the ones the code extracts."""

import re

import pytest
from babel.messages.catalog import Catalog

from readmit import i18n
from readmit.i18n import catalogue

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)s")
LANGUAGES = [locale for locale in i18n.LOCALES if locale != i18n.DEFAULT]


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return catalogue.extract()


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_message_is_translated(extracted: Catalog, locale: str) -> None:
    translated = catalogue.read(locale)
    missing = []
    for message in extracted:
        if not message.id:
            continue
        found = translated.get(message.id)
        if found is None or "fuzzy" in found.flags or not all(_strings(found.string)):
            missing.append(message.id)
    assert missing == [], f"run `make messages` and translate these in {locale}"


@pytest.mark.parametrize("locale", LANGUAGES)
def test_translations_keep_their_placeholders(extracted: Catalog, locale: str) -> None:
    translated = catalogue.read(locale)
    broken = []
    for message in extracted:
        found = translated.get(message.id) if message.id else None
        if found is None:
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_strings(message.id))))
        for text in _strings(found.string):
            if text and set(PLACEHOLDER.findall(text)) != wanted:
                broken.append((message.id, text))
    assert broken == []


def test_a_translated_message_reads_in_each_language() -> None:
    with i18n.using("zh_Hans"):
        chinese = i18n.gettext("Log out")
    with i18n.using("es"):
        spanish = i18n.gettext("Log out")
    assert (i18n.gettext("Log out"), chinese, spanish) == ("Log out", "退出登录", "Cerrar sesión")


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("zh-TW", "zh_Hans"),
        ("es-GT,es;q=0.9", "es"),
        ("fr-FR,es;q=0.5,en;q=0.9", "en"),
        ("fr-FR,es;q=0.9,en;q=0.5", "es"),
        ("", "en"),
        (None, "en"),
        ("es;q=banana,zh", "zh_Hans"),
    ],
)
def test_the_browser_language_picks_one_of_ours(header: str | None, locale: str) -> None:
    assert i18n.negotiate(header) == locale
