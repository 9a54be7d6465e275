"""Where a register prepared on Spark lives and what it holds: under READMIT_HOME (or a
directory every Spark node mounts at the same path), one directory per country with

* ``persons/``: the persons as the store's columns, with their name terms, by row-id bucket;
* ``index/``: the candidate index (key, person), by key bucket, sorted by key;
* ``keys/``: how many persons each key has, by key bucket, so that a batch fetches only keys
  selective enough to use;
* ``terms/``: how many persons carry each term (readings, surnames, given names);
* ``meta.json``: the register's facts (country, size, index version, u, the estimated m).
"""

import json
import os
import secrets
import shutil
from pathlib import Path

from readmit.identity.segment import private_directory
from readmit.identity.store import INDEX_VERSION, StoreError

ROWS_PER_FILE = 2_000_000  # a Parquet file of some 20 to 100 MB: large enough to read fast
MAX_BUCKETS = 4096


def buckets(rows: int) -> int:
    """How many partitions (and files) a table of `rows` rows is written in."""
    return min(MAX_BUCKETS, max(1, -(-rows // ROWS_PER_FILE)))


def store_dir(home: Path, country: str) -> Path:
    """The directory of a country's register prepared on Spark."""
    return home / "identity" / f"{country.lower()}.spark"


def table(store: Path, name: str) -> str:
    """A table's directory, as Spark reads it."""
    return str(store / name)


def read_meta(store: Path) -> dict[str, str]:
    """The register's facts; StoreError when it was never prepared or with another index."""
    path = store / "meta.json"
    if not path.exists():
        raise StoreError(
            f"no register prepared on Spark: {path} does not exist "
            "(run `readmit registry load --engine spark --country XXX FILE`)"
        )
    meta: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    if meta.get("index_version") != INDEX_VERSION:
        raise StoreError(
            f"{store} was prepared with index version {meta.get('index_version')}, this "
            f"Readmit uses {INDEX_VERSION}: prepare the register again"
        )
    return meta


def write_meta(store: Path, meta: dict[str, str]) -> None:
    """Replace the register's facts in one rename (a reader sees the old or the new)."""
    staged = store / f".meta-{secrets.token_hex(4)}.json"
    staged.write_text(json.dumps(meta, sort_keys=True, indent=1), encoding="utf-8")
    staged.chmod(0o600)
    os.replace(staged, store / "meta.json")


def staging(home: Path, country: str) -> Path:
    """A new, private directory beside the store for a preparation to write into."""
    final = store_dir(home, country)
    private_directory(final.parent)
    path = final.with_name(f"{final.name}.new-{secrets.token_hex(4)}")
    private_directory(path)
    return path


def publish(staged: Path, home: Path, country: str) -> None:
    """Put a finished preparation in the store's place; the old one is removed after."""
    final = store_dir(home, country)
    old = final.with_name(f"{final.name}.old-{secrets.token_hex(4)}")
    if final.exists():
        os.replace(final, old)
    os.replace(staged, final)
    shutil.rmtree(old, ignore_errors=True)
