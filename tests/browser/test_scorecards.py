"""The analyst's scorecard in a real browser: choose the partner and the quarter, read the
rating and a factor, open the cases behind the factor and one of them, then download the
explanation for the joint readmission committee."""

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from tests.browser.conftest import LiveServer, browser_page, log_in
from tests.scorecards.cases import build_guatemala

DOCUMENTS = "Days from confirmation to travel document (90th percentile)"


@pytest.mark.browser
def test_analyst_rates_a_partner_and_exports_the_explanation(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    with Session(live_server.engine, expire_on_commit=False) as session:
        references = build_guatemala(session, live_server.world)

    with browser_page() as page:
        log_in(page, base, "USA", Role.analyst)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Scorecards").click()
        filters = page.get_by_role("form", name="Choose the partner and the period")
        filters.get_by_label("Partner").select_option(label="Guatemala (USA → GTM)")
        filters.get_by_label("Quarter").select_option("2026-Q2")
        filters.get_by_role("button", name="Show").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "Guatemala (USA → GTM), 2026-Q2"
        )
        expect(page.locator("#rating")).to_have_text("Cooperative")

        factors = page.get_by_role("table", name="Factors of the rating")
        row = factors.get_by_role("row").filter(has_text=DOCUMENTS)
        expect(row.locator('[data-column="value"]')).to_have_text("22 days")
        expect(row.locator('[data-column="score"]')).to_have_text("0.83")
        expect(row.locator('[data-column="trend"]')).to_contain_text("Cannot compare")
        row.get_by_role("link", name=f"List the cases ({DOCUMENTS})").click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("Cases behind the scorecard")
        listed = page.get_by_role("table", name="Cases behind the value")
        expect(listed.get_by_role("link")).to_have_text(references)
        expect(listed.get_by_role("row").nth(1)).to_contain_text("Travel document issued")
        listed.get_by_role("link", name=references[-1]).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(references[-1])
        page.go_back()
        page.get_by_role("link", name="Back to the scorecard").click()

        with page.expect_download() as download:
            page.get_by_role("link", name="Download as CSV").click()
        assert download.value.suggested_filename == "scorecard-USA-GTM-2026-04-2026-06.csv"
        rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
        assert len(rows) == 6  # the header and a row per factor
        assert rows[1].startswith(
            "USA,GTM,2026-Q2,2026-04,2026-06,Removal cooperation (illustrative),1,cooperative,"
        )
        assert ",travel_documents,days_to_travel_document_p90,lower,22.0," in rows[1]
        assert rows[1].endswith(",unknown,5")
        assert not any(reference in line for line in rows for reference in references)
