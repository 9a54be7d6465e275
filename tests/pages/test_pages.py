"""The pages through the real login form: login, CSRF, bad input, the form, the lifecycle."""

import datetime
import re
from html import escape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.documents.mrz import build_td3
from readmit.web.pages import queue as queue_page
from tests.factories import PASSWORD, World, make_case
from tests.pages.browsing import email_of, login, token_of, try_login

# --- login -----------------------------------------------------------------------------


def test_login_sets_a_strict_http_only_cookie_and_goes_to_a_safe_next(client: TestClient) -> None:
    response = try_login(
        client, email_of("USA", Role.case_officer), PASSWORD, next_url="/applications/new"
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/applications/new"
    cookie = response.headers["set-cookie"].lower()
    assert "readmit_session=" in cookie
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie


def test_session_cookie_is_secure_over_https(client: TestClient) -> None:
    token = token_of(client.get("https://testserver/login").text)
    response = client.post(
        "https://testserver/login",
        data={
            "email": email_of("USA", Role.case_officer),
            "password": PASSWORD,
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "secure" in response.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil", "javascript:alert(1)"]
)
def test_login_never_redirects_off_site(client: TestClient, target: str) -> None:
    response = try_login(client, email_of("USA", Role.case_officer), PASSWORD, next_url=target)
    assert response.headers["location"] == "/"


def test_login_failure_shows_a_message(client: TestClient) -> None:
    response = try_login(client, email_of("USA", Role.case_officer), "wrong password!!")
    assert response.status_code == 401
    assert "E-mail or password is wrong." in response.text
    assert 'role="alert"' in response.text
    assert email_of("USA", Role.case_officer) in response.text  # the e-mail is kept
    assert "readmit_session" not in response.headers.get("set-cookie", "")


def test_lock_out_after_five_failures(client: TestClient, db: Session, world: World) -> None:
    email = email_of("USA", Role.analyst)
    for _ in range(5):
        assert try_login(client, email, "not the password").status_code == 401
    user = world.user(db, "USA", Role.analyst)
    db.refresh(user)
    assert user.locked_until is not None  # the failures were committed, not rolled back
    refused = try_login(client, email, PASSWORD)
    assert refused.status_code == 401
    assert "locked" in refused.text


def test_login_form_needs_its_csrf_cookie(client: TestClient) -> None:
    response = client.post(
        "/login",
        data={
            "email": email_of("USA", Role.case_officer),
            "password": PASSWORD,
            "csrf_token": "forged",
        },
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert "readmit_session" not in response.headers.get("set-cookie", "")


def test_pages_need_a_login(client: TestClient) -> None:
    response = client.get("/applications/new", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/applications/new"


def test_logout_needs_the_token_and_ends_the_session(client: TestClient) -> None:
    token = login(client, "USA", Role.case_officer)
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


# --- CSRF and bad input ------------------------------------------------------------------


def test_state_changing_posts_without_the_token_are_refused(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world)
    db.commit()
    login(client, "USA", Role.case_officer)
    for url, data in [
        ("/applications", {"names-0-family": "X", "requested_state": "CHN"}),
        (f"/applications/{case.id}/actions/submit", {}),
        (f"/applications/{case.id}/actions/submit", {"csrf_token": "forged"}),
        (f"/applications/{case.id}/messages", {"body": "hello"}),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 403, url
        assert "did not come from this site" in response.text
        assert "Traceback" not in response.text
    db.refresh(case)
    assert case.status == Status.draft


def test_nul_characters_are_refused_before_the_database(client: TestClient) -> None:
    refused = client.post("/login", data={"email": "a\x00b@x.test", "password": "x"})
    assert refused.status_code == 400 and "<main" in refused.text
    token = login(client, "CHN", Role.verifier)
    looked_up = client.post(
        "/applications/1/verify/lookup", data={"csrf_token": token, "number": "12\x0034"}
    )
    assert looked_up.status_code == 400 and "<main" in looked_up.text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/applications/abc", 422),
        ("/applications/0", 422),
        ("/applications/99999999", 404),
        ("/applications/99999999/protection", 404),
        ("/applications/1/actions/fly", 403),
        ("/no/such/page", 404),
        ("/audit?page=x", 403),
    ],
)
def test_unexpected_input_gives_an_error_page(client: TestClient, url: str, status: int) -> None:
    login(client, "USA", Role.case_officer)
    response = client.get(url) if "actions" not in url else client.post(url)
    assert response.status_code == status
    assert "<main" in response.text and "Traceback" not in response.text


# --- the application form ----------------------------------------------------------------


def _form(token: str, world: World, **extra: str) -> dict[str, str]:
    person = world.registers["CHN"][0]
    return {
        "csrf_token": token,
        "requested_state": "CHN",
        "procedure": "normal",
        "names-0-family": person.family_name_latin,
        "names-0-given": person.given_names_latin,
        "names-0-source": "document",
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        **extra,
    }


def test_the_form_creates_a_draft(client: TestClient, world: World) -> None:
    token = login(client, "USA", Role.case_officer)
    page = client.get("/applications/new")
    assert page.status_code == 200
    assert '<label for="documents-0-mrz1">' in page.text
    person = world.registers["CHN"][0]
    response = client.post(
        "/applications",
        data=_form(
            token,
            world,
            **{
                "documents-2-type": "national_id",
                "documents-2-number": person.national_id,
                "documents-2-issuing_state": "chn",
                "past_addresses": "1 Main St\n\n2 High St",
            },
        ),
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    detail = client.get(response.headers["location"])
    assert "The application was created as a draft." in detail.text
    assert person.national_id in detail.text and "2 High St" in detail.text
    assert re.search(r"<strong>Draft</strong>", detail.text)


def test_field_level_errors_keep_the_input(client: TestClient, world: World) -> None:
    token = login(client, "USA", Role.case_officer)
    person = world.registers["CHN"][0]
    line1, line2 = build_td3(
        issuing_state="CHN",
        surname=person.family_name_latin,
        given_names=person.given_names_latin,
        document_number=person.passport_numbers[-1] if person.passport_numbers else "E12345678",
        nationality="CHN",
        birth_date=person.birth_date,
        sex=person.sex,
        expiry_date=datetime.date(2031, 1, 1),
    )
    digit = line2[9]
    broken = line2[:9] + str((int(digit) + 1) % 10) + line2[10:]
    # The passport goes in the second document row; the first row stays blank and is ignored.
    response = client.post(
        "/applications",
        data=_form(
            token,
            world,
            **{
                "documents-1-type": "passport",
                "documents-1-number": line2[:9].rstrip("<"),
                "documents-1-issuing_state": "CHN",
                "documents-1-mrz1": line1,
                "documents-1-mrz2": broken,
                "birth_place": "Somewhere 42",
            },
        ),
    )
    assert response.status_code == 422
    html = response.text
    assert 'role="alert"' in html and 'href="#documents-1-mrz1"' in html
    field = re.search(r'<input[^>]*id="documents-1-mrz1"[^>]*>', html)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert "documents-1-mrz1-error" in field.group(0)
    error = re.search(r'id="documents-1-mrz1-error">(.*?)</span>\s*$', html, re.M | re.S)
    assert error is not None and "check digit" in error.group(1).lower()
    assert f'value="{escape(broken)}"' in html and 'value="Somewhere 42"' in html
    assert f'value="{person.family_name_latin}"' in html
    assert 'id="documents-0-mrz1-error"' not in html


def test_a_given_name_alone_is_a_name_and_a_bad_date_is_located(
    client: TestClient, world: World
) -> None:
    token = login(client, "USA", Role.case_officer)
    data = _form(
        token,
        world,
        **{"names-0-family": "", "birth_date": "1990-13-01", "documents-0-number": "123"},
    )
    response = client.post("/applications", data=data)
    assert response.status_code == 422
    assert 'href="#names-0-family"' not in response.text, "a name may lack a family part"
    for field in ("birth_date", "documents-0-type"):
        assert f'href="#{field}"' in response.text, field
        assert f'id="{field}-error"' in response.text, field


def test_only_officers_may_open_applications(client: TestClient) -> None:
    login(client, "USA", Role.analyst)
    assert client.get("/applications/new").status_code == 403


# --- lifecycle through the pages -----------------------------------------------------------


def test_actions_messages_and_decision(client: TestClient, db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.under_verification)
    db.commit()
    token = login(client, "CHN", Role.verifier)
    detail = client.get(f"/applications/{case.id}").text
    assert f'href="/applications/{case.id}/verify"' in detail
    sent = client.post(
        f"/applications/{case.id}/messages",
        data={"csrf_token": token, "body": "Please send the birth record."},
    )
    assert sent.status_code == 200 and "Please send the birth record." in sent.text
    empty = client.post(
        f"/applications/{case.id}/messages", data={"csrf_token": token, "body": "  "}
    )
    assert empty.status_code == 422 and 'id="body-error"' in empty.text
    person = world.registers["CHN"][0]
    verify = client.post(
        f"/applications/{case.id}/verify/lookup",
        data={"csrf_token": token, "number": person.national_id},
    )
    assert verify.status_code == 200 and person.person_id in verify.text
    missing = client.post(
        f"/applications/{case.id}/verify",
        data={"csrf_token": token, "decision": "reject", "reason": "no"},
    )
    assert missing.status_code == 422 and 'href="#reject-reason_code"' in missing.text
    confirmed = client.post(
        f"/applications/{case.id}/verify",
        data={
            "csrf_token": token,
            "decision": "confirm",
            "person_id": person.person_id,
            "confirmed": "yes",
        },
    )
    assert confirmed.status_code == 200
    assert "<strong>Confirmed</strong>" in confirmed.text


def test_the_register_lookup_is_posted_and_its_number_kept_out_of_every_address(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification)
    db.commit()
    token = login(client, "CHN", Role.verifier)
    page = client.get(f"/applications/{case.id}/verify").text
    numbers = {d.number for d in case.documents if d.number}
    assert numbers and not any(number in href for number in numbers for href in _links(page))
    assert f'<form method="post" action="/applications/{case.id}/verify/lookup"' in page
    assert 'method="get"' not in page
    person = world.registers["CHN"][0]
    found = client.post(
        f"/applications/{case.id}/verify/lookup",
        data={"csrf_token": token, "number": f" {person.national_id} "},
    )
    assert found.status_code == 200 and found.url.path == f"/applications/{case.id}/verify/lookup"
    assert not found.url.query and person.person_id in found.text
    assert "1 register entry for" in found.text
    too_long = client.post(
        f"/applications/{case.id}/verify/lookup", data={"csrf_token": token, "number": "9" * 61}
    )
    assert too_long.status_code == 422 and 'href="#number"' in too_long.text
    assert 'aria-invalid="true"' in too_long.text and "9" * 61 in too_long.text
    forged = client.post(
        f"/applications/{case.id}/verify/lookup", data={"csrf_token": "x", "number": "1"}
    )
    assert forged.status_code == 403


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src)="([^"]*)"', html)


def test_requesting_state_cannot_open_the_verify_page(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification)
    db.commit()
    login(client, "USA", Role.supervisor)
    assert client.get(f"/applications/{case.id}/verify").status_code == 404
    client.cookies.clear()
    login(client, "CHN", Role.case_officer)
    assert client.get(f"/applications/{case.id}/verify").status_code == 403
    assert client.get("/verify").status_code == 403


def test_the_verify_page_ranks_candidates_with_evidence_and_proposes_the_first(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.under_verification, index=7)
    db.commit()
    token = login(client, "CHN", Role.verifier)
    person = world.registers["CHN"][7]
    page = client.get(f"/applications/{case.id}/verify").text
    assert "Engine recommendation: confirm the first candidate" in page
    first = page.index('id="candidate-1"')
    assert person.person_id in page[first : first + 200]
    assert "Date of birth</th>" in page
    # Officers read each level as a sentence, never the probabilities behind it.
    assert re.search(r'<td data-level="exact">Same date of birth[ (<]', page)
    assert re.search(
        r'<td data-level="exact">Same name, shared by \d+ people in the register', page
    )
    assert "m=" not in page and "u=" not in page
    assert re.search(rf'value="{person.person_id}" checked', page)
    rerun = client.post(f"/applications/{case.id}/verify/match", data={"csrf_token": token})
    assert rerun.status_code == 200 and "The register was searched again." in rerun.text
    confirmed = client.post(
        f"/applications/{case.id}/verify",
        data={
            "csrf_token": token,
            "decision": "confirm",
            "person_id": person.person_id,
            "confirmed": "yes",
        },
    )
    assert "<strong>Confirmed</strong>" in confirmed.text


def test_the_queue_page_has_pages(
    client: TestClient, db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(3):
        make_case(db, world, country="GTM", index=index, status=Status.submitted)
    db.commit()
    monkeypatch.setattr(queue_page, "PAGE_ROWS", 2)
    login(client, "USA", Role.case_officer)
    first = client.get("/").text
    assert "Cases 1–2 of" in first and 'href="/?page=2"' in first
    assert "Previous page" not in first
    second = client.get("/?page=2").text
    assert "Cases 3–" in second and 'href="/?page=1"' in second
    assert client.get("/?page=0").status_code == 422
