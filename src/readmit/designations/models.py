"""FollowTheMoney entities held by a designating state, and the designations made on them."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class DesignationStatus(StrEnum):
    """A proposal is approved (designated) or rejected by a supervisor; a designation can be
    delisted. The steps between them are in `designations.lifecycle`."""

    proposed = "proposed"
    designated = "designated"
    rejected = "rejected"
    delisted = "delisted"


class Entity(Base):
    """One FollowTheMoney entity (Person, Company, Organization, Airline… or a link such as
    Ownership, Directorship, Employment) as the designating state holds it. `properties` is
    FtM's own {property: [values]}; a link's two ends are also kept as rows for traversal."""

    __tablename__ = "designation_entities"
    __table_args__ = (UniqueConstraint("state_code", "ftm_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    ftm_id: Mapped[str] = mapped_column(String(200))
    schema: Mapped[str] = mapped_column(String(40))
    caption: Mapped[str] = mapped_column(String(500))
    properties: Mapped[dict[str, Any]] = mapped_column(JSON)
    # For a link: the owner / director / employee, and the asset / organisation / employer.
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("designation_entities.id", ondelete="CASCADE"), index=True
    )
    object_id: Mapped[int | None] = mapped_column(
        ForeignKey("designation_entities.id", ondelete="CASCADE"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Designation(Base):
    """A designation of one entity: legal basis, dates, status and the next review."""

    __tablename__ = "designations"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("designation_entities.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default=DesignationStatus.proposed.value)
    legal_basis: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    review_due: Mapped[date | None] = mapped_column(Date, index=True)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delisted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delisting_reason: Mapped[str] = mapped_column(Text, default="")


class Evidence(Base):
    """A document supporting a designation (a PDF, JPEG or PNG), kept with its hash."""

    __tablename__ = "designation_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    designation_id: Mapped[int] = mapped_column(
        ForeignKey("designations.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    # Loaded only for a download.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
