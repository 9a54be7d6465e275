"""What a request gets when the database refuses: a lock it waited for too long (or a deadlock
PostgreSQL broke) is 503 "try again"; a database rule that refused a racing write is 409; any
other database error is a 500 that says nothing about the database."""

import sqlite3

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError, OperationalError

from readmit.web.app import create_app


def _raising(error: Exception) -> TestClient:
    app = create_app()

    def fail() -> None:
        raise error

    app.add_api_route("/api/v1/boom", fail)
    app.add_api_route("/boom", fail)
    return TestClient(app, raise_server_exceptions=False)


def _operational(message: str) -> OperationalError:
    return OperationalError("UPDATE applications …", {}, Exception(message))


@pytest.mark.parametrize(
    ("error", "status", "says"),
    [
        (_operational("canceling statement due to lock timeout"), 503, "Try again"),
        (_operational("deadlock detected"), 503, "Try again"),
        (_operational("database is locked"), 503, "Try again"),
        # The writer queue's own wait (readmit.database.dialect) raises sqlite3's error as is.
        (sqlite3.OperationalError("database is locked"), 503, "Try again"),
        (_operational("server closed the connection unexpectedly"), 500, "has been logged"),
        (
            IntegrityError("INSERT …", {}, Exception("duplicate key uq_decisions_final")),
            409,
            "reload it and try again",
        ),
    ],
    ids=["lock timeout", "deadlock", "sqlite busy", "writer queue", "other", "database rule"],
)
def test_database_refusals(error: Exception, status: int, says: str) -> None:
    client = _raising(error)
    api = client.get("/api/v1/boom")
    assert api.status_code == status and says in api.json()["detail"]
    assert ("retry-after" in api.headers) == (status == 503)
    page = client.get("/boom")
    assert page.status_code == status and "<main" in page.text
    assert "uq_decisions_final" not in api.text + page.text, "no database detail to the user"
