"""Declarative base, engine and session factory, and the transaction boundary."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import Connection, Engine, MetaData, create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from readmit.config import get_settings
from readmit.database.dialect import (
    READ_ONLY,
    configure_engine,
    create_private_file,
    engine_options,
    normalise_url,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every table; constraint names are stable across backends."""

    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    """The one clock: aware UTC."""
    return datetime.now(UTC)


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine configured for the backend the URL names."""
    url = normalise_url(url)
    create_private_file(url)
    engine = create_engine(url, **engine_options(url, pool_size=pool_size))
    configure_engine(engine)
    return engine


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database: a connection for every thread
    that works on requests, and two for background jobs (deadlines, start-up)."""
    settings = get_settings()
    settings.home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return make_engine(settings.database_url, pool_size=settings.threads + 2)


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    """Sessions bound to the process-wide engine, with the statistics' listeners registered
    so that every writer keeps the monthly cells in step (imported here, not at the top:
    they need every model, and the models need this module)."""
    from readmit.statistics import aggregates  # noqa: F401

    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@contextmanager
def committing(session: Session) -> Iterator[Session]:
    """The one transaction boundary: commit on success, and on a refusal that keeps its record
    (`DomainError.keeps_changes`); roll back on any other error."""
    try:
        yield session
        session.commit()
    except BaseException as exc:
        if getattr(exc, "keeps_changes", False):
            session.commit()
        else:
            session.rollback()
        raise


@contextmanager
def transaction() -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with get_sessionmaker()() as session, committing(session):
        yield session


@contextmanager
def reading(session: Session) -> Iterator[Session]:
    """A short read-only unit of work beside `session`'s, on the same database, holding no
    write lock: for slow work that needs a fact first (a password hash) and must not make
    every other writer wait while it runs."""
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    with Session(bind=engine.execution_options(**{READ_ONLY: True})) as reader:
        try:
            yield reader
        finally:
            reader.rollback()
