"""The buckets of a programme's ceilings and their rows: a case takes one place in every
bucket that applies to it (`total`, its region's `region:<id>` when the region has a
sub-ceiling, the `period:<id>` of the day when the year is split). Rows are created from the
programme file on first need and locked in bucket order before any place is counted, so
concurrent approvals and allocation runs queue on them and a ceiling is never exceeded."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.database.dialect import insert_if_missing, lock_for_update
from readmit.pathways import fiscal
from readmit.pathways.definitions import FiscalYearCeiling, ProgrammeFile
from readmit.pathways.models import Ceiling, PathwayCase, Programme

TOTAL = "total"


def region_bucket(region: str) -> str:
    """The bucket of a regional sub-ceiling."""
    return f"region:{region}"


def period_bucket(period_id: str) -> str:
    """The bucket of a sub-period."""
    return f"period:{period_id}"


def capacities(ceiling: FiscalYearCeiling) -> dict[str, int]:
    """Every bucket of a fiscal year's ceiling and its places."""
    buckets = {TOTAL: ceiling.places}
    buckets |= {region_bucket(r): places for r, places in ceiling.regions.items()}
    buckets |= {period_bucket(p.id): p.places for p in ceiling.periods}
    return buckets


# --- the programme and its ceiling rows ----------------------------------------------------


def lock_ceilings(
    session: Session, programme: Programme, ceiling: FiscalYearCeiling
) -> dict[str, Ceiling]:
    """The fiscal year's ceiling rows, created if missing and locked in bucket order; their
    capacity follows the programme's current file."""
    wanted = capacities(ceiling)
    for bucket in sorted(wanted):
        row = {
            "state_code": programme.state_code,
            "programme_code": programme.code,
            "fiscal_year": ceiling.fiscal_year,
            "bucket": bucket,
            "capacity": wanted[bucket],
            "allocated": 0,
        }
        insert_if_missing(session, Ceiling, row)
    statement = (
        select(Ceiling)
        .where(
            Ceiling.programme_code == programme.code,
            Ceiling.fiscal_year == ceiling.fiscal_year,
        )
        .order_by(Ceiling.bucket)
    )
    locked = lock_for_update(statement, session).execution_options(populate_existing=True)
    rows = {row.bucket: row for row in session.scalars(locked)}
    for bucket, places in wanted.items():
        rows[bucket].capacity = places
    return rows


@dataclass
class Counter:
    """The locked ceiling rows of one fiscal year and the rules for taking a place."""

    file: ProgrammeFile
    ceiling: FiscalYearCeiling
    rows: dict[str, Ceiling]

    def _free(self, bucket: str) -> bool:
        row = self.rows[bucket]
        return row.allocated < row.capacity

    def _period(self, day: date) -> str | None:
        """The period bucket a place is taken from on `day`; None when none is free."""
        periods = self.ceiling.periods
        period = fiscal.period_of(day, periods)
        if period is None:
            return None
        start = self.file.fiscal_year_start_month
        candidates = [period]
        if self.ceiling.carry_over:
            candidates += fiscal.earlier(period, periods, start)
        return next(
            (period_bucket(p.id) for p in candidates if self._free(period_bucket(p.id))), None
        )

    def claim(self, region: str, day: date) -> list[str] | None:
        """Take a place in every bucket that applies; None (nothing taken) when one is full."""
        buckets = [TOTAL]
        if region in self.ceiling.regions:
            buckets.append(region_bucket(region))
        if not all(self._free(bucket) for bucket in buckets):
            return None
        if self.ceiling.periods:
            period = self._period(day)
            if period is None:
                return None
            buckets.append(period)
        for bucket in buckets:
            self.rows[bucket].allocated += 1
        return buckets

    def full(self, day: date) -> bool:
        """True when no case, whatever its region, can take a place on `day`."""
        return not self._free(TOTAL) or (bool(self.ceiling.periods) and self._period(day) is None)


def region_of(file: ProgrammeFile, case: PathwayCase) -> str:
    """The case's region for regional sub-ceilings."""
    return case.region or file.region_of(case.nationality)
