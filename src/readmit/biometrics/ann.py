"""Sublinear 1:N search for large galleries, rebuilt from the encrypted store. Face embeddings
have a low intrinsic dimension, so a PCA to 64 values keeps the identity; an inverted file
(k-means lists) of 8-bit codes of those values gives a shortlist from a few lists, and the
shortlist is re-ranked exactly with the decrypted templates, so scores are true cosines.
Each process keeps one index per gallery and rebuilds it when the gallery's generation moves
(enrol, delete, purge); the index is also kept on disk, encrypted with the gallery's key and
bound to that generation. Below EXACT_BELOW templates the exhaustive search answers."""

import os
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from readmit.biometrics import store

PCA_DIMENSION = 64
LIST_SIZE = 2_500  # templates per inverted list on average
PROBED_LISTS = 128  # at least; a sixteenth of the lists in large galleries
KMEANS_ITERATIONS = 10
SHORTLIST = 64  # candidates re-ranked exactly
TRAINING_ROWS = 256_000
EXACT_BELOW = 20_000
PARALLEL_FROM = 64  # probes at once; a single probe is faster on one thread
SEGMENT = 2**28  # bytes sealed at a time in the saved index

_cache: dict[Path, "Entry"] = {}
_lock = threading.Lock()


def stamp_of(connection: sqlite3.Connection) -> bytes:
    """What an index is bound to: the gallery's generation and last row id (both cheap)."""
    last = connection.execute("SELECT max(rowid) FROM templates").fetchone()[0]
    return f"{store.generation(connection)}:{last}".encode()


