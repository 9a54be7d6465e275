"""Runtime settings, read once from the environment."""

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where data lives and how the server behaves."""

    home: Path
    database_url: str
    cookie_secure: bool
    threads: int = 16  # requests a server process works on at once, each with a connection
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    session_hours: int = 8


@lru_cache
def get_settings() -> Settings:
    """Settings from READMIT_* variables; SQLite under READMIT_HOME by default."""
    home = Path(os.environ.get("READMIT_HOME") or "./var").resolve()
    url = os.environ.get("READMIT_DATABASE_URL") or f"sqlite:///{home / 'readmit.db'}"
    return Settings(
        home=home,
        database_url=url,
        cookie_secure=os.environ.get("READMIT_COOKIE_SECURE", "0") == "1",
        threads=_positive(os.environ.get("READMIT_THREADS"), default=16),
    )


def _positive(value: str | None, *, default: int) -> int:
    """A positive whole number from the environment, else the default."""
    return int(value) if value and value.isdigit() and int(value) > 0 else default
