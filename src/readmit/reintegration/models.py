"""Reintegration after return: the returnee's consent field by field, the pre-departure
assessment, the referral to a provider of the requested state, the plan of services, the
follow-up surveys and, after retention, the statistics that remain."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class ConsentField(StrEnum):
    """What a returnee may agree to share with the provider, one consent each."""

    contact = "contact"
    skills = "skills"
    health = "health"
    family = "family"
    vulnerability = "vulnerability"


class CaseStatus(StrEnum):
    """A reintegration case: referred to a provider, taken on (active), closed or withdrawn."""

    referred = "referred"
    active = "active"
    closed = "closed"
    withdrawn = "withdrawn"


class ServiceStatus(StrEnum):
    """A planned service's progress."""

    planned = "planned"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


class FollowUpStatus(StrEnum):
    """A follow-up survey: due (its window open or not yet), completed, or missed (its window
    closed without a survey)."""

    due = "due"
    completed = "completed"
    missed = "missed"


class Consent(Base):
    """One decision of the returnee on one field: granted or refused, in which language, by
    which officer recorded. A later row for the same field replaces it (a withdrawal is a
    row with `granted` false); the history stays."""

    __tablename__ = "reintegration_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(20))
    granted: Mapped[bool]
    # The language the consent was explained and given in (BCP 47, e.g. "zh-Hans", "es").
    language: Mapped[str] = mapped_column(String(16))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Assessment(Base):
    """The requesting state's pre-departure assessment; a provider sees only the parts whose
    field the returnee has consented to, at the moment it reads them."""

    __tablename__ = "reintegration_assessments"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    # One entry per ConsentField: e.g. contact {"phone", "address", "email"}, skills
    # {"skills": [...], "education", "work_history"}, health {"needs"}, family {"dependants",
    # "children", "situation"}, vulnerability {"categories": [...], "note"}.
    contact: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    skills: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    health: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    family: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    vulnerability: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Provider(Base):
    """An authority of a requested state that reintegrates returnees (a reception centre, an
    IOM mission, an NGO): the programme it runs and the regions it serves."""

    __tablename__ = "reintegration_providers"

    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), primary_key=True)
    programme_code: Mapped[str] = mapped_column(String(60))
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)


class ReintegrationCase(Base):
    """One returnee referred to one provider; seen by that provider's reintegration officers
    and by the requesting state's officers of the application."""

    __tablename__ = "reintegration_cases"
    __table_args__ = (UniqueConstraint("application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    requesting_state: Mapped[str] = mapped_column(String(3))
    requested_state: Mapped[str] = mapped_column(String(3), index=True)
    provider_authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    programme_code: Mapped[str] = mapped_column(String(60))
    region: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(String(12), default=CaseStatus.referred.value)
    referred_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    referred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # After this day the case is deleted or reduced to statistics (the programme's rule).
    retain_until: Mapped[date | None] = mapped_column(Date, index=True)


class Service(Base):
    """One service of a case's plan: what, by whom, budget, dates and progress."""

    __tablename__ = "reintegration_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("reintegration_cases.id", ondelete="CASCADE"), index=True
    )
    service_type: Mapped[str] = mapped_column(String(40))
    provider_name: Mapped[str] = mapped_column(String(200))
    # Amounts in minor units (cents) of `currency` (ISO 4217), never floats.
    budget_minor: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ServiceStatus.planned.value)
    progress: Mapped[int] = mapped_column(default=0)  # per cent
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FollowUp(Base):
    """A follow-up survey due some months after arrival, with its answers to the indicators
    and the scores computed by the programme's formula (and the formula's version)."""

    __tablename__ = "reintegration_follow_ups"
    __table_args__ = (UniqueConstraint("case_id", "months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("reintegration_cases.id", ondelete="CASCADE"), index=True
    )
    months: Mapped[int]
    due_on: Mapped[date] = mapped_column(Date, index=True)
    window_ends: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=FollowUpStatus.due.value)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    formula_version: Mapped[str] = mapped_column(String(40), default="")
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OutcomeStat(Base):
    """What remains of deleted cases: counts and score sums per corridor, programme, region,
    service type, follow-up and month of arrival, for the aggregates (no person, no case)."""

    __tablename__ = "reintegration_outcome_stats"
    __table_args__ = (
        UniqueConstraint(
            "requesting_state",
            "requested_state",
            "programme_code",
            "region",
            "service_type",
            "months",
            "arrival_month",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requesting_state: Mapped[str] = mapped_column(String(3))
    requested_state: Mapped[str] = mapped_column(String(3))
    programme_code: Mapped[str] = mapped_column(String(60))
    region: Mapped[str] = mapped_column(String(60))
    service_type: Mapped[str] = mapped_column(String(40))
    months: Mapped[int]
    arrival_month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    surveys: Mapped[int] = mapped_column(default=0)
    # {"economic": sum, "social": sum, "psychosocial": sum, "overall": sum} over the surveys.
    score_sums: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
