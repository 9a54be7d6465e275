"""A state's progress report under a declaration: drafted by an analyst for a period of whole
months, submitted by a supervisor, then frozen with a snapshot of its figures."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class ReportStatus(StrEnum):
    """A draft is submitted; a submitted report is superseded when a new version is."""

    draft = "draft"
    submitted = "submitted"
    superseded = "superseded"


class ProgressReport(Base):
    """One version of one state's report for one declaration and period."""

    __tablename__ = "progress_reports"
    __table_args__ = (
        UniqueConstraint(
            "declaration",
            "state_code",
            "first_month",
            "last_month",
            "version",
            name="uq_progress_reports_version",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration: Mapped[str] = mapped_column(String(60), index=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    first_month: Mapped[date] = mapped_column(Date)  # the first day of the period's first month
    last_month: Mapped[date] = mapped_column(Date)  # the first day of its last month
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default=ReportStatus.draft.value)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    narratives: Mapped[list["ProgressNarrative"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProgressNarrative.id"
    )
    figures: Mapped[list["ProgressFigure"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProgressFigure.id"
    )


class ProgressNarrative(Base):
    """The state's words on one indicator, editable while the report is a draft."""

    __tablename__ = "progress_narratives"
    __table_args__ = (UniqueConstraint("report_id", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("progress_reports.id", ondelete="CASCADE"), index=True
    )
    indicator: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)


class ProgressFigure(Base):
    """One submitted figure: an indicator for the state (`corridor` None) or one corridor
    ("USA-CHN"). `value` is a number or a disclosure mark as text, None when there was
    nothing to compute; `available` is False for an indicator with no data source yet."""

    __tablename__ = "progress_figures"
    __table_args__ = (UniqueConstraint("report_id", "indicator", "corridor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("progress_reports.id", ondelete="CASCADE"), index=True
    )
    indicator: Mapped[str] = mapped_column(String(60))
    corridor: Mapped[str | None] = mapped_column(String(7))
    value: Mapped[str | None] = mapped_column(String(16))
    available: Mapped[bool] = mapped_column(Boolean)
