"""Who may do what with leads, through the API and the pages: analysts and supervisors of the
state that holds them; every other role 403; another state's lead or import 404 (its list is
its own); a decided lead 409."""

import itertools
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.leads.models import FlightImport, Lead
from readmit.leads.schemas import RuleSet
from readmit.synth.flights import to_csv
from tests.factories import World
from tests.leads.cases import days_apart, flights, import_plans, leads_of, rule
from tests.pages.browsing import login

API = "/api/v1/leads"
ANALYSTS = (Role.analyst, Role.supervisor)
OTHERS = tuple(role for role in Role if role not in ANALYSTS)
NUMBERS = itertools.count(1000)


def a_file(rule_set: RuleSet) -> dict[str, Any]:
    """A multipart file of flights that fire the share rule, numbered afresh each time."""
    p = rule(rule_set, "one_way_share").parameters
    assert p.min_flights and p.threshold is not None
    plans = flights(
        days_apart(p.min_flights, p.min_flights - 1),
        passengers=100,
        one_way_outside=round(p.threshold * 100) + 10,
        number=str(next(NUMBERS)),
    )
    return {"file": ("flights.csv", to_csv(plans).encode(), "text/csv")}


def usa_lead(db: Session, world: World, rule_set: RuleSet) -> tuple[Lead, FlightImport]:
    """An open lead of USA, committed (to the test's transaction)."""
    analyst = world.user(db, "USA", Role.analyst)
    p = rule(rule_set, "one_way_share").parameters
    assert p.min_flights and p.threshold is not None
    plans = flights(
        days_apart(p.min_flights, p.min_flights - 1),
        passengers=100,
        one_way_outside=round(p.threshold * 100) + 10,
    )
    done = import_plans(db, analyst, plans)
    db.commit()
    (lead,) = leads_of(db, analyst)
    return lead, done


# (method, path, body, on a record of USA's)
ROUTES = [
    ("GET", API, None, False),
    ("GET", f"{API}/rules", None, False),
    ("POST", f"{API}/imports", "file", False),
    ("GET", f"{API}/imports/{{import}}", None, True),
    ("POST", f"{API}/run", None, False),
    ("GET", f"{API}/{{id}}", None, True),
    ("POST", f"{API}/{{id}}/dismiss", {"reason": "A pilgrimage charter"}, True),
    ("POST", f"{API}/{{id}}/refer", {"note": "Operator of concern"}, True),
]


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_each_route_per_state_and_role(
    client: TestClient, db: Session, world: World, rules: RuleSet, route: tuple
) -> None:
    lead, done = usa_lead(db, world, rules)
    method, template, body, on_record = route
    path = template.format(id=lead.id, **{"import": done.id})

    def call(state: str, role: Role) -> Any:
        options: dict[str, Any] = {"headers": world.headers(state, role)}
        if body == "file":
            options["files"] = a_file(rules)
        elif body is not None:
            options["json"] = body
        return client.request(method, path, **options)

    for role in OTHERS:
        assert call("USA", role).status_code == 403, role
    for state in ("CHN", "MEX"):
        answer = call(state, Role.analyst)
        if on_record:
            assert answer.status_code == 404, answer.text
        else:  # its own list, rules, imports and runs
            assert answer.is_success, answer.text
    decided = path.endswith(("/dismiss", "/refer"))
    for role in ANALYSTS:
        answer = call("USA", role)
        if decided and role == Role.supervisor:
            assert answer.status_code == 409 and answer.json()["allowed"] == []
        else:
            assert answer.is_success, (role, answer.text)


def test_another_states_list_is_its_own(
    client: TestClient, db: Session, world: World, rules: RuleSet
) -> None:
    usa_lead(db, world, rules)
    assert client.get(API, headers=world.headers("CHN", Role.supervisor)).json() == []
    assert len(client.get(API, headers=world.headers("USA", Role.analyst)).json()) == 1


def test_the_api_flow(client: TestClient, db: Session, world: World, rules: RuleSet) -> None:
    analyst = world.headers("USA", Role.analyst)
    made = client.post(f"{API}/imports", files=a_file(rules), headers=analyst)
    assert made.status_code == 201, made.text
    assert made.json()["leads_opened"] == 1
    assert client.get(f"{API}/imports/{made.json()['id']}", headers=analyst).json() == made.json()
    (summary,) = client.get(API, params={"status": "open"}, headers=analyst).json()
    assert client.get(API, params={"status": "referred"}, headers=analyst).json() == []
    assert client.get(API, params={"status": "nonsense"}, headers=analyst).status_code == 422
    lead = client.get(f"{API}/{summary['id']}", headers=analyst).json()
    share = rule(rules, "one_way_share")
    assert (lead["rule_id"], lead["threshold"]) == (share.id, share.parameters.threshold)
    assert len(lead["flights"]) == summary["flight_count"] == share.parameters.min_flights
    assert all(f["value"] > lead["threshold"] for f in lead["flights"])
    assert lead["designation_url"] is None
    short = client.post(f"{API}/{lead['id']}/dismiss", json={"reason": ""}, headers=analyst)
    assert short.status_code == 422 and short.json()["detail"][0]["loc"][-1] == "reason"
    referred = client.post(f"{API}/{lead['id']}/refer", headers=analyst)
    assert referred.status_code == 200, referred.text
    assert referred.json()["status"] == "referred"
    assert referred.json()["designation_url"] == "/designations/new?operator=XHC"
    again = client.post(f"{API}/{lead['id']}/dismiss", json={"reason": "no lead"}, headers=analyst)
    assert again.status_code == 409
    rules_in_force = client.get(f"{API}/rules", headers=analyst).json()
    assert [r["id"] for r in rules_in_force["rules"]] == [r.id for r in rules.rules]


