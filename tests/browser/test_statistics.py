"""The analyst's statistics in a real browser: the period's totals per corridor, then one
corridor's chart and its data table, the downloads and the quarter's PDF report."""

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from tests.browser.conftest import LiveServer, browser_page, log_in
from tests.factories import make_case
from tests.statistics.cases import at, backdate

FIRST_PERSON = 10  # register persons no other browser test uses


@pytest.mark.browser
def test_analyst_reads_the_totals_then_a_corridor_and_downloads(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base, world = live_server.url, live_server.world
    # Five identities confirmed in January 2026, one case submitted in February.
    with Session(live_server.engine, expire_on_commit=False) as session:
        for i in range(5):
            case = make_case(session, world, index=FIRST_PERSON + i, status=Status.confirmed)
            backdate(session, case, {"submit": at("2026-01-15"), "confirm": at("2026-01-23")})
        case = make_case(session, world, index=FIRST_PERSON + 5, status=Status.submitted)
        backdate(session, case, {"submit": at("2026-02-02")})
        session.commit()

    with browser_page() as page:
        log_in(page, base, "USA", Role.analyst)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Statistics").click()
        filters = page.get_by_role("form", name="Filter the indicators")
        filters.get_by_label("From month").fill("2026-01")
        filters.get_by_label("To month").fill("2026-03")
        filters.get_by_role("button", name="Show").click()

        # First the totals, a row per corridor: January's 5 and February's 1 make 6.
        totals = page.get_by_role("table", name="Totals per corridor, 2026-01 to 2026-03")
        expect(totals.locator("tbody th")).to_have_text(["USA → CHN", "USA → GTM"])
        chn = totals.locator("tbody tr").first
        expect(chn.locator('td[data-column="submitted"]')).to_have_text("6")
        expect(chn.locator('td[data-column="decided"]')).to_have_text("5")
        expect(page.get_by_role("img")).to_have_count(0)
        with page.expect_download() as every_corridor:
            page.get_by_role("link", name="Download as CSV").click()
        assert every_corridor.value.suggested_filename == "indicators-2026-01-2026-03.csv"
        rows = Path(every_corridor.value.path()).read_text().splitlines()
        assert len(rows) == 9  # the header, then three months and the total of each corridor

        totals.get_by_role("link", name="USA → CHN").click()
        expect(page.get_by_role("heading", name="USA → CHN")).to_be_visible()
        expect(page.get_by_role("heading", name="USA → GTM")).to_have_count(0)
        expect(page.get_by_label("Corridor")).to_have_value("USA-CHN")

        # The chart, and beside it its table: January's 5 would give February's 1 away.
        chart = page.get_by_role("img", name="Case events per month")
        expect(chart).to_be_visible()
        table = page.get_by_role("table", name="Case events per month: the values")
        expect(table).to_be_visible()
        columns = table.locator("thead th")
        expect(columns.nth(1)).to_have_text("Applications submitted")
        expect(columns.nth(2)).to_have_text("Decisions")
        submitted = table.locator("tbody td:nth-child(2)")
        expect(submitted).to_have_text(["x (not plotted)", "<5 (not plotted)", "0"])
        expect(table.locator("tbody td:nth-child(3)")).to_have_text(["5", "0", "0"])
        month = page.get_by_role("table", name="Cases per month")
        expect(month.locator("tbody th")).to_have_text(
            ["2026-01", "2026-02", "2026-03", "Whole period"]
        )

        with page.expect_download() as csv_download:
            page.get_by_role("link", name="Download as CSV").click()
        assert csv_download.value.suggested_filename == "indicators-USA-CHN-2026-01-2026-03.csv"
        rows = Path(csv_download.value.path()).read_text().splitlines()
        assert rows[1].startswith("USA,CHN,2026-01,x,5,0,0,5,")
        assert rows[-1].startswith("USA,CHN,total,6,5,0,0,5,")
        assert len(rows) == 5  # the header, three months and the total of the one corridor

        quarterly = page.get_by_role("form", name="Quarterly report (USA-CHN)")
        quarterly.get_by_label("Quarter", exact=True).select_option("2026-Q1")
        with page.expect_download() as pdf_download:
            quarterly.get_by_role("button", name="Download the quarterly report (PDF)").click()
        assert pdf_download.value.suggested_filename == "statistics-USA-CHN-2026-Q1.pdf"
        document = pdfium.PdfDocument(Path(pdf_download.value.path()).read_bytes())
        text = document[0].get_textpage().get_text_range()
        assert "Readmission statistics: USA → CHN, 2026-Q1" in text
        assert "Applications submitted x <5 0 6" in text


@pytest.mark.browser
def test_totals_and_charts_fit_a_phone_and_pass_axe(live_server: LiveServer) -> None:
    from axe_playwright_python.sync_playwright import Axe

    period = "from=2022-01&to=2026-12"
    with browser_page() as page:
        page.set_viewport_size({"width": 390, "height": 844})
        log_in(page, live_server.url, "USA", Role.supervisor)
        pages = (
            (period, "Totals per corridor, 2022-01 to 2026-12", range(0, 1)),
            (f"corridor=USA-CHN&{period}", "Case events per month: the values", range(10, 99)),
        )
        for query, table, images in pages:
            page.goto(f"{live_server.url}/statistics?{query}")
            wide, window = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert wide <= window, query
            assert page.get_by_role("table", name=table).count() == 1
            assert page.get_by_role("img").count() in images  # the detail's: sixty months
            result = Axe().run(page)
            assert not result.violations_count, result.generate_report()
