"""Load a register extract (CSV or Parquet) into the engine's store, reporting bad rows.
Rows are checked and keyed in keying.py; this module writes them: appended with their keys
into a new segment on a first load, replacing persons (by person_id) on later ones."""

import gc
import json
import sqlite3
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from readmit.countries import CountryProfile
from readmit.countries import country as profile_of
from readmit.identity import keying, segment
from readmit.identity.batch import COLUMNS, Raw, is_parquet, register_rows
from readmit.identity.estimate import register_u
from readmit.identity.store import INDEX_VERSION, connect, get_meta, set_meta

Numbered = tuple[int, keying.Prepared]  # line, prepared row


@dataclass
class LoadReport:
    """What a load did; bad rows are listed with line number and reason, never dropped silently.
    `unit` is how the numbers count: file lines (CSV) or rows from 1 (Parquet)."""

    loaded: int = 0
    replaced: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)
    unit: str = "line"


STORED = (
    "person_id, national_id, family_name, given_names, family_name_latin, given_names_latin, "
    "sex, birth_date, birth_place, mother_name, father_name, passport_numbers"
)


class _Written:
    """The file line of each row this load wrote, by row id, so that a repeated person_id
    names the line it repeats. Row ids of one load run on from `first` (AUTOINCREMENT, one
    writer), so a compact array does: 4 bytes a row."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.lines = array("I")

    def add(self, rowid: int, lines: list[int]) -> None:
        self.lines.extend([0] * (rowid - self.first - len(self.lines)))
        self.lines.extend(lines)

    def line_of(self, rowid: int) -> int | None:
        at = rowid - self.first
        return (self.lines[at] or None) if 0 <= at < len(self.lines) else None


def repeat_message(person_id: object, earlier: int, unit: str) -> str:
    """Why a row whose person_id an earlier row of the file holds is not loaded."""
    return f"person_id {person_id!r} repeats {unit} {earlier}; only the first is loaded"


def _first_of_each(good: list[Numbered], report: LoadReport) -> list[Numbered]:
    """A chunk's rows without repeats of a person_id; each repeat is listed as a bad row."""
    first: dict[object, int] = {}
    kept: list[Numbered] = []
    for line, prepared in good:
        earlier = first.setdefault(prepared[0][0], line)
        if earlier == line:
            kept.append((line, prepared))
        else:
            report.bad.append((line, repeat_message(prepared[0][0], earlier, report.unit)))
    return kept


def _flush(
    connection: sqlite3.Connection,
    batch: list[Numbered],
    report: LoadReport,
    land: CountryProfile,
    written: _Written,
) -> None:
    ids = [values[0] for _, (values, _) in batch]
    marks = ",".join("?" * len(ids))
    existing = connection.execute(
        f"SELECT rowid, {STORED} FROM persons WHERE person_id IN ({marks})", ids
    ).fetchall()
    counts: Counter[str] = Counter()
    stale: list[tuple[str, int]] = []
    earlier: dict[object, int] = {}
    for rowid, *stored in existing:
        if (line := written.line_of(rowid)) is not None:
            # Written by this load: the file holds the person twice, which is refused.
            earlier[stored[0]] = line
            continue
        # The person's old keys, rebuilt from the stored row, go by primary key.
        old_values, old_keys = keying.prepare(
            {c: "" if v is None else str(v) for c, v in zip(COLUMNS, stored, strict=True)}, land
        )
        counts.subtract(keying.terms(str(old_values[12])))
        stale.extend((key, rowid) for key in old_keys)
        report.replaced += 1
    connection.executemany("DELETE FROM blocks WHERE key = ? AND person = ?", stale)
    entries: list[tuple[str, int]] = []
    for line, (values, keys) in batch:
        if values[0] in earlier:
            report.bad.append((line, repeat_message(values[0], earlier[values[0]], report.unit)))
            continue
        counts.update(keying.terms(str(values[12])))
        cursor = connection.execute(
            f"INSERT OR REPLACE INTO persons ({STORED}, name_keys, parent_keys) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            values,
        )
        written.add(cursor.lastrowid or 0, [line])
        report.loaded += 1
        entries.extend((k, cursor.lastrowid or 0) for k in keys)
    # Sorted, the keys land on neighbouring index pages: far fewer page writes.
    entries.sort()
    connection.executemany("INSERT OR IGNORE INTO blocks (key, person) VALUES (?, ?)", entries)
    connection.executemany(
        "INSERT INTO frequencies (term, persons) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET persons = persons + excluded.persons",
        [(term, n) for term, n in counts.items() if n],
    )


