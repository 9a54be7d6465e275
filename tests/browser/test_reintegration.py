"""From consent to the 12-month follow-up in a real browser: before departure USA's case
officer records the returnee's consent (contact and skills yes, health no) in their language
and the assessment; the person departs; GTM's verifier confirms the arrival with a referral
to a reintegration provider; the provider's officer sees only the consented parts, accepts,
plans a service and records the 3-, 6- and 12-month surveys (their due days moved to today,
as time would) and sees the scores. The pages pass axe."""

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.reintegration import programme
from readmit.reintegration.models import FollowUp, ReintegrationCase
from readmit.transfers import service as transfers
from tests.browser.conftest import LiveServer, browser_page, done, log_in, log_out
from tests.factories import PASSWORD, make_case
from tests.reintegration.cases import provider
from tests.reintegration.followup_cases import expected

if TYPE_CHECKING:
    from playwright.sync_api import Page

SHORT = "gt-ri-browser"
PHONE = "+502 5555 0777"
HEALTH = "needs dialysis twice a week"
OPTION = {3: 2, 6: 1, 12: 0}  # the option chosen for every question of each survey


def axe_clean(page: "Page") -> None:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    assert not result.violations_count, result.generate_report()


def provider_log_in(page: "Page", base: str) -> None:
    from playwright.sync_api import expect

    page.goto(base + "/")
    page.get_by_label("E-mail address").fill(f"officer@{SHORT}.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def survey(page: "Page", months: int) -> None:
    """Answer every question of the survey with its OPTION-th option (or its last)."""
    rules = programme.get("iom-rss")
    form = page.locator(
        "form", has=page.get_by_role("button", name=f"Record the {months}-month survey")
    )
    for indicator in rules.indicators:
        option = indicator.options[min(OPTION[months], len(indicator.options) - 1)]
        group = form.get_by_role("group", name=indicator.question, exact=True)
        group.get_by_label(option.label, exact=True).check()
    form.get_by_role("button", name=f"Record the {months}-month survey").click()
    done(page, "The follow-up survey was recorded and scored.")


@pytest.mark.browser
def test_consent_arrival_referral_plan_and_follow_ups(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    world = live_server.world
    with Session(live_server.engine, expire_on_commit=False) as session:
        case = make_case(session, world, country="GTM", status=Status.transfer_scheduled, index=27)
        side = provider(session, SHORT)
        session.commit()
    detail = f"/applications/{case.id}"

    with browser_page() as page:
        # Before departure: consent field by field, in the returnee's language, and the assessment.
        log_in(page, base, "USA", Role.case_officer, detail)
        page.get_by_role("link", name="Consent, assessment and referral").click()
        page.get_by_label("Language of the returnee").fill("es-GT")
        page.get_by_role("group", name="Contact details", exact=True).get_by_label(
            "Consents"
        ).check()
        page.get_by_role("group", name="Skills", exact=True).get_by_label("Consents").check()
        page.get_by_role("group", name="Health needs", exact=True).get_by_label("Refuses").check()
        page.get_by_role("button", name="Record the decisions").click()
        done(page, "The returnee's decisions were recorded.")
        page.get_by_label("Telephone").fill(PHONE)
        page.get_by_label("Skills, one per line").fill("carpentry\nwelding")
        page.get_by_label("Health needs to plan for").fill(HEALTH)
        page.get_by_role("button", name="Save the assessment").click()
        done(page, "The assessment was saved.")
        axe_clean(page)
        log_out(page)

        # The flight leaves (as test_return does it through its own pages).
        with Session(live_server.engine) as session:
            flight = transfers.for_application(session=session, application=case)
            assert flight is not None
            flight.departure_at = utcnow() - timedelta(hours=3)
            transfers.depart(
                session=session,
                user=world.user(session, "USA", Role.case_officer),
                transfer=flight,
                departed_at=utcnow() - timedelta(hours=2),
            )
            session.commit()

        # The requested state confirms the arrival, referring the person to the provider.
        log_in(page, base, "GTM", Role.verifier, detail)
        report = page.get_by_role("group", name="Report the arrival")
        report.get_by_label("Arrived").check()
        report.get_by_label("Reintegration provider").select_option(str(side.authority_id))
        axe_clean(page)
        page.get_by_role("button", name="Record").click()
        page.get_by_role("button", name="Yes, record the arrival").click()
        done(page, "The arrival was recorded and the case closed.")
        log_out(page)

        # The provider's officer sees the consented parts only, and accepts.
        provider_log_in(page, base)
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Reintegration"
        ).click()
        cases = page.get_by_role("region", name="Reintegration cases")
        cases.get_by_role("link", name="RI-GTM-").click()
        main = page.get_by_role("main")
        expect(main).to_contain_text(PHONE)
        expect(main).to_contain_text("carpentry, welding")
        expect(main).not_to_contain_text(HEALTH)
        axe_clean(page)
        page.get_by_role("button", name="Accept the referral").click()
        done(page, "The referral was accepted; the follow-ups are scheduled.")
        expect(page.locator("#case-status")).to_have_text("Active")

        plan = page.get_by_role("group", name="Add a service to the plan")
        plan.get_by_label("Service").select_option("job_placement")
        plan.get_by_label("Provided by").fill("Cooperativa El Esfuerzo")
        plan.get_by_label("Budget").fill("2400")
        plan.get_by_label("Currency").fill("GTQ")
        page.get_by_role("button", name="Add the service").click()
        done(page, "The service was added to the plan.")
        expect(page.get_by_role("region", name="Services of the plan")).to_contain_text(
            "2400.00 GTQ"
        )

        with Session(live_server.engine) as session:
            reference = session.scalars(
                select(ReintegrationCase.reference).where(
                    ReintegrationCase.application_id == case.id
                )
            ).one()
        for months in (3, 6, 12):
            # Time passes: this follow-up falls due today.
            with Session(live_server.engine) as session:
                follow_up = session.scalars(
                    select(FollowUp)
                    .join(ReintegrationCase, ReintegrationCase.id == FollowUp.case_id)
                    .where(ReintegrationCase.reference == reference, FollowUp.months == months)
                ).one()
                follow_up.due_on = utcnow().date()
                follow_up.window_ends = follow_up.due_on + timedelta(days=30)
                session.commit()
            page.reload()
            survey(page, months)
            scores = expected(OPTION[months])
            row = page.get_by_role("row", name=f"{months} months")
            expect(row).to_contain_text("Completed")
            expect(row).to_contain_text(f"{scores.overall:.2f}")
        axe_clean(page)

        page.get_by_role("link", name="All reintegration cases").click()
        page.get_by_role("link", name="Sustainability outcomes").click()
        outcomes = page.get_by_role("region", name="Sustainability outcomes")
        expect(outcomes.get_by_role("row", name="12 months")).to_contain_text("1")
        axe_clean(page)
