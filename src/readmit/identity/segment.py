"""The base segment: the candidate index and term counts of a register's first full load,
as sorted arrays of 64-bit key hashes beside the store, searched by bisection.

A full load into an empty store writes the index here in one sort instead of inserting
hundreds of millions of keys into SQLite's B-tree one by one. Later loads (replacements,
additions) go to the store's own tables, and a lookup reads both. A replaced person's old
entries stay in the segment but point at a row id that no longer exists, so they fetch
nothing; their term counts are cancelled by negative counts in the store.
"""

import os
import secrets
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

FILES = ("keys", "persons", "terms", "counts")
Hashes = npt.NDArray[np.uint64]


_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0xFF51AFD7ED558CCD)


def hash_keys(keys: Sequence[str]) -> Hashes:
    """64-bit hashes of index keys or terms (FNV-1a over pairs of code points, then a final
    mix), computed column by column for a whole chunk at once; a rare collision only adds a
    candidate. A key's hash does not depend on the other keys hashed with it."""
    if not keys:
        return np.zeros(0, dtype=np.uint64)
    points = np.array(keys, dtype=str)
    width = points.dtype.itemsize // 4
    points = points.astype(f"<U{width + width % 2}")  # whole pairs of code points
    h = np.full(len(keys), 0xCBF29CE484222325, dtype=np.uint64)
    for column in points.view(np.uint64).reshape(len(keys), -1).T:
        # Padding past a key's end is zero and leaves its hash as it was.
        h = np.where(column != 0, (h ^ column) * _PRIME, h)
    h ^= h >> np.uint64(33)
    h *= _MIX
    h ^= h >> np.uint64(33)
    return h


def private_directory(path: Path) -> None:
    """Create a directory only its owner may enter, whatever the umask (parents as usual);
    an existing one is left as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        return
    path.chmod(0o700)  # the umask may have taken bits off


def private_file(path: Path) -> BinaryIO:
    """A new file only its owner may read or write, whatever the umask, open for writing
    (FileExistsError when there is one): registers, galleries and their indexes hold
    personal data."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)  # the umask may have taken bits off
    return os.fdopen(descriptor, "wb")


def directory(store: Path, token: str) -> Path:
    """Where a segment lives: beside the store, named by the token its meta row holds."""
    return store.with_name(f"{store.stem}.base-{token}")


class Builder:
    """Collects (key hash, row id) pairs and term hashes chunk by chunk, then sorts once."""

    def __init__(self) -> None:
        self._keys: list[Hashes] = []
        self._persons: list[npt.NDArray[np.uint32]] = []
        self._terms: list[Hashes] = []

    def add(self, *, keys: Hashes, persons: npt.NDArray[np.uint32], terms: Hashes) -> None:
        """One chunk: key hashes (sorted, for speed) with the row id of their person, and
        term hashes."""
        self._keys.append(keys)
        self._persons.append(persons)
        self._terms.append(terms)

    def write(self, store: Path) -> str | None:
        """Sort and write the segment; returns its token, or None when nothing was added."""
        if not self._keys:
            return None
        keys = np.concatenate(self._keys)
        self._keys.clear()
        # Stable sort is timsort here, which merges the chunks' sorted runs.
        order = np.argsort(keys, kind="stable")
        token = secrets.token_hex(6)
        target = directory(store, token)
        private_directory(target)
        _save(target / "keys.npy", keys[order])
        del keys
        _save(target / "persons.npy", np.concatenate(self._persons)[order])
        self._persons.clear()
        del order
        terms, counts = np.unique(np.concatenate(self._terms), return_counts=True)
        self._terms.clear()
        _save(target / "terms.npy", terms)
        _save(target / "counts.npy", counts.astype(np.uint32))
        return token


def _save(path: Path, array: npt.NDArray[np.generic]) -> None:
    with private_file(path) as sink:
        np.save(sink, array)


def remove_all(store: Path, *, keep: str | None = None) -> None:
    """Delete the store's segments, except the one named `keep`."""
    for path in store.parent.glob(f"{store.stem}.base-*"):
        if path.is_dir() and path.name != f"{store.stem}.base-{keep}":
            shutil.rmtree(path)


class Segment:
    """A written segment, memory-mapped: the OS pages in what lookups touch."""

    def __init__(self, path: Path) -> None:
        # Plain arrays over the mapping: slicing a memmap object costs microseconds each.
        arrays = {name: np.asarray(np.load(path / f"{name}.npy", mmap_mode="r")) for name in FILES}
        self.keys, self.persons = arrays["keys"], arrays["persons"]
        self.terms, self.counts = arrays["terms"], arrays["counts"]

    @classmethod
    def open(cls, store: Path, token: str | None) -> "Segment | None":
        """The store's segment, None when it has none."""
        if not token or not directory(store, token).is_dir():
            return None
        return cls(directory(store, token))

    def persons_for(self, keys: Sequence[str], *, limit: int) -> dict[str, list[int]]:
        """Row ids under each index key, at most `limit` per key; all keys in one pass."""
        hashes = hash_keys(keys)
        starts = np.searchsorted(self.keys, hashes, side="left")
        ends = np.minimum(np.searchsorted(self.keys, hashes, side="right"), starts + limit)
        return {
            key: self.persons[start:end].tolist()
            for key, start, end in zip(keys, starts.tolist(), ends.tolist(), strict=True)
        }

    def count(self, term: str) -> int:
        """Persons counted under a term at the segment's load."""
        h = hash_keys([term])[0]
        at = int(np.searchsorted(self.terms, h))
        return int(self.counts[at]) if at < len(self.terms) and self.terms[at] == h else 0

    def term_counts(self, terms: Sequence[str]) -> list[int]:
        """`count` of many terms in one pass."""
        hashes = hash_keys(terms)
        at = np.minimum(np.searchsorted(self.terms, hashes), max(len(self.terms) - 1, 0))
        if not len(self.terms):
            return [0] * len(terms)
        found = self.terms[at] == hashes
        return np.where(found, self.counts[at], 0).astype(int).tolist()
