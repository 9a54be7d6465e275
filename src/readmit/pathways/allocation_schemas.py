"""What the allocation under ceilings takes and returns through the API."""

from pydantic import BaseModel, ConfigDict, Field


class CeilingLeft(BaseModel):
    """What is left of one bucket of a fiscal year's places."""

    model_config = ConfigDict(frozen=True)

    bucket: str
    capacity: int
    allocated: int
    left: int


class AllocationRun(BaseModel):
    """The outcome of allocating a fiscal year's places to a programme's waitlist."""

    model_config = ConfigDict(frozen=True)

    programme: str
    fiscal_year: int
    allocated: int
    waitlisted: int
    ceilings: list[CeilingLeft]


class CeilingsPublic(BaseModel):
    """A programme's places in one fiscal year, bucket by bucket (none when uncapped)."""

    programme: str
    fiscal_year: int
    uncapped: bool
    ceilings: list[CeilingLeft]


class AllocationIn(BaseModel):
    """Which fiscal year's places to allocate."""

    model_config = ConfigDict(extra="forbid")

    fiscal_year: int = Field(ge=2000, le=2100)
