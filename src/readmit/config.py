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
    )
