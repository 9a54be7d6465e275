"""Pure ASGI middleware around every route: a request-size limit enforced while the body
arrives (so an oversized body is never buffered), the security headers on every answer, and
the reader's language for pages."""

import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from readmit import i18n, uploads
from readmit.i18n import _
from readmit.web.templating import SECURITY_HEADERS, render_error

MiB = 2**20
LIMITS_VARIABLE = "READMIT_BODY_LIMITS"
# Photos are at most 2 MB and seal scans 10 MB, sent as multipart forms; everything else
# (JSON, ordinary forms) is small.
DEFAULT_BODY_LIMIT = MiB
DEFAULT_UPLOAD_LIMIT = uploads.MAX_SCAN_BYTES + MiB
# Swagger UI's pages start it with an inline script, which the policy would block.
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect")
STATIC_PREFIX = "/static/"  # the same for everyone, so it may be cached


@dataclass(frozen=True)
class BodyLimits:
    """The largest request body accepted, in bytes: multipart uploads, and all others."""

    body: int = DEFAULT_BODY_LIMIT
    upload: int = DEFAULT_UPLOAD_LIMIT

    def for_request(self, headers: Headers) -> int:
        """The limit for this request's content type."""
        content_type = headers.get("content-type", "").lower()
        return self.upload if content_type.startswith("multipart/form-data") else self.body


SIZE = re.compile(r"^(\d+)([KMG]?)$", re.IGNORECASE)
UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}


def body_limits() -> BodyLimits:
    """The limits from READMIT_BODY_LIMITS, e.g. `body=2M,upload=20M` (bytes, or K/M/G
    binary units; either may be left out), else the defaults."""
    values: dict[str, int] = {}
    for item in filter(None, os.environ.get(LIMITS_VARIABLE, "").replace(" ", "").split(",")):
        name, _sep, size = item.partition("=")
        found = SIZE.match(size)
        if name not in ("body", "upload") or found is None or int(found.group(1)) == 0:
            raise ValueError(
                f"{LIMITS_VARIABLE}: {item!r} is not body=SIZE or upload=SIZE "
                "(SIZE in bytes, or with K, M or G)"
            )
        values[name] = int(found.group(1)) * UNITS[found.group(2).upper()]
    return BodyLimits(**values)


class _BodyTooLarge(Exception):
    """Raised into the app from `receive` once the body passes the limit."""


class BodyLimit:
    """413 for a body above the limit: at once when Content-Length says so, else as soon as
    a streamed (chunked) body passes it; the connection is then closed, unread."""

    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.limits.for_request(headers)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(scope, limit)(scope, receive, send)
            return
        received, exceeded, started = 0, False, False

        async def counted() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge()
            return message

        async def unless_exceeded(message: Message) -> None:
            # Whatever the app makes of the cut-off body (FastAPI: a 400), the answer is 413.
            nonlocal started
            if exceeded:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, unless_exceeded)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _too_large(scope, limit)(scope, receive, send)


class NoNul:
    """422 for an address whose path or query holds a NUL character: no legitimate address
    does, and PostgreSQL cannot compare text with one (bodies are refused by the schemas)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            b"%00" in scope.get("query_string", b"") or "\x00" in scope.get("path", "")
        ):
            request = Request(scope)
            message = _("The address may not contain NUL characters.")
            response: Response = (
                JSONResponse({"detail": [{"loc": ["query"], "msg": message}]}, status_code=422)
                if request.url.path.startswith("/api/")
                else render_error(request, 422, message)
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _too_large(scope: Scope, limit: int) -> Response:
    size = f"{limit / MiB:.3g} MB" if limit >= MiB else f"{limit} bytes"
    request = Request(scope)
    if request.url.path.startswith("/api/"):
        response: Response = JSONResponse(
            {"detail": f"the request body is larger than the {size} limit"}, status_code=413
        )
    else:
        response = render_error(
            request,
            413,
            _("What you sent is larger than the {size} limit; send a smaller file.", size=size),
        )
    # Closing is what stops the server reading (and discarding) the rest of the body.
    response.headers["Connection"] = "close"
    return response


class SecurityHeaders:
    """SECURITY_HEADERS on every response that does not set them itself; static files may
    be cached, and the API docs pages may load their scripts."""

    def __init__(self, app: ASGIApp, docs_paths: Collection[str] = DOCS_PATHS) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name == "Cache-Control" and path.startswith(STATIC_PREFIX):
                        continue
                    if name == "Content-Security-Policy" and path in self.docs_paths:
                        continue
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


# The reader's chosen language: set by the language picker and at login from the user's choice.
LANGUAGE_COOKIE = "readmit_lang"


class Language:
    """Pages speak the language of the language cookie, else the browser's Accept-Language;
    the API always speaks English."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        chosen = request.cookies.get(LANGUAGE_COOKIE, "")
        locale = (
            chosen
            if chosen in i18n.LOCALES
            else i18n.negotiate(request.headers.get("accept-language"))
        )
        with i18n.using(locale):
            await self.app(scope, receive, send)


Handler = Callable[[Request, Exception], Response]


def secured(handler: Handler) -> Handler:
    """The handler of unexpected errors, with SECURITY_HEADERS on its answers: Starlette
    sends that answer from outside every middleware."""

    def handle(request: Request, exc: Exception) -> Response:
        response = handler(request, exc)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return handle
