"""Importing CBP's encounters CSV (again and again: a newer file replaces the cells it
holds) and counting encounters per nationality and month."""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from readmit.encounters.models import Encounter
from readmit.encounters.schemas import COLUMNS, EncounterRow, RowError, read_row

BATCH = 5000


class FileError(ValueError):
    """The file is not CBP's encounters table; the message says what is wrong and where."""


@dataclass(frozen=True)
class Imported:
    """What one import did."""

    rows: int
    encounters: int
    months: int


def read_csv(lines: Iterable[str]) -> Iterator[tuple[int, EncounterRow]]:
    """(line number, row) of each data row; FileError names a missing column or a bad row."""
    reader = csv.reader(lines)
    header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise FileError(f"line 1: the header lacks the column(s) {', '.join(missing)}")
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise FileError(
                f"line {reader.line_num}: {len(values)} values for {len(header)} columns"
            )
        try:
            yield reader.line_num, read_row(dict(zip(header, values, strict=True)))
        except RowError as problem:
            raise FileError(f"line {reader.line_num}: {problem}") from None


def import_rows(
    *,
    session: Session,
    rows: Iterable[tuple[int, EncounterRow]],
    source: str,
    progress: Callable[[int], None] | None = None,
) -> Imported:
    """Store the rows, replacing every month the file covers; one transaction (the caller's)."""
    cells: dict[tuple[object, ...], EncounterRow] = {}
    for _line, row in rows:
        key = (
            row.month,
            row.component,
            row.land_border_region,
            row.area_of_responsibility,
            row.demographic,
            row.citizenship_text,
            row.title_of_authority,
            row.encounter_type,
        )
        # CBP repeats a cell only across revisions of a file: the later line wins.
        cells[key] = row
    months = sorted({row.month for row in cells.values()})
    for start in range(0, len(months), 500):
        session.execute(delete(Encounter).where(Encounter.month.in_(months[start : start + 500])))
    batch = []
    for row in cells.values():
        batch.append(asdict(row) | {"source": source})
        if len(batch) == BATCH:
            session.execute(insert(Encounter), batch)
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        session.execute(insert(Encounter), batch)
        if progress:
            progress(len(batch))
    total = sum(row.count for row in cells.values())
    return Imported(rows=len(cells), encounters=total, months=len(months))


def monthly(
    *, session: Session, citizenship: str, since: date, until: date
) -> list[tuple[date, int]]:
    """Encounters of one nationality per month, from `since` to `until` (first days)."""
    found = session.execute(
        select(Encounter.month, func.sum(Encounter.count))
        .where(
            Encounter.citizenship == citizenship,
            Encounter.month >= since,
            Encounter.month <= until,
        )
        .group_by(Encounter.month)
        .order_by(Encounter.month)
    )
    return [(month, int(total)) for month, total in found]
