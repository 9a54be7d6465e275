"""Legal pathways: programmes (versioned YAML), their ceilings, the cases taken in at a Safe
Mobility Office or a regularisation centre, and what happens to each case."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class PathwayKind(StrEnum):
    """What a programme offers."""

    resettlement = "resettlement"
    family_reunification_parole = "family_reunification_parole"
    temporary_work = "temporary_work"
    regularisation = "regularisation"


class CaseStatus(StrEnum):
    """Where a pathway case stands; the steps between statuses are in `pathways.lifecycle`.

    `waitlisted`: approved on the merits but no place is left under a ceiling; the allocation
    moves it to `approved` when one frees up or a new fiscal year opens."""

    registered = "registered"
    screened = "screened"
    referred = "referred"
    interviewed = "interviewed"
    waitlisted = "waitlisted"
    approved = "approved"
    travel_booked = "travel_booked"
    arrived = "arrived"
    permit_issued = "permit_issued"
    refused = "refused"
    withdrawn = "withdrawn"


class Programme(Base):
    """One version of a programme file, held by the state that runs it. A new file for the
    same code is a new version; cases keep the version they were taken in under."""

    __tablename__ = "pathway_programmes"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    code: Mapped[str] = mapped_column(String(60))
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    # The validated file (pathways.definitions.ProgrammeFile), as JSON.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    loaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Ceiling(Base):
    """The places of one bucket of a programme in one fiscal year ("total", a region, a half
    year). The row is locked to allocate, so `allocated` never passes `capacity`."""

    __tablename__ = "pathway_ceilings"
    __table_args__ = (UniqueConstraint("programme_code", "fiscal_year", "bucket"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    programme_code: Mapped[str] = mapped_column(String(60))
    fiscal_year: Mapped[int]
    bucket: Mapped[str] = mapped_column(String(60))
    capacity: Mapped[int]
    allocated: Mapped[int] = mapped_column(default=0)


class PathwayCase(Base):
    """One person's request for one programme, held by the state that runs the programme."""

    __tablename__ = "pathway_cases"
    __table_args__ = (
        # The allocation's order: priority, then date, then id (ties).
        Index(
            "ix_pathway_cases_queue",
            "programme_code",
            "status",
            "priority_rank",
            "applied_at",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    programme_code: Mapped[str] = mapped_column(String(60))
    programme_version: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.registered.value)
    # Where the person was taken in: a Safe Mobility Office or integration centre (programme
    # file's `intake_places`), and its state.
    intake_place: Mapped[str] = mapped_column(String(60))
    intake_state: Mapped[str] = mapped_column(String(3))
    family_name: Mapped[str] = mapped_column(String(200), default="")
    given_names: Mapped[str] = mapped_column(String(200), default="")
    # ISO date, or a year ("1990") or year-month ("1990-04") when that is all that is known.
    birth_date: Mapped[str] = mapped_column(String(10), default="")
    sex: Mapped[str] = mapped_column(String(1), default="X")
    nationality: Mapped[str] = mapped_column(String(3), index=True)
    document_number: Mapped[str] = mapped_column(String(40), default="")
    # Answers to the programme's questions ({fact id: value}) and the last evaluation of its
    # rules ([{rule, outcome, because}]).
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    eligibility: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    eligible: Mapped[bool | None] = mapped_column()
    priority_category: Mapped[str] = mapped_column(String(60), default="")
    priority_rank: Mapped[int] = mapped_column(default=0)
    region: Mapped[str] = mapped_column(String(60), default="")
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The fiscal year whose places the case holds (set by allocation) and the buckets taken.
    fiscal_year: Mapped[int | None] = mapped_column()
    buckets: Mapped[list[str]] = mapped_column(JSON, default=list)
    allocated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The deadline of the current step (programme file's `deadlines`), if it has one.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # Regularisation: when the person's biometrics went into the host state's gallery.
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A referral: the case this one was opened from when another pathway failed.
    referred_from_id: Mapped[int | None] = mapped_column(ForeignKey("pathway_cases.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NameKey(Base):
    """The identity engine's name keys of a case, for finding the same person under name
    variants (another pathway case, a readmission application)."""

    __tablename__ = "pathway_name_keys"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("pathway_cases.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)


class CaseEvent(Base):
    """One step of a case: who, when, from which status to which, and why."""

    __tablename__ = "pathway_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("pathway_cases.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CaseMessage(Base):
    """A message on a case between the officers who work it (intake, adjudication, travel)."""

    __tablename__ = "pathway_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("pathway_cases.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CaseDocument(Base):
    """A document of a case (a programme's required documents), through the attachments'
    checks; kept with its hash."""

    __tablename__ = "pathway_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("pathway_cases.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(60))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Permit(Base):
    """A temporary permit of a regularisation programme: validity, and the permit it renews."""

    __tablename__ = "pathway_permits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("pathway_cases.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(40), unique=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("pathway_permits.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
