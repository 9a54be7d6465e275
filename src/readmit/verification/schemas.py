"""Decision and look-up shapes."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from readmit.i18n import N_, _
from readmit.registry.schemas import RegisterPersonPublic
from readmit.schemas import InputModel

# For each decision but confirm, the message that asks for its reason.
NEEDS_A_REASON = {
    "reject": N_("Rejecting needs a reason"),
    "request_info": N_("Requesting more information needs a reason"),
}


class DecisionIn(InputModel):
    """A verifier's decision; confirm needs the register person id, reject a reason."""

    decision: Literal["confirm", "reject", "request_info"]
    person_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    reason_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] = ""

    @model_validator(mode="after")
    def _complete(self) -> "DecisionIn":
        if self.decision == "confirm" and not self.person_id:
            raise ValueError(_("Confirming needs the register person whose identity you verified"))
        if self.decision != "confirm" and not self.reason:
            raise ValueError(_(NEEDS_A_REASON[self.decision]))
        return self


class DecisionPublic(BaseModel):
    """A recorded decision."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    register_person_id: str | None
    reason_code: str | None
    reason: str
    model_version: str | None
    decided_by_id: int | None


class LookupIn(InputModel):
    """A national ID or passport number to find in the register; sent in the body, so that
    it stays out of addresses, access logs and browser history."""

    number: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9 <./-]+$"
        ),
    ]


class LookupResult(BaseModel):
    """Register entries found for a document number."""

    query: str
    matches: list[RegisterPersonPublic]


class CandidatePublic(BaseModel):
    """A register person the engine ranked, with its calibrated score and evidence."""

    person_id: str
    score: float
    log_odds: float
    evidence: dict[str, Any]
    person: RegisterPersonPublic | None


class RecommendationPublic(BaseModel):
    """The engine's recommendation as kept for the case."""

    id: int
    recommendation: Literal["confirm", "review", "no_match"]
    reason: str
    model_version: str
    created_at: datetime
    candidates: list[CandidatePublic]
