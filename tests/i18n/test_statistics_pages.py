"""The statistics page in Chinese and Spanish: headings, filters and column names come from
the catalogues and the English ones are gone; English readers see the English words."""

from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit import i18n
from readmit.auth.models import Role
from readmit.web.middleware import LANGUAGE_COOKIE
from tests.factories import World
from tests.pages.browsing import login
from tests.statistics.cases import build

WORDS = (
    "Statistics",
    "Download as CSV",
    "All corridors of your state",
    "Pending at month end",
    "Days to decision, median",
    "Whole period",
)


def tr(locale: str, message: str) -> str:
    with i18n.using(locale):
        return i18n.gettext(message)


@pytest.mark.parametrize("locale", ["zh_Hans", "es"])
def test_statistics_page_translated(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    build(db, world)
    login(client, "USA", Role.analyst)
    client.cookies.set(LANGUAGE_COOKIE, locale)
    page = client.get("/statistics", params={"from": "2026-01", "to": "2026-03"})
    assert page.status_code == 200
    text = unescape(page.text)
    for words in WORDS:
        assert tr(locale, words) != words
        assert tr(locale, words) in text
    assert "Download as CSV" not in text and "Pending at month end" not in text
    assert "<5" in text


def test_statistics_page_in_english(client: TestClient, db: Session, world: World) -> None:
    login(client, "USA", Role.supervisor)
    text = unescape(client.get("/statistics").text)
    for words in WORDS:
        assert words in text
