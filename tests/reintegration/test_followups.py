"""Follow-ups: scheduled at 3, 6 and 12 months when the provider accepts the case, recorded
inside their window and scored, missed by the sweep once the window closes; the provider's
queue; and the API per role (403) and per provider (404)."""

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.errors import Conflict, Forbidden, Invalid
from readmit.reintegration import followups
from readmit.reintegration import service as cases
from readmit.reintegration.access import CASE_READERS, REQUESTING_READERS
from readmit.reintegration.lifecycle import Step
from tests.factories import World
from tests.reintegration.cases import provider
from tests.reintegration.followup_cases import active_case, answers, expected, officer_of, survey


def _due(db: Session, case) -> list[tuple[int, date, date, str]]:
    return [
        (f.months, f.due_on, f.window_ends, f.status)
        for f in followups.of_case(session=db, case=case)
    ]


def test_accepting_schedules_the_follow_ups(db: Session, world: World) -> None:
    case = active_case(db, world, provider(db, "prov-a"))
    assert _due(db, case) == [
        (3, date(2026, 4, 10), date(2026, 5, 10), "due"),
        (6, date(2026, 7, 10), date(2026, 8, 9), "due"),
        (12, date(2027, 1, 10), date(2027, 2, 9), "due"),
    ]


# (name, day the survey is recorded, what happens)
WINDOW = [
    ("the day before the window opens", date(2026, 3, 10), "opens on 2026-03-11"),
    ("the day the window opens", date(2026, 3, 11), None),
    ("the due day", date(2026, 4, 10), None),
    ("the window's last day", date(2026, 5, 10), None),
    ("the day after the window", date(2026, 5, 11), "has closed"),
]


@pytest.mark.parametrize("case_", WINDOW, ids=[c[0] for c in WINDOW])
def test_a_survey_is_recorded_inside_its_window(db: Session, world: World, case_: tuple) -> None:
    _name, day, refusal = case_
    side = provider(db, "prov-a")
    case = active_case(db, world, side)
    if refusal:
        with pytest.raises(Conflict, match=refusal):
            survey(db, side, case, 3, day)
        return
    survey(db, side, case, 3, day, option=1)
    done = followups.of_case(session=db, case=case)[0]
    assert done.status == "completed"
    assert done.scores == expected(1).as_json()
    assert done.formula_version == "rss-illustrative-1"
    with pytest.raises(Conflict, match="completed already"):
        survey(db, side, case, 3, day)


def test_answers_are_checked_against_the_indicators(db: Session, world: World) -> None:
    side = provider(db, "prov-a")
    case = active_case(db, world, side)
    with pytest.raises(Invalid) as raised:
        followups.record(
            session=db,
            user=officer_of(db, side),
            case=case,
            months=3,
            answers={**answers(0), "employment": "astronaut"},
            today=date(2026, 4, 10),
        )
    assert raised.value.problems[0].loc == ("body", "answers", "employment")
    assert followups.of_case(session=db, case=case)[0].status == "due"


def test_only_the_providers_officers_record(db: Session, world: World) -> None:
    side, other = provider(db, "prov-a"), provider(db, "prov-b")
    case = active_case(db, world, side)
    for user in (world.user(db, "USA", Role.case_officer), officer_of(db, other)):
        with pytest.raises(Forbidden):
            followups.record(
                session=db, user=user, case=case, months=3, answers={}, today=date(2026, 4, 10)
            )


def test_the_sweep_marks_missed_and_the_queue_shows_them(db: Session, world: World) -> None:
    side = provider(db, "prov-a")
    officer = officer_of(db, side)
    late = active_case(db, world, side, index=0)
    withdrawn = active_case(db, world, side, index=1)
    cases.step(
        session=db,
        user=world.user(db, "USA", Role.case_officer),
        case=withdrawn,
        step=Step.withdraw,
    )
    assert followups.sweep(session=db, today=date(2026, 5, 10)) == []  # the window's last day
    missed = followups.sweep(session=db, today=date(2026, 5, 11))
    assert [(f.case_id, f.months) for f in missed] == [(late.id, 3)]  # not the withdrawn case's
    assert [e.action for e in db.info[audit.PENDING]].count("reintegration.follow_up_missed") == 1
    queue = followups.queue(session=db, user=officer, today=date(2026, 6, 10))
    assert [(c.reference, f.months, f.status) for f, c in queue] == [
        (late.reference, 3, "missed"),
        (late.reference, 6, "due"),  # its window opened on 2026-06-10
    ]
    assert followups.queue(session=db, user=officer, today=date(2026, 6, 9))[1:] == []
    with pytest.raises(Forbidden):
        followups.queue(session=db, user=world.user(db, "USA", Role.case_officer))
    assert (
        followups.queue(
            session=db, user=officer_of(db, provider(db, "prov-b")), today=date(2026, 6, 10)
        )
        == []
    )


