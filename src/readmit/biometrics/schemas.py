"""Partner search shapes."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from readmit.applications.schemas import StateCode
from readmit.biometrics.fusion import decode_template
from readmit.biometrics.store import MODALITIES
from readmit.schemas import InputModel


class PartnerSearchIn(InputModel):
    """A partner's probe: base64 of little-endian float32."""

    answering_state: StateCode
    modality: Literal["face"]
    template: Annotated[str, Field(min_length=4, max_length=40_000)]

    @model_validator(mode="after")
    def _decodable(self) -> "PartnerSearchIn":
        decode_template(self.template, MODALITIES[self.modality])
        return self


class PartnerAnswer(BaseModel):
    """What the partner learns: hit or not, a reference, an expiry, and released data only
    once the answering officer has confirmed."""

    reference: str
    outcome: Literal["hit", "no_hit"]
    expires_at: datetime
    decision: Literal["confirmed", "rejected"] | None
    released: dict[str, Any] | None


class PendingHit(BaseModel):
    """A hit as the answering state's officer reviews it."""

    reference: str
    score: float | None
    candidate_person_id: str | None
    expires_at: datetime


class DecisionIn(InputModel):
    """The answering officer's decision on a hit."""

    confirm: bool


class TemplateRef(InputModel):
    """A register person's template in the caller's state's gallery."""

    person_id: Annotated[str, Field(min_length=1, max_length=64)]
    modality: Literal["face"]


class TemplateIn(InputModel):
    """A template for a register person of the caller's state."""

    person_id: Annotated[str, Field(min_length=1, max_length=64)]
    modality: Literal["face"]
    template: Annotated[str, Field(min_length=4, max_length=40_000)]

    @model_validator(mode="after")
    def _decodable(self) -> "TemplateIn":
        decode_template(self.template, MODALITIES[self.modality])
        return self
