"""Load a register extract (CSV or Parquet) into the engine's store, reporting bad rows."""

import csv
import gc
import multiprocessing
import os
import sqlite3
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain, islice
from multiprocessing.pool import AsyncResult
from operator import itemgetter
from pathlib import Path

import numpy as np
import numpy.typing as npt

from readmit.documents.national_ids import (
    SUPPORTED_COUNTRIES,
    NationalIdError,
    validate_national_id,
)
from readmit.identity import segment
from readmit.identity.docnums import confusion_key, normalise_number
from readmit.identity.profiles import Profile, profile
from readmit.identity.store import INDEX_VERSION, connect, get_meta, set_meta

COLUMNS = (
    "person_id",
    "national_id",
    "family_name",
    "given_names",
    "family_name_latin",
    "given_names_latin",
    "sex",
    "birth_date",
    "birth_place",
    "mother_name",
    "father_name",
    "passport_numbers",
)
PLACE_DIGITS = {"CHN": 6, "GTM": 4}
BATCH = 5000
Prepared = tuple[tuple[object, ...], list[str]]
Outcome = tuple[int, str | None, Prepared | None]  # line, problem, prepared row
Hashed = tuple[segment.Hashes, npt.NDArray[np.int64], segment.Hashes]
Chunk = tuple[list[Outcome], Hashed | None]
Raw = dict[str, str] | tuple[str, ...]  # a row by column name, or its values in COLUMNS order


class RegisterFileError(ValueError):
    """The file as a whole cannot be read (missing, wrong format, missing columns)."""


@dataclass
class LoadReport:
    """What a load did; bad rows are listed with line number and reason, never dropped silently."""

    loaded: int = 0
    replaced: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)


def _rows(path: Path) -> Iterator[tuple[int, Raw]]:
    """(line number, row) pairs from CSV (header on line 1) or Parquet (row index + 2); a CSV
    row travels as its values in COLUMNS order, cheaper to send to the keying processes."""
    if not path.exists():
        raise RegisterFileError(f"{path}: no such file")
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path)
        missing = set(COLUMNS) - set(table.schema_arrow.names)
        if missing:
            raise RegisterFileError(f"{path}: missing columns {', '.join(sorted(missing))}")
        line = 2
        for batch in table.iter_batches(batch_size=BATCH, columns=list(COLUMNS)):
            for row in batch.to_pylist():
                yield line, {k: "" if v is None else str(v) for k, v in row.items()}
                line += 1
        return
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        missing = set(COLUMNS) - set(header)
        if missing:
            raise RegisterFileError(f"{path}: missing columns {', '.join(sorted(missing))}")
        pick = itemgetter(*(header.index(c) for c in COLUMNS))
        width = len(header)
        for row in reader:
            if len(row) < width:
                row += [""] * (width - len(row))
            yield reader.line_num, pick(row)


def count_rows(path: Path) -> int:
    """Rows in the file, for the progress bar."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    with path.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)


def _check(row: dict[str, str], country: str) -> str | None:
    """Why a row is unusable, or None."""
    if not row["person_id"]:
        return "person_id is empty"
    if not row["family_name"] and not row["given_names"]:
        return "no name"
    if row["sex"] not in ("", "M", "F", "X"):
        return f"sex must be M, F or X, not {row['sex']!r}"
    if row["birth_date"]:
        try:
            date.fromisoformat(row["birth_date"])
        except ValueError:
            return f"birth_date {row['birth_date']!r} is not YYYY-MM-DD"
    digits = PLACE_DIGITS.get(country)
    place = row["birth_place"]
    if place and digits and not (place.isdigit() and len(place) == digits):
        return f"birth_place {place!r} is not a {digits}-digit division code"
    if row["national_id"] and country in SUPPORTED_COUNTRIES:
        try:
            validate_national_id(country, row["national_id"])
        except NationalIdError as exc:
            return f"national_id: {exc}"
    return None


@lru_cache(maxsize=1 << 18)
def _name_parts(name_keys: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A name's keys split once: the distinct surnames, the distinct given names, and the
    initials of its usual reading ("f" + surname initial, "g" + given initial)."""
    pairs = [k.split("|", 1) for k in name_keys]
    families = tuple(dict.fromkeys(f for f, _ in pairs))
    givens = tuple(dict.fromkeys(g for _, g in pairs if g))
    initials = f"{pairs[0][0][:1]}|{pairs[0][1][:1]}" if pairs else ""
    return families, givens, initials


