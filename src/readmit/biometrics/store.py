"""The requested state's biometric gallery: templates encrypted at rest (AES-GCM, key outside
the database), kept apart from biographic data under pseudonymous ids (HMAC of the person id),
each row's ciphertext bound to its pseudonym; exhaustive search (streamed) is the reference.
Every change bumps the gallery's generation, so search indexes know when to rebuild."""

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from readmit.identity.store import create_private_database

DEFAULT_DIMENSIONS = {"face": 512, "face128": 128, "finger": 256}
SCHEMA = """
PRAGMA page_size = 16384;
CREATE TABLE IF NOT EXISTS templates (
    pseudonym TEXT PRIMARY KEY,
    link BLOB NOT NULL,
    template BLOB NOT NULL,
    added_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
PRAGMA cache_size = -262144;
"""
MIGRATE = """
BEGIN;
ALTER TABLE templates RENAME TO templates_old;
CREATE TABLE templates (
    pseudonym TEXT PRIMARY KEY,
    link BLOB NOT NULL,
    template BLOB NOT NULL,
    added_at TEXT NOT NULL DEFAULT (datetime('now'))
);
INSERT INTO templates SELECT pseudonym, link, template, added_at FROM templates_old;
DROP TABLE templates_old;
COMMIT;
"""


class TemplateError(ValueError):
    """Templates that cannot be stored or searched, with the reason."""


def dimensions() -> dict[str, int]:
    """Template length per modality: the defaults, overridden by READMIT_BIOMETRIC_DIMENSIONS
    (e.g. `face=128,finger=192`)."""
    found = dict(DEFAULT_DIMENSIONS)
    for item in filter(None, os.environ.get("READMIT_BIOMETRIC_DIMENSIONS", "").split(",")):
        name, _, value = item.partition("=")
        if not name.strip().isidentifier() or not value.strip().isdigit() or int(value) < 1:
            raise TemplateError(f"READMIT_BIOMETRIC_DIMENSIONS: {item!r} is not modality=length")
        found[name.strip()] = int(value)
    return found


MODALITIES = dimensions()


@dataclass(frozen=True)
class Keys:
    """The gallery's encryption key and pseudonym key (kept outside the database)."""

    encryption: bytes
    pseudonyms: bytes

    @classmethod
    def for_gallery(cls, home: Path, country: str) -> "Keys":
        """READMIT_BIOMETRIC_KEY (base64 of 64 bytes), else a per-country key file created
        once in READMIT_HOME/secrets with mode 0600."""
        if env := os.environ.get("READMIT_BIOMETRIC_KEY"):
            raw = _key_bytes(env, "READMIT_BIOMETRIC_KEY")
        else:
            path = home / "secrets" / f"biometrics-{country.lower()}.key"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(base64.b64encode(secrets.token_bytes(64)).decode())
            raw = _key_bytes(path.read_text().strip(), str(path))
        if len(raw) != 64:
            raise TemplateError("the biometric key must be 64 bytes")
        return cls(raw[:32], raw[32:])

    def pseudonym(self, person_id: str) -> str:
        """The person's id in the gallery: linkable only with the key."""
        return hmac.new(self.pseudonyms, person_id.encode(), hashlib.sha256).hexdigest()[:32]


def _key_bytes(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise TemplateError(f"the biometric key in {where} is not base64") from None


def gallery_path(home: Path, country: str, modality: str) -> Path:
    """Where a country's gallery of one modality lives (apart from the register store)."""
    return home / "biometrics" / f"{country.lower()}-{modality}.sqlite"


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating, or moving an older keyed-by-pseudonym table to row ids) a gallery; a
    new one is mode 0600 in a 0700 directory, as are the -wal and -shm files SQLite adds."""
    create_private_database(path)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.executescript(SCHEMA)
    sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'templates'").fetchone()
    if "WITHOUT ROWID" in sql[0]:
        connection.executescript(MIGRATE)
    return connection


def generation(connection: sqlite3.Connection) -> int:
    """How many changes the gallery has seen: an index built at another generation is stale."""
    return int(connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])


def _changed(connection: sqlite3.Connection) -> None:
    connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")


def checked(templates: np.ndarray, dimension: int) -> np.ndarray:
    """Templates as unit float32 rows, or a TemplateError saying what is wrong."""
    if not isinstance(templates, np.ndarray) or templates.ndim != 2:
        raise TemplateError("templates must be a 2-d array, one template per row")
    if templates.dtype not in (np.float32, np.float64):
        raise TemplateError(f"templates must be float32 (or float64), not {templates.dtype}")
    if templates.shape[1] != dimension:
        raise TemplateError(f"templates have {templates.shape[1]} values, expected {dimension}")
    bad = ~np.isfinite(templates).all(axis=1)
    if bad.any():
        raise TemplateError(f"row {int(np.argmax(bad))} contains NaN or infinity")
    norms = np.linalg.norm(templates, axis=1)
    if (norms == 0).any():
        raise TemplateError(f"row {int(np.argmax(norms == 0))} is all zeros")
    return (templates / norms[:, None]).astype(np.float32)


def _seal(cipher: AESGCM, pseudonym: str, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + cipher.encrypt(nonce, data, pseudonym.encode())


def _open(keys: Keys, pseudonym: str, blob: bytes) -> bytes:
    return AESGCM(keys.encryption).decrypt(blob[:12], blob[12:], pseudonym.encode())


def put(
    connection: sqlite3.Connection, keys: Keys, person_ids: list[str], templates: np.ndarray
) -> None:
    """Store (or replace) one template per person, encrypted."""
    cipher = AESGCM(keys.encryption)
    raw = np.ascontiguousarray(templates, dtype="<f4")
    rows = []
    for person_id, template in zip(person_ids, raw, strict=True):
        pseudonym = keys.pseudonym(person_id)
        rows.append(
            (
                pseudonym,
                _seal(cipher, pseudonym, person_id.encode()),
                _seal(cipher, pseudonym, template.tobytes()),
            )
        )
    connection.executemany(
        "INSERT OR REPLACE INTO templates (pseudonym, link, template, added_at) "
        "VALUES (?, ?, ?, datetime('now'))",
        rows,
    )
    _changed(connection)


def purge(connection: sqlite3.Connection, *, older_than_days: int) -> int:
    """Delete templates enrolled more than the given number of days ago (a retention rule)."""
    cursor = connection.execute(
        "DELETE FROM templates WHERE added_at < datetime('now', ?)", (f"-{older_than_days} days",)
    )
    _changed(connection)
    return cursor.rowcount


def delete(connection: sqlite3.Connection, keys: Keys, person_id: str) -> bool:
    """Remove a person's template; False when there was none."""
    cursor = connection.execute(
        "DELETE FROM templates WHERE pseudonym = ?", (keys.pseudonym(person_id),)
    )
    _changed(connection)
    return cursor.rowcount > 0


