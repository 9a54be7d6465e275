"""Monthly aggregates kept up to date with the cases, so that the statistics pages read a few
hundred rows instead of every case (see readmit.statistics.aggregates).

`StatisticsCell` holds sums: how many events of a kind (`name`) a corridor had in a month,
split by whether the case ever touched protection (the requested state never counts those).
Durations are histograms: `value` is a number of days, `n` how many cases took that long;
`StatisticsMeasure` keeps each month's median and 90th percentile worked out from them (a
period's are worked out from its months' histograms). Stocks (pending, overdue) are kept
as monthly changes that add up to the stock.
`StatisticsFact` remembers what each case (or charter) put into the cells, so that a change
takes out exactly its old contribution before adding the new one.
"""

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base
from readmit.database.dialect import UTCDateTime


class StatisticsCell(Base):
    """One corridor, month, kind of event and protection scope: a count."""

    __tablename__ = "statistics_cells"

    requesting_state: Mapped[str] = mapped_column(String(3), primary_key=True)
    requested_state: Mapped[str] = mapped_column(String(3), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "YYYY-MM"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    untouched: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class StatisticsMeasure(Base):
    """A month's median and 90th percentile of one duration (days), over all its cases
    (`untouched` False) or only those that never touched protection (True)."""

    __tablename__ = "statistics_measures"

    requesting_state: Mapped[str] = mapped_column(String(3), primary_key=True)
    requested_state: Mapped[str] = mapped_column(String(3), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    untouched: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)
    median: Mapped[float | None] = mapped_column(Float)
    p90: Mapped[float | None] = mapped_column(Float)


class StatisticsFact(Base):
    """What one source ("case:12", "charter:3") contributes, and a case's open state now."""

    __tablename__ = "statistics_facts"
    # The open cases are few beside the decided ones: the current month's stocks count them
    # from this index alone (NULLs, the closed cases, are never in a `<` range).
    __table_args__ = (
        Index(
            "ix_statistics_facts_open",
            "pending_since",
            "requesting_state",
            "requested_state",
            "untouched",
            "due",
        ),
    )

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    requesting_state: Mapped[str | None] = mapped_column(String(3))
    requested_state: Mapped[str | None] = mapped_column(String(3))
    untouched: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set while the case is pending (not decided, withdrawn or suspended): since when, and
    # its reply deadline, for the current month's stocks.
    pending_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due: Mapped[datetime | None] = mapped_column(UTCDateTime())
    contributions: Mapped[list[list[object]]] = mapped_column(JSON, default=list)
