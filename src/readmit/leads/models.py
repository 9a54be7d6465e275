"""Flight records a state imports, kept as aggregates per flight, and the leads its rules raise
on operators. Passenger rows live only inside the transaction of an import: the run that
counts them deletes them (see `service.run`)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime, partial_unique


class LeadStatus(StrEnum):
    """An open lead is dismissed (with a reason) or referred to a designation proposal; the
    steps are in `leads.lifecycle`."""

    open = "open"
    dismissed = "dismissed"
    referred = "referred"


class FlightImport(Base):
    """One imported file of flight records, and what its run found."""

    __tablename__ = "flight_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)  # passenger rows read
    flights: Mapped[int] = mapped_column(Integer)
    leads_opened: Mapped[int] = mapped_column(Integer, default=0)
    leads_updated: Mapped[int] = mapped_column(Integer, default=0)
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Flight(Base):
    """One flight as its state keeps it: who flew where and when, and its passenger counts
    (no passenger is kept, only these aggregates)."""

    __tablename__ = "lead_flights"
    __table_args__ = (
        UniqueConstraint(
            "state_code",
            "operator_code",
            "flight_number",
            "flight_date",
            "origin",
            "destination",
            name="uq_lead_flights_flight",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3))  # first in the unique key: indexed
    import_id: Mapped[int] = mapped_column(
        ForeignKey("flight_imports.id", ondelete="CASCADE"), index=True
    )
    operator_code: Mapped[str] = mapped_column(String(3))  # IATA (2) or ICAO (3)
    operator_name: Mapped[str] = mapped_column(String(200))
    flight_number: Mapped[str] = mapped_column(String(5))
    flight_date: Mapped[date] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(3))  # IATA airport
    destination: Mapped[str] = mapped_column(String(3))
    charter: Mapped[bool] = mapped_column(Boolean, default=False)
    passengers: Mapped[int] = mapped_column(Integer, default=0)
    one_way: Mapped[int] = mapped_column(Integer, default=0)
    nationalities: Mapped[list["FlightNationality"]] = relationship(
        cascade="all, delete-orphan", order_by="FlightNationality.nationality"
    )


class FlightNationality(Base):
    """The passengers of one nationality on one flight, and how many of them flew one way."""

    __tablename__ = "lead_flight_nationalities"

    flight_id: Mapped[int] = mapped_column(
        ForeignKey("lead_flights.id", ondelete="CASCADE"), primary_key=True
    )
    nationality: Mapped[str] = mapped_column(String(3), primary_key=True)
    passengers: Mapped[int] = mapped_column(Integer)
    one_way: Mapped[int] = mapped_column(Integer)


class Passenger(Base):
    """One passenger row of an import, between reading the file and counting it: deleted by
    the run in the same transaction, so that none is ever committed."""

    __tablename__ = "lead_passengers"

    id: Mapped[int] = mapped_column(primary_key=True)
    flight_id: Mapped[int] = mapped_column(
        ForeignKey("lead_flights.id", ondelete="CASCADE"), index=True
    )
    nationality: Mapped[str] = mapped_column(String(3))
    one_way: Mapped[bool] = mapped_column(Boolean)


class Lead(Base):
    """An operator flagged by one rule, with the figure that fired it and the flights behind
    it, for an analyst to dismiss or refer to a designation proposal."""

    __tablename__ = "leads"
    __table_args__ = (
        # One open lead per rule and operator: a later run updates it instead.
        partial_unique(
            "uq_leads_open", "state_code", "rule_id", "operator_code", where="status = 'open'"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    status: Mapped[str] = mapped_column(String(10), default=LeadStatus.open.value)
    rule_id: Mapped[str] = mapped_column(String(60))
    rule_label: Mapped[str] = mapped_column(String(200))
    rule_kind: Mapped[str] = mapped_column(String(30))
    rule_set: Mapped[str] = mapped_column(String(200))
    rule_set_version: Mapped[int] = mapped_column(Integer)
    operator_code: Mapped[str] = mapped_column(String(3))
    operator_name: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)  # the figure that fired the rule
    threshold: Mapped[float] = mapped_column(Float)  # the rule's, when it fired
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)  # the rule's, when it fired
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text, default="")
    flights: Mapped[list["LeadFlight"]] = relationship(
        cascade="all, delete-orphan", order_by="LeadFlight.flight_id"
    )


class LeadFlight(Base):
    """A flight behind a lead, with its own figure (its share of one-way passengers from
    outside the region; None where the rule counts flights)."""

    __tablename__ = "lead_flight_links"

    lead_id: Mapped[int] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True
    )
    flight_id: Mapped[int] = mapped_column(
        ForeignKey("lead_flights.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[float | None] = mapped_column(Float)
    flight: Mapped[Flight] = relationship()
