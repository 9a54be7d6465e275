"""Custody records and the final order of removal: the requesting state's own data, never
shown to the requested state. The removal period (INA 241(a)(1)) and the custody review
(Zadvydas v. Davis, 533 U.S. 678 (2001)) both run from the final order."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class CustodyStatus(StrEnum):
    """Where the person is while the return is pending."""

    detained = "detained"
    released = "released"
    alternative_to_detention = "alternative_to_detention"


class ReleaseReason(StrEnum):
    """Why a detained person was released; `removal_not_reasonably_foreseeable` is the
    Zadvydas outcome that counts against the requested state's cooperation."""

    bond = "bond"
    parole = "parole"
    removal_not_reasonably_foreseeable = "removal_not_reasonably_foreseeable"
    other = "other"


class CustodyRecord(Base):
    """One change of custody status; the latest is the current one."""

    __tablename__ = "custody_records"
    # Releases in a period (the cases behind the scorecard's release factor).
    __table_args__ = (Index("ix_custody_records_status_since", "status", "since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(32))
    since: Mapped[date] = mapped_column(Date)
    release_reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FinalOrder(Base):
    """The date the order of removal became final, one per application (corrections
    overwrite it; the audit trail keeps the earlier date)."""

    __tablename__ = "custody_final_orders"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    final_order_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
