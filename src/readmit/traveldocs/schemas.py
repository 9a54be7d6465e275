"""Travel document and seal-check shapes."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

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
    seal_base64: str
    revoked: bool


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