def blocking_keys(
    *,
    name_keys: tuple[str, ...],
    birth_date: str,
    birth_place: str,
    national_id: str,
    passports: list[str],
    parents: list[str],
) -> list[str]:
    """The candidate-index keys of one register person, each once."""
    keys = [f"n:{k}" for k in name_keys]
    keys += [f"pa:{k}" for k in dict.fromkeys(parents)]
    if birth_date:
        year = birth_date[:4]
        keys += [f"ny:{k}|{year}" for k in name_keys]
        families, givens, initials = _name_parts(name_keys)
        keys += [f"fd:{f}|{birth_date}" for f in families]
        keys += [f"gd:{g}|{birth_date}" for g in givens]
        # Date and an initial: finds names mistyped past their first letter.
        if initials:
            family, given = initials.split("|")
            keys += [f"dl:{birth_date}|f{family}", f"dl:{birth_date}|g{given}"]
        if birth_place:
            keys.append(f"dp:{birth_date}|{birth_place}")
    if national_id:
        keys.append(f"id:{national_id}")
    keys += [f"pp:{k}" for k in dict.fromkeys(confusion_key(p) for p in passports)]
    return keys


def _prepare(row: dict[str, str], rules: Profile) -> tuple[tuple[object, ...], list[str]]:
    name_keys = rules.register_name_keys(
        row["family_name"], row["given_names"], row["family_name_latin"], row["given_names_latin"]
    )
    mother = rules.parent_keys(row["mother_name"], register_side=True)
    father = rules.parent_keys(row["father_name"], register_side=True)
    parents = mother + father
    national_id = normalise_number(row["national_id"]) if row["national_id"] else ""
    passports = [normalise_number(p) for p in row["passport_numbers"].split(";") if p.strip()]
    values = (
        row["person_id"],
        national_id or None,
        row["family_name"],
        row["given_names"],
        row["family_name_latin"] or None,
        row["given_names_latin"] or None,
        row["sex"] or None,
        row["birth_date"] or None,
        row["birth_place"] or None,
        row["mother_name"] or None,
        row["father_name"] or None,
        ";".join(passports) or None,
        ";".join(name_keys),
        ";".join(parents),
    )
    keys = blocking_keys(
        name_keys=name_keys,
        birth_date=row["birth_date"],
        birth_place=row["birth_place"],
        national_id=national_id,
        passports=passports,
        # Only each parent's usual reading: the application side tries all of its readings.
        parents=[keys[0] for keys in (mother, father) if keys],
    )
    return values, keys


STORED = (
    "person_id, national_id, family_name, given_names, family_name_latin, given_names_latin, "
    "sex, birth_date, birth_place, mother_name, father_name, passport_numbers"
)


def _flush(
    connection: sqlite3.Connection, rows: list[Prepared], report: LoadReport, rules: Profile
) -> None:
    # A person_id repeated within the chunk: the later row wins, as it would across chunks.
    batch = list({values[0]: (values, keys) for values, keys in rows}.values())
    report.replaced += len(rows) - len(batch)
    report.loaded += len(rows)
    ids = [values[0] for values, _ in batch]
    marks = ",".join("?" * len(ids))
    existing = connection.execute(
        f"SELECT rowid, {STORED} FROM persons WHERE person_id IN ({marks})", ids
    ).fetchall()
    counts: Counter[str] = Counter()
    stale: list[tuple[str, int]] = []
    for rowid, *stored in existing:
        # The person's old keys, rebuilt from the stored row, go by primary key.
        old_values, old_keys = _prepare(
            {c: "" if v is None else str(v) for c, v in zip(COLUMNS, stored, strict=True)}, rules
        )
        counts.subtract(_terms(str(old_values[12])))
        stale.extend((key, rowid) for key in old_keys)
    connection.executemany("DELETE FROM blocks WHERE key = ? AND person = ?", stale)
    report.replaced += len(existing)
    entries: list[tuple[str, int]] = []
    for values, keys in batch:
        counts.update(_terms(str(values[12])))
        cursor = connection.execute(
            f"INSERT OR REPLACE INTO persons ({STORED}, name_keys, parent_keys) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            values,
        )
        entries.extend((k, cursor.lastrowid or 0) for k in keys)
    # Sorted, the keys land on neighbouring index pages: far fewer page writes.
    entries.sort()
    connection.executemany("INSERT OR IGNORE INTO blocks (key, person) VALUES (?, ?)", entries)
    connection.executemany(
        "INSERT INTO frequencies (term, persons) VALUES (?, ?) "
        "ON CONFLICT (term) DO UPDATE SET persons = persons + excluded.persons",
        [(term, n) for term, n in counts.items() if n],
    )


def _terms(name_keys: str) -> set[str]:
    """Frequency terms of one person's stored name keys: each reading and each surname."""
    keys = name_keys.split(";")
    return {f"n:{k}" for k in keys} | {f"f:{k.partition('|')[0]}" for k in keys}


