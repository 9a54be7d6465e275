"""Every difference between PostgreSQL and SQLite lives here."""

import os
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, Index, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.types import TypeDecorator


def normalise_url(url: str) -> str:
    """Route plain postgresql:// URLs to the psycopg 3 driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    """True for the embedded default."""
    return make_url(url).get_backend_name() == "sqlite"


LOCK_WAIT_SECONDS = 15
READ_ONLY = "readmit_read_only"  # execution option of connections that never write


def engine_options(url: str, *, pool_size: int) -> dict[str, Any]:
    """Driver and pool options: a connection for every server thread, so a request never
    waits for the pool while another holds the lock it needs."""
    pool = {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": LOCK_WAIT_SECONDS}
    if is_sqlite(url):
        return {"connect_args": {"check_same_thread": False, "timeout": LOCK_WAIT_SECONDS}} | pool
    # psycopg's statement preparation costs more client time than the server saves on the
    # short, varied queries a request makes (measured under bench/load.py).
    return {"pool_pre_ping": True, "connect_args": {"prepare_threshold": None}} | pool


def create_private_file(url: str) -> None:
    """Create an SQLite database file readable by its owner only; SQLite gives its -wal and
    -shm files the database file's mode."""
    database = make_url(url).database
    if not is_sqlite(url) or not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))


class WriterQueue:
    """SQLite has one writer at a time. Threads of this process queue for it on a lock that
    wakes the next one as soon as it is free, instead of polling in SQLite's busy handler
    (which sleeps up to 100 ms between tries); other processes still meet the busy timeout."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: int | None = None

    def enter(self, dbapi_connection: Any) -> None:
        """Wait for the write lock on behalf of this connection."""
        if not self._lock.acquire(timeout=LOCK_WAIT_SECONDS):
            raise sqlite3.OperationalError("database is locked")
        self._holder = id(dbapi_connection)

    def leave(self, dbapi_connection: Any) -> None:
        """Hand the write lock on, if this connection holds it."""
        if self._holder == id(dbapi_connection):
            self._holder = None
            self._lock.release()


def configure_engine(engine: Engine) -> None:
    """Per-connection set-up: SQLite's pragmas and writer queue, PostgreSQL's lock timeout."""
    if engine.dialect.name != "sqlite":

        @event.listens_for(engine, "connect")
        def _on_pg_connect(dbapi_connection: Any, _record: Any) -> None:
            # A step that waits this long on a case's lock is refused (503), never left hanging.
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = '{LOCK_WAIT_SECONDS}s'")
            dbapi_connection.commit()

        return
    writers = WriterQueue()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so BEGIN is ours to issue.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={LOCK_WAIT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            # A reader: WAL lets it run beside the writer, and it never upgrades.
            connection.exec_driver_sql("BEGIN")
            return
        # Nearly every request writes (reads are audited), and the audit chain
        # needs one writer at a time: take the write lock up front.
        dbapi_connection = connection.connection.dbapi_connection
        writers.enter(dbapi_connection)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            writers.leave(dbapi_connection)
            raise

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection: Any) -> None:
        writers.leave(connection.connection.dbapi_connection)

    @event.listens_for(engine.pool, "checkin")
    @event.listens_for(engine.pool, "close")
    def _on_release(dbapi_connection: Any, _record: Any) -> None:
        # A connection returned or dropped mid-transaction must not keep the queue blocked.
        writers.leave(dbapi_connection)


def lock_for_update(statement: Select[Any], session: Session) -> Select[Any]:
    """Row lock on PostgreSQL; SQLite already holds the database write lock. FOR NO KEY
    UPDATE: writers of the row queue, while inserts that merely reference it (a timeline
    step, a message) do not."""
    if session.get_bind().dialect.name == "sqlite":
        return statement
    return statement.with_for_update(key_share=True)


def skip_locked(statement: Select[Any], session: Session) -> Select[Any]:
    """Rows for one claimant of a queue: PostgreSQL locks them and skips those another
    transaction holds, so concurrent claimants take different rows; SQLite needs nothing, a
    writer's transaction (BEGIN IMMEDIATE) already excludes every other writer."""
    if session.get_bind().dialect.name == "sqlite":
        return statement
    return statement.with_for_update(skip_locked=True)


def add_to_counts(
    session: Session, model: type[Any], rows: list[dict[str, Any]], column: str
) -> None:
    """Insert each row, or add its `column` to the row already under its primary key, in one
    statement that neither backend can lose to a concurrent writer."""
    if not rows:
        return
    module = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    statement = module.insert(model)
    keys = [c.name for c in model.__table__.primary_key.columns]
    update = {column: model.__table__.c[column] + statement.excluded[column]}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=update), rows)


def put_rows(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert each row, or replace the row already under its primary key."""
    if not rows:
        return
    module = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    statement = module.insert(model)
    keys = [c.name for c in model.__table__.primary_key.columns]
    columns = model.__table__.columns
    update = {c.name: statement.excluded[c.name] for c in columns if c.name not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=update), rows)


def insert_if_missing(session: Session, model: type[Any], row: dict[str, Any]) -> None:
    """Insert the row unless its primary key is taken (waiting, on PostgreSQL, for a
    concurrent insert of the same key to commit or roll back)."""
    module = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    session.execute(module.insert(model).values(row).on_conflict_do_nothing())


def partial_unique(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows that match `where` (a rule such as "one live manifest
    entry per case" that the database itself enforces, whatever the code does)."""
    condition = text(where)
    return Index(name, *columns, unique=True, sqlite_where=condition, postgresql_where=condition)


def continue_numbering(connection: Connection, table: str, after: int) -> None:
    """Make the table's generated ids continue after `after` (e.g. numbers issued before the
    table existed). SQLite's AUTOINCREMENT keeps its high-water mark in sqlite_sequence;
    PostgreSQL's identity is a sequence."""
    if after < 1:
        return
    if connection.dialect.name == "sqlite":
        connection.execute(
            text("INSERT INTO sqlite_sequence (name, seq) VALUES (:table, :after)"),
            {"table": table, "after": after},
        )
        return
    connection.execute(
        text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :after)"),
        {"table": table, "after": after},
    )


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both backends (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
