"""Admission: a server process works on at most as many requests as it has threads and
database connections; the rest wait their turn in the event loop, where waiting costs
nothing. Without it, requests that wait for a case's lock (or SQLite's writer) can occupy
every thread while the request holding the lock waits for a thread to finish: the server
stalls until timeouts turn everything into errors."""

import asyncio
import json

from starlette.types import ASGIApp, Receive, Scope, Send

from readmit.database.dialect import LOCK_WAIT_SECONDS

UNLIMITED = ("/static/",)
# Logging in hashes a password on purpose slowly (a core for a tenth of a second): a burst of
# logins (a shift starting) gets a lane of its own, so it cannot take every place.
LOGIN_LANE = 2


class Admission:
    """Pure ASGI middleware: a request waits for one of `limit` places (logins for one of
    their own lane's, counted within the limit), or is told to come back (503 with
    Retry-After) if none frees up within the lock wait."""

    def __init__(
        self, app: ASGIApp, *, limit: int, wait_seconds: float = LOCK_WAIT_SECONDS
    ) -> None:
        self.app = app
        self.limit = max(limit, LOGIN_LANE + 1)
        self.wait_seconds = wait_seconds
        self._lanes: dict[str, asyncio.Semaphore] = {}

    def _lane(self, scope: Scope) -> asyncio.Semaphore:
        name = "login" if (scope["method"], scope["path"]) == ("POST", "/login") else "main"
        if name not in self._lanes:  # created in the server's event loop, on first use
            self._lanes["main"] = asyncio.Semaphore(self.limit - LOGIN_LANE)
            self._lanes["login"] = asyncio.Semaphore(LOGIN_LANE)
        return self._lanes[name]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNLIMITED):
            await self.app(scope, receive, send)
            return
        places = self._lane(scope)
        try:
            await asyncio.wait_for(places.acquire(), timeout=self.wait_seconds)
        except TimeoutError:
            await _busy(scope, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            places.release()


async def _busy(scope: Scope, send: Send) -> None:
    message = "The server is busy; try again in a few seconds."
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"detail": message}).encode(), b"application/json"
    else:
        body, kind = f"<!doctype html><title>Busy</title><p>{message}</p>".encode(), b"text/html"
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [(b"content-type", kind), (b"retry-after", b"5")],
        }
    )
    await send({"type": "http.response.body", "body": body})
