"""Every answer carries the security headers (nosniff above all): pages, JSON, images,
errors of every kind; static files stay cacheable and the API docs keep their scripts."""

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.web.templating import SECURITY_HEADERS
from tests.conftest import app_on
from tests.factories import World


def _secured(headers: httpx.Headers, *, cache: bool = True, policy: bool = True) -> None:
    """Every security header is there, but for the cache and policy ones when not wanted."""
    for name, value in SECURITY_HEADERS.items():
        wanted = {"Cache-Control": cache, "Content-Security-Policy": policy}.get(name, True)
        assert (headers.get(name) == value) is wanted, name


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/login", None, 200),
        ("GET", "/no/such/page", None, 404),
        ("GET", "/api/v1/me", None, 401),
        ("GET", "/api/v1/applications/abc", None, 422),
        ("POST", "/api/v1/tokens", b" " * 2 * 2**20, 413),
        ("GET", "/openapi.json", None, 200),
    ],
)
def test_every_answer_carries_the_headers(
    client: TestClient, world: World, method: str, path: str, body: bytes | None, status: int
) -> None:
    headers = world.headers("USA", Role.case_officer) if path != "/api/v1/me" else {}
    response = client.request(method, path, content=body, headers=headers)
    assert response.status_code == status
    _secured(response.headers)


def test_an_unexpected_error_carries_them_too(db: Session) -> None:
    app = app_on(db)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500 and "Traceback" not in response.text
    _secured(response.headers)


def test_static_files_may_be_cached_and_the_docs_may_load_their_scripts(
    client: TestClient,
) -> None:
    css = client.get("/static/readmit.css")
    assert css.status_code == 200
    _secured(css.headers, cache=False)
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    _secured(docs.headers, policy=False)
