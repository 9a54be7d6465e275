"""The database layer's promises that the rest relies on."""

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import Role, User
from readmit.database.core import reading
from tests.factories import World


def test_a_reader_beside_a_writer_does_not_wait_for_it(db: Session, world: World) -> None:
    writer = world.user(db, "USA", Role.analyst)
    writer.full_name = "Renamed in an open transaction"
    db.flush()  # this transaction now holds the write lock (on SQLite, the database's)
    started = time.monotonic()
    with reading(db) as reader:
        names = set(reader.scalars(select(User.full_name)))
    assert time.monotonic() - started < 2, "the reader waited for the writer"
    assert "Renamed in an open transaction" not in names, "a reader sees committed data only"