@dataclass
class Ann:
    """A gallery's inverted-file index; faiss ids are the store's row ids."""

    index: faiss.Index
    stamp: bytes

    @classmethod
    def build(cls, connection: sqlite3.Connection, keys: store.Keys, dimension: int) -> "Ann":
        """Rebuild from the encrypted store in one streamed pass (trained on the first rows)."""
        faiss.omp_set_num_threads(os.cpu_count() or 1)
        stamp = stamp_of(connection)
        size = int(connection.execute("SELECT count(*) FROM templates").fetchone()[0])
        lists = max(1, size // LIST_SIZE)
        coarse = faiss.IndexFlatL2(PCA_DIMENSION)
        inverted = faiss.IndexIVFScalarQuantizer(
            coarse, PCA_DIMENSION, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_L2
        )
        inverted.nprobe = min(max(PROBED_LISTS, lists // 16), lists)
        inverted.cp.niter = KMEANS_ITERATIONS
        index = faiss.IndexPreTransform(faiss.PCAMatrix(dimension, PCA_DIMENSION), inverted)
        pending_ids: list[np.ndarray] = []
        pending: list[np.ndarray] = []
        for rowids, matrix in store.chunks(connection, keys, dimension):
            if index.is_trained:
                index.add_with_ids(matrix, rowids)
                continue
            pending_ids.append(rowids)
            pending.append(matrix)
            if sum(len(part) for part in pending) >= min(size, TRAINING_ROWS):
                sample, sample_ids = np.vstack(pending), np.concatenate(pending_ids)
                pending.clear()
                pending_ids.clear()
                index.train(sample)
                index.add_with_ids(sample, sample_ids)
                del sample
        return cls(index, stamp)

    def search(
        self, connection: sqlite3.Connection, keys: store.Keys, probes: np.ndarray, top: int
    ) -> list[list[tuple[int, float]]]:
        """Per probe, the `top` (row id, exact cosine) best first."""
        faiss.omp_set_num_threads(1 if len(probes) < PARALLEL_FROM else os.cpu_count() or 1)
        _, shortlist = self.index.search(np.ascontiguousarray(probes), max(SHORTLIST, top))
        rows = store.rows_of(
            connection, keys, sorted({int(i) for i in shortlist.ravel() if i >= 0})
        )
        results: list[list[tuple[int, float]]] = []
        for probe, candidates in zip(probes, shortlist, strict=True):
            ids = [int(i) for i in candidates if i in rows]
            if not ids:
                results.append([])
                continue
            scores = np.vstack([rows[i][2] for i in ids]) @ probe
            order = np.argsort(-scores, kind="stable")[:top]
            results.append([(ids[i], float(scores[i])) for i in order])
        return results

    def save(self, path: Path, keys: store.Keys) -> None:
        """Keep the index on disk, sealed with the gallery key and bound to its generation."""
        raw = faiss.serialize_index(self.index).tobytes()
        cipher = AESGCM(keys.encryption)
        # A file of its own per save (mode 0600 whatever the umask): processes may save at once.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as sink:
            sink.write(len(raw).to_bytes(8, "little"))
            for number, start in enumerate(range(0, len(raw), SEGMENT)):
                nonce = os.urandom(12)
                ad = self._ad(number, len(raw))
                sealed = cipher.encrypt(nonce, raw[start : start + SEGMENT], ad)
                sink.write(len(sealed).to_bytes(8, "little") + nonce + sealed)
        os.replace(temporary, path)

    def _ad(self, number: int, total: int) -> bytes:
        """Each segment is bound to the gallery's stamp, its place and the whole length."""
        return b"/".join([self.stamp, str(number).encode(), str(total).encode()])

    @classmethod
    def load(cls, path: Path, keys: store.Keys, stamp: bytes) -> "Ann | None":
        """The saved index if it was built at this generation of the gallery, else None."""
        if not path.exists():
            return None
        cipher = AESGCM(keys.encryption)
        shell, raw = cls(faiss.IndexFlatL2(1), stamp), bytearray()
        with path.open("rb") as source:
            total, number = int.from_bytes(source.read(8), "little"), 0
            while header := source.read(20):
                sealed = source.read(int.from_bytes(header[:8], "little"))
                try:
                    raw += cipher.decrypt(header[8:], sealed, shell._ad(number, total))
                except (InvalidTag, ValueError):
                    return None
                number += 1
        if len(raw) != total or total == 0:
            return None
        shell.index = faiss.deserialize_index(np.frombuffer(raw, np.uint8))
        return shell


def warm(home: Path) -> None:
    """Load (or rebuild) the index of every gallery under READMIT_HOME, so that a new process
    answers its first search at full speed."""
    for path in sorted((home / "biometrics").glob("*-*.sqlite")):
        country, _, modality = path.stem.partition("-")
        if modality not in store.MODALITIES:
            continue
        connection = store.connect(path)
        try:
            entry(
                connection,
                store.Keys.for_gallery(home, country.upper()),
                store.MODALITIES[modality],
            )
        finally:
            connection.close()


def index_path(gallery: Path) -> Path:
    """Where a gallery's sealed index is kept."""
    return gallery.with_suffix(".index")


@dataclass(frozen=True)
class Entry:
    """A gallery as this process last saw it."""

    stamp: bytes
    size: int
    ann: Ann | None


def entry(connection: sqlite3.Connection, keys: store.Keys, dimension: int) -> Entry:
    """This process's view of the gallery, refreshed (index loaded or rebuilt) when the
    gallery changed; no index for galleries small enough for the exhaustive search."""
    path = Path(connection.execute("PRAGMA database_list").fetchone()[2])
    with _lock:
        stamp = stamp_of(connection)
        cached = _cache.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
        _cache.pop(path, None)
        size = int(connection.execute("SELECT count(*) FROM templates").fetchone()[0])
        ann = None
        if size >= EXACT_BELOW:
            ann = Ann.load(index_path(path), keys, stamp)
            if ann is None:
                ann = Ann.build(connection, keys, dimension)
                ann.save(index_path(path), keys)
        _cache[path] = entry = Entry(stamp, size, ann)
        return entry


def gallery_size(connection: sqlite3.Connection, keys: store.Keys, dimension: int) -> int:
    """How many templates the gallery holds (counted once per change)."""
    return entry(connection, keys, dimension).size


def search(
    connection: sqlite3.Connection,
    keys: store.Keys,
    probes: np.ndarray,
    *,
    top: int,
    exact: bool = False,
) -> list[list[tuple[int, float]]]:
    """1:N search: through the index, or exhaustively when asked or the gallery is small."""
    ann = None if exact else entry(connection, keys, probes.shape[1]).ann
    if ann is None:
        return store.exact_search(connection, keys, probes, top)
    return ann.search(connection, keys, probes, top)
