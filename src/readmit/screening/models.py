"""The screening index, each screening with its hits, and reviewers' remembered judgements."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class HitStatus(StrEnum):
    """Where a hit stands: below the review threshold, waiting for a reviewer, judged, or
    settled by an earlier judgement on the same pair."""

    below_threshold = "below_threshold"
    open = "open"
    same = "same"
    not_same = "not_same"
    remembered_same = "remembered_same"
    remembered_not_same = "remembered_not_same"


class Verdict(StrEnum):
    """A reviewer's judgement on a pair (nomenklatura's positive / negative)."""

    same = "same"
    not_same = "not_same"


class ScreeningKey(Base):
    """One search key of one entity's names or identifiers (see `screening.names`)."""

    __tablename__ = "screening_keys"
    # Covering: a screening's lookup and its count of entities per key read only the index.
    __table_args__ = (Index("ix_screening_keys_lookup", "state_code", "key", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3))
    key: Mapped[str] = mapped_column(String(80))
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("designation_entities.id", ondelete="CASCADE"), index=True
    )


class Screening(Base):
    """One screening of a person or company (from the API, the CLI, the page or a charter)."""

    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # person | company
    # A fingerprint of the normalised query: the same subject screened again has the same key,
    # which is what a remembered judgement is attached to.
    subject_key: Mapped[str] = mapped_column(String(64), index=True)
    query: Mapped[dict[str, Any]] = mapped_column(JSON)
    reference: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10))  # api | cli | page | charter
    hit_count: Mapped[int] = mapped_column(Integer, default=0)
    screened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ScreeningHit(Base):
    """A designated entity found for a screening, directly or through a link, with its score,
    the per-feature explanation and the path of links from the matched entity."""

    __tablename__ = "screening_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(
        ForeignKey("screenings.id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("designation_entities.id", ondelete="CASCADE"), index=True
    )
    designated_entity_id: Mapped[int] = mapped_column(
        ForeignKey("designation_entities.id", ondelete="CASCADE")
    )
    score: Mapped[float] = mapped_column(Float)
    features: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    path: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Judgement(Base):
    """A reviewer's verdict on (screened subject, entity), reused by later screenings of the
    same pair. A revision retires the old row (kept, with who retired it) and adds a new one."""

    __tablename__ = "screening_judgements"
    __table_args__ = (
        Index("ix_screening_judgements_pair", "state_code", "subject_key", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3))
    subject_key: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("designation_entities.id", ondelete="CASCADE")
    )
    verdict: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    judged_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    judged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
