"""The encrypted gallery: search finds mates, nothing is stored in clear, rows cannot be
swapped, deletion works, bad templates are refused with a reason."""

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from cryptography.exceptions import InvalidTag

from readmit.biometrics import store
from readmit.biometrics.synth import FaceModel, captures, identities

MODEL = FaceModel()


@pytest.fixture
def gallery(tmp_path: Path) -> tuple:
    rng = np.random.default_rng(7)
    latent = identities(1500, rng=rng)
    ids = [f"CHN-{i:06d}" for i in range(len(latent))]
    keys = store.Keys(b"k" * 32, b"p" * 32)
    connection = store.connect(tmp_path / "chn-face.sqlite")
    enrolled = captures(latent, model=MODEL, rng=rng)
    store.put(connection, keys, ids, store.checked(enrolled, 512))
    return connection, keys, ids, latent, enrolled, rng, tmp_path / "chn-face.sqlite"


def test_exhaustive_search_ranks_the_mate_first(gallery: tuple) -> None:
    connection, keys, ids, latent, _, rng, _ = gallery
    probes = captures(latent[:200], model=MODEL, rng=rng, years_apart=5)
    results = store.named(connection, keys, store.exact_search(connection, keys, probes, 5))
    first = [found[0][0] for found in results]
    assert sum(f == i for f, i in zip(first, ids[:200], strict=True)) >= 198
    strangers = captures(identities(50, rng=rng), model=MODEL, rng=rng)
    best = [found[0][1] for found in store.exact_search(connection, keys, strangers, 1)]
    assert max(best) < 0.5


def test_nothing_is_stored_in_clear(gallery: tuple) -> None:
    connection, _, ids, _, enrolled, _, path = gallery
    connection.close()
    raw = path.read_bytes()
    for row in (0, 1, 700):
        assert enrolled[row].astype("<f4").tobytes()[:16] not in raw
        assert ids[row].encode() not in raw


def test_a_row_cannot_be_swapped_for_another(gallery: tuple) -> None:
    connection, keys, ids, *_ = gallery
    a, b = keys.pseudonym(ids[0]), keys.pseudonym(ids[1])
    blob_b = connection.execute(
        "SELECT template FROM templates WHERE pseudonym = ?", (b,)
    ).fetchone()[0]
    connection.execute("UPDATE templates SET template = ? WHERE pseudonym = ?", (blob_b, a))
    with pytest.raises(InvalidTag):
        store.exact_search(connection, keys, np.ones((1, 512), np.float32), 1)


def test_deleting_a_person(gallery: tuple) -> None:
    connection, keys, ids, latent, _, rng, _ = gallery
    assert store.delete(connection, keys, ids[3])
    assert not store.delete(connection, keys, ids[3])
    probe = captures(latent[3:4], model=MODEL, rng=rng)
    found = store.named(connection, keys, store.exact_search(connection, keys, probe, 10))[0]
    assert ids[3] not in [p for p, _ in found]


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.zeros((2, 128), np.float32) + 0.1, "have 128 values, expected 512"),
        (np.ones((2, 512), np.int32), "must be float32"),
        (np.ones(512, np.float32), "2-d array"),
        (np.vstack([np.ones(512), np.full(512, np.nan)]).astype(np.float32), "row 1 contains NaN"),
        (np.zeros((1, 512), np.float32), "row 0 is all zeros"),
    ],
)
def test_bad_templates_are_refused_with_the_reason(array: np.ndarray, message: str) -> None:
    with pytest.raises(store.TemplateError, match=message):
        store.checked(array, 512)


def test_retention_purges_only_old_templates(gallery: tuple) -> None:
    connection, keys, ids, *_ = gallery
    old = keys.pseudonym(ids[0])
    connection.execute(
        "UPDATE templates SET added_at = datetime('now', '-400 days') WHERE pseudonym = ?", (old,)
    )
    assert store.purge(connection, older_than_days=365) == 1
    assert store.template_of(connection, keys, ids[0]) is None
    assert store.template_of(connection, keys, ids[1]) is not None


def test_an_older_gallery_keyed_by_pseudonym_is_moved_to_row_ids(tmp_path: Path) -> None:
    keys = store.Keys(b"k" * 32, b"p" * 32)
    template = store.checked(np.ones((1, 512), np.float32), 512)
    current = store.connect(tmp_path / "new.sqlite")
    store.put(current, keys, ["CHN-1"], template)
    row = current.execute("SELECT pseudonym, link, template, added_at FROM templates").fetchone()
    old = sqlite3.connect(tmp_path / "old.sqlite")
    old.execute(
        "CREATE TABLE templates (pseudonym TEXT PRIMARY KEY, link BLOB NOT NULL,"
        " template BLOB NOT NULL, added_at TEXT NOT NULL DEFAULT (datetime('now'))) WITHOUT ROWID"
    )
    old.execute("INSERT INTO templates VALUES (?, ?, ?, ?)", row)
    old.commit()
    old.close()
    connection = store.connect(tmp_path / "old.sqlite")
    sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'templates'").fetchone()
    assert "WITHOUT ROWID" not in sql[0]
    assert np.allclose(store.template_of(connection, keys, "CHN-1"), template[0])
    found = store.exact_search(connection, keys, template, 1)
    assert store.named(connection, keys, found) == [[("CHN-1", 1.0)]]
