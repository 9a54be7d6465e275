"""What the requested state (CHN) receives about a case, and what it must never receive."""

import html as htmlib
import json
import re
from typing import Any

import httpx

from tests.concurrency.harness import REQUEST_TIMEOUT, Server, ok

# Words that would tell the requested state that a protection hold exists.
HOLD_WORDS = re.compile(r"\b(protection|asylum|holds?|flag(?:s|ged)?)\b", re.IGNORECASE)
# Keys that carry the id of the user who acted.
ACTOR_KEY = re.compile(r"^(actor|user|author|sender)_id$|_by_id$")
SUSPENDED_LABEL = "Suspended by the requesting state"


class RequestedState:
    """CHN's verifier: API JSON with a token, and the HTML pages through a logged-in session."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.user = server.user("CHN", "verifier")
        self.api = server.client(self.user["api_token"])
        self._browser: httpx.Client | None = None

    def close(self) -> None:
        self.api.close()
        if self._browser is not None:
            self._browser.close()

    @property
    def browser(self) -> httpx.Client:
        if self._browser is None:
            browser = httpx.Client(base_url=self.server.base_url, timeout=REQUEST_TIMEOUT)
            form = browser.get("/login")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert csrf, f"no CSRF token on the login page: {form.text[:500]}"
            answer = browser.post(
                "/login",
                data={
                    "csrf_token": csrf.group(1),
                    "next": "/",
                    "email": self.user["email"],
                    "password": self.user["password"],
                },
            )
            assert answer.status_code in (200, 303), f"login failed: {answer.status_code}"
            self._browser = browser
        return self._browser

    def case(self, case_id: int) -> dict[str, Any]:
        return dict(ok(self.api.get(f"/applications/{case_id}")))

    def page(self, case_id: int) -> str:
        response = self.browser.get(f"/applications/{case_id}")
        assert response.status_code == 200, f"case page {case_id}: {response.status_code}"
        return response.text

    def everything(self, case_id: int) -> dict[str, Any]:
        """Every view the requested state has of the case: JSON, lists, queue, flights, page."""
        return {
            "case JSON": self.case(case_id),
            "application list": ok(self.api.get("/applications", params={"limit": 200})),
            "queue": ok(self.api.get("/queue")),
            "transfers": ok(self.api.get("/transfers")),
            "messages": ok(self.api.get(f"/applications/{case_id}/messages")),
            "case page (HTML)": self.page(case_id),
        }


def page_status(page: str) -> str:
    """The case's status as the case page shows it (the first Status fact)."""
    found = re.search(r"<dt>Status</dt>\s*<dd>(.*?)</dd>", page, re.DOTALL)
    assert found, "the case page shows no Status"
    return htmlib.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def decisions_on_page(page: str) -> int:
    """Rows of the case page's Decisions table."""
    start = page.find('id="decisions"')
    assert start >= 0, "the case page has no Decisions section"
    section = page[start : page.find("<h2", start + 1)]
    body = re.search(r"<tbody>(.*?)</tbody>", section, re.DOTALL)
    return len(re.findall(r"<tr\b", body.group(1))) if body else 0


def leaks(
    views: dict[str, Any], *, foreign_ids: set[int], secrets: tuple[str, ...] = ()
) -> list[str]:
    """What in these views would reveal a hold or a requesting-state user: one line each."""
    found = []
    for name, payload in views.items():
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        words = sorted({m.group(0).lower() for m in HOLD_WORDS.finditer(text)})
        if words:
            found.append(f"{name} contains {words}")
        found += [f"{name} contains {s!r}" for s in secrets if s.lower() in text.lower()]
        if not isinstance(payload, str):
            found += [
                f"{name} has {key}={value} (a requesting-state user)"
                for key, value in _actor_ids(payload)
                if value in foreign_ids
            ]
    return list(dict.fromkeys(found))


def _actor_ids(payload: Any) -> list[tuple[str, Any]]:
    if isinstance(payload, dict):
        pairs = [(k, v) for k, v in payload.items() if ACTOR_KEY.search(k)]
        return pairs + [p for v in payload.values() for p in _actor_ids(v)]
    if isinstance(payload, list):
        return [p for v in payload for p in _actor_ids(v)]
    return []