def template_of(connection: sqlite3.Connection, keys: Keys, person_id: str) -> np.ndarray | None:
    """One person's template, decrypted, or None."""
    pseudonym = keys.pseudonym(person_id)
    row = connection.execute(
        "SELECT template FROM templates WHERE pseudonym = ?", (pseudonym,)
    ).fetchone()
    return np.frombuffer(_open(keys, pseudonym, row[0]), dtype="<f4") if row else None


def person_of(connection: sqlite3.Connection, keys: Keys, pseudonym: str) -> str | None:
    """The person id behind a pseudonym, or None."""
    row = connection.execute(
        "SELECT link FROM templates WHERE pseudonym = ?", (pseudonym,)
    ).fetchone()
    return _open(keys, pseudonym, row[0]).decode() if row else None


def chunks(
    connection: sqlite3.Connection, keys: Keys, dimension: int, size: int = 100_000
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The whole gallery decrypted, in row order, as (row ids, templates) chunks."""
    cipher = AESGCM(keys.encryption)
    cursor = connection.execute("SELECT rowid, pseudonym, template FROM templates ORDER BY rowid")
    while rows := cursor.fetchmany(size):
        matrix = np.empty((len(rows), dimension), np.float32)
        for i, (_, pseudonym, blob) in enumerate(rows):
            matrix[i] = np.frombuffer(
                cipher.decrypt(blob[:12], blob[12:], pseudonym.encode()), dtype="<f4"
            )
        yield np.fromiter((row[0] for row in rows), np.int64, len(rows)), matrix


def rows_of(
    connection: sqlite3.Connection, keys: Keys, rowids: list[int]
) -> dict[int, tuple[str, bytes, np.ndarray]]:
    """Some rows, decrypted: row id → (pseudonym, sealed link, template)."""
    cipher = AESGCM(keys.encryption)
    found = {}
    for start in range(0, len(rowids), 500):
        part = rowids[start : start + 500]
        marks = ",".join("?" * len(part))
        for rowid, pseudonym, link, blob in connection.execute(
            f"SELECT rowid, pseudonym, link, template FROM templates WHERE rowid IN ({marks})",
            part,
        ):
            template = cipher.decrypt(blob[:12], blob[12:], pseudonym.encode())
            found[rowid] = (pseudonym, link, np.frombuffer(template, dtype="<f4"))
    return found


def person_of_link(keys: Keys, pseudonym: str, link: bytes) -> str:
    """The person id sealed in a row's link."""
    return _open(keys, pseudonym, link).decode()


def exact_search(
    connection: sqlite3.Connection, keys: Keys, probes: np.ndarray, top: int
) -> list[list[tuple[int, float]]]:
    """Exhaustive 1:N search streamed over the store: per probe, the `top` (row id, cosine)
    best first. Memory stays at one chunk however large the gallery."""
    best_ids = np.full((len(probes), 0), -1, np.int64)
    best_scores = np.zeros((len(probes), 0), np.float32)
    for rowids, matrix in chunks(connection, keys, probes.shape[1]):
        scores = np.hstack([best_scores, probes @ matrix.T])
        ids = np.hstack([best_ids, np.broadcast_to(rowids, (len(probes), len(rowids)))])
        k = min(top, scores.shape[1])
        keep = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        best_scores = np.take_along_axis(scores, keep, axis=1)
        best_ids = np.take_along_axis(ids, keep, axis=1)
    order = np.argsort(-best_scores, axis=1, kind="stable")
    return [
        [(int(i), float(s)) for i, s in zip(ids[o], scores[o], strict=True)]
        for ids, scores, o in zip(best_ids, best_scores, order, strict=True)
    ]


def named(
    connection: sqlite3.Connection, keys: Keys, found: list[list[tuple[int, float]]]
) -> list[list[tuple[str, float]]]:
    """Search results with each row id replaced by its person id (decrypted link)."""
    rows = rows_of(connection, keys, sorted({i for result in found for i, _ in result}))
    return [
        [(person_of_link(keys, rows[i][0], rows[i][1]), round(s, 4)) for i, s in result]
        for result in found
    ]
