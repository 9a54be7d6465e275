"""The engine store across loads: replacing a person moves their keys and surname counts."""

import sqlite3
from pathlib import Path

from readmit.identity.loader import COLUMNS, load_rows
from readmit.identity.store import connect, frequency


def _row(person_id: str, family: str, given: str, born: str) -> dict[str, str]:
    return dict.fromkeys(COLUMNS, "") | {
        "person_id": person_id,
        "family_name": family,
        "given_names": given,
        "birth_date": born,
        "sex": "F",
    }


def count_key(connection: sqlite3.Connection, key: str) -> int:
    return len(connection.execute("SELECT 1 FROM blocks WHERE key = ?", (key,)).fetchall())


def test_reloading_a_person_replaces_their_keys_and_surname_counts(tmp_path: Path) -> None:
    store = tmp_path / "gtm.sqlite"
    first = [(2, _row("P1", "Boothroyd", "Daniella", "1960-09-04")),
             (3, _row("P2", "Boothroyd", "Lachlan", "1962-01-01"))]  # fmt: skip
    assert load_rows(rows=first, country="GTM", store=store).loaded == 2
    again = load_rows(rows=first, country="GTM", store=store)
    assert (again.loaded, again.replaced) == (2, 2)
    connection = connect(store)
    assert frequency(connection, "f:boothroyd") == 2
    connection.close()
    renamed = [(2, _row("P2", "Green", "Lachlan", "1962-01-01"))]
    load_rows(rows=renamed, country="GTM", store=store)
    connection = connect(store)
    assert frequency(connection, "f:boothroyd") == 1
    assert frequency(connection, "f:green") == 1
    assert count_key(connection, "n:boothroyd|lachlan") == 0
    assert frequency(connection, "n:boothroyd|lachlan") == 0
    assert count_key(connection, "n:green|lachlan") == 1
    assert frequency(connection, "n:green|lachlan") == 1
    assert count_key(connection, "n:boothroyd|daniella") == 1
    connection.close()
