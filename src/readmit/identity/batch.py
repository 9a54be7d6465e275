"""Verify a file of applications on every core: each worker process opens its own engine
over the store (SQLite readers do not block each other); results come back in input order."""

import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from readmit.identity.engine import Engine
from readmit.identity.schemas import VerifyRequest, VerifyResult

CHUNK = 25
_engine: Engine | None = None


def _start(country: str, home: Path) -> None:
    global _engine
    _engine = Engine.for_home(home=home, country=country)


def _verify(line: str) -> VerifyResult | str:
    """The result for one line, or why the line is not a valid application."""
    assert _engine is not None, "worker started without an engine"
    try:
        request = VerifyRequest.model_validate_json(line)
    except ValidationError as exc:
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return _engine.verify(request)


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def verify_lines(
    lines: list[str], *, country: str, home: Path, workers: int
) -> Iterator[VerifyResult | str]:
    """Results (or error texts) for non-empty lines, in order; the store is opened first so
    that a missing or outdated one fails before any worker starts."""
    Engine.for_home(home=home, country=country).close()
    if workers <= 1 or len(lines) < 2 * CHUNK:
        _start(country, home)
        yield from map(_verify, lines)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(workers, initializer=_start, initargs=(country, home)) as pool:
        yield from pool.imap(_verify, lines, chunksize=CHUNK)
