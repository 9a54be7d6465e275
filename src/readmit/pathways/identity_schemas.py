"""What the API gives for one person, one file (possible duplicates, readmission flags) and
takes and gives for regularisation (biometric enrolment, permits)."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from readmit.biometrics.fusion import decode_template
from readmit.biometrics.store import MODALITIES
from readmit.schemas import InputModel

Modality = Literal["face", "finger"]


class DuplicatePublic(BaseModel):
    """Another case of the same person held by the same state, and why."""

    reference: str
    programme: str
    status: str
    family_name: str
    given_names: str
    birth_date: str
    nationality: str
    name_score: float
    why: list[str]


class ReadmissionFlagPublic(BaseModel):
    """A readmission application of the case's state about the same person: its reference
    and a coarse state, nothing else."""

    reference: str
    state: Literal["pending_readmission", "returned"]
    label: str


class EnrolmentIn(InputModel):
    """A template from the capture device: base64 of little-endian float32, as the
    biometrics API takes it."""

    modality: Modality
    template: Annotated[str, Field(min_length=4, max_length=40_000)]

    @model_validator(mode="after")
    def _decodable(self) -> "EnrolmentIn":
        decode_template(self.template, MODALITIES[self.modality])
        return self


class GalleryMatchPublic(BaseModel):
    """A strong match found in the gallery before enrolment: another case (its reference),
    or a person of the state's register (`case` null)."""

    score: float
    case: str | None


class EnrolmentPublic(BaseModel):
    """The enrolment done, and the possible duplicates the gallery showed."""

    reference: str
    modality: Modality
    enrolled_at: datetime | None
    matches: list[GalleryMatchPublic]


class PermitPublic(BaseModel):
    """A temporary permit."""

    number: str
    case: str
    valid_from: date
    valid_until: date
    renews: str | None
    issued_at: datetime


class PermitsPublic(BaseModel):
    """Permits, soonest to end first."""

    items: list[PermitPublic]
    total: int
