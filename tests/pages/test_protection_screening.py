"""The pages of trafficking screening and statelessness: the intake checklist, the protection
officer's decisions on the panel, the list of decisions due, and what the requested state sees
(nothing)."""

from datetime import timedelta
from html import escape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.protection import statelessness, trafficking
from readmit.protection.models import INDICATOR_LABELS, ScreeningOutcome, StatelessnessOutcome
from tests.factories import World
from tests.pages.browsing import login
from tests.protection_cases import assert_untold, rejected, screened_draft


def _intake(token: str, world: World, **extra: object) -> dict[str, object]:
    person = world.registers["CHN"][0]
    return {
        "csrf_token": token,
        "requested_state": "CHN",
        "procedure": "normal",
        "names-0-family": person.family_name_latin,
        "names-0-given": person.given_names_latin,
        "names-0-source": "document",
        "birth_date": person.birth_date.isoformat(),
        **extra,
    }


def _as(client: TestClient, state: str, role: Role) -> str:
    client.cookies.clear()
    return login(client, state, role)


# --- intake --------------------------------------------------------------------------------


def test_the_form_asks_each_sign_in_words(client: TestClient) -> None:
    login(client, "USA", Role.case_officer)
    page = client.get("/applications/new").text
    assert "<legend>Signs of trafficking</legend>" in page
    for code, words in INDICATOR_LABELS.items():
        assert f'<label for="trafficking_indicators-{code}">{escape(words)}</label>' in page
        assert f">{code}<" not in page


