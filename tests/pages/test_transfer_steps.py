"""The case page's transfer section: a refused booking comes back on its form with what was
typed and the agreement's notice in the message; the actions panel points to the transfer
steps; departure and arrival are recorded from their confirmation pages, at times that can
have happened."""

from datetime import timedelta
from html import unescape

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.transfers import service as transfers
from tests.factories import World, make_case
from tests.pages.browsing import login


def _minute(delta: timedelta) -> str:
    """A time as a datetime-local field sends it (UTC, to the minute)."""
    return (utcnow() + delta).strftime("%Y-%m-%dT%H:%M")


def test_a_booking_too_close_to_departure_stays_on_the_form(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=54)
    db.commit()
    token = login(client, "USA", Role.case_officer)
    page = client.get(f"/applications/{case.id}").text
    assert "The agreement requires 48 hours' notice" in page
    departure = _minute(timedelta(hours=20, minutes=40))
    typed = {"csrf_token": token, "carrier": "United Airlines", "flight_number": "ua 857",
             "route": "iah-pek", "departure_at": departure, "escorts": "2"}  # fmt: skip
    late = client.post(f"/applications/{case.id}/transfer", data=typed)
    assert late.status_code == 409
    assert (
        '<a href="#departure_at">Departure (UTC): The agreement USA–CHN requires 48 hours&#39;'
        " notice before departure; this flight leaves in 20 hours.</a>"
    ) in late.text
    assert "Go to my queue" not in late.text and "Book a commercial flight" in late.text
    for kept in ('value="United Airlines"', 'value="ua 857"', 'value="iah-pek"',
                 f'value="{departure}"', 'value="2"'):  # fmt: skip
        assert kept in late.text, kept
    db.refresh(case)
    assert case.status == Status.travel_document_issued
    blank = client.post(f"/applications/{case.id}/transfer", data=typed | {"carrier": " "})
    assert blank.status_code == 422
    assert '<a href="#carrier">Carrier: Enter at least 2 characters</a>' in blank.text
    assert f'value="{departure}"' in blank.text
    booked = client.post(
        f"/applications/{case.id}/transfer",
        data=typed | {"departure_at": _minute(timedelta(days=3))},
        follow_redirects=False,
    )
    assert booked.status_code == 303


def test_the_actions_panel_points_to_the_transfer_steps(
    client: TestClient, db: Session, world: World
) -> None:
    ready = make_case(db, world, status=Status.travel_document_issued, index=55)
    booked = make_case(db, world, status=Status.transfer_scheduled, index=56)
    departed = make_case(db, world, status=Status.departed, index=57)
    db.commit()
    login(client, "USA", Role.case_officer)
    page = client.get(f"/applications/{ready.id}").text
    assert '<a href="#transfer">Book a commercial flight below</a>' in page
    flight = transfers.for_application(session=db, application=booked)
    assert flight is not None
    page = client.get(f"/applications/{booked.id}").text
    assert f'<a href="/transfers/{flight.id}/depart?case={booked.id}" class="button">Depart' in page
    client.cookies.clear()
    login(client, "CHN", Role.verifier)
    page = client.get(f"/applications/{departed.id}").text
    assert "There is nothing for you to do" not in page
    assert '<a href="#transfer">Confirm the arrival or record a no-show</a>' in page
    assert "Report the arrival" in page


def test_departure_from_the_case_page_asks_first(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.transfer_scheduled, index=58)
    db.commit()
    flight = transfers.for_application(session=db, application=case)
    assert flight is not None
    token = login(client, "USA", Role.case_officer)
    step = client.post(
        f"/applications/{case.id}/actions/depart",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert step.headers["location"] == f"/transfers/{flight.id}/depart?case={case.id}"
    page = client.get(step.headers["location"]).text
    assert "Record the departure?" in page and f'href="/applications/{case.id}#transfer"' in page
    assert f'name="case" value="{case.id}"' in page
    db.refresh(case)
    assert case.status == Status.transfer_scheduled
    future = _minute(timedelta(hours=1))
    confirm = {"csrf_token": token, "confirmed": "yes", "case": str(case.id)}
    refused = client.post(f"/transfers/{flight.id}/depart", data=confirm | {"departed_at": future})
    assert refused.status_code == 409
    assert "A departure cannot be recorded before it happens" in unescape(refused.text)
    assert f'value="{future}"' in refused.text and 'href="#departed_at"' in refused.text
    done = client.post(f"/transfers/{flight.id}/depart", data=confirm, follow_redirects=False)
    assert done.headers["location"] == f"/applications/{case.id}?done=depart#transfer"
    db.refresh(case)
    assert case.status == Status.departed


def test_arrival_is_recorded_from_its_confirmation(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.departed, index=59)
    db.commit()
    for state, role, code in [("USA", Role.case_officer, 403), ("GTM", Role.verifier, 404)]:
        client.cookies.clear()
        other = login(client, state, role)
        sent = {"csrf_token": other, "outcome": "arrived", "confirmed": "yes"}
        assert client.post(f"/applications/{case.id}/arrival", data=sent).status_code == code
    client.cookies.clear()
    token = login(client, "CHN", Role.verifier)
    report = {"csrf_token": token, "outcome": "arrived", "reintegration_referral": "yes"}
    asked = client.post(f"/applications/{case.id}/arrival", data=report)
    assert asked.status_code == 200 and "Record the arrival?" in asked.text
    assert "referred to a reintegration programme" in asked.text
    db.refresh(case)
    assert case.status == Status.departed
    future = _minute(timedelta(hours=2))
    confirm = report | {"confirmed": "yes"}
    refused = client.post(f"/applications/{case.id}/arrival", data=confirm | {"arrived_at": future})
    assert refused.status_code == 409 and 'href="#arrived_at"' in refused.text
    assert "An arrival cannot be recorded before it happens" in refused.text
    assert f'value="{future}"' in refused.text
    done = client.post(f"/applications/{case.id}/arrival", data=confirm)
    assert "The arrival was recorded and the case closed." in done.text
    db.refresh(case)
    assert case.status == Status.closed
