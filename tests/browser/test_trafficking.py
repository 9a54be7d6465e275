"""Trafficking screening and statelessness in a real browser: a case officer ticks signs of
trafficking on the new application form and the draft is held; a protection officer finds it
among the decisions due and decides "presumed victim", so the reflection period shows and the
case cannot go on; a case rejected as "not a national" is referred to statelessness
determination; the requested state's verifier sees none of it. The three officers are the
test's own, so languages or roles other tests give the seeded users do not reach it."""

import re
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.protection.models import INDICATOR_LABELS, TraffickingIndicator
from readmit.verification import service as verification
from readmit.verification.schemas import DecisionIn
from tests.browser.accounts import add_user, log_in_as
from tests.browser.conftest import LiveServer, browser_page, done, log_out
from tests.factories import make_case
from tests.protection_cases import assert_untold

SIGNS = (TraffickingIndicator.documents_withheld, TraffickingIndicator.debt_bondage)
REASON = "Credible account of a debt worked off in a restaurant, passport kept by the owner"
# USA-CHN's recovery and reflection period (agreements/*.yaml: reflection_period_days).
REFLECTION_DAYS = 30
OFFICER = "kim.case@us-ero.test"
GUARD = "lee.protection@us-ero.test"
VERIFIER = "wu.verifier@cn-nia.test"


def _rejected_as_not_national(live_server: LiveServer) -> tuple[int, str]:
    """A USA→CHN case (register person 53) that CHN's verifier rejected as "not a national"."""
    world = live_server.world
    with Session(live_server.engine, expire_on_commit=False) as session:
        case = make_case(session, world, status=Status.under_verification, index=53)
        verification.decide(
            session=session,
            user=world.user(session, "CHN", Role.verifier),
            application=case,
            decision=DecisionIn(
                decision="reject", reason_code="not_a_national", reason="No such citizen"
            ),
        )
        session.commit()
        assert case.status == Status.rejected
        return case.id, case.reference


