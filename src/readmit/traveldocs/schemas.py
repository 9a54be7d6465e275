"""Travel document and seal-check shapes."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from readmit.i18n import _
from readmit.schemas import InputModel


class TravelDocumentPublic(BaseModel):
    """An issued emergency travel document."""

    id: int
    number: str
    issuing_state: str
    route: str
    issued_on: date
    valid_until: date
    mrz: list[str]
    place_of_birth: str = Field(description="Empty when not known (printed as a dash)")
    issuing_authority: str
    place_of_issue: str
    seal_base64: str
    revoked: bool


class TravelDocumentIssue(InputModel):
    """What the consul may say when issuing: where (a city, a consulate)."""

    place_of_issue: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] | None
    ) = None

    @field_validator("place_of_issue")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value and any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
            raise ValueError(_("write the place on one line, without control characters"))
        return value or None


class SealCheckIn(InputModel):
    """A seal to check, as base64 of its bytes (as `readmit traveldoc verify` also reads)."""

    seal_base64: Annotated[
        str, Field(min_length=4, max_length=20_000, pattern=r"^[A-Za-z0-9+/=\s]+$")
    ]


class VerdictPublic(BaseModel):
    """Whether a seal is valid, why not, and what it carries."""

    valid: bool
    reason: str
    data: dict[str, str]
