"""A bilateral readmission agreement, its terms kept as validated data."""

from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from readmit.agreements.schemas import AgreementTerms
from readmit.database.core import Base


class Agreement(Base):
    """Terms between a requesting and a requested state, one row per direction."""

    __tablename__ = "agreements"
    __table_args__ = (UniqueConstraint("requesting_state", "requested_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requesting_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    requested_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(200))
    in_force_from: Mapped[date]
    terms_json: Mapped[dict[str, Any]] = mapped_column("terms", JSON)

    @property
    def terms(self) -> AgreementTerms:
        """The terms, validated."""
        return AgreementTerms.model_validate(self.terms_json)
