"""The verify contract: one application in, ranked candidates with evidence out."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from readmit.applications.schemas import NameIn, PersonIn, StateCode
from readmit.biometrics.fusion import decode_template
from readmit.biometrics.store import MODALITIES
from readmit.schemas import InputModel


class BiometricIn(InputModel):
    """A template from a capture device or vendor SDK: base64 of little-endian float32."""

    modality: Literal["face"]
    template: Annotated[str, Field(min_length=4, max_length=40_000)]

    @model_validator(mode="after")
    def _decodable(self) -> "BiometricIn":
        decode_template(self.template, MODALITIES[self.modality])
        return self


class VerifyPerson(PersonIn):
    """The application's person, with the biometric templates the verify contract carries.
    A record with no name at all can still be looked up by a document number or a face."""

    names: Annotated[list[NameIn], Field(max_length=20)] = Field(default_factory=list)
    biometrics: Annotated[list[BiometricIn], Field(max_length=4)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something_to_search_by(self) -> "VerifyPerson":
        if not self.names and not any(d.number for d in self.documents) and not self.biometrics:
            raise ValueError("a person needs a name, a document number or a biometric template")
        return self


class VerifyRequest(InputModel):
    """One line of the applications file."""

    application_id: Annotated[str, Field(min_length=1, max_length=100)]
    requesting_state: StateCode | None = None
    requested_state: StateCode | None = None
    person: VerifyPerson


class Candidate(BaseModel):
    """A register person with a calibrated match probability and per-field evidence."""

    person_id: str
    score: float = Field(ge=0.0, le=1.0, description="Calibrated probability of a match")
    log_odds: float = Field(description="Bits of evidence including the prior")
    evidence: dict[str, Any]


class VerifyResult(BaseModel):
    """One line of the results file."""

    application_id: str
    recommendation: Literal["confirm", "review", "no_match"]
    reason: str
    model_version: str
    candidates: list[Candidate]
