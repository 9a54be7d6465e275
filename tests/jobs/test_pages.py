"""The jobs pages: /jobs lists the authority's jobs with a form for each kind the user may
start (no page for a role that starts none); a refused upload is shown on its form; a started
job's page shows its progress bar, may run its script (that page only) and reads its
progress as JSON; another state's job is a 404; a cancel is confirmed."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.web.templating import SECURITY_HEADERS
from tests.factories import World
from tests.jobs.cases import applications_jsonl
from tests.pages.browsing import login

FORMS = {
    Role.admin: ["Load the register"],
    Role.verifier: ["Verify a batch of applications"],
    Role.supervisor: ["Verify a batch of applications", "Export the statistics"],
    Role.analyst: ["Export the statistics"],
}
HEADINGS = ["Load the register", "Verify a batch of applications", "Export the statistics"]


def test_each_role_sees_the_forms_of_its_kinds(client: TestClient, world: World) -> None:
    for role in Role:
        client.cookies.clear()
        login(client, "CHN", role)
        page = client.get("/jobs")
        if role not in FORMS:
            assert page.status_code == 403, role
            assert 'href="/jobs"' not in client.get("/").text
            continue
        assert page.status_code == 200, role
        assert [h for h in HEADINGS if f">{h}</h2>" in page.text] == FORMS[role], role
        assert 'href="/jobs"' in page.text  # in the navigation
        assert (
            page.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
        )


def test_a_refused_file_is_shown_on_its_form(client: TestClient, world: World) -> None:
    token = login(client, "CHN", Role.admin)
    page = client.post(
        "/jobs/register-load",
        data={"csrf_token": token, "encoding": "utf-8"},
        files={"file": ("extract.pdf", b"%PDF-1.7")},
    )
    assert page.status_code == 422
    assert 'href="#register-file"' in page.text
    assert "must end in .csv or .parquet" in page.text


def test_a_job_page_follows_its_progress(client: TestClient, db: Session, world: World) -> None:
    token = login(client, "CHN", Role.verifier)
    started = client.post(
        "/jobs/verify-batch",
        data={"csrf_token": token, "engine": "single"},
        files={"file": ("apps.jsonl", applications_jsonl(world, count=3))},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    address = started.headers["location"].split("?")[0]
    page = client.get(started.headers["location"])
    assert "The job was queued; this page follows its progress." in page.text
    assert '<progress id="job-progress" max="3" value="0"' in page.text
    assert "0 of 3 lines" in page.text
    assert '<script src="/static/jobs.js" defer></script>' in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    progress = client.get(f"{address}/progress").json()
    assert progress == {
        "finished": False,
        "status": "Queued",
        "value": 0,
        "max": 3,
        "text": "0 of 3 lines",
    }
    client.cookies.clear()
    login(client, "GTM", Role.verifier)
    assert client.get(address).status_code == 404
    assert client.get(f"{address}/progress").status_code == 404
    client.cookies.clear()
    token = login(client, "CHN", Role.supervisor)
    cancelled = client.post(f"{address}/cancel", data={"csrf_token": token})
    assert "The job was cancelled." in cancelled.text
    assert "Cancelled" in cancelled.text and "jobs.js" not in cancelled.text
