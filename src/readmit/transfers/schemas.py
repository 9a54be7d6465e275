"""Transfer shapes."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from readmit.i18n import _
from readmit.schemas import InputModel


class TransferCreate(InputModel):
    """A flight: commercial (exactly one application) or charter (a manifest)."""

    kind: Literal["commercial", "charter"]
    carrier: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
    flight_number: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$")]
    route: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}(-[A-Z]{3}){1,4}$")]
    departure_at: datetime
    escorts: Annotated[int, Field(ge=0, le=50)] = 0
    application_ids: Annotated[
        list[Annotated[int, Field(ge=1, le=2**31 - 1)]], Field(min_length=1, max_length=200)
    ]


class CaseAdd(InputModel):
    """An application to add to a charter's manifest."""

    application_id: Annotated[int, Field(ge=1, le=2**31 - 1)]


class DepartureIn(InputModel):
    """When the flight left (UTC); by default, now."""

    departed_at: AwareDatetime | None = None


class ArrivalIn(InputModel):
    """The requested state's report on one person; an arrival at `arrived_at` (by default,
    now)."""

    outcome: Literal["arrived", "no_show"]
    reintegration_referral: bool = False
    # The reintegration provider (an authority id of the requested state) that receives the
    # referral as a case; without it the referral is only recorded.
    reintegration_provider_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    arrived_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _time_of_an_arrival(self) -> "ArrivalIn":
        if self.arrived_at is not None and self.outcome != "arrived":
            raise ValueError(_("arrived_at goes with the outcome 'arrived' only"))
        if self.reintegration_provider_id is not None and not (
            self.outcome == "arrived" and self.reintegration_referral
        ):
            raise ValueError(_("a reintegration provider goes with an arrival referred to it"))
        return self


class CharterAcceptanceIn(InputModel):
    """The requested state's answer to a charter; a refusal gives its reason."""

    accepted: bool
    reason: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
        | None
    ) = None

    @model_validator(mode="after")
    def _reason_of_a_refusal(self) -> "CharterAcceptanceIn":
        if not self.accepted and self.reason is None:
            raise ValueError(_("a refusal gives its reason"))
        return self


class CharterAcceptancePublic(BaseModel):
    """The answer, dated."""

    model_config = ConfigDict(from_attributes=True)

    accepted: bool
    reason: str | None
    decided_at: datetime


class TransferCasePublic(BaseModel):
    """One person on a transfer."""

    model_config = ConfigDict(from_attributes=True)

    application_id: int
    outcome: str | None
    outcome_at: datetime | None
    reintegration_referral: bool


class TransferPublic(BaseModel):
    """A transfer as both states see it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    requesting_state: str
    requested_state: str
    kind: str
    carrier: str
    flight_number: str
    route: str
    departure_at: datetime
    escorts: int
    status: str  # follows the cases: "arrived" once every person has an outcome
    departed_at: datetime | None
    cases: list[TransferCasePublic]
    acceptance: CharterAcceptancePublic | None = None  # a charter's answer from the requested state
