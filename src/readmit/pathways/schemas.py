"""What the legal pathways API takes and gives (the template's XCreate/XUpdate/XPublic
ladder). Answers to a programme's questions travel as {fact id: value}; they are checked
against the programme's declared facts by the service, which names a wrong one."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from readmit.pathways.definitions import (
    Deadline,
    Document,
    Fact,
    FiscalYearCeiling,
    IntakePlace,
    PermitTerms,
    PriorityCategory,
    Rule,
)
from readmit.pathways.models import CaseStatus, PathwayKind
from readmit.schemas import check_birth_date

_IN = ConfigDict(extra="forbid", str_strip_whitespace=True)
Alpha3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["VEN"])]


# A full birth date, or the year-month or year when that is all that is known.
BirthDate = Annotated[
    str,
    Field(max_length=10, examples=["1990-04"]),
    AfterValidator(lambda value: check_birth_date(value) if value else value),
]
Answer = bool | int | float | Annotated[str, Field(max_length=200)] | None
Facts = Annotated[dict[Annotated[str, Field(max_length=80)], Answer], Field(max_length=100)]
Name = Annotated[str, Field(max_length=200)]
Reference = Annotated[str, Field(pattern=r"^PW-[A-Z]{3}-\d{4}-\d{6,12}$", max_length=40)]


class CaseBase(BaseModel):
    """The person and the answers an intake officer records."""

    model_config = _IN

    family_name: Name = ""
    given_names: Name = ""
    birth_date: BirthDate = ""
    sex: Literal["F", "M", "X"] = "X"
    document_number: Annotated[str, Field(max_length=40)] = ""
    priority_category: Annotated[str, Field(max_length=60)] = ""


class CaseCreate(CaseBase):
    """A person taken in for one programme at one of its intake places."""

    programme: Annotated[str, Field(min_length=1, max_length=60, examples=["usa-frp"])]
    intake_place: Annotated[str, Field(min_length=1, max_length=60, examples=["SMO-GTM-GUA"])]
    nationality: Alpha3
    facts: Facts = Field(default_factory=dict)


class CaseUpdate(BaseModel):
    """Changes to an intake; `facts` are merged into the answers (null clears one)."""

    model_config = _IN

    family_name: Name | None = None
    given_names: Name | None = None
    birth_date: BirthDate | None = None
    sex: Literal["F", "M", "X"] | None = None
    nationality: Alpha3 | None = None
    document_number: Annotated[str, Field(max_length=40)] | None = None
    priority_category: Annotated[str, Field(max_length=60)] | None = None
    facts: Facts | None = None


class StepIn(BaseModel):
    """Why the step is taken (kept on the case's timeline)."""

    model_config = _IN

    note: Annotated[str, Field(max_length=2000)] = ""


class MessageIn(BaseModel):
    """A message to the other officers working the case."""

    model_config = _IN

    body: Annotated[str, Field(min_length=1, max_length=5000)]


class ReferIn(BaseModel):
    """Refer the person to another programme of the same state."""

    model_config = _IN

    programme: Annotated[str, Field(min_length=1, max_length=60)]


class RuleOutcomePublic(BaseModel):
    """One rule's result and why."""

    rule: str
    text: str
    outcome: Literal["met", "not_met", "unknown"]
    because: str


class CaseEventPublic(BaseModel):
    """One step on the case's timeline."""

    step: str
    from_status: str
    to_status: str
    note: str
    actor: str | None
    at: datetime


class CaseMessagePublic(BaseModel):
    """A message on the case."""

    id: int
    author: str
    body: str
    at: datetime


class CaseDocumentPublic(BaseModel):
    """A document of the case (the bytes are downloaded apart)."""

    id: int
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class CaseSummary(BaseModel):
    """A case as lists show it."""

    reference: str
    programme: str
    status: CaseStatus
    family_name: str
    given_names: str
    nationality: str
    intake_place: str
    eligible: bool | None
    priority_category: str
    applied_at: datetime
    due_at: datetime | None
    overdue: bool


class CasesPublic(BaseModel):
    """One page of cases and how many match."""

    items: list[CaseSummary]
    total: int


class CasePublic(CaseSummary):
    """A case with its answers, eligibility, timeline, messages and documents."""

    state: str
    programme_version: int
    programme_title: str
    kind: PathwayKind
    intake_state: str
    birth_date: str
    sex: str
    document_number: str
    region: str
    facts: dict[str, Any]
    eligibility: list[RuleOutcomePublic]
    fiscal_year: int | None
    referred_from: str | None
    events: list[CaseEventPublic]
    messages: list[CaseMessagePublic]
    documents: list[CaseDocumentPublic]
    missing_documents: list[str] = Field(description="Required document kinds not yet provided")
    steps: list[str] = Field(description="What the caller may do now")


class SuggestionPublic(BaseModel):
    """Another programme the person might qualify for: none of its rules is failed."""

    code: str
    title: str
    kind: PathwayKind
    eligible: bool | None
    eligibility: list[RuleOutcomePublic]


class ProgrammeSummary(BaseModel):
    """A programme's current version, as lists show it."""

    code: str
    version: int
    title: str
    kind: PathwayKind
    state: str
    valid_from: date
    valid_until: date | None
    uncapped: bool
    loaded_at: datetime


class ProgrammePublic(ProgrammeSummary):
    """A programme with its rules, facts, documents and ceilings."""

    source: str
    sha256: str
    fiscal_year_start_month: int
    eligible_nationalities: list[str]
    intake_places: list[IntakePlace]
    facts: list[Fact]
    rules: list[Rule]
    documents: list[Document]
    priority_categories: list[PriorityCategory]
    regions: dict[str, list[str]]
    ceilings: list[FiscalYearCeiling]
    deadlines: dict[str, Deadline]
    refer_to: list[str]
    permit: PermitTerms | None
    versions: list[int] = Field(description="Every version stored, newest first")
