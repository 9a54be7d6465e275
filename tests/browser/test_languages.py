"""The main flow in Chinese and in Spanish: the language picked on the login page, kept with
the user at the next login; a case officer opens and submits an application through its
confirmation page; the requested state's verifier receives it and confirms the identity. Each
step's words are the catalogue's, never English, with dates written the reader's way."""

import re

import pytest

from readmit import i18n
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.i18n.formats import format_date
from readmit.labels import label
from readmit.web.middleware import LANGUAGE_COOKIE
from tests.browser.accounts import add_user
from tests.browser.conftest import CHROMIUM_ARGS, LiveServer, need_chromium
from tests.factories import PASSWORD


def words(locale: str, message: str) -> str:
    """A message as the catalogue gives it in the language, which must not be English."""
    with i18n.using(locale):
        translated = i18n.gettext(message)
    assert translated != message, f"{message!r} is not translated into {locale}"
    return translated


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["zh_Hans", "es"])
def test_main_flow_in_each_language(live_server: LiveServer, locale: str) -> None:
    from playwright.sync_api import Page, expect, sync_playwright

    need_chromium()
    base, world = live_server.url, live_server.world
    person = world.registers["CHN"][2 if locale == "es" else 3]
    t = lambda message: words(locale, message)  # noqa: E731
    # Users of this test's own: the language they pick stays with them, not with the seeded
    # users other browser tests log in as.
    emails = {
        state: f"{locale.lower()}-{role.value}@{state.lower()}.languages.test"
        for state, role in (("USA", Role.case_officer), ("CHN", Role.verifier))
    }
    add_user(live_server, "USA", Role.case_officer, emails["USA"], "Language Officer")
    add_user(live_server, "CHN", Role.verifier, emails["CHN"], "Language Verifier")

    def log_in(page: Page, state: str, path: str = "/") -> None:
        page.goto(base + path)
        page.locator("#email").fill(emails[state])
        page.locator("#password").fill(PASSWORD)
        page.get_by_role("button", name=t("Log in")).click()
        expect(page.get_by_role("button", name=t("Log out"))).to_be_visible()

    def log_out(page: Page) -> None:
        page.get_by_role("button", name=t("Log out")).click()
        page.context.clear_cookies(name="readmit_session")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(locale="en-US")
            page = context.new_page()
            # An English browser; the reader picks the language on the login page.
            page.goto(base + "/login")
            expect(page.locator("html")).to_have_attribute("lang", "en")
            page.locator("#language-picker").select_option(locale)
            page.get_by_role("button", name="Change").click()
            expect(page.locator("html")).to_have_attribute("lang", i18n.TAGS[locale])
            expect(page.get_by_role("heading", name=t("Log in"))).to_be_visible()

            log_in(page, "USA")
            page.get_by_role("navigation").get_by_role("link", name=t("New application")).click()
            page.locator("#requested_state").select_option("CHN")
            page.locator("#names-0-family").fill(person.family_name_latin)
            page.locator("#names-0-given").fill(person.given_names_latin)
            page.locator("#names-0-source").select_option("document")
            page.locator("#sex").select_option(person.sex)
            page.locator("#birth_date").fill(person.birth_date.isoformat())
            page.locator("#documents-0-type").select_option("national_id")
            page.locator("#documents-0-number").fill(person.national_id)
            page.locator("#documents-0-issuing_state").fill("CHN")
            page.get_by_role("button", name=t("Save draft application")).click()
            expect(page.get_by_role("status").first).to_have_text(
                t("The application was created as a draft.")
            )
            detail = re.search(r"/applications/\d+", page.url)
            assert detail, page.url
            with i18n.using(locale):
                draft = label("draft", "status")
                submitted = label("submitted", "status")
                confirmed = label("confirmed", "status")
                opened = format_date(utcnow())
                submit = label("submit", "action")
            expect(page.locator("dl.facts strong")).to_have_text(draft)
            expect(page.get_by_role("main")).to_contain_text(opened)
            page.get_by_role("button", name=submit, exact=True).click()
            expect(page.get_by_role("heading", name=t("Submit the application?"))).to_be_visible()
            page.get_by_role("button", name=t("Yes, submit")).click()
            expect(page.locator("dl.facts strong")).to_have_text(submitted)
            log_out(page)

            # The language stays with the user: a fresh browser speaking English logs the
            # verifier of the other side in; the case officer's choice is not theirs.
            verifier = browser.new_context(locale="en-US").new_page()
            verifier.goto(base + "/login")
            verifier.locator("#language-picker").select_option(locale)
            verifier.get_by_role("button", name="Change").click()
            log_in(verifier, "CHN", detail.group() + "/verify")
            verifier.get_by_role("button", name=t("Receive"), exact=True).click()
            verifier.get_by_role("button", name=t("Start verification")).click()
            verifier.get_by_role("button", name=t("Confirm identity")).click()
            verifier.get_by_role("button", name=t("Yes, confirm the identity")).click()
            expect(verifier.get_by_role("status").first).to_have_text(
                t("Your decision was recorded.")
            )
            expect(verifier.locator("dl.facts strong")).to_have_text(confirmed)
            verifier.context.close()

            # Back on an English browser with no language cookie, the case officer's next
            # login speaks the language they chose.
            context.clear_cookies()
            page.goto(base + "/login?next=" + detail.group())
            expect(page.locator("html")).to_have_attribute("lang", "en")
            page.locator("#email").fill(emails["USA"])
            page.locator("#password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_role("button", name=t("Log out"))).to_be_visible()
            expect(page.locator("html")).to_have_attribute("lang", i18n.TAGS[locale])
            cookies = {c["name"]: c["value"] for c in context.cookies()}
            assert cookies[LANGUAGE_COOKIE] == locale
            expect(page.locator("dl.facts strong")).to_have_text(confirmed)
        finally:
            browser.close()
