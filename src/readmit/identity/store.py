"""The engine's register store: one SQLite file per country under READMIT_HOME, holding the
persons, their precomputed name keys and the candidate index (key → persons)."""

import contextlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from readmit.identity.segment import Segment, private_directory, private_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS persons (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id TEXT NOT NULL UNIQUE,
    national_id TEXT, family_name TEXT NOT NULL, given_names TEXT NOT NULL,
    family_name_latin TEXT, given_names_latin TEXT, sex TEXT, birth_date TEXT,
    birth_place TEXT, mother_name TEXT, father_name TEXT, passport_numbers TEXT,
    name_keys TEXT NOT NULL, parent_keys TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS blocks (
    key TEXT NOT NULL, person INTEGER NOT NULL, PRIMARY KEY (key, person)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS frequencies (
    term TEXT PRIMARY KEY, persons INTEGER NOT NULL
) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """A register person as stored; name keys are 'family|given' romanised variants."""

    rowid: int
    person_id: str
    national_id: str | None
    family_name: str
    given_names: str
    family_name_latin: str | None
    given_names_latin: str | None
    sex: str | None
    birth_date: date | None
    birth_place: str | None
    mother_name: str | None
    father_name: str | None
    passport_numbers: tuple[str, ...]
    name_keys: tuple[str, ...]
    parent_keys: tuple[str, ...]


# Bumped whenever the keys a load writes change; a store built with other keys would
# silently miss candidates, so it is refused until the register is loaded again. Since 6,
# row ids are never reused, so a replaced person's entries in the base segment stay dead;
# since 7, given names and years are keyed and given names counted (the vocabulary).
INDEX_VERSION = "7"


class StoreError(Exception):
    """The store is missing or was built by another version of the index."""


def store_path(home: Path, country: str) -> Path:
    """Where a country's register store lives."""
    return home / "identity" / f"{country.lower()}.sqlite"


def create_private_database(path: Path) -> None:
    """An SQLite file created empty with mode 0600 in a 0700 directory, unless it exists;
    SQLite gives its -wal, -shm and journal files the mode of the database file."""
    private_directory(path.parent)
    with contextlib.suppress(FileExistsError):
        private_file(path).close()


class StoreConnection(sqlite3.Connection):
    """A store's connection, with the base segment its meta names (None when it has none)
    and whether its own tables hold keys and counts (after a first bulk load they stay
    empty until a later load, and a lookup need not ask them)."""

    base: Segment | None = None
    has_blocks: bool = True
    has_frequencies: bool = True


def connect(path: Path, *, create: bool = False) -> StoreConnection:
    """Open a store; reading needs an existing one, built with the current index."""
    if not create and not path.exists():
        raise StoreError(
            f"no register loaded: {path} does not exist "
            "(run `readmit registry load --country XXX FILE`)"
        )
    if create:
        create_private_database(path)
    connection = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, factory=StoreConnection
    )
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA cache_size=-200000")
    connection.execute("PRAGMA mmap_size=4000000000")
    if create:
        connection.executescript(SCHEMA)
    meta = get_meta(connection)
    built = meta.get("index_version", "1")
    if meta and built != INDEX_VERSION:
        connection.close()
        raise StoreError(
            f"{path} was built with index version {built}, this Readmit uses {INDEX_VERSION}: "
            "delete it and load the full register extract again"
        )
    connection.base = Segment.open(path, meta.get("base"))
    for table, flag in (("blocks", "has_blocks"), ("frequencies", "has_frequencies")):
        any_row = connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
        setattr(connection, flag, any_row is not None)
    return connection


def row_of(values: Sequence[Any]) -> RegisterRow:
    """A person from its stored columns, in COLUMNS order."""
    (
        rowid,
        person_id,
        national_id,
        family,
        given,
        family_latin,
        given_latin,
        sex,
        birth,
        place,
        mother,
        father,
        passports,
        name_keys,
        parent_keys,
    ) = values
    return RegisterRow(
        rowid=int(rowid),
        person_id=str(person_id),
        national_id=national_id,
        family_name=str(family),
        given_names=str(given),
        family_name_latin=family_latin,
        given_names_latin=given_latin,
        sex=sex,
        birth_date=date.fromisoformat(birth) if birth else None,
        birth_place=place,
        mother_name=mother,
        father_name=father,
        passport_numbers=tuple(str(passports).split(";")) if passports else (),
        name_keys=tuple(str(name_keys).split(";")),
        parent_keys=tuple(str(parent_keys).split(";")) if parent_keys else (),
    )


COLUMNS = (
    "rowid, person_id, national_id, family_name, given_names, family_name_latin, "
    "given_names_latin, sex, birth_date, birth_place, mother_name, father_name, "
    "passport_numbers, name_keys, parent_keys"
)


def fetch(connection: sqlite3.Connection, rowids: Iterable[int]) -> list[RegisterRow]:
    """Persons by row id, in the order asked (unknown ids are left out)."""
    ids = list(rowids)
    found: dict[int, RegisterRow] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in connection.execute(
            f"SELECT {COLUMNS} FROM persons WHERE rowid IN ({marks})", chunk
        ):
            row = row_of(r)
            found[row.rowid] = row
    return [found[i] for i in ids if i in found]


def by_person_ids(connection: sqlite3.Connection, person_ids: Sequence[str]) -> list[RegisterRow]:
    """Persons by their register person id (unknown ids are left out)."""
    rows: list[RegisterRow] = []
    for start in range(0, len(person_ids), 500):
        chunk = list(person_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows.extend(
            row_of(r)
            for r in connection.execute(
                f"SELECT {COLUMNS} FROM persons WHERE person_id IN ({marks})", chunk
            )
        )
    return rows


def lookup(connection: StoreConnection, keys: Iterable[str], *, cap: int) -> dict[str, list[int]]:
    """Persons per blocking key; a key matching more than `cap` persons is left out
    (too common to discriminate) and reported with an empty list."""
    unique = list(dict.fromkeys(keys))
    base = connection.base.persons_for(unique, limit=cap + 1) if connection.base else {}
    stored: dict[str, list[int]] = {}
    if connection.has_blocks:
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, person in connection.execute(
                f"SELECT key, person FROM blocks WHERE key IN ({marks})", chunk
            ):
                stored.setdefault(key, []).append(person)
    found: dict[str, list[int]] = {}
    for key in unique:
        # In row-id order, whichever part of the index holds them: the order in which
        # candidates are scored must not depend on how the register was loaded.
        persons = sorted(stored.get(key, []) + base.get(key, []))
        found[key] = persons if len(persons) <= cap else []
    return found


def frequency(connection: StoreConnection, term: str) -> int:
    """How many persons carry a term: "n:family|given" (a name reading) or "f:family" (a
    surname reading), each person counted once. Kept by the loader: constant time at any size."""
    return frequencies(connection, [term])[0]


def frequencies(connection: StoreConnection, terms: Sequence[str]) -> list[int]:
    """`frequency` of many terms at once (spelling correction asks about hundreds)."""
    if not terms:
        return []
    counts = connection.base.term_counts(terms) if connection.base is not None else [0] * len(terms)
    stored: dict[str, int] = {}
    for start in range(0, len(terms) if connection.has_frequencies else 0, 500):
        chunk = list(terms[start : start + 500])
        marks = ",".join("?" * len(chunk))
        stored.update(
            connection.execute(
                f"SELECT term, persons FROM frequencies WHERE term IN ({marks})", chunk
            ).fetchall()
        )
    return [int(c) + stored.get(t, 0) for t, c in zip(terms, counts, strict=True)]


def get_meta(connection: sqlite3.Connection) -> dict[str, str]:
    """Store-wide facts (size, model statistics)."""
    return dict(connection.execute("SELECT name, value FROM meta").fetchall())


def set_meta(connection: sqlite3.Connection, values: dict[str, str]) -> None:
    """Record store-wide facts."""
    connection.executemany(
        "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", values.items()
    )


class Register(Protocol):
    """What the engine asks of a register: its facts, the candidate index, persons and term
    counts. The store below answers from SQLite; a Spark batch answers from Parquet."""

    meta: dict[str, str]

    def lookup(self, keys: Iterable[str], *, cap: int) -> dict[str, list[int]]:
        """Persons per key (see `lookup`)."""
        ...

    def fetch(self, rowids: Iterable[int]) -> list[RegisterRow]:
        """Persons by row id, in the order asked."""
        ...

    def frequencies(self, terms: Sequence[str]) -> list[int]:
        """Persons carrying each term (see `frequency`)."""
        ...


class StoreRegister:
    """A register store as the engine's `Register`."""

    def __init__(self, connection: StoreConnection) -> None:
        self.connection = connection
        self.meta = get_meta(connection)

    def lookup(self, keys: Iterable[str], *, cap: int) -> dict[str, list[int]]:
        """Persons per key (see `lookup`)."""
        return lookup(self.connection, keys, cap=cap)

    def fetch(self, rowids: Iterable[int]) -> list[RegisterRow]:
        """Persons by row id, in the order asked."""
        return fetch(self.connection, rowids)

    def frequencies(self, terms: Sequence[str]) -> list[int]:
        """Persons carrying each term (see `frequency`)."""
        return frequencies(self.connection, terms)
