"""The login page, the queue and the analyst's overview, the case page with its photo,
attachments and actions, the confirmation of a step, the answer to a request for information
and the error page, in Chinese and in Spanish: each answers in the reader's language, the
messages of the page modules too, and none of its English sentences is left."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit import i18n
from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.web.middleware import LANGUAGE_COOKIE
from tests.factories import World, make_case
from tests.i18n.reading import LOCALES, catalogued, log_in, reads, said, words
from tests.pages.browsing import try_login


@pytest.mark.parametrize("locale", LOCALES)
def test_the_login_page_and_its_refusal(client: TestClient, locale: str) -> None:
    client.cookies.set(LANGUAGE_COOKIE, locale)
    page = client.get("/login")
    assert page.status_code == 200
    reads(
        page.text,
        locale,
        [
            "E-mail address",
            "Password",
            "After five wrong passwords in a row the account is locked for a while.",
        ],
        [">Log in<", "E-mail address", "After five wrong passwords"],
    )
    refused = try_login(client, "nobody@example.test", "wrong")
    assert refused.status_code == 401
    reads(refused.text, locale, ["You could not be logged in"], ["You could not be logged in"])


@pytest.mark.parametrize("locale", LOCALES)
def test_the_queue_and_the_overview(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    case = make_case(db, world, status=Status.submitted, index=40)
    db.commit()
    log_in(client, "USA", Role.case_officer, locale)
    queue = client.get("/")
    assert queue.status_code == 200 and case.reference in queue.text
    reads(
        queue.text,
        locale,
        ["My queue", "Open cases", "Open cases, nearest deadline first", "Next deadline"],
        ["Open cases only.", "closed and withdrawn ones included", "Next deadline", "Time left"],
    )
    client.cookies.clear()
    log_in(client, "USA", Role.analyst, locale)
    overview = client.get("/")
    assert overview.status_code == 200
    reads(
        overview.text,
        locale,
        ["The whole reference or its beginning.", "Overdue cases of this corridor"],
        ["per corridor and status", "More ways to search", "Cases by status"],
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_case_page_of_each_side(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    draft = make_case(db, world, index=41)
    issued = make_case(db, world, status=Status.travel_document_issued, index=42)
    db.commit()
    log_in(client, "USA", Role.case_officer, locale)
    page = client.get(f"/applications/{draft.id}", params={"done": "created"})
    assert page.status_code == 200
    reads(
        page.text,
        locale,
        [
            "What you can do",
            "Particulars",
            "Attach a document",
            "Upload photo",
            "Messages start once the application is submitted.",
        ],
        [
            "The application was created",
            "No deadline is running",
            "Edit the particulars",
            "Steps taken on this application",
            "No photo has been supplied",
            "Seen by your",
        ],
    )
    assert said(locale, "The application was created as a draft.") in page.text
    client.cookies.clear()
    log_in(client, "CHN", Role.verifier, locale)
    seen = client.get(f"/applications/{issued.id}")
    assert seen.status_code == 200
    reads(
        seen.text,
        locale,
        [
            "Travel document",
            "Download A4 PDF",
            "Verification decisions",
            "Message to the other authority",
        ],
        ["single journey", "the data page alone", "No messages yet", "Both states see this"],
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_a_step_asks_first_and_a_refused_message_is_explained(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    draft = make_case(db, world, index=43)
    submitted = make_case(db, world, status=Status.submitted, index=44)
    db.commit()
    token = log_in(client, "USA", Role.case_officer, locale)
    ask = client.get(f"/applications/{draft.id}/actions/submit")
    with i18n.using(locale):
        name = draft.display_name  # names are written as the language writes them
    assert ask.status_code == 200
    sentence = said(
        locale,
        "The application for {name} ({reference}) will be sent to {requested}, which is"
        " notified at once, and its reply deadline starts. A submitted application cannot"
        " return to draft.",
        name=name,
        reference=draft.reference,
        requested="CHN",
    )
    assert sentence in ask.text
    reads(ask.text, locale, ["Submit the application?", "No, go back"], ["Yes, submit"])
    empty = client.post(
        f"/applications/{submitted.id}/messages", data={"csrf_token": token, "body": " "}
    )
    assert empty.status_code == 422
    label = catalogued(locale, "{field}: {problem}").format(
        field=words(locale, "Message"), problem=""
    )
    assert label in empty.text, "the summary names the field in the language"
    reads(empty.text, locale, ["There is a problem"], ["There is a problem", "Message:"])


@pytest.mark.parametrize("locale", LOCALES)
def test_the_answer_form_and_the_error_page(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    case = make_case(db, world, status=Status.more_info_requested, index=45)
    db.commit()
    log_in(client, "USA", Role.case_officer, locale)
    form = client.get(f"/applications/{case.id}/provide-info")
    assert form.status_code == 200
    reads(
        form.text,
        locale,
        ["Documents sent with the answer", "Back to the case", "Type of document"],
        ["What CHN asked", "Optional: PDF", "Send the answer and return"],
    )
    assert words(locale, "What %(state)s asked", state="CHN") in form.text
    missing = client.get("/applications/999999")
    assert missing.status_code == 404
    reads(missing.text, locale, ["Page not found", "Go to my queue"], ["Page not found"])
    assert catalogued(locale, "Error %(code)s.") % {"code": 404} in missing.text
