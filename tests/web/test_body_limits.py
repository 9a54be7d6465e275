"""The request-size limits: defaults, READMIT_BODY_LIMITS, and the refusal a user sees (JSON
on the API, the site's error page elsewhere). Streamed bodies: test_serving_under_attack.py."""

import pytest
from fastapi.testclient import TestClient

from readmit.web.app import create_app
from readmit.web.middleware import BodyLimits, MiB, body_limits


def test_the_defaults_fit_a_photo_and_a_scan_but_not_a_large_json_body(
    client: TestClient,
) -> None:
    assert body_limits() == BodyLimits(body=MiB, upload=11 * MiB)
    refused = client.post("/api/v1/tokens", content=b"[" + b" " * MiB + b"]")
    assert refused.status_code == 413
    assert refused.json() == {"detail": "the request body is larger than the 1 MB limit"}
    scan = client.post("/travel-documents/verify", files={"scan": ("a.png", bytes(2 * MiB))})
    assert scan.status_code != 413  # through to the page (here: to log in first)


def test_the_limits_are_set_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READMIT_BODY_LIMITS", "body=2K, upload=64k")
    assert body_limits() == BodyLimits(body=2048, upload=65536)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        assert client.post("/api/v1/tokens", json={"x": "y" * 3000}).status_code == 413
        assert client.post("/api/v1/tokens", json={"x": "y" * 1000}).status_code != 413
        page = client.post("/login", files={"scan": ("a.png", bytes(70_000))})
        assert page.status_code == 413 and "<main" in page.text
        assert "What you sent is larger than the 65536 bytes limit" in page.text


@pytest.mark.parametrize("value", ["body=", "json=1M", "body=1T", "upload=0", "body=-1"])
def test_a_wrong_setting_stops_the_start_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("READMIT_BODY_LIMITS", value)
    with pytest.raises(ValueError, match=r"^READMIT_BODY_LIMITS: .* is not body=SIZE or upload"):
        create_app()