@pytest.mark.browser
def test_screen_at_intake_decide_presumed_victim_and_refer_a_stateless_person(
    live_server: LiveServer,
) -> None:
    from playwright.sync_api import expect

    base, world = live_server.url, live_server.world
    person = world.registers["CHN"][52]
    refused_id, refused_ref = _rejected_as_not_national(live_server)
    add_user(live_server, "USA", Role.case_officer, OFFICER, "Kim Case")
    add_user(live_server, "USA", Role.protection_officer, GUARD, "Lee Protection")
    add_user(live_server, "CHN", Role.verifier, VERIFIER, "Wu Verifier")
    refused_detail = f"/applications/{refused_id}"
    today = utcnow().date()
    ends = (today + timedelta(days=REFLECTION_DAYS)).isoformat()

    with browser_page() as page:
        # The case officer ticks two signs of trafficking on the new application form.
        log_in_as(page, base, OFFICER, "/applications/new")
        page.get_by_label("Requested state").select_option("CHN")
        name = page.get_by_role("group", name="Name 1 (required)")
        name.get_by_label("Family name").fill(person.family_name_latin)
        name.get_by_label("Given names").fill(person.given_names_latin)
        name.get_by_label("Source of this name").select_option("document")
        page.get_by_label("Sex", exact=True).select_option(person.sex)
        page.get_by_label("Date of birth").fill(person.birth_date.isoformat())
        signs = page.get_by_role("group", name="Signs of trafficking")
        for sign in SIGNS:
            signs.get_by_label(INDICATOR_LABELS[sign]).check()
        page.get_by_role("button", name="Save draft application").click()
        done(page, "The application was created as a draft.")
        found = re.search(r"/applications/(\d+)", page.url)
        assert found, page.url
        detail = f"/applications/{found.group(1)}"
        ref = (
            page.get_by_text(re.compile(r"Application USA-CHN-\d{4}-\d{6}"))
            .inner_text()
            .removeprefix("Application ")
            .strip()
        )
        expect(page.get_by_text("Signs of trafficking were noted at intake")).to_be_visible()

        # The draft is held: submitting is refused, with the reason in words, on the
        # confirmation page.
        page.get_by_role("button", name="Submit", exact=True).click()
        page.get_by_role("button", name="Yes, submit").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "a trafficking screening awaits a protection officer's decision"
        )
        page.goto(base + detail)
        expect(page.locator("dl.facts strong")).to_have_text("Draft")
        log_out(page)

        # The protection officer finds both cases among the decisions due.
        log_in_as(page, base, GUARD)
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Protection decisions"
        ).click()
        expect(page.get_by_role("heading", name="Protection decisions due")).to_be_visible()
        held = page.get_by_role("row", name=re.compile(re.escape(ref)))
        expect(held).to_contain_text("Trafficking indicators screened at intake: decide")
        refused = page.get_by_role("row", name=re.compile(re.escape(refused_ref)))
        expect(refused).to_contain_text("Rejected as not a national")

        # On the panel: the signs in words, and the decision "presumed victim" with a reason.
        held.get_by_role("link", name=ref).click()
        for sign in SIGNS:
            expect(page.get_by_text(INDICATOR_LABELS[sign])).to_be_visible()
        page.get_by_role("group", name="Decision").get_by_label(
            "Presumed victim of trafficking"
        ).check()
        page.get_by_label("Reason", exact=True).fill(REASON)
        page.get_by_role("button", name="Record the decision").click()
        done(page, "Your decision on the screening was recorded.")
        expect(page.get_by_text(f"Reflection period ends on {ends}")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("^Presumed victim"))).to_contain_text("Open")

        # Back on the list, the held case is no longer due; the rejected one still is.
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Protection decisions"
        ).click()
        expect(page.get_by_role("row", name=re.compile(re.escape(ref)))).to_have_count(0)
        expect(page.get_by_role("row", name=re.compile(re.escape(refused_ref)))).to_have_count(1)

        # The stateless person: referred to statelessness determination from the panel.
        page.get_by_role("link", name=refused_ref).click()
        section = page.locator("form", has=page.get_by_label("Date of the referral"))
        section.get_by_label("Referred to statelessness determination").check()
        section.get_by_label("Note").fill("Determination requested from the national office")
        section.get_by_role("button", name="Record the decision").click()
        done(page, "Your decision was recorded.")
        expect(page.get_by_text(f"Referred on {today.isoformat()}")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("^Stateless"))).to_contain_text("Open")
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Protection decisions"
        ).click()
        expect(page.get_by_role("heading", name="Protection decisions due")).to_be_visible()
        for decided in (ref, refused_ref):
            expect(page.get_by_role("link", name=decided)).to_have_count(0)
        log_out(page)

        # The case officer reads the reflection period; no step towards removal is possible.
        log_in_as(page, base, OFFICER, detail)
        expect(page.locator("dl.facts strong")).to_have_text("Suspended")
        expect(page.get_by_role("main")).to_contain_text(
            f"The reflection period of the presumed victim of trafficking ends on {ends}."
        )
        expect(page.get_by_role("button", name="Submit", exact=True)).to_have_count(0)
        page.get_by_role("button", name="Resume", exact=True).click()
        expect(page.get_by_role("main")).to_contain_text(
            "Resume refused: an open protection hold blocks this step"
        )
        page.goto(base + refused_detail)
        expect(page.get_by_role("main")).to_contain_text(
            f"Referred to statelessness determination on {today.isoformat()}."
        )
        log_out(page)

        # The requested state's verifier: the held draft was never sent, the referred case is
        # only "suspended by the requesting state", and the protection panel does not exist.
        log_in_as(page, base, VERIFIER)
        assert_untold(page.content())
        expect(page.get_by_role("link", name=ref)).to_have_count(0)
        missing = page.goto(base + detail)
        assert missing is not None and missing.status == 404
        assert_untold(page.content())
        page.goto(base + refused_detail)
        expect(page.get_by_role("main")).to_contain_text("Suspended by the requesting state")
        assert_untold(page.content())
        panel = page.goto(base + refused_detail + "/protection")
        assert panel is not None and panel.status == 404
        assert_untold(page.content())
        page.goto(base + "/search?reference=" + refused_ref)
        expect(page.get_by_role("link", name=refused_ref)).to_be_visible()
        assert_untold(page.content())
        page.goto(base + "/search?reference=" + ref)
        expect(page.get_by_role("status")).to_have_text("0 cases found.")