def test_retention_starts_when_the_case_has_ended(db: Session, world: World) -> None:
    side = provider(db, "prov-a")
    officer = officer_of(db, side)
    case = active_case(db, world, side)
    survey(db, side, case, 3, date(2026, 4, 10))
    cases.step(session=db, user=officer, case=case, step=Step.close)
    assert case.retain_until is None  # two follow-ups still due
    survey(db, side, case, 6, date(2026, 7, 12))
    followups.sweep(session=db, today=date(2027, 2, 10))  # the 12-month one is missed
    # 24 months after the later of the closure (today) and the missed window's end
    assert case.closed_at is not None
    closed = case.closed_at.date()
    assert case.retain_until == max(date(2029, 2, 9), closed.replace(year=closed.year + 2))


# --- the API ------------------------------------------------------------------------------

API = "/api/v1/reintegration"
PROVIDER, READERS = "provider", "readers"
# (method, path, body, who may: the provider's officer only, or every reader of the case)
ROUTES = [
    ("GET", "cases/{ref}/plan", None, READERS),
    ("POST", "cases/{ref}/plan", {"service_type": "housing", "provider_name": "Hogar"}, PROVIDER),
    ("PATCH", "cases/{ref}/plan/{service}", {"progress": 30}, PROVIDER),
    ("GET", "cases/{ref}/follow-ups", None, READERS),
    ("POST", "cases/{ref}/follow-ups/3", {"answers": {"employment": "full_time"}}, PROVIDER),
]


def _expected(state: str, role: Role, who: str) -> int:
    if role not in CASE_READERS:
        return 403
    if state == "USA" and role in REQUESTING_READERS:
        return 200 if who == READERS else 403
    return 404  # another authority's reintegration officer, or GTM's officers


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_case_routes_per_role_and_provider(
    client: TestClient, db: Session, world: World, route: tuple
) -> None:
    method, path, body, who = route
    side, other = provider(db, "prov-a"), provider(db, "prov-b")
    # accepted three months ago: the 3-month window is open today
    case = active_case(db, world, side, on=utcnow().date() - timedelta(days=91))
    client.post(
        f"{API}/cases/{case.reference}/plan",
        json={
            "service_type": "cash",
            "provider_name": "Banrural",
            "budget_minor": 100000,
            "currency": "GTQ",
        },
        headers=side.headers,
    ).raise_for_status()
    service_id = client.get(f"{API}/cases/{case.reference}/plan", headers=side.headers).json()[
        "services"
    ][0]["id"]
    url = f"{API}/{path.format(ref=case.reference, service=service_id)}"
    for state in ("USA", "GTM", "MEX"):
        for role in Role:
            response = client.request(method, url, json=body, headers=world.headers(state, role))
            assert response.status_code == _expected(state, role, who), (state, role, response.text)
    assert client.request(method, url, json=body, headers=other.headers).status_code == 404
    response = client.request(method, url, json=body, headers=side.headers)
    assert response.is_success, response.text
    if path.endswith("follow-ups/3"):
        assert response.json()["scores"]["economic"] is None  # one answer: not scored
        assert response.json()["status"] == "completed"
    assert client.get(f"{API}/cases/UNKNOWN/plan", headers=side.headers).status_code == 404


def test_the_requesting_state_sees_no_answers(
    client: TestClient, db: Session, world: World
) -> None:
    side = provider(db, "prov-a")
    case = active_case(db, world, side, on=utcnow().date() - timedelta(days=91))
    url = f"{API}/cases/{case.reference}/follow-ups"
    client.post(f"{url}/3", json={"answers": answers(0)}, headers=side.headers).raise_for_status()
    theirs = client.get(url, headers=side.headers).json()[0]
    ours = client.get(url, headers=world.headers("USA", Role.case_officer)).json()[0]
    assert theirs["scores"]["overall"] == 1.0 and theirs["answers"]
    assert (ours["status"], ours["scores"], ours["answers"]) == ("completed", {}, {})


@pytest.mark.parametrize("role", list(Role))
def test_the_queue_per_role(client: TestClient, db: Session, world: World, role: Role) -> None:
    response = client.get(f"{API}/follow-ups/queue", headers=world.headers("GTM", role))
    assert response.status_code == (200 if role is Role.reintegration_officer else 403)
