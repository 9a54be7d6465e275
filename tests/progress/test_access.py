"""Who may do what with progress reports, through the API and the pages: analysts and
supervisors of a signatory (only a supervisor submits), every other role 403, a state that
did not sign 403, another state's report or an unknown one 404."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from tests.factories import World
from tests.pages.browsing import login
from tests.progress.cases import DECLARATION, PERIOD, build_gtm

API = "/api/v1/progress"
D = f"{API}/declarations/{DECLARATION}"
READERS = (Role.analyst, Role.supervisor)
OTHERS = tuple(role for role in Role if role not in READERS)
QUARTER = {"from": "2026-01", "to": "2026-03"}


def mex_report(client: TestClient, world: World) -> int:
    """A draft of MEX for the first quarter of 2026."""
    made = client.post(f"{D}/reports", json=PERIOD, headers=world.headers("MEX", Role.analyst))
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


# (method, path, body): `{id}` is a draft of MEX.
ROUTES = [
    ("GET", D, None),
    ("GET", f"{D}/indicators?from=2026-01&to=2026-03", None),
    ("GET", f"{D}/reports", None),
    ("POST", f"{D}/reports", {"period_from": "2026-04", "period_to": "2026-06"}),
    ("GET", f"{D}/combined?from=2026-01&to=2026-03", None),
    ("GET", f"{API}/reports/{{id}}", None),
    ("PATCH", f"{API}/reports/{{id}}", {"narratives": {"returns_completed": "Words."}}),
    ("POST", f"{API}/reports/{{id}}/submit", None),
]


def call(client: TestClient, world: World, route: tuple, state: str, role: Role, report: int):
    method, path, body = route
    return client.request(
        method, path.format(id=report), json=body, headers=world.headers(state, role)
    )


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p}" for m, p, _b in ROUTES])
def test_each_route_per_state_and_role(client: TestClient, world: World, route: tuple) -> None:
    report = mex_report(client, world)
    on_report = "{id}" in route[1]
    submit = route[1].endswith("/submit")
    for role in OTHERS:
        assert call(client, world, route, "MEX", role, report).status_code == 403, role
    # CHN did not sign; USA did, but the report is MEX's.
    assert call(client, world, route, "CHN", Role.analyst, report).status_code == (
        404 if on_report else 403
    )
    if on_report:
        assert call(client, world, route, "USA", Role.supervisor, report).status_code == 404
    if submit:
        assert call(client, world, route, "MEX", Role.analyst, report).status_code == 403
    for role in (Role.supervisor,) if submit else READERS:
        response = call(client, world, route, "MEX", role, report)
        assert response.is_success, (role, response.text)
        if route[0] == "POST" and not submit:  # one draft per period: the second is 409
            assert call(client, world, route, "MEX", role, report).status_code == 409
            break


def test_unknown_report_and_declaration_are_not_found(client: TestClient, world: World) -> None:
    headers = world.headers("USA", Role.analyst)
    assert client.get(f"{API}/reports/999999", headers=headers).status_code == 404
    assert client.get(f"{API}/declarations/nowhere", headers=headers).status_code == 404
    bad = client.get(f"{D}/combined", params={"from": "2026-03", "to": "2026-01"}, headers=headers)
    assert bad.status_code == 422


def test_the_api_flow(client: TestClient, db: Session, world: World) -> None:
    build_gtm(db, world)
    analyst, supervisor = world.headers("GTM", Role.analyst), world.headers("GTM", Role.supervisor)
    body = PERIOD | {"narratives": {"verification_days": "Two more verifiers."}}
    made = client.post(f"{D}/reports", json=body, headers=analyst).json()
    assert (made["status"], made["version"], made["state"]) == ("draft", 1, "GTM")
    figures = {i["key"]: i for i in made["indicators"]}
    assert figures["applications_received"]["value"] == 6
    assert figures["legal_pathway_admissions"] == {
        "key": "legal_pathway_admissions",
        "label": "Admissions through regular pathways",
        "available": False,
        "value": None,
        "corridors": [],
        "narrative": None,
    }
    path = f"{API}/reports/{made['id']}"
    unknown = client.patch(path, json={"narratives": {"nonsense": "x"}}, headers=analyst)
    assert unknown.status_code == 422 and "not an indicator" in unknown.text
    submitted = client.post(f"{path}/submit", headers=supervisor)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert client.patch(path, json={"narratives": {}}, headers=analyst).status_code == 409
    assert client.post(f"{path}/submit", headers=supervisor).status_code == 409
    combined = client.get(
        f"{D}/combined", params=QUARTER, headers=world.headers("USA", Role.analyst)
    )
    states = {s["state"]: s for s in combined.json()["states"]}
    assert states["GTM"]["submitted"] and not states["USA"]["submitted"]
    narrative = {i["key"]: i["narrative"] for i in states["GTM"]["indicators"]}
    assert narrative["verification_days"] == "Two more verifiers."


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused_the_pages(client: TestClient, world: World, role: Role) -> None:
    login(client, "USA", role)
    assert client.get("/progress").status_code == 403
    assert client.get(f"/progress/declarations/{DECLARATION}").status_code == 403
    assert client.get(f"/progress/declarations/{DECLARATION}/combined").status_code == 403


def test_a_state_that_did_not_sign_reads_nothing(client: TestClient, world: World) -> None:
    login(client, "CHN", Role.analyst)
    index = client.get("/progress")
    assert index.status_code == 200
    assert "CHN is not a signatory" in index.text
    assert f'href="/progress/declarations/{DECLARATION}"' not in index.text
    assert client.get(f"/progress/declarations/{DECLARATION}").status_code == 403
    assert client.get(f"/progress/declarations/{DECLARATION}/combined").status_code == 403


def test_the_pages_flow(client: TestClient, db: Session, world: World) -> None:
    build_gtm(db, world)
    token = login(client, "GTM", Role.analyst)
    index = client.get("/progress")
    assert f'href="/progress/declarations/{DECLARATION}"' in index.text
    page = client.get(f"/progress/declarations/{DECLARATION}")
    assert page.status_code == 200 and "Illustrative example" in page.text
    wrong = client.post(
        f"/progress/declarations/{DECLARATION}/reports",
        data={"csrf_token": token, "period_from": "2026-04", "period_to": "2026-01"},
    )
    assert (
        wrong.status_code == 422
        and "To month: Choose a period of 1 to 60 whole months" in wrong.text
    )
    made = client.post(
        f"/progress/declarations/{DECLARATION}/reports",
        data={"csrf_token": token} | PERIOD,
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    shown = client.get(made.headers["location"])
    report = made.headers["location"].split("?")[0]
    assert "The draft was created." in shown.text
    assert '<td class="num" data-indicator="applications_received">6</td>' in shown.text
    assert "Not yet available" in shown.text and "Submit the report" not in shown.text
    saved = client.post(
        report,
        data={"csrf_token": token, "narrative-verification_days": "Two more verifiers."},
    )
    assert saved.status_code == 200 and "Two more verifiers." in saved.text
    assert client.post(f"{report}/submit", data={"csrf_token": token}).status_code == 403

    token = login(client, "GTM", Role.supervisor)
    assert "Submit the report" in client.get(report).text
    done = client.post(f"{report}/submit", data={"csrf_token": token})
    assert done.status_code == 200 and "The report was submitted" in done.text
    assert "Draft a new version" in done.text and "Save the narratives" not in done.text

    login(client, "MEX", Role.analyst)
    assert client.get(report).status_code == 404  # GTM's own, not MEX's
    combined = client.get(f"/progress/declarations/{DECLARATION}/combined", params=QUARTER)
    assert combined.status_code == 200
    assert '<tr id="state-MEX">' in combined.text and "Not submitted" in combined.text
    assert "Two more verifiers." in combined.text