def test_a_ticked_sign_holds_the_draft_for_a_protection_officer(
    client: TestClient, world: World
) -> None:
    token = login(client, "USA", Role.case_officer)
    signs = ["documents_withheld", "threats_or_violence"]
    created = client.post(
        "/applications",
        data=_intake(token, world, trafficking_indicators=signs),
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    case_page = created.headers["location"].split("?")[0]
    detail = client.get(case_page).text
    assert "Signs of trafficking were noted at intake" in detail
    submitted = client.post(
        f"{case_page}/actions/submit", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert submitted.status_code == 409
    assert "trafficking screening awaits a protection officer" in submitted.text
    panel = client.get(f"{case_page}/protection").text
    for code in signs:
        assert escape(INDICATOR_LABELS[code]) in panel  # type: ignore[index]
    assert "Record the decision" not in panel  # a case officer does not decide


def test_a_refused_form_keeps_the_ticked_signs(client: TestClient, world: World) -> None:
    token = login(client, "USA", Role.case_officer)
    refused = client.post(
        "/applications",
        data=_intake(token, world, birth_date="1990-13", trafficking_indicators=["debt_bondage"]),
    )
    assert refused.status_code == 422
    assert 'value="debt_bondage" checked' in refused.text
    assert 'value="wages_withheld">' in refused.text


def test_the_protection_officer_decides_with_a_reason(
    client: TestClient, db: Session, world: World
) -> None:
    case = screened_draft(db, world)
    (screening,) = trafficking.list_screenings(
        session=db, user=world.user(db, "USA", Role.protection_officer), application=case
    )
    token = login(client, "USA", Role.protection_officer)
    action = f"/applications/{case.id}/protection/screenings/{screening.id}/decision"
    missing = client.post(
        action, data={"csrf_token": token, "outcome": ScreeningOutcome.presumed_victim}
    )
    assert missing.status_code == 422
    assert f'href="#screening-{screening.id}-reason"' in missing.text
    assert 'value="presumed_victim" checked' in missing.text
    decided = client.post(
        action,
        data={"csrf_token": token, "outcome": "presumed_victim", "reason": "Credible account"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    ends = (utcnow().date() + timedelta(days=30)).isoformat()
    panel = client.get(decided.headers["location"]).text
    assert "Your decision on the screening was recorded." in panel
    assert f"Reflection period ends on {ends}" in panel
    assert "Presumed victim of trafficking" in panel
    detail = client.get(f"/applications/{case.id}").text
    assert f"reflection period of the presumed victim of trafficking ends on {ends}" in detail
    assert "<strong>Suspended</strong>" in detail


# --- statelessness ---------------------------------------------------------------------------


def test_a_claim_and_the_new_application_to_the_claiming_state(
    client: TestClient, db: Session, world: World
) -> None:
    case = rejected(db, world)
    _as(client, "USA", Role.case_officer)
    assert (
        "the person is not its national. A protection officer must refer"
        in client.get(f"/applications/{case.id}").text
    )
    token = _as(client, "USA", Role.protection_officer)
    action = f"/applications/{case.id}/protection/statelessness"
    incomplete = client.post(
        action, data={"csrf_token": token, "outcome": "claimed", "note": "Consul called"}
    )
    assert incomplete.status_code == 422
    assert 'href="#claiming_state"' in incomplete.text
    assert 'value="claimed" checked' in incomplete.text and "Consul called" in incomplete.text
    claimed = client.post(
        action,
        data={"csrf_token": token, "outcome": "claimed", "claiming_state": "GTM"},
        follow_redirects=False,
    )
    assert claimed.status_code == 303
    assert "Claimed as a national by another state" in client.get(claimed.headers["location"]).text
    token = _as(client, "USA", Role.case_officer)
    detail = client.get(f"/applications/{case.id}").text
    assert "GTM claims the person as its national." in detail
    assert "Start a new application to GTM" in detail
    started = client.post(
        f"/applications/{case.id}/protection/statelessness/follow-up",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert started.status_code == 303
    new_page = client.get(started.headers["location"]).text
    assert "A new draft application to the state that claims the person" in new_page
    assert f">{case.reference}</a>, after CHN answered" in new_page
    assert "Start a new application" not in client.get(f"/applications/{case.id}").text


def test_a_referral_on_the_panel(client: TestClient, db: Session, world: World) -> None:
    case = rejected(db, world)
    token = login(client, "USA", Role.protection_officer)
    day = utcnow().date().isoformat()
    referred = client.post(
        f"/applications/{case.id}/protection/statelessness",
        data={"csrf_token": token, "outcome": "referred", "referred_on": day},
        follow_redirects=False,
    )
    assert referred.status_code == 303
    panel = client.get(f"/applications/{case.id}/protection").text
    assert f"Referred on {day}" in panel and "Stateless person" in panel
    assert 'name="outcome"' not in panel.split('id="statelessness"')[1]  # decided
    assert (
        f"Referred to statelessness determination on {day}."
        in client.get(f"/applications/{case.id}").text
    )


# --- the list of decisions due ---------------------------------------------------------------


def test_the_list_of_decisions_due(client: TestClient, db: Session, world: World) -> None:
    draft, refused = screened_draft(db, world), rejected(db, world)
    login(client, "USA", Role.protection_officer)
    home = client.get("/").text
    assert 'href="/protection/decisions"' in home
    page = client.get("/protection/decisions")
    assert page.status_code == 200
    assert draft.reference in page.text and refused.reference in page.text
    assert "Trafficking indicators screened at intake: decide" in page.text
    assert "Rejected as not a national: refer to statelessness determination" in page.text
    statelessness.decide(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=refused,
        outcome=StatelessnessOutcome.referred,
    )
    db.commit()
    assert refused.reference not in client.get("/protection/decisions").text


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_the_list_of_decisions_due(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    refused = rejected(db, world)
    for state in ("USA", "CHN"):
        _as(client, state, role)
        page = client.get("/protection/decisions")
        allowed = role in (Role.protection_officer, Role.supervisor)
        assert page.status_code == (200 if allowed else 403)
        assert refused.reference not in page.text or state == "USA"


@pytest.mark.parametrize("role", list(Role))
def test_who_may_post_the_decisions(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    draft, refused = screened_draft(db, world), rejected(db, world)
    (screening,) = trafficking.list_screenings(
        session=db, user=world.user(db, "USA", Role.supervisor), application=draft
    )
    db.commit()
    posts = [
        (
            f"/applications/{draft.id}/protection/screenings/{screening.id}/decision",
            {"outcome": "not_confirmed", "reason": "No sign confirmed"},
        ),
        (f"/applications/{refused.id}/protection/statelessness", {"outcome": "referred"}),
    ]
    for state in ("CHN", "GTM"):
        token = _as(client, state, role)
        for url, data in posts:
            assert client.post(url, data={"csrf_token": token, **data}).status_code == 404
    token = _as(client, "USA", role)
    for url, data in posts:
        answer = client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
        allowed = role in (Role.protection_officer, Role.supervisor)
        assert answer.status_code == (303 if allowed else 403), (url, answer.text[:300])


# --- the requested state ---------------------------------------------------------------------


def test_the_requested_state_sees_nothing_of_it(
    client: TestClient, db: Session, world: World
) -> None:
    referred = rejected(db, world)
    statelessness.decide(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=referred,
        outcome=StatelessnessOutcome.referred,
        note="Determination requested",
    )
    screened = screened_draft(db, world)
    guard = world.user(db, "USA", Role.protection_officer)
    (screening,) = trafficking.list_screenings(session=db, user=guard, application=screened)
    trafficking.decide(
        session=db,
        user=guard,
        application=screened,
        screening_id=screening.id,
        outcome=ScreeningOutcome.not_confirmed,
        reason="Nothing confirmed on interview",
    )
    applications.transition(
        session=db,
        user=world.user(db, "USA", Role.case_officer),
        application=screened,
        action="submit",
    )
    db.commit()
    assert referred.status == Status.suspended
    for role in Role:
        token = _as(client, "CHN", role)
        for case in (referred, screened):
            detail = client.get(f"/applications/{case.id}")
            assert detail.status_code == 200
            assert_untold(detail.text)
            assert client.get(f"/applications/{case.id}/protection").status_code == 404
        assert (
            "Suspended by the requesting state" in client.get(f"/applications/{referred.id}").text
        )
        assert_untold(client.get("/").text)
        follow_up = client.post(
            f"/applications/{referred.id}/protection/statelessness/follow-up",
            data={"csrf_token": token},
        )
        assert follow_up.status_code == 404
