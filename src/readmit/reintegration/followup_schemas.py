"""Input and output shapes of the plan of services, the follow-up surveys, the queue and the
outcomes (the consent, assessment and referral shapes are in schemas.py)."""

from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from readmit.i18n import _
from readmit.reintegration.models import FollowUpStatus, ServiceStatus
from readmit.reintegration.programme import checked_currency
from readmit.schemas import InputModel
from readmit.statistics.schemas import Cell

Currency = Annotated[str, AfterValidator(checked_currency)]
# Budgets in minor units: up to 10^12 (ten billion in a currency of two decimals) is beyond
# any one returnee's plan, and stays inside a 64-bit integer everywhere.
MAX_BUDGET = 10**12


class ServiceBase(InputModel):
    """What a plan's service says: what, by whom, the budget and the dates."""

    provider_name: str = Field(min_length=1, max_length=200)
    budget_minor: int = Field(default=0, ge=0, le=MAX_BUDGET)
    currency: Currency = "USD"
    starts_on: date | None = None
    ends_on: date | None = None
    note: str = Field(default="", max_length=2000)


class ServiceCreate(ServiceBase):
    """A new service of the plan; its type is one of the programme's."""

    service_type: str = Field(min_length=1, max_length=40)


class ServiceUpdate(InputModel):
    """A change to a service: only the fields given change."""

    provider_name: str | None = Field(default=None, min_length=1, max_length=200)
    budget_minor: int | None = Field(default=None, ge=0, le=MAX_BUDGET)
    currency: Currency | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    status: ServiceStatus | None = None
    progress: int | None = Field(default=None, ge=0, le=100)
    note: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.model_fields_set:
            raise ValueError(_("give at least one field to change"))
        return self


class ServicePublic(BaseModel):
    """A service of the plan as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    service_type: str
    provider_name: str
    budget_minor: int
    currency: str
    starts_on: date | None
    ends_on: date | None
    status: ServiceStatus
    progress: int
    note: str
    updated_at: datetime


class PlanPublic(BaseModel):
    """A case's plan: its services, and its progress (the mean of its services' progress,
    cancelled ones left out; None when none is left)."""

    case: str
    services: list[ServicePublic]
    progress: int | None


class SurveyIn(InputModel):
    """A follow-up survey's answers: indicator key to option key (absent: unanswered)."""

    answers: dict[str, str | None] = Field(max_length=60)


class FollowUpPublic(BaseModel):
    """A follow-up as the API returns it; scores per dimension and "overall" (None: not
    scored), with the formula version they were computed under."""

    model_config = ConfigDict(from_attributes=True)

    months: int
    due_on: date
    window_ends: date
    status: FollowUpStatus
    answers: dict[str, Any]
    scores: dict[str, Any]
    formula_version: str
    completed_at: datetime | None


class QueueItem(BaseModel):
    """A follow-up on the provider's queue: due now (its window open) or missed."""

    case: str
    region: str
    months: int
    due_on: date
    window_ends: date
    status: FollowUpStatus


Grouping = Literal["programme", "service_type", "region"]


class OutcomeRow(BaseModel):
    """Sustainability of one group at one follow-up: how many surveys, and mean scores per
    dimension and overall (None: no scored survey)."""

    group: str
    months: int
    surveys: int
    means: dict[str, float | None]


class OutcomesPublic(BaseModel):
    """The provider's own outcomes, by programme, service type or region."""

    by: Grouping
    rows: list[OutcomeRow]


class AggregateRow(BaseModel):
    """One cell of the aggregates: withheld counts "<5" or "x", and their means withheld."""

    partner: str
    group: str
    months: int
    surveys: Cell
    means: dict[str, Cell]


class AggregatesPublic(BaseModel):
    """Both states' aggregates, with disclosure control; cases deleted after retention count
    through the statistics they left."""

    by: Grouping
    side: Literal["requesting", "requested"]
    rows: list[AggregateRow]
