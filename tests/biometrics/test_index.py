"""The 1:N index: same rank-1 as the exhaustive search, rebuilt when the gallery changes,
kept on disk sealed with the gallery key and bound to the gallery's generation."""

from pathlib import Path

import numpy as np
import pytest

from readmit.biometrics import ann, store
from readmit.biometrics.synth import FaceModel, captures, identities

MODEL = FaceModel()
SIZE = ann.EXACT_BELOW + 5_000


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    path = tmp_path_factory.mktemp("index") / "chn-face.sqlite"
    rng = np.random.default_rng(11)
    latent = identities(SIZE, rng=rng)
    ids = [f"CHN-{i:06d}" for i in range(SIZE)]
    keys = store.Keys(b"k" * 32, b"p" * 32)
    connection = store.connect(path)
    connection.execute("BEGIN")
    store.put(connection, keys, ids, captures(latent, model=MODEL, rng=rng))
    connection.execute("COMMIT")
    probes = captures(latent[:300], model=MODEL, rng=rng, years_apart=5)
    return connection, keys, ids, latent, probes, path


def test_the_index_finds_the_exhaustive_rank1(gallery: tuple) -> None:
    connection, keys, ids, _, probes, _ = gallery
    indexed = ann.search(connection, keys, probes, top=5)
    exact = ann.search(connection, keys, probes, top=5, exact=True)
    assert ann.entry(connection, keys, 512).ann is not None
    assert [r[0][0] for r in indexed] == [r[0][0] for r in exact]
    assert [p for p, _ in (r[0] for r in store.named(connection, keys, indexed))] == ids[:300]
    assert all(abs(a[1] - b[1]) < 1e-5 for a, b in zip(indexed[0], exact[0], strict=True))


def test_changes_invalidate_the_cached_index(gallery: tuple) -> None:
    connection, keys, ids, latent, probes, _ = gallery
    before = ann.entry(connection, keys, 512)
    assert ann.entry(connection, keys, 512) is before
    assert store.delete(connection, keys, ids[0])
    after = ann.entry(connection, keys, 512)
    assert after is not before and after.size == before.size - 1
    found = store.named(connection, keys, ann.search(connection, keys, probes[:1], top=3))[0]
    assert ids[0] not in [p for p, _ in found]
    store.put(
        connection, keys, [ids[0]], captures(latent[:1], model=MODEL, rng=np.random.default_rng(1))
    )
    found = store.named(connection, keys, ann.search(connection, keys, probes[:1], top=1))[0]
    assert found[0][0] == ids[0]


def test_the_saved_index_is_sealed_and_bound_to_the_generation(gallery: tuple) -> None:
    connection, keys, *_, path = gallery
    stamp = ann.entry(connection, keys, 512).stamp
    saved = ann.index_path(path)
    assert ann.Ann.load(saved, keys, stamp) is not None
    assert ann.Ann.load(saved, store.Keys(b"x" * 32, b"p" * 32), stamp) is None
    whole = saved.read_bytes()
    for cut in (5, 30, len(whole) - 1):
        truncated = saved.with_name("cut.index")
        truncated.write_bytes(whole[:cut])
        assert ann.Ann.load(truncated, keys, stamp) is None
    store.purge(connection, older_than_days=3650)
    assert ann.Ann.load(saved, keys, ann.stamp_of(connection)) is None


def test_small_galleries_are_searched_exhaustively(tmp_path: Path) -> None:
    connection = store.connect(tmp_path / "gtm-face.sqlite")
    keys = store.Keys(b"k" * 32, b"p" * 32)
    rng = np.random.default_rng(2)
    latent = identities(50, rng=rng)
    store.put(
        connection, keys, [f"G{i}" for i in range(50)], captures(latent, model=MODEL, rng=rng)
    )
    assert ann.entry(connection, keys, 512).ann is None
    found = ann.search(connection, keys, captures(latent[:2], model=MODEL, rng=rng), top=1)
    assert [p for ((p, _),) in store.named(connection, keys, found)] == ["G0", "G1"]


def test_warming_loads_every_gallery_once(tmp_path: Path) -> None:
    path = store.gallery_path(tmp_path, "CHN", "face")
    keys = store.Keys.for_gallery(tmp_path, "CHN")
    rng = np.random.default_rng(5)
    connection = store.connect(path)
    ids = [f"W{i}" for i in range(ann.EXACT_BELOW)]
    store.put(connection, keys, ids, captures(identities(len(ids), rng=rng), model=MODEL, rng=rng))
    ann.warm(tmp_path)
    saved = ann.index_path(path)
    assert saved.exists()
    saved.unlink()
    assert ann.entry(connection, keys, 512).ann is not None
    assert not saved.exists()  # served from this process's cache, not rebuilt
