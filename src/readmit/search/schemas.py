"""What a case search asks for, and the shapes of its answers."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, ValidationInfo, field_validator

from readmit.applications.enums import Status
from readmit.applications.schemas import ApplicationsPublic
from readmit.i18n import _
from readmit.schemas import InputModel

Sort = Literal["created", "submitted", "reference", "status", "deadline"]
Order = Literal["asc", "desc"]
SearchText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(value: Any) -> Any:
    """A date as YYYY-MM-DD only (not a timestamp or a date and time), or blank."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if not _DATE.match(value.strip()):
            raise ValueError(_("enter a date as YYYY-MM-DD, such as 2026-03-31"))
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                _("{value} is not a date in the calendar", value=value.strip())
            ) from None
    return value


class CaseFilters(InputModel):
    """A search by anything but a document number (which never goes into an address)."""

    reference: Annotated[
        str | None, Field(description="the reference, or its beginning (case-insensitive)")
    ] = None
    name: Annotated[
        SearchText | None,
        Field(description="any name of the person, in Latin letters or the register's script"),
    ] = None
    status: Status | None = None
    corridor: Annotated[
        str | None, Field(description="requesting and requested state, such as USA-CHN")
    ] = None
    created_from: date | None = None
    created_to: date | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    overdue: Annotated[bool, Field(description="only cases past a running deadline")] = False
    sort: Sort = "created"
    order: Order = "desc"

    @field_validator("reference", mode="before")
    @classmethod
    def _reference(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper() or None
            if value is not None and not re.fullmatch(r"[A-Z0-9-]{1,40}", value):
                raise ValueError(_("a reference has up to 40 letters, digits and hyphens"))
        return value

    @field_validator("corridor", mode="before")
    @classmethod
    def _corridor(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper() or None
            if value is not None and not re.fullmatch(r"[A-Z]{3}-[A-Z]{3}", value):
                raise ValueError(_("a corridor is two state codes, such as USA-CHN"))
        return value

    @field_validator("created_from", "created_to", "submitted_from", "submitted_to", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return _day(value)

    @field_validator("created_to", "submitted_to")
    @classmethod
    def _ordered(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get(str(info.field_name).replace("_to", "_from"))
        if value is not None and start is not None and value < start:
            raise ValueError(_("the end date is before the start date"))
        return value

    @property
    def used(self) -> list[str]:
        """The names of the filters set (for the audit trail: which, never what)."""
        return [
            name
            for name in type(self).model_fields
            if name not in ("sort", "order") and getattr(self, name) not in (None, False)
        ]


class CaseQuery(CaseFilters):
    """A search that may include a document number."""

    document: Annotated[
        SearchText | None,
        Field(description="a document number, compared as the identity engine normalises it"),
    ] = None


class ListQuery(CaseFilters):
    """`GET /api/v1/applications`: filters, sorting and one page."""

    limit: Annotated[int, Field(ge=1, le=500)] = 100
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


class SearchQuery(CaseQuery):
    """`POST /api/v1/applications/search`: the same with a document number, in a body."""

    limit: Annotated[int, Field(ge=1, le=500)] = 100
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


class ApplicationsPage(ApplicationsPublic):
    """One page of cases, with the total found and where the neighbouring pages start."""

    limit: int
    offset: int
    next_offset: int | None
    previous_offset: int | None


class HoldPublic(BaseModel):
    """An open protection hold on a case of the caller's state."""

    flag_id: int
    application_id: int
    reference: str
    name: str
    status_label: str
    kind: str
    opened_at: datetime
    opened_by: str


class HoldsPublic(BaseModel):
    """A page of open holds, longest held first, and how many there are."""

    data: list[HoldPublic]
    count: int


class OfficerLoadPublic(BaseModel):
    """One officer's share of the open cases."""

    user_id: int
    full_name: str
    roles: list[str]
    active: bool
    opened: int
    worked: int
    overdue: int
