"""Partner searches: a hit/no-hit answer under an opaque reference; the probe itself is never
kept, and linked data are released only after the answering state's officer confirms."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class PartnerSearch(Base):
    """One partner's search of this state's gallery and what followed."""

    __tablename__ = "partner_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    answering_state: Mapped[str] = mapped_column(String(3), index=True)
    requesting_authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    modality: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(8))  # "hit" or "no_hit"
    candidate: Mapped[str | None] = mapped_column(String(32))  # gallery pseudonym, not an id
    score: Mapped[float | None] = mapped_column(Float)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decision: Mapped[str | None] = mapped_column(String(10))  # "confirmed" or "rejected"
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
