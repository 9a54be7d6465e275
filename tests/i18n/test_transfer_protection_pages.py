"""The transfer pages (list, new charter, manifest, the case page's transfer section and the
departure and arrival confirmations), the travel document check and the protection pages
(panel, decisions due, open holds, the case page's notices) in Chinese and in Spanish: each
answers in the reader's language, the messages of the page modules too, and none of its
English sentences is left."""

from datetime import timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit import i18n
from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.i18n.formats import format_datetime
from tests.factories import World, make_case
from tests.i18n.reading import LOCALES, log_in, reads, said, words
from tests.pages.browsing import suspended_case
from tests.protection_cases import rejected, screened_draft


def open_page(client: TestClient, url: str) -> str:
    """A page that must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return unescape(response.text)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_charter_from_form_to_departure(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    first, second = (
        make_case(db, world, status=Status.travel_document_issued, index=i) for i in (56, 57)
    )
    db.commit()
    token = log_in(client, "USA", Role.case_officer, locale)
    form = open_page(client, "/transfers/new")
    reads(
        form,
        locale,
        ["New charter", "People on board", "Create the charter", "Carrier"],
        ["A charter's manifest groups", "Create the charter", "Airport codes", ">Carrier<"],
    )
    assert words(locale, "to %(state)s", state="CHN") in form
    sent = {"csrf_token": token, "carrier": "Omni Air", "flight_number": "OX3101",
            "route": "IAH-PEK", "departure_at": "", "escorts": "4",
            "application_ids": [str(first.id), str(second.id)]}  # fmt: skip
    refused = client.post("/transfers", data=sent)
    assert refused.status_code == 422
    problem = said(locale, "Enter the departure as a date and time")
    assert f"{words(locale, 'Departure (UTC)')}" in unescape(refused.text)
    assert problem in unescape(refused.text) and "Enter the departure" not in refused.text
    departure = (utcnow() + timedelta(hours=72)).replace(second=0, microsecond=0)
    booked = departure.strftime("%Y-%m-%dT%H:%M")
    created = client.post("/transfers", data=sent | {"departure_at": booked})
    assert created.status_code == 200, created.text
    reads(
        created.text,
        locale,
        ["The charter was created and the requested state notified.", "Manifest", "Add a case"],
        ["The charter was created", "people on board", "Lock the manifest", "All transfers"],
    )
    with i18n.using(locale):
        on_board = i18n.ngettext("%(count)s person on board", "%(count)s people on board", 2)
    assert on_board % {"count": 2} in unescape(created.text)
    charter = created.url.path.split("/")[2]
    listed = open_page(client, "/transfers")
    reads(listed, locale, ["Transfers", "New charter"], ["Flights from or to", "soonest"])
    assert words(locale, "Flights from or to %(state)s, soonest departure first", state="USA") in (
        listed
    )
    locked = client.post(f"/transfers/{charter}/lock", data={"csrf_token": token})
    reads(
        locked.text,
        locale,
        ["The manifest was checked and locked.", "Mark as departed"],
        ["checked and locked", "Mark as departed", "Everyone is checked once more"],
    )
    asked = open_page(client, f"/transfers/{charter}/depart")
    with i18n.using(locale):
        sentence = i18n.ngettext(
            "{flight} ({route}), booked for {booked}, will be recorded as departed with {count}"
            " person on board, once everyone is checked again. {state} then expects them; a"
            " departure cannot be undone.",
            "{flight} ({route}), booked for {booked}, will be recorded as departed with {count}"
            " people on board, once everyone is checked again. {state} then expects them; a"
            " departure cannot be undone.",
            2,
        ).format(
            flight="Omni Air OX3101",
            route="IAH-PEK",
            booked=format_datetime(departure),
            count=2,
            state="CHN",
        )
    assert sentence in asked
    reads(
        asked,
        locale,
        ["Record the departure?", "Yes, record the departure", "Departure time (UTC)"],
        ["Record the departure?", "will be recorded as departed", "Leave blank for now"],
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_case_page_books_a_flight_and_reports_the_arrival(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    ready = make_case(db, world, status=Status.travel_document_issued, index=58)
    flown = make_case(db, world, status=Status.departed, index=59)
    db.commit()
    token = log_in(client, "USA", Role.case_officer, locale)
    page = open_page(client, f"/applications/{ready.id}")
    reads(
        page,
        locale,
        ["Book a commercial flight", "Schedule the transfer", "Flight number"],
        ["Book a commercial flight", "Schedule the transfer", "hours' notice"],
    )
    assert words(locale, "For example %(example)s.", example="UA857") in page
    sent = {"csrf_token": token, "carrier": "United Airlines", "flight_number": "UA857",
            "route": "IAH-PEK", "departure_at": "next week", "escorts": "2"}  # fmt: skip
    refused = client.post(f"/applications/{ready.id}/transfer", data=sent)
    assert refused.status_code == 422
    assert said(locale, "Enter the departure as a date and time") in unescape(refused.text)
    client.cookies.clear()
    token = log_in(client, "CHN", Role.verifier, locale)
    page = open_page(client, f"/applications/{flown.id}")
    reads(
        page,
        locale,
        ["Transfer", "Report the arrival", "Did not arrive (no-show)", "manifest"],
        ["Report the arrival", "Did not arrive", "Refer to a reintegration programme"],
    )
    report = {"csrf_token": token, "outcome": "no_show", "arrived_at": ""}
    asked = client.post(f"/applications/{flown.id}/arrival", data=report)
    assert asked.status_code == 200
    reads(
        asked.text,
        locale,
        ["Record a no-show?", "Yes, record the no-show"],
        ["Record a no-show?", "will be recorded as not having arrived"],
    )
    with i18n.using(locale):
        name = flown.display_name  # as the reader writes names
    assert said(
        locale,
        "{who} will be recorded as not having arrived on {flight}. The single-journey travel"
        " document is revoked and the case returns to Confirmed, for a new one.",
        who=f"{name} ({flown.reference})",
        flight="United Airlines UA857",
    ) in unescape(asked.text)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_travel_document_check(client: TestClient, locale: str) -> None:
    token = log_in(client, "USA", Role.verifier, locale)
    page = open_page(client, "/travel-documents/verify")
    reads(
        page,
        locale,
        ["Check a travel document", "Check the seal", "Or the seal's bytes in base64"],
        ["Check a travel document", "Nothing you upload is kept", "Check the seal"],
    )
    refused = client.post("/travel-documents/verify", data={"csrf_token": token})
    assert refused.status_code == 422
    reads(
        refused.text,
        locale,
        ["Choose a scan of the seal, or paste the seal's base64 text."],
        ["Choose a scan of the seal"],
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_protection_pages(client: TestClient, db: Session, world: World, locale: str) -> None:
    screened = screened_draft(db, world)
    not_national = rejected(db, world)
    suspended_case(db, world)
    token = log_in(client, "USA", Role.protection_officer, locale)
    panel = open_page(client, f"/applications/{screened.id}/protection")
    reads(
        panel,
        locale,
        [
            "Trafficking screening",
            "Record the decision",
            "Open a flag",
            "Presumed victim of trafficking",
            "Nationality and statelessness",
            "No protection flag has been recorded on this application.",
        ],
        [
            "Protection data stays with",
            "Signs noted on",
            "Waiting for a protection officer's decision",
            "has not answered that the person is not its national",
            "Open a flag",
        ],
    )
    kept = (
        "Protection data stays with %(state)s. The requested state sees only that the case is"
        " suspended by the requesting state."
    )
    assert words(locale, kept, state="USA") in panel
    url = f"/applications/{not_national.id}/protection/statelessness"
    refused = client.post(url, data={"csrf_token": token, "outcome": ""})
    assert refused.status_code == 422
    reads(refused.text, locale, [], ["Unless another state claims the person"])
    assert f'href="#stateless-outcome">{words(locale, "Decision")}' in unescape(refused.text)
    case_page = open_page(client, f"/applications/{not_national.id}")
    notice = (
        "%(state)s rejected the application: the person is not its national. A protection"
        " officer must refer the person to statelessness determination or record the state that"
        " claims them."
    )
    assert words(locale, notice, state="CHN") in case_page
    due = open_page(client, "/protection/decisions")
    reads(
        due,
        locale,
        ["Protection decisions due", "What is due"],
        ["Protection decisions due", "longest waiting first", "What is due"],
    )
    assert not_national.reference in due and screened.reference in due
    holds = open_page(client, "/protection/holds")
    reads(
        holds,
        locale,
        ["Open protection holds", "Opened by", "Case status"],
        ["Open protection holds", "may not be returned", "longest held first"],
    )
