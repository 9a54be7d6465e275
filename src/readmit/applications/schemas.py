"""Request and response shapes; the person matches the identity engine's input format."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    computed_field,
    field_validator,
    model_validator,
)

from readmit.applications.enums import NameSource, Procedure
from readmit.documents.national_ids import CHECK_LABELS, NumberCheck
from readmit.i18n import _
from readmit.protection.models import TraffickingIndicator
from readmit.schemas import InputModel, check_birth_date

StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
DocumentType = Literal[
    "passport",
    "expired_passport",
    "national_id",
    "citizenship_certificate",
    "birth_certificate",
    "driving_licence",
    "photocopy",
    "service_card",
    "statement",
    "fingerprints",
    "other",
]


class NameIn(InputModel):
    """A name with its source. Either part may be empty: forms and old records write a whole
    name in one field, and mononyms or initials are names too; only a name with no part at
    all is refused."""

    family: ShortText = ""
    given: ShortText = ""
    source: NameSource = NameSource.declared

    @model_validator(mode="after")
    def _some_part(self) -> "NameIn":
        if not self.family and not self.given:
            raise ValueError(_("a name needs a family name or given names"))
        return self


class DocumentIn(InputModel):
    """A document; numbers and MRZ are checked on entry."""

    type: DocumentType
    number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] | None = None
    issuing_state: StateCode | None = None
    mrz: Annotated[list[str], Field(min_length=2, max_length=2)] | None = None


class ParentsIn(InputModel):
    """Parents' names as declared."""

    mother: ShortText | None = None
    father: ShortText | None = None


class PersonIn(InputModel):
    """The person to be returned, as known to the requesting state."""

    names: Annotated[list[NameIn], Field(min_length=1, max_length=20)]
    sex: Literal["M", "F", "X"] | None = None
    birth_date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    birth_place: ShortText | None = None
    nationality_claimed: StateCode | None = None
    documents: Annotated[list[DocumentIn], Field(max_length=20)] = Field(default_factory=list)
    parents: ParentsIn | None = None
    past_addresses: Annotated[list[ShortText], Field(max_length=20)] = Field(default_factory=list)

    @field_validator("birth_date")
    @classmethod
    def _partial_date(cls, value: str | None) -> str | None:
        return check_birth_date(value) if value else None


class DocumentPublic(DocumentIn):
    """A document as recorded, with what its national ID checks found at intake."""

    number_check: NumberCheck | None = Field(
        default=None, description="National IDs of a country with a check; null otherwise"
    )
    number_check_note: str | None = Field(default=None, description="Why the number fails")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def number_check_label(self) -> str | None:
        """The check's outcome in words ("Check digit fails — recorded as printed")."""
        return _(CHECK_LABELS[self.number_check]) if self.number_check else None


class PersonPublic(PersonIn):
    """The person as recorded."""

    documents: list[DocumentPublic] = Field(default_factory=list)  # type: ignore[assignment]


class ApplicationCreate(InputModel):
    """What the requesting state submits to open a case."""

    requested_state: StateCode
    procedure: Procedure = Procedure.normal
    person: PersonIn
    trafficking_indicators: Annotated[
        list[TraffickingIndicator], Field(max_length=len(TraffickingIndicator))
    ] = Field(
        default_factory=list,
        description="Indicators of trafficking seen at intake; any one routes the case to the "
        "requesting state's protection officers, and it is not submitted until they decide",
    )


class ApplicationUpdate(InputModel):
    """An edit of the particulars, made on the `version` the editor last read. A field left
    out stays as it is; `person`, when sent, replaces the particulars as a whole."""

    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    requested_state: StateCode | None = Field(default=None, description="Drafts only")
    procedure: Procedure | None = Field(default=None, description="Drafts only")
    person: PersonIn | None = None


class DeadlinePublic(BaseModel):
    """A deadline as shown on the case and queues."""

    kind: str
    due: datetime
    overdue: bool
    days_left: int


class ProtectionFlagPublic(BaseModel):
    """A protection flag; only ever sent to the requesting state."""

    id: int
    kind: str
    note: str
    opened_at: datetime
    reflection_ends_on: date | None = None
    cleared_at: datetime | None
    clear_reason: str | None


class TimelineEventPublic(BaseModel):
    """A lifecycle step; the actor's id only for the actor's own state."""

    at: datetime
    actor_id: int | None
    actor_state: str | None = None
    action: str
    from_status: str | None
    to_status: str | None
    reason_code: str | None
    note: str | None


class PathwayFlagPublic(BaseModel):
    """A pending legal pathway case of the person: its reference, programme and a coarse
    state ("pending" or "approved"), nothing else."""

    reference: str
    programme: str
    state: Literal["pending", "approved"]
    label: str


class ApplicationPublic(BaseModel):
    """An application as the caller may see it."""

    id: int
    reference: str
    requesting_state: str
    requested_state: str
    status: str
    status_label: str
    procedure: str
    evidence_tier: str
    created_at: datetime
    submitted_at: datetime | None
    register_person_id: str | None
    version: int = Field(description="Of the particulars: send it back with an edit")
    person: PersonPublic
    deadlines: list[DeadlinePublic]
    timeline: list[TimelineEventPublic]
    available_actions: list[str]
    # Left out entirely (not even null) for the requested state: the key itself would tell.
    protection_flags: list[ProtectionFlagPublic] | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="Requesting state's officers only; absent otherwise",
    )
    pathway_flags: list[PathwayFlagPublic] | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The person's pending legal pathway cases with the requesting state; "
        "requesting state's officers only, absent otherwise",
    )


class ApplicationSummary(BaseModel):
    """A row of a queue or list."""

    id: int
    reference: str
    requesting_state: str
    requested_state: str
    status: str
    status_label: str
    name: str
    next_deadline: DeadlinePublic | None


class ApplicationsPublic(BaseModel):
    """A page of applications."""

    data: list[ApplicationSummary]
    count: int


class TransitionIn(InputModel):
    """A lifecycle step requested through the API."""

    action: Annotated[str, StringConstraints(max_length=40)]
    reason_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    note: Annotated[str, StringConstraints(max_length=4000)] | None = None


class PhotoPublic(BaseModel):
    """The person's current photo, without its pixels (those are at `.../photo` as an image)."""

    id: int
    media_type: str
    width: int
    height: int
    sha256: str
    uploaded_at: datetime


class InfoAnswerIn(InputModel):
    """The requesting state's answer to a request for information, with attachments already
    uploaded to the case (they are shared with the requested state along with it)."""

    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=8000)]
    attachment_ids: Annotated[
        list[Annotated[int, Field(ge=1, le=2**31 - 1)]], Field(max_length=20)
    ] = Field(default_factory=list)
