"""Interview shapes: the request, the requested state's decision, and what both states see."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from readmit.i18n import _
from readmit.schemas import InputModel

Place = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class InterviewCreate(InputModel):
    """The requesting state proposes a date and a place for a consular interview."""

    proposed_date: date
    proposed_place: Place
    note: Text | None = None


class InterviewDecisionIn(InputModel):
    """Grant (with the interview's date and place), hold or refuse (with a reason)."""

    decision: Literal["grant", "hold", "refuse"]
    interview_date: date | None = None
    interview_place: Place | None = None
    reason: Text | None = None

    @model_validator(mode="after")
    def _what_each_decision_needs(self) -> "InterviewDecisionIn":
        if self.decision == "grant":
            if self.interview_date is None or self.interview_place is None:
                raise ValueError(_("a grant names the interview's date and place"))
            if self.reason is not None:
                raise ValueError(_("a grant takes no reason"))
        elif self.reason is None:
            raise ValueError(_("a hold or a refusal needs a reason"))
        elif self.interview_date is not None or self.interview_place is not None:
            raise ValueError(_("only a grant names the interview's date and place"))
        return self


class InterviewDecisionPublic(BaseModel):
    """One decision, dated and signed."""

    model_config = ConfigDict(from_attributes=True)

    decision: str
    interview_date: date | None
    interview_place: str | None
    reason: str | None
    decided_at: datetime
    decided_by: str


class InterviewPublic(BaseModel):
    """An interview as both states see it."""

    id: int
    application_id: int
    status: str
    proposed_date: date
    proposed_place: str
    note: str | None
    requested_at: datetime
    requested_by: str
    decisions: list[InterviewDecisionPublic]


class CorridorCounts(BaseModel):
    """Interviews and charter answers of one corridor in a period, for the statistics."""

    interviews_requested: int
    interviews_granted: int
    interviews_held: int
    interviews_refused: int
    charters_accepted: int
    charters_refused: int
