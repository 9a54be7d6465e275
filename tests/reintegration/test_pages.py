"""The reintegration pages per role: the requesting state's consent, assessment and referral
page; the provider's list, case, plan, follow-up survey and outcomes. Another provider's
officer gets 404, a role that may not act 403; the provider's pages never show a field the
returnee did not consent to, nor anything about protection (asserted on the HTML)."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.models import Application
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind, TraffickingScreening
from readmit.reintegration import followups, providers, referral
from readmit.reintegration import service as cases
from readmit.reintegration.access import CASE_READERS, REQUESTING_READERS, REQUESTING_WRITERS
from readmit.reintegration.lifecycle import Step
from readmit.reintegration.models import ReintegrationCase
from readmit.reintegration.schemas import ProviderIn, ReferralIn
from tests.factories import AUTHORITIES, World, make_case
from tests.pages.browsing import login, token_of
from tests.reintegration.cases import SECRETS, consented, officer, provider, referred
from tests.reintegration.followup_cases import answers

# Anything that would tell the country of origin about a protection claim or hold.
PROTECTION = re.compile(
    r"asylum|asilo|withholding|traffick|debt_bondage|documents_withheld|stateless"
    r"|refugee|torture|suspen|protection|庇护|难民",
    re.IGNORECASE,
)
# How each secret of the assessment shows on a page (vulnerability: its category's words).
SHOWN = {**SECRETS, "vulnerability": "Single parent"}


def home_provider(db: Session, world: World, regions: tuple[str, ...] = ("Xela",)) -> int:
    """The seeded GTM authority registered as a provider: its seeded reintegration officer
    logs in through the form (a user made inside the test's transaction could not, since
    passwords are checked outside it)."""
    providers.add(
        session=db,
        payload=ProviderIn(
            authority=AUTHORITIES["GTM"], programme="iom-rss", regions=list(regions)
        ),
    )
    return world.user(db, "GTM", Role.reintegration_officer).authority_id


def provider_login(client: TestClient) -> str:
    """Log in as the home provider's reintegration officer; the session's CSRF token."""
    return as_user(client, "GTM", Role.reintegration_officer)


def as_user(client: TestClient, state: str, role: Role) -> str:
    client.cookies.clear()
    return login(client, state, role)


def refer_to(db: Session, world: World, app: Application, authority_id: int) -> ReintegrationCase:
    """The application referred to the provider before departure."""
    return referral.refer(
        session=db,
        user=officer(db, world),
        application=app,
        payload=ReferralIn(provider_id=authority_id),
    )


@pytest.fixture
def referred_case(db: Session, world: World) -> ReintegrationCase:
    """A USA→GTM returnee who consented to contact and skills only, referred to the home
    provider."""
    app = consented(db, world, fields={"contact": True, "skills": True, "health": False})
    case = refer_to(db, world, app, home_provider(db, world))
    db.commit()
    return case


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("state", ["USA", "GTM"])
def test_who_sees_a_case(
    client: TestClient, referred_case: ReintegrationCase, role: Role, state: str
) -> None:
    case = referred_case
    login(client, state, role)
    page = client.get(f"/reintegration/cases/{case.reference}")
    if role not in CASE_READERS:
        expected = 403
    elif state == "USA" and role in REQUESTING_READERS:
        expected = 200
    elif state == "GTM" and role is Role.reintegration_officer:
        expected = 200  # the provider's
    else:  # the requested state's other roles, a requesting state's reintegration officer
        expected = 404
    assert page.status_code == expected
    listing = client.get("/reintegration")
    assert listing.status_code == (200 if role in CASE_READERS else 403)
    assert (case.reference in listing.text) == (expected == 200)
    departure = client.get(f"/applications/{case.application_id}/reintegration")
    if state == "USA":
        assert departure.status_code == (200 if role in REQUESTING_WRITERS else 403)
    else:
        assert departure.status_code in (403, 404)


def test_another_provider_sees_nothing(client: TestClient, db: Session, world: World) -> None:
    home_provider(db, world)
    other = provider(db, "gt-ri-b")
    case = referred(db, world, consented(db, world), other)
    db.commit()
    provider_login(client)
    assert client.get(f"/reintegration/cases/{case.reference}").status_code == 404
    assert case.reference not in client.get("/reintegration").text
    token = token_of(client.get("/reintegration").text)
    accepted = client.post(
        f"/reintegration/cases/{case.reference}/accept", data={"csrf_token": token}
    )
    assert accepted.status_code == 404


def test_the_provider_sees_only_consented_parts_and_a_withdrawal_at_once(
    client: TestClient, db: Session, world: World, referred_case: ReintegrationCase
) -> None:
    case = referred_case
    provider_login(client)
    page = client.get(f"/reintegration/cases/{case.reference}").text
    for field, words in SHOWN.items():
        assert (words in page) == (field in ("contact", "skills")), field
    assert "/applications/" not in page  # the provider gets no link to the application
    token = as_user(client, "USA", Role.case_officer)
    withdrawn = client.post(
        f"/applications/{case.application_id}/reintegration/consent/contact/withdraw",
        data={"csrf_token": token, "withdraw-contact-language": "es-GT"},
        follow_redirects=True,
    )
    assert "The consent was withdrawn" in withdrawn.text
    provider_login(client)
    page = client.get(f"/reintegration/cases/{case.reference}").text
    assert SECRETS["contact"] not in page and SECRETS["skills"] in page


def test_nothing_about_protection_reaches_the_provider(
    client: TestClient, db: Session, world: World
) -> None:
    app = consented(db, world)
    case = refer_to(db, world, app, home_provider(db, world))
    db.add(
        TraffickingScreening(
            application_id=app.id,
            indicators=["debt_bondage"],
            note="trafficked by a recruiter",
            opened_by_id=officer(db, world).id,
        )
    )
    protection.open_flag(
        session=db,
        user=world.user(db, "USA", Role.protection_officer),
        application=app,
        kind=ProtectionKind.asylum_pending,
        note="Fears persecution",
    )
    db.commit()
    provider_login(client)
    for path in ("/", "/reintegration", f"/reintegration/cases/{case.reference}"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert not PROTECTION.search(page.text), (path, PROTECTION.search(page.text))
    assert client.get("/reintegration/outcomes").status_code == 200
    assert not PROTECTION.search(client.get("/reintegration/outcomes").text)


def test_consent_assessment_and_referral_through_the_forms(
    client: TestClient, db: Session, world: World
) -> None:
    from readmit.applications.enums import Status

    app = make_case(db, world, country="GTM", status=Status.transfer_scheduled)
    home = home_provider(db, world, regions=("Quetzaltenango", "Huehuetenango"))
    db.commit()
    base = f"/applications/{app.id}/reintegration"
    token = login(client, "USA", Role.case_officer)
    assert "Consent, assessment and referral" in client.get(f"/applications/{app.id}").text
    form = client.get(base).text
    assert 'name="csrf_token"' in form and "<script" not in form
    nothing = client.post(f"{base}/consent", data={"csrf_token": token, "consent-language": "es"})
    assert nothing.status_code == 422 and "Record at least one decision" in nothing.text
    bad = client.post(
        f"{base}/consent",
        data={"csrf_token": token, "consent-language": "Spanish!", "consent-contact": "granted"},
    )
    assert bad.status_code == 422 and 'id="consent-language-error"' in bad.text
    given = client.post(
        f"{base}/consent",
        data={
            "csrf_token": token,
            "consent-language": "mam-GT",
            "consent-contact": "granted",
            "consent-family": "refused",
        },
        follow_redirects=True,
    )
    assert "The returnee&#39;s decisions were recorded." in given.text
    assert "mam-GT" in given.text
    assessed = {
        "csrf_token": token,
        "contact-phone": "+502 5555 0199",
        "skills-skills": "welding\nmasonry",
        "family-children": "3",
        "vulnerability-categories": ["single_parent", "disability"],
        "health-needs": "Has an asylum claim pending",
    }
    refused = client.post(f"{base}/assessment", data=assessed)
    assert refused.status_code == 422
    assert 'id="health-needs-error"' in refused.text and "protection claim" in refused.text
    assessed["health-needs"] = "needs glasses"
    saved = client.post(f"{base}/assessment", data=assessed, follow_redirects=True)
    assert "The assessment was saved." in saved.text and "masonry" in saved.text
    wrong = client.post(
        f"{base}/referral",
        data={"csrf_token": token, "provider_id": str(home), "region": "Petén"},
    )
    assert wrong.status_code == 422 and 'id="region-error"' in wrong.text
    done = client.post(
        f"{base}/referral",
        data={
            "csrf_token": token,
            "provider_id": str(home),
            "region": "Huehuetenango",
        },
        follow_redirects=True,
    )
    assert "The returnee was referred" in done.text
    case = db.query(ReintegrationCase).filter_by(application_id=app.id).one()
    assert case.region == "Huehuetenango"
    section = client.get(f"/applications/{app.id}").text
    assert case.reference in section
    provider_login(client)
    page = client.get(f"/reintegration/cases/{case.reference}").text
    assert "+502 5555 0199" in page and "masonry" not in page and "glasses" not in page


def test_plan_and_survey_through_the_forms(client: TestClient, db: Session, world: World) -> None:
    home = home_provider(db, world)
    today = utcnow().date()
    case = refer_to(db, world, consented(db, world), home)
    when = datetime.combine(today - timedelta(days=92), time(9), tzinfo=UTC)
    steward = world.user(db, "GTM", Role.reintegration_officer)
    cases.step(session=db, user=steward, case=case, step=Step.accept, now=when)
    db.commit()
    base = f"/reintegration/cases/{case.reference}"
    token = provider_login(client)
    page = client.get(base).text
    assert "Record the 3-month survey" in page and "Record the 6-month survey" not in page
    assert page.count('type="radio"') >= 15 * 2
    bad = client.post(
        f"{base}/plan",
        data={
            "csrf_token": token,
            "service_type": "job_placement",
            "provider_name": "",
            "budget": "1,5x",
        },
    )
    assert bad.status_code == 422 and 'id="budget-error"' in bad.text
    added = client.post(
        f"{base}/plan",
        data={
            "csrf_token": token,
            "service_type": "skills_training",
            "provider_name": "INTECAP Xela",
            "budget": "1500.50",
            "currency": "GTQ",
            "starts_on": "2026-02-01",
            "ends_on": "2026-01-01",
        },
    )
    assert added.status_code == 422 and 'id="ends_on-error"' in added.text
    added = client.post(
        f"{base}/plan",
        data={
            "csrf_token": token,
            "service_type": "skills_training",
            "provider_name": "INTECAP Xela",
            "budget": "1500.50",
            "currency": "GTQ",
        },
        follow_redirects=True,
    )
    assert "The service was added to the plan." in added.text and "1500.50 GTQ" in added.text
    service_id = re.search(r'id="service-(\d+)"', added.text).group(1)  # type: ignore[union-attr]
    changed = client.post(
        f"{base}/plan/{service_id}",
        data={
            "csrf_token": token,
            f"service-{service_id}-status": "in_progress",
            f"service-{service_id}-progress": "40",
            f"service-{service_id}-note": "",
        },
        follow_redirects=True,
    )
    assert "The service was updated." in changed.text and "40%" in changed.text
    survey = {"csrf_token": token} | {f"s3-{k}": v for k, v in answers(0).items()}
    survey["s3-employment"] = "astronaut"
    refused = client.post(f"{base}/follow-ups/3", data=survey)
    assert refused.status_code == 422 and 'id="s3-employment-error"' in refused.text
    survey["s3-employment"] = "full_time"
    recorded = client.post(f"{base}/follow-ups/3", data=survey, follow_redirects=True)
    assert "The follow-up survey was recorded and scored." in recorded.text
    assert "1.00" in recorded.text  # every answer the best: each score is 1
    assert next(f.status for f in followups.of_case(session=db, case=case)) == "completed"
    outcomes = client.get("/reintegration/outcomes?by=service_type").text
    assert "Skills training" in outcomes and "1.00" in outcomes
    # The requesting state sees that it was done, not the answers or scores.
    as_user(client, "USA", Role.case_officer)
    requesting = client.get(base).text
    assert "Completed" in requesting and "1.00" not in requesting
    assert "Record the 3-month survey" not in requesting


@pytest.mark.parametrize(
    ("state", "role", "code"),
    [
        ("USA", Role.analyst, 200),
        ("GTM", Role.supervisor, 200),
        ("USA", Role.case_officer, 403),
        ("GTM", Role.verifier, 403),
    ],
)
def test_who_sees_the_outcomes(client: TestClient, state: str, role: Role, code: int) -> None:
    login(client, state, role)
    page = client.get("/reintegration/outcomes?side=requested&by=region")
    assert page.status_code == code
    if code == 200:
        assert "Sustainability outcomes" in page.text
