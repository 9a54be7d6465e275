"""How `readmit serve` runs the app: one process on SQLite (one writer), one or more worker
processes on PostgreSQL, and an access log that never records query strings."""

import logging
from typing import Any

from sqlalchemy import text

from readmit.config import get_settings
from readmit.database.core import get_engine
from readmit.database.dialect import is_sqlite


class ServeRefused(Exception):
    """The requested set-up cannot work; the message says why and what to do."""


class PathOnly(logging.Filter):
    """Drop the query string from access-log lines: a query may carry a document number."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, version, status = record.args
            record.args = (client, method, str(path).split("?", 1)[0], version, status)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with the access log filtered to paths."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {
        **LOGGING_CONFIG,
        "filters": {"path_only": {"()": PathOnly}},
        "handlers": {name: dict(h) for name, h in LOGGING_CONFIG["handlers"].items()},
    }
    config["handlers"]["access"]["filters"] = ["path_only"]
    return config


def check_workers(workers: int) -> None:
    """Refuse worker counts the database cannot carry, naming the fix."""
    settings = get_settings()
    if workers < 1:
        raise ServeRefused("--workers must be at least 1")
    if workers == 1:
        return
    if is_sqlite(settings.database_url):
        raise ServeRefused(
            "SQLite has one writer, so it serves from one process: drop --workers, or set "
            "READMIT_DATABASE_URL to a PostgreSQL database to run several"
        )
    with get_engine().connect() as connection:
        available = int(connection.execute(text("SHOW max_connections")).scalar_one())
    needed = workers * (settings.threads + 2)
    if needed > available - 5:
        raise ServeRefused(
            f"{workers} workers of {settings.threads} threads need {needed} PostgreSQL "
            f"connections and the server allows {available}: lower --workers or READMIT_THREADS"
        )


def run(*, host: str, port: int, workers: int) -> None:
    """Serve until interrupted."""
    import uvicorn

    uvicorn.run(
        "readmit.web.app:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        log_config=log_config(),
    )
