"""What the reintegration API takes and gives. The assessment's parts are bounded in size and
type (a huge or malformed part is a 422 naming the field); vulnerability categories come from
a fixed list that holds nothing about protection claims."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from readmit.reintegration.models import CaseStatus, ConsentField
from readmit.schemas import InputModel

# A BCP 47 tag as Readmit takes it: language, optional script, region and variants
# ("es", "zh-Hans", "es-GT", "mam-GT").
LANGUAGE = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$"
Language = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=2, max_length=16, pattern=LANGUAGE)
]


Text40 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
Text60 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)]
Text80 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]
Text254 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)]
Text500 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Text1000 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
Text2000 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class VulnerabilityCategory(StrEnum):
    """What the provider may need to know to plan support; deliberately nothing about why
    the person left or any protection claim."""

    single_parent = "single_parent"
    disability = "disability"
    chronic_illness = "chronic_illness"
    elderly = "elderly"
    unaccompanied_child_reunited = "unaccompanied_child_reunited"
    pregnant = "pregnant"
    none = "none"


class _In(InputModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ConsentIn(_In):
    """The returnee's decisions, field by field, explained and given in `language`."""

    language: Language = Field(examples=["es-GT", "zh-Hans"])
    decisions: dict[ConsentField, bool] = Field(min_length=1, max_length=len(ConsentField))


class WithdrawalIn(_In):
    """The returnee withdraws consent to one field, in `language`."""

    language: Language


class ConsentPublic(BaseModel):
    """One recorded decision (the requesting state's view, with who recorded it)."""

    field: ConsentField
    granted: bool
    language: str
    recorded_by: str
    recorded_at: datetime


class ConsentsPublic(BaseModel):
    """The decision in force per field, and every decision, newest first."""

    current: dict[ConsentField, bool]
    history: list[ConsentPublic]


class ContactPart(_In):
    """How to reach the returnee after arrival."""

    phone: Text40 = ""
    address: Text500 = ""
    email: Text254 = ""


class SkillsPart(_In):
    """What the returnee can do."""

    skills: list[Text80] = Field(default_factory=list, max_length=30)
    education: Text500 = ""
    work_history: Text2000 = ""


class HealthPart(_In):
    """Health needs the provider must plan for."""

    needs: Text2000 = ""


class FamilyPart(_In):
    """The family the returnee joins or supports."""

    dependants: int = Field(default=0, ge=0, le=50)
    children: int = Field(default=0, ge=0, le=50)
    situation: Text2000 = ""


class VulnerabilityPart(_In):
    """Vulnerability categories from the fixed list, and a short note."""

    categories: list[VulnerabilityCategory] = Field(
        default_factory=list, max_length=len(VulnerabilityCategory)
    )
    note: Text1000 = ""


class AssessmentIn(_In):
    """The pre-departure assessment; a part left out is kept empty."""

    contact: ContactPart = Field(default_factory=ContactPart)
    skills: SkillsPart = Field(default_factory=SkillsPart)
    health: HealthPart = Field(default_factory=HealthPart)
    family: FamilyPart = Field(default_factory=FamilyPart)
    vulnerability: VulnerabilityPart = Field(default_factory=VulnerabilityPart)


class AssessmentPublic(AssessmentIn):
    """The whole assessment, as the requesting state sees it."""

    model_config = ConfigDict(extra="ignore")

    updated_at: datetime


class ProviderIn(_In):
    """Register an authority of the admin's state as a reintegration provider."""

    authority: str = Field(min_length=1, max_length=40, description="its short name")
    programme: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.-]+$")
    regions: list[Text60] = Field(default_factory=list, max_length=100)


class ProviderPublic(BaseModel):
    """A provider: its authority, state, programme and regions."""

    authority_id: int
    authority: str
    name: str
    state: str
    programme: str
    regions: list[str]


class ReferralIn(_In):
    """Refer the returnee to a provider (an authority id of the requested state) and region."""

    provider_id: int = Field(ge=1, le=2**31 - 1)
    region: Text60 | None = None


class StepIn(_In):
    """A short note on a step."""

    note: Text2000 = ""


class CasePublic(BaseModel):
    """A reintegration case. The provider's officers see `assessment` reduced to what the
    returnee consents to now, `consented` naming those fields, and no application."""

    reference: str
    status: CaseStatus
    requesting_state: str
    requested_state: str
    provider_id: int
    provider: str
    programme: str
    region: str
    referred_at: datetime
    accepted_at: datetime | None
    closed_at: datetime | None
    consented: list[ConsentField]
    assessment: dict[str, dict[str, Any]]
    application_id: int | None = None
    allowed: list[str] = Field(default_factory=list)


class CasesPublic(BaseModel):
    """A page of cases and how many there are."""

    items: list[CasePublic]
    total: int
