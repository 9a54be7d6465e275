"""One migrated, seeded database per run (SQLite, or PostgreSQL when
READMIT_TEST_DATABASE_URL is set); every test runs inside a rolled-back transaction."""

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI

_TMP = Path(tempfile.mkdtemp(prefix="readmit-tests-"))
os.environ["READMIT_HOME"] = str(_TMP / "home")
os.environ.pop("READMIT_DATABASE_URL", None)

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from readmit.database.core import committing, make_engine  # noqa: E402
from readmit.database.migrate import upgrade  # noqa: E402
from readmit.web.app import create_app  # noqa: E402
from readmit.web.deps import get_db  # noqa: E402
from tests.factories import World, seed_world  # noqa: E402

PG_URL = os.environ.get("READMIT_TEST_DATABASE_URL")


def database_url(name: str) -> str:
    """A fresh, empty database: an SQLite file, or a new PostgreSQL schema."""
    if not PG_URL:
        return f"sqlite:///{_TMP / f'{name}.db'}"
    schema = f"{name}_{uuid.uuid4().hex[:8]}"
    # Fails loudly (no skip) when PostgreSQL is unreachable: CI must test it.
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    """The migrated test database."""
    engine = make_engine(database_url("readmit_test"))
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def world(engine: Engine) -> World:
    """States, authorities, one user per role per authority, agreements, a register."""
    with Session(engine, expire_on_commit=False) as session:
        created = seed_world(session)
        session.commit()
    return created


@pytest.fixture
def db(engine: Engine, world: World) -> Iterator[Session]:
    """A session whose work is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


def app_on(db: Session) -> FastAPI:
    """The app with every request on the test transaction (commits become savepoints)."""
    app = create_app()

    def _db() -> Iterator[Session]:
        with committing(db):
            yield db

    app.dependency_overrides[get_db] = _db
    return app


@pytest.fixture
def client(db: Session) -> Iterator[TestClient]:
    """A client of the app on the test transaction."""
    with TestClient(app_on(db), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def api_schema(db: Session) -> Any:
    """The OpenAPI schema, loaded from the app on the test transaction, for schemathesis."""
    return schemathesis.openapi.from_asgi("/openapi.json", app_on(db))
