"""Consular interviews: the requesting state asks for one on a submitted case, the requested
state grants, holds or refuses it; every decision is kept, dated and signed."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class InterviewStatus(StrEnum):
    """Requested, then granted or refused; held (pending a reason) may still be decided."""

    requested = "requested"
    granted = "granted"
    held = "held"
    refused = "refused"


OPEN = frozenset({InterviewStatus.requested, InterviewStatus.held})


class Interview(Base):
    """One interview requested on a case; `status` follows its latest decision."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default=InterviewStatus.requested.value)
    proposed_date: Mapped[date] = mapped_column(Date)
    proposed_place: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    decisions: Mapped[list["InterviewDecision"]] = relationship(
        back_populates="interview",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="InterviewDecision.id",
    )


class InterviewDecision(Base):
    """The requested state's answer: a grant names the date and place, a hold or refusal its
    reason."""

    __tablename__ = "interview_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(10))
    interview_date: Mapped[date | None] = mapped_column(Date)
    interview_place: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    interview: Mapped[Interview] = relationship(back_populates="decisions")
