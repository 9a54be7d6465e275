"""Protection inputs and answers; every answer goes to the requesting state only."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from readmit.database.core import utcnow
from readmit.i18n import _
from readmit.protection.models import (
    DueKind,
    ProtectionKind,
    ScreeningOutcome,
    StatelessnessOutcome,
    TraffickingIndicator,
)
from readmit.schemas import InputModel

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=4000)]
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Indicators = Annotated[list[TraffickingIndicator], Field(max_length=len(TraffickingIndicator))]


class ProtectionFlagCreate(InputModel):
    """A claim or hold to record."""

    kind: ProtectionKind
    note: Note = ""


class ProtectionFlagClear(InputModel):
    """Clearing a flag needs a reason."""

    reason: Reason


class ScreeningDecisionIn(InputModel):
    """A protection officer's decision on a trafficking screening, with its reason."""

    outcome: ScreeningOutcome
    reason: Reason


class ScreeningPublic(BaseModel):
    """A trafficking screening: the indicators ticked and, once decided, the decision."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    indicators: list[TraffickingIndicator]
    note: str
    opened_at: datetime
    outcome: ScreeningOutcome | None
    reason: str | None
    decided_at: datetime | None
    flag_id: int | None


class StatelessnessDecisionIn(InputModel):
    """After a "not a national" rejection: refer the person to statelessness determination
    (on `referred_on`, today if left out) or name the state that claims the person."""

    outcome: StatelessnessOutcome
    referred_on: date | None = None
    claiming_state: StateCode | None = None
    note: Note = ""

    @model_validator(mode="after")
    def _complete(self) -> "StatelessnessDecisionIn":
        if self.outcome == StatelessnessOutcome.claimed:
            if self.claiming_state is None:
                raise ValueError(_("name the state that claims the person (claiming_state)"))
            if self.referred_on is not None:
                raise ValueError(_("referred_on belongs to a referral, not to a claim"))
        else:
            if self.claiming_state is not None:
                raise ValueError(_("claiming_state belongs to a claim, not to a referral"))
            if self.referred_on is not None and self.referred_on > utcnow().date():
                raise ValueError(_("the referral date cannot be in the future"))
        return self


class StatelessnessDecisionPublic(BaseModel):
    """A recorded referral or claim."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    outcome: StatelessnessOutcome
    referred_on: date | None
    claiming_state: str | None
    note: str
    flag_id: int | None
    follow_up_id: int | None
    decided_at: datetime


class StatelessnessPublic(BaseModel):
    """Where the case stands: whether the requested state answered "not a national", whether
    a protection officer must still decide, and what was decided."""

    rejected_as_not_national: bool
    awaiting_decision: bool
    decisions: list[StatelessnessDecisionPublic]
    follow_up_of: int | None = Field(description="The case this one was started from, if any")


class FollowUpPublic(BaseModel):
    """The new draft application to the state that claims the person."""

    id: int
    reference: str
    requested_state: str
    follow_up_of: int


class DueItemPublic(BaseModel):
    """A case waiting for a protection officer's decision."""

    application_id: int
    reference: str
    name: str
    status: str
    due: DueKind
    due_label: str
    since: date
