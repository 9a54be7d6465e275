"""Choosing the interface language: the browser's Accept-Language until the reader picks one,
the pick kept in a cookie and with the user's account (audited), the API always English."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit import i18n
from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.web.middleware import LANGUAGE_COOKIE
from tests.factories import PASSWORD, World
from tests.pages.browsing import email_of, login, try_login


def in_language(locale: str, message: str) -> str:
    with i18n.using(locale):
        return i18n.gettext(message)


def test_the_browser_language_is_used_until_one_is_picked(client: TestClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-Hans">' in page.text
    assert in_language("zh_Hans", "Log in") in page.text
    assert ">Log in<" not in page.text
    assert '<html lang="en">' in client.get("/login").text


def test_a_pick_sets_the_cookie_and_returns_to_the_page(client: TestClient) -> None:
    answer = client.post(
        "/language", data={"locale": "es", "next": "/login?next=/search"}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/search"
    assert client.cookies[LANGUAGE_COOKIE] == "es"
    page = client.get("/login", headers={"Accept-Language": "zh"})
    assert '<html lang="es">' in page.text


def test_an_unknown_language_or_an_outside_address_is_refused(client: TestClient) -> None:
    assert client.post("/language", data={"locale": "fr"}).status_code == 422
    assert LANGUAGE_COOKIE not in client.cookies
    answer = client.post(
        "/language", data={"locale": "es", "next": "//evil.example/"}, follow_redirects=False
    )
    assert answer.headers["location"] == "/"


def test_a_logged_in_pick_needs_the_form_token_and_is_kept_and_audited(
    client: TestClient, db: Session, world: World
) -> None:
    token = login(client, "USA", Role.case_officer)
    refused = client.post("/language", data={"locale": "zh_Hans"}, follow_redirects=False)
    assert refused.status_code == 403
    answer = client.post(
        "/language", data={"locale": "zh_Hans", "csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    user = world.user(db, "USA", Role.case_officer)
    db.refresh(user)
    assert user.locale == "zh_Hans"
    event = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "user.set_language")
        .order_by(AuditEvent.seq.desc())
    ).first()
    assert event is not None and event.detail == {"before": None, "after": "zh_Hans"}


def test_the_next_login_anywhere_speaks_the_users_language(
    client: TestClient, db: Session, world: World
) -> None:
    client.cookies.set(LANGUAGE_COOKIE, "es")
    assert try_login(client, email_of("USA", Role.verifier), PASSWORD).status_code == 303
    user = world.user(db, "USA", Role.verifier)
    db.refresh(user)
    assert user.locale == "es"
    client.cookies.clear()
    answer = try_login(client, email_of("USA", Role.verifier), PASSWORD)
    assert answer.cookies[LANGUAGE_COOKIE] == "es"
    assert '<html lang="es">' in client.get("/").text


def test_the_api_stays_english_whatever_the_language(client: TestClient) -> None:
    client.cookies.set(LANGUAGE_COOKIE, "zh_Hans")
    answer = client.get("/api/v1/applications", headers={"Accept-Language": "zh"})
    assert answer.status_code == 401
    assert answer.json()["detail"] == "a valid API token is required"
