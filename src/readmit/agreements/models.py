"""A bilateral readmission agreement, every version of its terms, and the proposals through
which the two parties change it."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from readmit.agreements.schemas import AgreementTerms
from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class Agreement(Base):
    """Terms in force between a requesting and a requested state, one row per direction;
    `version` names the row of `agreement_versions` they come from."""

    __tablename__ = "agreements"
    __table_args__ = (UniqueConstraint("requesting_state", "requested_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requesting_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    requested_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(200))
    in_force_from: Mapped[date]
    terms_json: Mapped[dict[str, Any]] = mapped_column("terms", JSON)
    version: Mapped[int] = mapped_column(default=1)

    @property
    def terms(self) -> AgreementTerms:
        """The terms, validated."""
        return AgreementTerms.model_validate(self.terms_json)


class AgreementVersion(Base):
    """Terms as both parties agreed them at one time. A case keeps the version its clock
    started under, so a later change never moves a running deadline unless both agree."""

    __tablename__ = "agreement_versions"
    __table_args__ = (UniqueConstraint("agreement_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(200))
    in_force_from: Mapped[date]
    terms_json: Mapped[dict[str, Any]] = mapped_column("terms", JSON)
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_proposals.id"))

    @property
    def terms(self) -> AgreementTerms:
        """The terms, validated."""
        return AgreementTerms.model_validate(self.terms_json)


class ProposalStatus(StrEnum):
    """A proposal waits for the other party, who accepts or rejects it; the proposer may
    withdraw it while it waits."""

    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"


class AgreementProposal(Base):
    """New terms proposed by one party's admin; in force only once the other party's admin
    accepts them."""

    __tablename__ = "agreement_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    requesting_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    requested_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"))
    base_version: Mapped[int | None]  # the version it amends; None for a new agreement
    proposed_by_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    apply_to_running: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=ProposalStatus.pending.value)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
