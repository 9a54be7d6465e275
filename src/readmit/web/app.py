"""The application factory and the mapping of domain errors to HTTP."""

import asyncio
import gc
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any
from urllib.parse import quote

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from readmit import __version__
from readmit.api import api_router
from readmit.applications.service import SWEEP_BATCH, enforce_deadlines
from readmit.config import get_settings
from readmit.database.core import transaction
from readmit.errors import Conflict, DomainError, Invalid
from readmit.i18n import _
from readmit.reintegration.followups import sweep_all as sweep_follow_ups
from readmit.web import assets
from readmit.web.admission import Admission
from readmit.web.deps import LoginRequired
from readmit.web.middleware import (
    BodyLimit,
    Language,
    NoNul,
    SecurityHeaders,
    body_limits,
    secured,
)
from readmit.web.pages import STATIC_DIR, render_error
from readmit.web.pages import router as pages_router

log = logging.getLogger("readmit")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    if not _is_api(request):
        return render_error(request, exc.status_code, str(exc))
    body: dict[str, Any]
    if isinstance(exc, Invalid):
        body = {
            "detail": [{"loc": list(p.loc), "msg": p.msg, "type": p.type} for p in exc.problems]
        }
    else:
        body = {"detail": str(exc)}
    if isinstance(exc, Conflict):
        body["allowed"] = exc.allowed
    return JSONResponse(body, status_code=exc.status_code)


def _login_required(request: Request, exc: Exception) -> Response:
    # After login, come back here; a POST's address cannot be revisited, so go to the queue.
    if request.method != "GET":
        return RedirectResponse("/login?next=/", status_code=303)
    target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return RedirectResponse(f"/login?next={target}", status_code=303)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _is_api(request):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    return render_error(request, exc.status_code, str(exc.detail))


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    if _is_api(request):
        return JSONResponse({"detail": errors}, status_code=422)
    return render_error(
        request, 422, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
    )


def _unexpected(request: Request, exc: Exception) -> Response:
    # Never a stack trace to the user; the server log keeps it.
    if _is_api(request):
        return JSONResponse({"detail": "internal error; it has been logged"}, status_code=500)
    return render_error(request, 500, _("Something went wrong; it has been logged."))


def _database_busy(request: Request, exc: Exception) -> Response:
    """A lock waited for too long (or a deadlock PostgreSQL broke): the step did nothing, and
    trying again later is the answer. Anything else from the database is unexpected."""
    message = str(getattr(exc, "orig", exc)).lower()
    if not any(sign in message for sign in BUSY_SIGNS):
        return _unexpected(request, exc)
    detail = _("Another officer is acting on this case; nothing was changed. Try again.")
    if _is_api(request):
        return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "2"})
    return render_error(request, 503, detail)


def _conflicting_write(request: Request, exc: Exception) -> Response:
    """A rule the database enforces (one valid document, one manifest, one decision per
    case) refused a write that raced another: the other one won."""
    log.info("refused by a database rule: %s", getattr(exc, "orig", exc))
    detail = _("Another officer changed this case at the same moment; reload it and try again.")
    if _is_api(request):
        return JSONResponse({"detail": detail, "allowed": []}, status_code=409)
    return render_error(request, 409, detail)


BUSY_SIGNS = ("lock timeout", "deadlock detected", "database is locked")


def settle() -> None:
    """Move what start-up built (romanisation tables, indexes: some 400,000 objects) out of
    the collector's sight: a full collection scanning them all takes ~70 ms, and it would
    stall every request in the process each time it runs."""
    gc.collect()
    gc.freeze()


def _lifespan(enforce_every: int | None) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Start-up and shut-down: the thread pool sized to the database pool; with
    `enforce_every` (seconds), the agreements' consequence of silence and missed reintegration
    follow-ups applied periodically and the biometric search indexes loaded once (so a
    partner's first search is fast)."""

    def warm_galleries() -> None:
        from readmit.biometrics import ann

        try:
            ann.warm(get_settings().home)
        except Exception:
            log.exception("loading the biometric indexes failed; they load on first search")
        settle()

    def run_once() -> None:
        while True:
            with transaction() as session:
                changed = enforce_deadlines(session=session, limit=SWEEP_BATCH)
                references = [a.reference for a in changed]
            if references:
                log.info("deemed accepted: %s", ", ".join(references))
            if len(references) < SWEEP_BATCH:
                break
        # Follow-ups of reintegration cases whose window closed without a survey.
        if missed := sweep_follow_ups(session_factory=transaction):
            log.info("reintegration follow-ups missed: %d", missed)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Admitted requests (settings.threads) plus a few for start-up and background work.
        to_thread.current_default_thread_limiter().total_tokens = get_settings().threads + 4
        settle()
        if enforce_every is None:
            yield
            return

        async def loop() -> None:
            while True:
                try:
                    await asyncio.to_thread(run_once)
                except Exception:
                    log.exception("deadline enforcement failed; retrying later")
                await asyncio.sleep(enforce_every)

        task = asyncio.create_task(loop())
        warming = asyncio.create_task(asyncio.to_thread(warm_galleries))
        yield
        task.cancel()
        warming.cancel()

    return lifespan


def create_app(*, enforce_deadlines_every: int | None = None) -> FastAPI:
    """The Readmit web application: pages at /, JSON API at /api/v1.

    With enforce_deadlines_every (seconds), the server itself applies deemed acceptance."""
    app = FastAPI(
        title="Readmit",
        version=__version__,
        description="Readmission case management: verify first, then return.",
        lifespan=_lifespan(enforce_deadlines_every),
        # Served by web/assets.py from installed packages: FastAPI's own pages use a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.include_router(api_router)
    app.include_router(pages_router)
    app.include_router(assets.router)
    app.mount(assets.SWAGGER_UI_URL, StaticFiles(directory=assets.SWAGGER_UI_DIR), name="docs")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(OperationalError, _database_busy)
    # The SQLite writer queue's own timeout (readmit.database.dialect) is not wrapped.
    app.add_exception_handler(sqlite3.OperationalError, _database_busy)
    app.add_exception_handler(IntegrityError, _conflicting_write)
    app.add_exception_handler(Exception, secured(_unexpected))
    # The last added runs first: the reader's language, headers on every answer, then the size
    # limit, then admission.
    app.add_middleware(Admission, limit=get_settings().threads)
    app.add_middleware(BodyLimit, limits=body_limits())
    app.add_middleware(NoNul)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(Language)
    return app


ENFORCE_EVERY_SECONDS = 900


def served_app() -> FastAPI:
    """The application `readmit serve` runs in each worker process."""
    return create_app(enforce_deadlines_every=ENFORCE_EVERY_SECONDS)
