"""The engine store across loads: a first load builds the base segment in one sort; later
loads replace persons, moving their keys and surname counts."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from readmit.identity.loader import COLUMNS, load_rows
from readmit.identity.store import StoreConnection, connect, fetch, frequency, get_meta, lookup


def _row(person_id: str, family: str, given: str, born: str) -> dict[str, str]:
    return dict.fromkeys(COLUMNS, "") | {
        "person_id": person_id,
        "family_name": family,
        "given_names": given,
        "birth_date": born,
        "sex": "F",
    }


def found(connection: StoreConnection, key: str) -> list[str]:
    """The persons a lookup of one key brings back, as the engine fetches them."""
    rowids = lookup(connection, [key], cap=100)[key]
    return sorted(r.person_id for r in fetch(connection, rowids))


def segments(store: Path) -> list[Path]:
    return sorted(store.parent.glob(f"{store.stem}.base-*"))


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
    assert found(connection, "n:boothroyd|lachlan") == []
    assert frequency(connection, "n:boothroyd|lachlan") == 0
    assert found(connection, "n:green|lachlan") == ["P2"]
    assert frequency(connection, "n:green|lachlan") == 1
    assert found(connection, "n:boothroyd|daniella") == ["P1"]
    connection.close()


def test_a_first_load_goes_to_one_base_segment_that_lookups_and_counts_read(
    tmp_path: Path,
) -> None:
    store = tmp_path / "gtm.sqlite"
    rows = [(n + 2, _row(f"P{n}", "Boothroyd", f"Name{n}", "1960-09-04")) for n in range(7)]
    assert load_rows(rows=rows, country="GTM", store=store).loaded == 7
    connection = connect(store)
    assert connection.base is not None
    assert [p.name for p in segments(store)] == [f"gtm.base-{get_meta(connection)['base']}"]
    assert connection.execute("SELECT count(*) FROM blocks").fetchone()[0] == 0
    assert found(connection, "fd:boothroyd|1960-09-04") == [f"P{n}" for n in range(7)]
    assert frequency(connection, "f:boothroyd") == 7
    assert lookup(connection, ["fd:boothroyd|1960-09-04"], cap=6) == {"fd:boothroyd|1960-09-04": []}
    connection.close()


def test_a_person_id_repeated_in_a_first_load_keeps_the_later_row(tmp_path: Path) -> None:
    store = tmp_path / "gtm.sqlite"
    rows = [(2, _row("P1", "Boothroyd", "Daniella", "1960-09-04")),
            (3, _row("P1", "Green", "Daniella", "1960-09-04"))]  # fmt: skip
    report = load_rows(rows=rows, country="GTM", store=store)
    assert (report.loaded, report.replaced) == (2, 1)
    connection = connect(store)
    assert found(connection, "n:green|daniella") == ["P1"]
    assert found(connection, "n:boothroyd|daniella") == []
    assert frequency(connection, "f:boothroyd") == 0
    assert frequency(connection, "f:green") == 1
    connection.close()


def test_a_first_load_that_fails_leaves_no_segment_and_no_persons(tmp_path: Path) -> None:
    store = tmp_path / "gtm.sqlite"

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        yield 2, _row("P1", "Boothroyd", "Daniella", "1960-09-04")
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        load_rows(rows=rows(), country="GTM", store=store)
    assert segments(store) == []
    connection = connect(store)
    assert connection.execute("SELECT count(*) FROM persons").fetchone()[0] == 0
    connection.close()
