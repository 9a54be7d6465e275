"""What a screening takes and gives: a person or company query, and hits with a score, a
per-feature explanation and the path of links that leads to a designated entity."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["person", "company"]


class ScreeningQuery(BaseModel):
    """One person (e.g. a visa applicant) or company to screen. A person's name may come as
    family + given parts, or whole in `name` when the order is unknown (both orders are
    tried); names in any script."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Kind
    name: str = Field(default="", max_length=300)
    family_name: str = Field(default="", max_length=200)
    given_name: str = Field(default="", max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=20)
    birth_date: str | None = Field(default=None, max_length=10, description="YYYY[-MM[-DD]]")
    nationality: str | None = Field(default=None, max_length=3, description="ISO alpha-3")
    passport_number: str | None = Field(default=None, max_length=20)
    jurisdiction: str | None = Field(default=None, max_length=3, description="ISO alpha-3")
    registration_number: str | None = Field(default=None, max_length=60)
    iata_code: str | None = Field(default=None, max_length=3)
    icao_code: str | None = Field(default=None, max_length=4)
    reference: str | None = Field(default=None, max_length=100, description="Caller's own id")


@dataclass(frozen=True)
class Feature:
    """One compared feature: its name (e.g. "name", "birth_date", "passport_number",
    "legal_form"), the points it adds or takes away, and a sentence saying why."""

    name: str
    score: float
    explanation: str


@dataclass(frozen=True)
class PathStep:
    """One entity on the way from the matched entity to the designated one, with the link
    (FtM schema, e.g. "Directorship") that leads to the next step; the last has none."""

    entity_id: int
    schema: str
    caption: str
    link: str | None = None


@dataclass(frozen=True)
class Hit:
    """A designated entity reached from the query: `entity_id` is the entity whose names
    matched, `designated_entity_id` the one designated (the same, or reached through
    `path`); `score` in [0, 1]."""

    entity_id: int
    designated_entity_id: int
    designation_id: int
    score: float
    features: tuple[Feature, ...]
    path: tuple[PathStep, ...] = field(default_factory=tuple)


# --- the API -----------------------------------------------------------------------------

Status = Literal[
    "below_threshold", "open", "same", "not_same", "remembered_same", "remembered_not_same"
]
VerdictText = Literal["same", "not_same"]
MAX_NOTE = 2000


class EntityPublic(BaseModel):
    """A designation entity as a hit names it (`ftm_schema`: FollowTheMoney's schema)."""

    id: int
    ftm_id: str
    ftm_schema: str
    caption: str


class FeaturePublic(BaseModel):
    """One compared feature, the points it gave and why."""

    name: str
    score: float
    explanation: str


class PathStepPublic(BaseModel):
    """One entity on the way to the designated one, and the link that leads on from it."""

    entity_id: int
    ftm_schema: str
    caption: str
    link: str | None = None


class HitPublic(BaseModel):
    """A hit of a screening: the entity whose names matched, the designated entity it leads
    to (itself, or through `path`), the score, the explanation and where the hit stands."""

    id: int
    entity: EntityPublic
    designated_entity: EntityPublic
    through_link: bool
    score: float
    features: list[FeaturePublic]
    path: list[PathStepPublic]
    status: Status
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None


class ScreeningPublic(BaseModel):
    """One screening: what was asked, by whom, and every hit found."""

    id: int
    kind: Kind
    subject_key: str
    query: ScreeningQuery
    reference: str | None
    source: str
    screened_by: str | None
    screened_at: datetime
    hits: list[HitPublic]


class ScreeningSummary(BaseModel):
    """A screening in the list of the state's screenings."""

    id: int
    kind: Kind
    name: str
    reference: str | None
    source: str
    screened_at: datetime
    hit_count: int


class JudgementIn(BaseModel):
    """A reviewer's verdict on a hit's pair, and why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    verdict: VerdictText
    note: str = Field(default="", max_length=MAX_NOTE)


class JudgementPublic(BaseModel):
    """One judgement on a pair; `current` False once a revision retired it."""

    id: int
    verdict: VerdictText
    note: str
    judged_by: str | None
    judged_at: datetime
    current: bool
    retired_by: str | None = None
    retired_at: datetime | None = None


class HitDetail(BaseModel):
    """A hit with its screening's query and the history of judgements on its pair."""

    hit: HitPublic
    screening_id: int
    query: ScreeningQuery
    reference: str | None
    screened_at: datetime
    history: list[JudgementPublic]


class ReviewItem(BaseModel):
    """An open hit in the review queue, with the query it answered."""

    hit: HitPublic
    screening_id: int
    query: ScreeningQuery
    reference: str | None
    screened_at: datetime


class ReviewQueue(BaseModel):
    """The open hits of the state, oldest screening first; `total` counts them all."""

    total: int
    items: list[ReviewItem]
