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
    # A departure is recorded from this long before the booked time (boarding, an early
    # push-back); an arrival no sooner than the shortest plausible flight after it.
    departure_tolerance_minutes: int = 60
    minimum_flight_minutes: int = 30
    # The largest attachment (a scan, an order) in MB; the multipart body limit
    # (READMIT_BODY_LIMITS upload=…) must leave room for it.
    attachment_max_mb: int = 10
    # An agency's own scorecard rule file (READMIT_SCORECARD_RULES); None: the packaged example.
    scorecard_rules: Path | None = None
    # An agency's own flight-lead rule file (READMIT_LEAD_RULES); None: the packaged example.
    lead_rules: Path | None = None
    # A screening hit scoring at least this goes to the review queue (READMIT_SCREENING_THRESHOLD).
    screening_threshold: float = 0.7
    # A designation in force is reviewed this often (READMIT_DESIGNATION_REVIEW_MONTHS).
    designation_review_months: int = 12
    # Background job worker processes `readmit serve` starts beside the web app
    # (READMIT_JOB_WORKERS; 0: none, run `readmit jobs work` instead).
    job_workers: int = 2
    # A running job whose worker has not written for this long is taken back
    # (READMIT_JOB_TIMEOUT_SECONDS): queued again while attempts remain (READMIT_JOB_ATTEMPTS).
    job_timeout_seconds: int = 60
    job_attempts: int = 3


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
        departure_tolerance_minutes=_whole(
            os.environ.get("READMIT_DEPARTURE_TOLERANCE_MINUTES"), default=60
        ),
        minimum_flight_minutes=_positive(
            os.environ.get("READMIT_MINIMUM_FLIGHT_MINUTES"), default=30
        ),
        attachment_max_mb=_positive(os.environ.get("READMIT_ATTACHMENT_MAX_MB"), default=10),
        scorecard_rules=_path(os.environ.get("READMIT_SCORECARD_RULES")),
        lead_rules=_path(os.environ.get("READMIT_LEAD_RULES")),
        screening_threshold=_share(os.environ.get("READMIT_SCREENING_THRESHOLD"), default=0.7),
        designation_review_months=_positive(
            os.environ.get("READMIT_DESIGNATION_REVIEW_MONTHS"), default=12
        ),
        job_workers=_whole(os.environ.get("READMIT_JOB_WORKERS"), default=2),
        job_timeout_seconds=_positive(os.environ.get("READMIT_JOB_TIMEOUT_SECONDS"), default=60),
        job_attempts=_positive(os.environ.get("READMIT_JOB_ATTEMPTS"), default=3),
    )


def _positive(value: str | None, *, default: int) -> int:
    """A positive whole number from the environment, else the default."""
    return int(value) if value and value.isdigit() and int(value) > 0 else default


def _whole(value: str | None, *, default: int) -> int:
    """A whole number (zero included) from the environment, else the default."""
    return int(value) if value and value.isdigit() else default


def _share(value: str | None, *, default: float) -> float:
    """A number above 0 and at most 1 from the environment, else the default."""
    try:
        share = float(value) if value else default
    except ValueError:
        return default
    return share if 0 < share <= 1 else default


def _path(value: str | None) -> Path | None:
    """A file named in the environment, made absolute; None when unset or blank."""
    return Path(value).expanduser().resolve() if value and value.strip() else None
