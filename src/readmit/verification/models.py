"""Verification decisions, attributable to an officer."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime, partial_unique


class DecisionKind(StrEnum):
    """What a verifier can decide."""

    confirm = "confirm"
    reject = "reject"
    request_info = "request_info"


class RejectReason(StrEnum):
    """Why a requested state refuses; shown to both sides."""

    not_a_national = "not_a_national"
    identity_not_found = "identity_not_found"
    insufficient_evidence = "insufficient_evidence"
    documents_false = "documents_false"
    other = "other"


class Decision(Base):
    """A verifier's decision on an application."""

    __tablename__ = "decisions"
    # A case is confirmed or rejected once; requests for information may repeat.
    __table_args__ = (
        partial_unique(
            "uq_decisions_final", "application_id", where="kind IN ('confirm', 'reject')"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    register_person_id: Mapped[str | None] = mapped_column(String(64))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    model_version: Mapped[str | None] = mapped_column(String(40))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Recommendation(Base):
    """What the identity engine proposed for an application, kept as the officer saw it."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    recommendation: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    model_version: Mapped[str] = mapped_column(String(40))
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
