"""The statistics page in Chinese and Spanish, its totals per corridor and a corridor's
detail: headings, filters and column names come from the catalogues and the English ones
are gone; English readers see the English words."""

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

PERIOD = {"from": "2026-01", "to": "2026-03"}
COMMON = (
    "Statistics",
    "Download as CSV",
    "All corridors of your state",
    "Days to decision, median",
)
# The totals per corridor (a state of several corridors, USA), and a corridor's detail.
VIEWS = (
    (
        PERIOD,
        (
            *COMMON,
            "Totals per corridor",
            "Choose a corridor for its charts and its figures per month.",
        ),
    ),
    (
        PERIOD | {"corridor": "USA-CHN"},
        (*COMMON, "Pending at month end", "Whole period", "Case events per month"),
    ),
)


def tr(locale: str, message: str) -> str:
    with i18n.using(locale):
        return i18n.gettext(message)


@pytest.mark.parametrize("locale", ["zh_Hans", "es"])
@pytest.mark.parametrize(("params", "words"), VIEWS)
def test_statistics_page_translated(
    client: TestClient, db: Session, world: World, locale: str, params: dict, words: tuple
) -> None:
    build(db, world)
    login(client, "USA", Role.analyst)
    client.cookies.set(LANGUAGE_COOKIE, locale)
    page = client.get("/statistics", params=params)
    assert page.status_code == 200
    text = unescape(page.text)
    for english in words:
        assert tr(locale, english) != english, english
        assert tr(locale, english) in text
        assert english not in text
    assert "<5" in text


@pytest.mark.parametrize(("params", "words"), VIEWS)
def test_statistics_page_in_english(
    client: TestClient, db: Session, world: World, params: dict, words: tuple
) -> None:
    login(client, "USA", Role.supervisor)
    text = unescape(client.get("/statistics", params=params).text)
    for english in words:
        assert english in text
