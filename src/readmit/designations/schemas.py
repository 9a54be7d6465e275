"""What the designations API takes and gives. Entities travel as FollowTheMoney has them: a
schema name and {property: [values]} (see `designations.ftm`)."""

from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from readmit.designations.models import DesignationStatus

_IN = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)
Properties = dict[str, list[str]]
LinkSchema = Literal["Ownership", "Directorship", "Employment"]


class EntityIn(BaseModel):
    """A person or company as FtM has it, e.g. {"schema": "Person", "properties": {"name":
    ["王小明", "Wang Xiaoming"], "birthDate": ["1980-02-03"], "nationality": ["CHN"]}}."""

    model_config = _IN

    schema_name: str = Field(alias="schema", max_length=40, description="FtM schema")
    properties: Properties = Field(default_factory=dict, max_length=60)


class LinkIn(BaseModel):
    """A link between the proposed entity and one already held: `this_is` names the end
    the proposed entity takes (owner or asset, director or organization, employee or
    employer), `other_id` the entity at the other end."""

    model_config = _IN

    schema_name: LinkSchema = Field(alias="schema")
    this_is: Literal["owner", "asset", "director", "organization", "employee", "employer"]
    other_id: int = Field(ge=1, le=2**31 - 1)
    properties: Properties = Field(default_factory=dict, max_length=20)


class DesignationCreate(BaseModel):
    """A proposal: a new entity (`entity`) or one already held (`entity_id`), its links, the
    legal basis, the reason and the dates."""

    model_config = _IN

    entity: EntityIn | None = None
    entity_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    links: list[LinkIn] = Field(default_factory=list, max_length=50)
    legal_basis: str = Field(min_length=1, max_length=200, examples=["INA 212(a)(3)(C)"])
    reason: str = Field(default="", max_length=5000)
    starts_on: date | None = None
    ends_on: date | None = None

    @model_validator(mode="after")
    def _one_entity(self) -> Self:
        if (self.entity is None) == (self.entity_id is None):
            raise ValueError("give either entity (a new one) or entity_id (one already held)")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class DesignationUpdate(BaseModel):
    """Changes to a proposal; `properties` replaces the entity's FtM properties."""

    model_config = _IN

    legal_basis: str | None = Field(default=None, min_length=1, max_length=200)
    reason: str | None = Field(default=None, max_length=5000)
    starts_on: date | None = None
    ends_on: date | None = None
    properties: Properties | None = Field(default=None, max_length=60)


class DecisionIn(BaseModel):
    """A supervisor's note on approving or rejecting a proposal."""

    model_config = _IN

    note: str = Field(default="", max_length=2000)


class DelistIn(BaseModel):
    """Why the designation ends."""

    model_config = _IN

    reason: str = Field(min_length=1, max_length=2000)


class ReviewIn(BaseModel):
    """A periodic review: what was found, and when the next is due (default: the review
    interval from today)."""

    model_config = _IN

    note: str = Field(min_length=1, max_length=2000)
    next_review: date | None = None


class EntityRef(BaseModel):
    """An entity named in a list or at the end of a link."""

    id: int
    ftm_id: str
    schema_name: str = Field(serialization_alias="schema")
    caption: str
    designation_id: int | None = Field(default=None, description="Its latest designation")
    status: DesignationStatus | None = Field(
        default=None, description="Its latest designation's status, if any"
    )


class EntityPublic(EntityRef):
    """An entity with its FtM properties."""

    properties: dict[str, list[str]]
    updated_at: datetime


class LinkPublic(BaseModel):
    """A link of the entity, in either direction, with the entity at each end."""

    id: int
    ftm_id: str
    schema_name: str = Field(serialization_alias="schema")
    properties: dict[str, list[str]]
    subject: EntityRef
    object: EntityRef


class EvidencePublic(BaseModel):
    """A document supporting the designation (the bytes are downloaded apart)."""

    id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    description: str
    uploaded_by: str
    uploaded_at: datetime


class HistoryItem(BaseModel):
    """One audited step on the designation."""

    at: datetime
    action: str
    actor: str | None
    detail: dict[str, Any]


class DesignationSummary(BaseModel):
    """A designation as lists show it."""

    id: int
    status: DesignationStatus
    entity: EntityRef
    legal_basis: str
    starts_on: date | None
    ends_on: date | None
    review_due: date | None
    proposed_at: datetime


class DesignationsPublic(BaseModel):
    """One page of designations and how many match."""

    items: list[DesignationSummary]
    total: int


class DesignationPublic(BaseModel):
    """A designation with its entity, links, evidence and history."""

    id: int
    state: str
    status: DesignationStatus
    legal_basis: str
    reason: str
    starts_on: date | None
    ends_on: date | None
    review_due: date | None
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    reviewed_at: datetime | None
    delisted_at: datetime | None
    delisting_reason: str
    entity: EntityPublic
    links: list[LinkPublic]
    evidence: list[EvidencePublic]
    history: list[HistoryItem]
    steps: list[str] = Field(description="What the caller may do now")


class ImportPublic(BaseModel):
    """What an import did."""

    lines: int
    created: int
    changed: int
    unchanged: int
    skipped: dict[str, int] = Field(description="Entities of schemas not kept, by schema")
    proposals: int
