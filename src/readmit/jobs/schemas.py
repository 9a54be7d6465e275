"""What the jobs API takes and gives. Uploads arrive as multipart forms (their files are
checked in service.py); a statistics export takes the page's filters as JSON."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, StringConstraints

from readmit.jobs.models import JobKind, JobStatus
from readmit.schemas import InputModel

MONTH = r"^\d{4}-\d{2}$"
Month = Annotated[str, StringConstraints(pattern=MONTH)]


class Engine(StrEnum):
    """Which engine verifies a batch: the embedded single-machine one, or Spark."""

    single = "single"
    spark = "spark"


class StatisticsJobIn(InputModel):
    """A statistics export: the indicators of one corridor ("USA-CHN") or all the state's,
    for a period of months (default the last twelve), as CSV or Parquet."""

    corridor: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}-[A-Z]{3}$")] | None = None
    period_from: Month | None = None
    period_to: Month | None = None
    format: Literal["csv", "parquet"] = "csv"


class JobPublic(BaseModel):
    """A job as its authority's users see it: what, who, where it stands, what it made."""

    reference: str
    kind: JobKind
    status: JobStatus
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    done: int
    total: int | None
    percent: int | None  # done of total, None while the total is not known
    message: str
    attempts: int
    parameters: dict[str, Any]
    result: dict[str, Any]
    files: list[str]  # to download from /jobs/{reference}/files/{name}
    allowed: list[str]  # steps the caller may take now (cancel)


class JobsPublic(BaseModel):
    """A page of jobs, newest first, and how many there are."""

    items: list[JobPublic]
    total: int
