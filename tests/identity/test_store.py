"""The engine store across loads: a first load builds the base segment in one sort; later
loads replace persons, moving their keys and surname counts."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from readmit.identity import keying
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


@pytest.mark.parametrize("chunk", [100, 2], ids=["same chunk", "later chunk"])
@pytest.mark.parametrize("loaded_before", [False, True], ids=["first load", "reload"])
def test_a_person_id_repeated_in_one_file_is_a_bad_row_and_the_first_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, loaded_before: bool
) -> None:
    monkeypatch.setattr(keying, "BATCH", chunk)
    store = tmp_path / "gtm.sqlite"
    if loaded_before:
        load_rows(rows=[(2, _row("P1", "Ashdown", "Daniella", "1960-09-04"))], country="GTM",
                  store=store)  # fmt: skip
    rows = [(2, _row("P1", "Boothroyd", "Daniella", "1960-09-04")),
            (3, _row("P2", "Boothroyd", "Lachlan", "1962-01-01")),
            (4, _row("P1", "Green", "Daniella", "1960-09-04"))]  # fmt: skip
    report = load_rows(rows=rows, country="GTM", store=store)
    assert report.bad == [(4, "person_id 'P1' repeats line 2; only the first is loaded")]
    assert (report.loaded, report.replaced) == (2, int(loaded_before))
    connection = connect(store)
    assert found(connection, "n:boothroyd|daniella") == ["P1"]
    assert found(connection, "n:green|daniella") == []
    assert found(connection, "n:ashdown|daniella") == []
    assert frequency(connection, "f:boothroyd") == 2
    assert frequency(connection, "f:green") == 0
    assert frequency(connection, "f:ashdown") == 0
    connection.close()


def test_store_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    store = tmp_path / "home" / "identity" / "gtm.sqlite"
    rows = [(n + 2, _row(f"P{n}", "Boothroyd", f"Name{n}", "1960-09-04")) for n in range(7)]
    old = os.umask(0o022)
    try:
        load_rows(rows=rows, country="GTM", store=store)
        connection = connect(store)  # a reader, as the web app: WAL adds -wal and -shm
        connection.execute("SELECT count(*) FROM persons").fetchone()
        made = sorted(p.relative_to(store.parent) for p in store.parent.rglob("*"))
        modes = {str(p): stat.S_IMODE((store.parent / p).stat().st_mode) for p in made}
        connection.close()
    finally:
        os.umask(old)
    (base,) = segments(store)
    assert {"gtm.sqlite", "gtm.sqlite-wal", "gtm.sqlite-shm", base.name} <= set(modes)
    assert all(mode == (0o700 if (store.parent / p).is_dir() else 0o600)
               for p, mode in modes.items()), modes  # fmt: skip
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700


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