def load(
    *,
    path: Path,
    country: str,
    store: Path,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    encoding: str = "utf-8",
) -> LoadReport:
    """Load or replace (by person_id) a register file's rows (CSV in `encoding`) in the store."""
    return load_rows(
        rows=register_rows(path, encoding),
        country=country,
        store=store,
        progress=progress,
        workers=workers,
        unit="row" if is_parquet(path) else "line",
    )


def _append(
    connection: sqlite3.Connection,
    batch: list[Numbered],
    hashed: keying.Hashed,
    builder: segment.Builder,
    report: LoadReport,
    written: _Written,
) -> bool:
    """Insert a chunk of new persons with consecutive row ids and give their keys to the
    segment; False (nothing written) when a person_id is already stored."""
    first = connection.execute(
        "SELECT coalesce(max(seq), 0) + 1 FROM sqlite_sequence WHERE name = 'persons'"
    ).fetchone()[0]
    connection.execute("SAVEPOINT chunk")
    try:
        connection.executemany(
            f"INSERT INTO persons (rowid, {STORED}, name_keys, parent_keys) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(first + i, *values) for i, (_, (values, _)) in enumerate(batch)],
        )
    except sqlite3.IntegrityError:
        connection.execute("ROLLBACK TO chunk")
        connection.execute("RELEASE chunk")
        return False
    connection.execute("RELEASE chunk")
    keys, positions, terms = hashed
    builder.add(keys=keys, persons=(positions + first).astype(np.uint32), terms=terms)
    written.add(first, [line for line, _ in batch])
    report.loaded += len(batch)
    return True


def _rekeyed(batch: list[Numbered], land: CountryProfile) -> list[Numbered]:
    """A chunk's keys rebuilt from its values, for the few chunks the segment cannot take."""
    return [
        (
            line,
            keying.prepare(
                {c: "" if v is None else str(v) for c, v in zip(COLUMNS, values[:12], strict=True)},
                land,
            ),
        )
        for line, (values, _) in batch
    ]


def load_rows(
    *,
    rows: Iterable[tuple[int, Raw]],
    country: str,
    store: Path,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    unit: str = "line",
) -> LoadReport:
    """Load or replace (by person_id) (line, row) pairs in the register format into the store;
    a person_id repeated within them is a bad row (the first one is loaded)."""
    report = LoadReport(unit=unit)
    land = profile_of(country)
    connection = connect(store, create=True)
    # One big transaction: a rollback journal writes pages in place, where WAL would first
    # copy every page of the load into the log. Readers get WAL back at the end.
    connection.execute("PRAGMA journal_mode=DELETE")
    bulk = connection.execute("SELECT count(*) FROM persons").fetchone()[0] == 0
    builder = segment.Builder()
    token = None
    # The load makes millions of short-lived tuples and no cycles; the collector would
    # rescan the growing name caches over and over (a quarter of the keying time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        connection.execute("BEGIN IMMEDIATE")
        written = _Written(
            connection.execute(
                "SELECT coalesce(max(seq), 0) + 1 FROM sqlite_sequence WHERE name = 'persons'"
            ).fetchone()[0]
        )
        for outcomes, hashed in keying.chunks(rows, country, workers, bulk):
            report.bad += [
                (line, problem or "unusable") for line, problem, p in outcomes if p is None
            ]
            good = [(line, p) for line, _, p in outcomes if p is not None]
            batch = _first_of_each(good, report)
            appended = (
                hashed is not None
                and len(batch) == len(good)
                and _append(connection, batch, hashed, builder, report, written)
            )
            if not appended:
                # Not a first load, or a person_id repeated within the file: the replace path.
                rows_in = batch if hashed is None else _rekeyed(batch, land)
                _flush(connection, rows_in, report, land, written)
            if progress:
                progress(len(outcomes))
        total = connection.execute("SELECT count(*) FROM persons").fetchone()[0]
        facts = {
            "country": country,
            "size": str(total),
            "index_version": INDEX_VERSION,
            # What chance agreement costs in this register, for the model (see `estimate`).
            "register_u": json.dumps(register_u(connection, country), sort_keys=True),
        }
        if bulk:
            token = builder.write(store)
            facts["base"] = token or ""
        set_meta(connection, facts)
        connection.execute("COMMIT")
        report.bad.sort()
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        if bulk:
            segment.remove_all(store, keep=get_meta(connection).get("base"))
        raise
    finally:
        if collecting:
            gc.enable()
        connection.execute("PRAGMA journal_mode=WAL")
        connection.close()
    if bulk:
        segment.remove_all(store, keep=token)
    return report