def load(
    *,
    path: Path,
    country: str,
    store: Path,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> LoadReport:
    """Load or replace (by person_id) the rows of a register file into the store."""
    return load_rows(
        rows=_rows(path), country=country, store=store, progress=progress, workers=workers
    )


def _hashed(outcomes: list[Outcome]) -> Hashed:
    """A chunk's index keys and terms as hashes, with each key's position among good rows."""
    good = [prepared for _, _, prepared in outcomes if prepared is not None]
    keys = list(chain.from_iterable(row_keys for _, row_keys in good))
    lengths = np.array([len(k) for _, k in good], dtype=np.int64)
    positions = np.repeat(np.arange(len(good), dtype=np.int64), lengths)
    hashes = segment.hash_keys(keys)
    # A person's terms are its "n:" keys, which blocking_keys puts first, and its surnames.
    names = [tuple(str(values[12]).split(";")) if values[12] else () for values, _ in good]
    within = np.arange(len(keys)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    named = within < np.repeat(np.array([len(n) for n in names], dtype=np.int64), lengths)
    surnames = [f"f:{f}" for n in names for f in _name_parts(n)[0]]
    terms = np.concatenate([hashes[named], segment.hash_keys(surnames)])
    # Each chunk arrives sorted: the final sort then only merges runs (a third of the time).
    order = np.argsort(hashes, kind="stable")
    return hashes[order], positions[order], terms


def _prepare_chunk(job: tuple[str, bool, list[tuple[int, Raw]]]) -> Chunk:
    country, bulk, chunk = job
    rules = profile(country)
    outcomes: list[Outcome] = []
    for line, raw in chunk:
        row = raw if isinstance(raw, dict) else dict(zip(COLUMNS, map(str.strip, raw), strict=True))
        problem = _check(row, country)
        outcomes.append((line, problem, None if problem else _prepare(row, rules)))
    if not bulk:
        return outcomes, None
    hashed = _hashed(outcomes)
    # The keys travel as hashes only: far less to send back to the writing process.
    return [(line, problem, p and (p[0], [])) for line, problem, p in outcomes], hashed


def _prepared(
    rows: Iterable[tuple[int, Raw]], country: str, workers: int, bulk: bool
) -> Iterator[Chunk]:
    """Checked and keyed chunks in file order; keying (the costly part) on `workers` cores."""
    iterator = iter(rows)
    jobs = ((country, bulk, chunk) for chunk in iter(lambda: list(islice(iterator, BATCH)), []))
    if workers <= 1:
        yield from map(_prepare_chunk, jobs)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(workers, initializer=gc.disable) as pool:
        # A sliding window of chunks in flight keeps the workers busy while this process
        # writes, without reading the whole file ahead as Pool.imap would.
        pending: deque[AsyncResult[Chunk]] = deque()
        for job in jobs:
            pending.append(pool.apply_async(_prepare_chunk, (job,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _append(
    connection: sqlite3.Connection,
    batch: list[Prepared],
    hashed: Hashed,
    builder: segment.Builder,
    report: LoadReport,
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
            [(first + i, *values) for i, (values, _) in enumerate(batch)],
        )
    except sqlite3.IntegrityError:
        connection.execute("ROLLBACK TO chunk")
        connection.execute("RELEASE chunk")
        return False
    connection.execute("RELEASE chunk")
    keys, positions, terms = hashed
    builder.add(keys=keys, persons=(positions + first).astype(np.uint32), terms=terms)
    report.loaded += len(batch)
    return True


def _rekeyed(batch: list[Prepared], rules: Profile) -> list[Prepared]:
    """A chunk's keys rebuilt from its values, for the few chunks the segment cannot take."""
    return [
        _prepare(
            {c: "" if v is None else str(v) for c, v in zip(COLUMNS, values[:12], strict=True)},
            rules,
        )
        for values, _ in batch
    ]


def load_rows(
    *,
    rows: Iterable[tuple[int, Raw]],
    country: str,
    store: Path,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> LoadReport:
    """Load or replace (by person_id) (line, row) pairs in the register format into the store."""
    report = LoadReport()
    rules = profile(country)
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
        for outcomes, hashed in _prepared(rows, country, workers, bulk):
            report.bad += [
                (line, problem or "unusable") for line, problem, p in outcomes if p is None
            ]
            batch = [p for _, _, p in outcomes if p is not None]
            if hashed is None:
                _flush(connection, batch, report, rules)
            elif not _append(connection, batch, hashed, builder, report):
                # A person_id repeated within the file: this chunk takes the replace path.
                _flush(connection, _rekeyed(batch, rules), report, rules)
            if progress:
                progress(len(outcomes))
        total = connection.execute("SELECT count(*) FROM persons").fetchone()[0]
        facts = {"country": country, "size": str(total), "index_version": INDEX_VERSION}
        if bulk:
            token = builder.write(store)
            facts["base"] = token or ""
        set_meta(connection, facts)
        connection.execute("COMMIT")
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
