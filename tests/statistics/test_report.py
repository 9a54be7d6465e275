"""The quarterly PDF report: the figures and marks of the page, in the reader's language
(Chinese in its own characters, from a face cut down once, or from the whole face for a
character the cut lacks), for analysts and supervisors of the corridor's states only,
audited; a quarter that is not one is refused in words."""

from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit import i18n
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.errors import Invalid
from readmit.statistics import report
from readmit.statistics.schemas import CorridorIndicators, MonthIndicators
from readmit.web.middleware import LANGUAGE_COOKIE
from tests.factories import World
from tests.pages.browsing import login
from tests.statistics.cases import build
from tests.statistics.test_access import OTHERS, READERS

PDF = "/statistics/report.pdf"
Q1 = {"corridor": "USA-CHN", "quarter": "2026-Q1"}
NOW = datetime(2026, 12, 5, tzinfo=UTC)


def text_of(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def tr(locale: str, message: str) -> str:
    with i18n.using(locale):
        return i18n.gettext(message)


@pytest.mark.parametrize(
    ("value", "months"),
    [
        ("2026-Q1", ((2026, 1), (2026, 3))),
        ("2026-q3", ((2026, 7), (2026, 9))),
        (" 2026-Q4 ", ((2026, 10), (2026, 12))),
        ("1999-Q2", ((1999, 4), (1999, 6))),
    ],
)
def test_quarters(value: str, months: tuple) -> None:
    assert report.parse_quarter(value, now=NOW) == months


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-Q5", "not a quarter (YYYY-Qn, e.g. 2026-Q3): 2026-Q5"),
        ("2026Q1", "not a quarter (YYYY-Qn, e.g. 2026-Q3): 2026Q1"),
        ("Q1-2026", "not a quarter (YYYY-Qn, e.g. 2026-Q3): Q1-2026"),
        ("0000-Q1", "not a quarter (YYYY-Qn, e.g. 2026-Q3): 0000-Q1"),
        ("٢٠٢٦-Q1", "not a quarter (YYYY-Qn, e.g. 2026-Q3): ٢٠٢٦-Q1"),
        ("", "choose a quarter (YYYY-Qn, e.g. 2026-Q3)"),
        (None, "choose a quarter (YYYY-Qn, e.g. 2026-Q3)"),
        ("2027-Q1", "2027-Q1 has not begun yet"),
    ],
)
def test_what_is_not_a_quarter(value: str | None, problem: str) -> None:
    with pytest.raises(Invalid) as refused:
        report.parse_quarter(value, now=NOW)
    assert [(p.loc, p.msg) for p in refused.value.problems] == [(("query", "quarter"), problem)]


def test_the_quarters_of_a_period() -> None:
    assert report.quarters("2026-01", "2026-12") == ["2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1"]
    assert report.quarters("2025-11", "2026-02") == ["2026-Q1", "2025-Q4"]
    assert report.quarters("2026-05", "2026-05") == ["2026-Q2"]


@pytest.mark.parametrize("role", READERS)
def test_the_requesting_states_report(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    build(db, world)
    login(client, "USA", role)
    response = client.get(PDF, params=Q1)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="statistics-USA-CHN-2026-Q1.pdf"' in response.headers["content-disposition"]
    text = text_of(response.content)
    for line in (
        "Readmission statistics: USA → CHN, 2026-Q1",
        "United States → China",
        "Quarter 2026-Q1: 2026-01 to 2026-03",
        "by United States (USA)",
        "Indicator 2026-01 2026-02 2026-03 Quarter total",
        # The marks exactly as on the page: January gives February's count away, so "x".
        "Applications submitted x <5 0 14",
        "Decisions 12 0 0 12",
        "Pending at month end 0 <5 <5 –",
        "Days to decision, median 11.0 – – 11.0",
        "Decided within the reply deadline 58.3 % – – 58.3 %",
        "Releases from custody 0 0 0 0",
        '"x": withheld so that totals do not reveal',
        "Case events per month",  # a chart's title, and its legend
        "Applications submitted",
        "USA → CHN · 2026-Q1 · Page 1 of",
    ):
        assert line in text, line
    audited = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "statistics.indicators")
    ).all()
    assert [e.detail for e in audited][-1] == {
        "corridor": "USA-CHN",
        "from": "2026-01",
        "to": "2026-03",
    }


def test_the_requested_state_reads_its_report_in_chinese(
    client: TestClient, db: Session, world: World
) -> None:
    build(db, world)
    login(client, "CHN", Role.analyst)
    client.cookies.set(LANGUAGE_COOKIE, "zh_Hans")
    response = client.get(PDF, params=Q1)
    assert response.status_code == 200
    text = text_of(response.content)
    submitted = tr("zh_Hans", "Applications submitted")
    assert submitted != "Applications submitted"
    # Without the case that touched protection: 13, not 14; no custody counts.
    assert f"{submitted} x <5 0 13" in text
    assert "美国 → 中国" in text
    assert tr("zh_Hans", "Releases from custody") not in text
    assert "Releases from custody" not in text
    assert b"NotoSansCJK" in response.content  # the CJK face, embedded


def test_a_character_the_cut_face_lacks_is_set_in_the_whole_face() -> None:
    months = [MonthIndicators(month=f"2026-0{m}", submitted=7) for m in (1, 2, 3)]
    corridor = CorridorIndicators(
        requesting_state="USA",
        requested_state="CHN",
        months=months,
        total=MonthIndicators(month="total", submitted=21),
    )
    rare = "鱻"  # in Noto Sans CJK, in no catalogue, state name or date
    content = report.render(
        corridor=corridor,
        quarter="2026-Q1",
        state="USA",
        generated_at=NOW,
        heading=lambda name: f"{rare} {name}",
    )
    assert f"{rare} submitted 7 7 7 21" in text_of(content)
    face = report.cut_face()
    assert face.stat().st_size < Path(str(report.NATIVE_FONT)).stat().st_size / 20
    ordinary = report.render(
        corridor=corridor, quarter="2026-Q1", state="USA", generated_at=NOW, heading=str
    )
    assert "submitted 7 7 7 21" in text_of(ordinary)


@pytest.mark.parametrize(
    ("state", "params", "status", "words"),
    [
        ("CHN", {"corridor": "USA-GTM", "quarter": "2026-Q1"}, 404, "not one of your"),
        ("GTM", Q1, 404, "not one of your"),
        ("USA", {"corridor": "AAA-BBB", "quarter": "2026-Q1"}, 404, "not one of your"),
        ("USA", {"quarter": "2026-Q1"}, 422, "choose one of your state's corridors"),
        ("USA", {"corridor": "USA-CHN", "quarter": "2026-Q5"}, 422, "not a quarter"),
        ("USA", {"corridor": "USA-CHN", "quarter": "2999-Q1"}, 422, "has not begun yet"),
        ("USA", {"corridor": "USA-CHN"}, 422, "choose a quarter"),
    ],
)
def test_refusals_in_words(
    client: TestClient, world: World, state: str, params: dict, status: int, words: str
) -> None:
    login(client, state, Role.analyst)
    response = client.get(PDF, params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert words in unescape(response.text) and "Traceback" not in response.text


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(client: TestClient, world: World, role: Role) -> None:
    login(client, "USA", role)
    assert client.get(PDF, params=Q1).status_code == 403
