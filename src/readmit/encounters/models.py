"""One row of CBP's nationwide encounters table: a count for one month and one combination
of its published dimensions."""

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class Encounter(Base):
    """Encounters counted by CBP for one month and one combination of dimensions."""

    __tablename__ = "encounters"
    __table_args__ = (
        UniqueConstraint(
            "month",
            "component",
            "land_border_region",
            "area_of_responsibility",
            "demographic",
            "citizenship_text",
            "title_of_authority",
            "encounter_type",
            name="uq_encounters_cell",
        ),
        Index("ix_encounters_citizenship_month", "citizenship", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    month: Mapped[date] = mapped_column(Date)  # the first day of the calendar month
    component: Mapped[str] = mapped_column(String(80))
    land_border_region: Mapped[str] = mapped_column(String(80))
    area_of_responsibility: Mapped[str] = mapped_column(String(120))
    demographic: Mapped[str] = mapped_column(String(80))
    citizenship_text: Mapped[str] = mapped_column(String(120))  # as CBP writes it
    citizenship: Mapped[str | None] = mapped_column(String(3))  # ISO alpha-3; None for OTHER
    title_of_authority: Mapped[str] = mapped_column(String(40))
    encounter_type: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
