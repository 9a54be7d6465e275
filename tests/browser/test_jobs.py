"""A background job from the browser: China's verifier starts a batch verification on /jobs
with a file of applications, follows its progress on the job's page (kept current by the
page's script while a real `readmit jobs work` process runs it) until it is done, and
downloads the results. The pages pass axe."""

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from readmit.auth.models import Role
from tests.browser.conftest import LiveServer, browser_page, done, log_in
from tests.jobs.cases import applications_jsonl
from tests.jobs.running import environment, start, stop

if TYPE_CHECKING:
    from playwright.sync_api import Page

COUNT = 30


def axe_clean(page: "Page") -> None:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert not result.violations_count, result.generate_report()


@pytest.mark.browser
def test_start_a_verification_watch_it_and_download_the_results(
    live_server: LiveServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    applications = tmp_path / "applications.jsonl"
    applications.write_bytes(applications_jsonl(live_server.world, count=COUNT))
    url = live_server.engine.url.render_as_string(hide_password=False)
    # The worker shares the server's database and READMIT_HOME (the uploads, the register).
    env = environment(Path(os.environ["READMIT_HOME"]), url)
    with browser_page() as page:
        log_in(page, base, "CHN", Role.verifier, "/jobs")
        expect(page.get_by_role("heading", name="Background jobs")).to_be_visible()
        expect(page.get_by_role("link", name="Background jobs")).to_have_attribute(
            "aria-current", "page"
        )
        axe_clean(page)
        page.get_by_label("Applications").set_input_files(applications)
        page.get_by_role("button", name="Start the verification").click()
        done(page, "The job was queued; this page follows its progress.")
        expect(page.locator("#job-status")).to_have_text("Queued")
        axe_clean(page)
        worker = start(["jobs", "work"], env, tmp_path / "worker.log")
        try:
            # The script follows the job and reloads the page once it has ended.
            expect(page.locator("#job-status")).to_have_text("Done", timeout=120_000)
            expect(page.locator("#job-progress-text")).to_have_text(
                f"{COUNT} of {COUNT} lines", timeout=20_000
            )
        finally:
            stop(worker)
        progress = page.locator("progress#job-progress")
        expect(progress).to_have_attribute("value", str(COUNT))
        expect(progress).to_have_attribute("max", str(COUNT))
        expect(page.get_by_role("button", name="Cancel the job")).to_have_count(0)
        axe_clean(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download results.jsonl").click()
        saved = tmp_path / "results.jsonl"
        download.value.save_as(saved)
        results = [json.loads(line) for line in saved.read_text().splitlines()]
        assert [r["application_id"] for r in results] == [f"A-{i}" for i in range(COUNT)]
        assert all(r["recommendation"] in ("confirm", "review") for r in results)
        page.get_by_role("link", name="All jobs").click()
        row = page.get_by_role("row").filter(has_text="Batch verification")
        expect(row.first).to_contain_text("Done")
