"""The administration and audit pages in Chinese and Spanish: headings, forms, buttons, the
messages of refused forms and the audit trail's sentences come from the catalogues, and the
English sentences are gone; English readers see the same words as before."""

import re
from html import unescape

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit import i18n
from readmit.applications.enums import Status
from readmit.audit import service as audit
from readmit.auth.models import Role
from readmit.web.middleware import LANGUAGE_COOKIE
from tests.factories import World, make_case
from tests.pages.browsing import email_of, login
from tests.pages.crawling import VisibleText

LOCALES = ["zh_Hans", "es"]


def tr(locale: str, message: str) -> str:
    """The message as the catalogue of `locale` has it (placeholders left in)."""
    with i18n.using(locale):
        return i18n.gettext(message)


def tr_plural(locale: str, singular: str, plural: str, n: int) -> str:
    with i18n.using(locale):
        return i18n.ngettext(singular, plural, n)


def speak(client: TestClient, locale: str) -> None:
    client.cookies.set(LANGUAGE_COOKIE, locale)


def shows(
    page: httpx.Response, locale: str, translated: list[str], english: list[str], status: int = 200
) -> str:
    """The page's visible text, once it has the translations and none of the English."""
    assert page.status_code == status, page.text
    text = VisibleText.of(page.text)
    for message in translated:
        words = tr(locale, message)
        assert words != message, f"no {locale} translation of {message!r}"
        assert words in text, (words, text)
    for sentence in english:
        assert sentence not in text, sentence
    return text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_user_pages_speak_the_readers_language(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    token = login(client, "USA", Role.admin)
    speak(client, locale)
    shows(
        client.get("/admin/users"),
        locale,
        ["Add a user", "Add user", "At least 12 characters.", "E-mail address", "Full name"],
        ["Choose a user to change their roles", "Add a user", "At least 12 characters"],
    )
    taken = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "email": email_of("USA", Role.verifier),
            "full_name": "New Officer",
            "password": "a long enough password",
            "roles": ["analyst"],
        },
    )
    shows(taken, locale, ["A user with this e-mail address exists"], ["exists"], 422)

    verifier = world.user(db, "USA", Role.verifier)
    shows(
        client.get(f"/admin/users/{verifier.id}"),
        locale,
        [
            "Save roles",
            "Lock-out",
            "Deactivation",
            "Tick every role the user is to hold; a user needs at least one.",
            "The account is not locked and has no wrong passwords counted.",
        ],
        ["Save roles", "Deactivating ends every session", "The account is not locked"],
    )
    no_roles = client.post(f"/admin/users/{verifier.id}/roles", data={"csrf_token": token})
    shows(
        no_roles, locale, ["Choose at least one role", "Save roles"], ["Choose at least one"], 422
    )
    unconfirmed = client.post(f"/admin/users/{verifier.id}/deactivate", data={"csrf_token": token})
    shows(
        unconfirmed,
        locale,
        ["Tick the box to confirm that you understand what happens"],
        ["Tick the box"],
        422,
    )
    admin = world.user(db, "USA", Role.admin)
    shows(
        client.get(f"/admin/users/{admin.id}"),
        locale,
        ["(you)", "You cannot deactivate your own account: another administrator must do it."],
        ["(you)", "You cannot deactivate"],
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_agreement_pages_speak_the_readers_language(client: TestClient, locale: str) -> None:
    token = login(client, "USA", Role.admin)
    speak(client, locale)
    listing = client.get("/admin/agreements")
    text = shows(
        listing,
        locale,
        ["Requesting state", "Silence counts as acceptance", "Proposals", "No proposals."],
        ["Terms change only when", "working days", "calendar days", "hours before departure"],
    )
    days = tr_plural(locale, "%(count)s working day", "%(count)s working days", 30)
    assert days % {"count": 30} in text
    edit_url = re.search(r'href="(/admin/agreements/\d+/edit)"', listing.text)
    assert edit_url is not None
    form = client.get(edit_url.group(1))
    shows(form, locale, ["Send proposal"], ["The agreement is kept as YAML", "Send proposal"])
    terms = re.search(r'<textarea id="terms"[^>]*>(.*?)</textarea>', form.text, re.S)
    assert terms is not None
    target = edit_url.group(1).removesuffix("/edit")

    broken = client.post(target, data={"csrf_token": token, "terms": "reply: [30"})
    invalid = tr(locale, "This is not valid YAML at line {line}, column {column}: {problem}")
    assert invalid.partition("{line}")[0] in shows(broken, locale, [], ["not valid YAML"], 422)

    sent = client.post(
        target,
        data={
            "csrf_token": token,
            "terms": unescape(terms.group(1)).replace("days: 30", "days: 31", 1),
        },
    )
    proposal = re.search(r"/admin/agreements/proposals/(\d+)/withdraw", sent.text)
    assert proposal is not None
    text = shows(
        sent,
        locale,
        ["Cases already running keep their terms."],
        ["Withdraw proposal", "Cases already running", "Your proposal was sent"],
    )
    assert tr(locale, "Withdraw proposal %(number)s") % {"number": proposal.group(1)} in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_audit_trail_speaks_the_readers_language(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    make_case(db, world, status=Status.confirmed)
    db.commit()
    login(client, "CHN", Role.auditor)
    speak(client, locale)
    page = client.get("/audit?check=true")
    text = shows(
        page,
        locale,
        ["Verify the hash chain", "Find events", "Technical details", "Any kind", "Events"],
        ["The hash chain is intact", "Technical details", "Find events", "newest first"],
    )
    intact = tr_plural(
        locale,
        "The hash chain is intact: %(count)s event checked.",
        "The hash chain is intact: %(count)s events checked.",
        2,
    )
    assert intact.partition("%(count)s")[0] in text
    confirmed = tr(locale, "confirmed the identity on case {case}").partition("{case}")[0]
    assert confirmed.strip() in text and "confirmed the identity" not in text
    assert tr(locale, "event %(seq)s").partition("%(seq)s")[0].strip() in text
    assert tr(locale, "The system or the operator (no user)") in text

    wrong = client.get("/audit?since=2026-13-01")
    shows(
        wrong,
        locale,
        ["Enter a date as YYYY-MM-DD, such as 2026-03-31", "From", "Day, inclusive"],
        ["Enter a date", "Correct the filters"],
        422,
    )


READS = {
    # (a case's suffix, the phrase naming no case, the revoked document left unnamed)
    "en": (" (case ", "submitted a case", "revoking the earlier one"),
    "zh_Hans": ("（案件 ", "提交了案件", "此前签发的证件"),
    "es": (" (caso ", "presentó el caso", "el anterior"),
}


@pytest.mark.parametrize("locale", ["en", *LOCALES])
def test_event_sentences_are_put_together_in_the_readers_language(
    db: Session, world: World, locale: str
) -> None:
    case = make_case(db, world, status=Status.submitted)
    officer = world.user(db, "USA", Role.case_officer)
    authority = officer.authority_id
    audit.record(
        session=db, actor=officer, action="biometrics.enrol", entity="x", application_id=case.id
    )
    audit.record(
        session=db,
        actor=None,
        action="application.submit",
        entity="x",
        detail={"by": "operator"},
        authority_id=authority,
    )
    audit.record(
        session=db,
        actor=None,
        action="traveldoc.reissue",
        entity="x",
        detail={"number": "TD-1"},
        authority_id=authority,
    )
    db.commit()
    events = audit.list_events(session=db, authority_id=authority, limit=3)
    with i18n.using(locale):
        reissued, submitted, enrolled = audit.describe(session=db, events=events)
        enrol_phrase = i18n.gettext("enrolled a biometric template")
    suffix, no_case, unnamed = READS[locale]

    assert enrolled.before == enrol_phrase + suffix
    assert enrolled.case_reference == case.reference
    assert enrolled.after == {"en": ")", "zh_Hans": "）", "es": ")"}[locale]

    assert submitted.actor == tr(locale, "The operator")
    assert submitted.before == no_case and submitted.case_reference is None

    assert reissued.actor == tr(locale, "The system")
    assert reissued.before.endswith(unnamed) and "TD-1" in reissued.before
    assert "{" not in reissued.before
