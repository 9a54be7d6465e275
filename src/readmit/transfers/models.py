"""Transfers: a commercial flight for one person or a charter whose manifest groups several,
and each person's outcome on arrival."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime, partial_unique


class TransferKind(StrEnum):
    """How the person travels."""

    commercial = "commercial"
    charter = "charter"


class TransferStatus(StrEnum):
    """A manifest is open, locked (checked, no more changes), or the flight has left; it has
    arrived once every person on board has an outcome. `arrived` is never stored: it follows
    the cases (`transfers.service.flight_status`)."""

    open = "open"
    locked = "locked"
    departed = "departed"
    arrived = "arrived"


class Transfer(Base):
    """One flight from the requesting to the requested state."""

    __tablename__ = "transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    requesting_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    requested_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    kind: Mapped[str] = mapped_column(String(12))
    carrier: Mapped[str] = mapped_column(String(80))
    flight_number: Mapped[str] = mapped_column(String(10))
    route: Mapped[str] = mapped_column(String(40))
    departure_at: Mapped[datetime] = mapped_column(UTCDateTime())
    escorts: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default=TransferStatus.open.value)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # as recorded
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cases: Mapped[list["TransferCase"]] = relationship(
        back_populates="transfer",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="TransferCase.id",
    )
    acceptance: Mapped["CharterAcceptance | None"] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class TransferCase(Base):
    """One application on a transfer, with the requested state's report on arrival."""

    __tablename__ = "transfer_cases"
    __table_args__ = (
        UniqueConstraint("transfer_id", "application_id"),
        # A case is on one manifest at a time: a new one only after an outcome (a no-show).
        partial_unique("uq_transfer_cases_live", "application_id", where="outcome IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(
        ForeignKey("transfers.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str | None] = mapped_column(String(10))  # "arrived" or "no_show"
    reintegration_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # arrival, or the report
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    transfer: Mapped[Transfer] = relationship(back_populates="cases")


class CharterAcceptance(Base):
    """The requested state's one answer to a charter: accepted, or refused with a reason."""

    __tablename__ = "charter_acceptances"

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(
        ForeignKey("transfers.id", ondelete="CASCADE"), unique=True
    )
    accepted: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