def test_a_bad_upload_is_422_naming_each_line(
    client: TestClient, world: World, rules: RuleSet
) -> None:
    text = to_csv(flights(days_apart(1, 0), passengers=2)).replace("MGA", "MG")
    files = {"file": ("bad.csv", text.encode(), "text/csv")}
    answer = client.post(f"{API}/imports", files=files, headers=world.headers("USA", Role.analyst))
    assert answer.status_code == 422
    assert [p["loc"] for p in answer.json()["detail"]] == [
        ["file", 2, "destination"],
        ["file", 3, "destination"],
    ]
    assert answer.json()["detail"][0]["msg"].startswith("line 2, destination:")


def test_an_upload_over_the_limit(
    client: TestClient, world: World, rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readmit.leads import service

    monkeypatch.setattr(service, "MAX_UPLOAD_BYTES", 100)
    answer = client.post(
        f"{API}/imports", files=a_file(rules), headers=world.headers("USA", Role.analyst)
    )
    assert answer.status_code == 422 and "import it with the CLI" in answer.text


def test_unusable_rules_refuse_an_import(
    client: TestClient, world: World, rules: RuleSet, tmp_path: Any
) -> None:
    from readmit.config import get_settings

    path = get_settings().lead_rules
    assert path is not None
    path.write_text("rule_sets: []\n", encoding="utf-8")
    answer = client.post(
        f"{API}/imports", files=a_file(rules), headers=world.headers("USA", Role.analyst)
    )
    assert answer.status_code == 503 and "readmit leads check" in answer.text
    login(client, "USA", Role.analyst)
    page = client.get("/leads")
    assert page.status_code == 200 and "readmit leads check" in page.text


# --- the pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused_the_pages(
    client: TestClient, db: Session, world: World, rules: RuleSet, role: Role
) -> None:
    lead, _done = usa_lead(db, world, rules)
    login(client, "USA", role)
    for path in ("/leads", "/leads/import", f"/leads/{lead.id}"):
        assert client.get(path).status_code == 403, path
    assert 'href="/leads"' not in client.get("/").text


def test_another_state_gets_404(
    client: TestClient, db: Session, world: World, rules: RuleSet
) -> None:
    lead, done = usa_lead(db, world, rules)
    token = login(client, "GTM", Role.supervisor)
    assert client.get(f"/leads/{lead.id}").status_code == 404
    assert client.get(f"/leads/import?import_id={done.id}").status_code == 404
    form = {"csrf_token": token, "reason": "Not ours"}
    assert client.post(f"/leads/{lead.id}/dismiss", data=form).status_code == 404
    assert client.post(f"/leads/{lead.id}/refer", data=form).status_code == 404
    listed = client.get("/leads?status=all")
    assert listed.status_code == 200 and lead.operator_name not in listed.text


def test_the_pages_flow(client: TestClient, db: Session, world: World, rules: RuleSet) -> None:
    token = login(client, "USA", Role.analyst)
    assert 'href="/leads"' in client.get("/").text
    form = client.get("/leads/import")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    bad = to_csv(flights(days_apart(1, 0), passengers=1)).replace("one_way", "sometimes")
    bad = bad.replace("return", "sometimes")
    refused = client.post(
        "/leads/import",
        data={"csrf_token": token},
        files={"file": ("bad.csv", bad.encode(), "text/csv")},
    )
    assert refused.status_code == 422
    assert 'Line 2, journey: "sometimes": use one_way or return' in unescape(refused.text)
    empty = client.post("/leads/import", data={"csrf_token": token})
    assert empty.status_code == 422 and "Choose a CSV file of flight records" in empty.text
    done = client.post(
        "/leads/import", data={"csrf_token": token}, files=a_file(rules), follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/leads/import?")
    outcome = client.get(done.headers["location"])
    assert "Leads opened: 1; leads updated: 0." in outcome.text
    listed = client.get("/leads")
    assert "Horizonte Charter Services (XHC)" in listed.text
    (lead,) = leads_of(db, world.user(db, "USA", Role.analyst))
    page = client.get(f"/leads/{lead.id}")
    share = rule(rules, "one_way_share")
    assert page.status_code == 200 and share.label in page.text
    assert page.text.count('data-flight="') == share.parameters.min_flights
    short = client.post(f"/leads/{lead.id}/dismiss", data={"csrf_token": token, "reason": "x"})
    assert short.status_code == 422 and "Reason: Enter at least 3 characters" in short.text
    referred = client.post(f"/leads/{lead.id}/refer", data={"csrf_token": token, "note": ""})
    assert referred.status_code == 200 and "The lead was referred" in referred.text
    assert 'href="/designations/new?operator=XHC"' in referred.text
    assert "Dismiss the lead" not in referred.text
    again = client.post(
        f"/leads/{lead.id}/dismiss", data={"csrf_token": token, "reason": "no lead"}
    )
    assert again.status_code == 409
    assert "Referred for designation" in client.get("/leads?status=referred").text
    assert "No lead." in client.get("/leads?status=open").text
    assert client.get("/leads?status=nonsense").status_code == 422
    run = client.post("/leads/run", data={"csrf_token": token})
    assert run.status_code == 200 and "The rules ran again" in run.text


def test_a_supervisor_dismisses_with_a_reason(
    client: TestClient, db: Session, world: World, rules: RuleSet
) -> None:
    lead, _done = usa_lead(db, world, rules)
    token = login(client, "USA", Role.supervisor)
    dismissed = client.post(
        f"/leads/{lead.id}/dismiss", data={"csrf_token": token, "reason": "Pilgrimage charter"}
    )
    assert dismissed.status_code == 200
    assert "The lead was dismissed" in dismissed.text and "Pilgrimage charter" in dismissed.text
    assert "Draft the designation proposal" not in dismissed.text
