"""The requested state's biometric gallery: templates encrypted at rest (AES-GCM, key outside
the database), kept apart from biographic data under pseudonymous ids (HMAC of the person id),
each row's ciphertext bound to its pseudonym; exhaustive search is the reference."""

import base64
import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MODALITIES = {"face": 512}
SCHEMA = """
CREATE TABLE IF NOT EXISTS templates (
    pseudonym TEXT PRIMARY KEY,
    link BLOB NOT NULL,
    template BLOB NOT NULL,
    added_at TEXT NOT NULL DEFAULT (datetime('now'))
) WITHOUT ROWID;
"""


class TemplateError(ValueError):
    """Templates that cannot be stored or searched, with the reason."""


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
            raw = base64.b64decode(env)
        else:
            path = home / "secrets" / f"biometrics-{country.lower()}.key"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(base64.b64encode(secrets.token_bytes(64)).decode())
            raw = base64.b64decode(path.read_text().strip())
        if len(raw) != 64:
            raise TemplateError("the biometric key must be 64 bytes")
        return cls(raw[:32], raw[32:])

    def pseudonym(self, person_id: str) -> str:
        """The person's id in the gallery: linkable only with the key."""
        return hmac.new(self.pseudonyms, person_id.encode(), hashlib.sha256).hexdigest()[:32]


def gallery_path(home: Path, country: str, modality: str) -> Path:
    """Where a country's gallery of one modality lives (apart from the register store)."""
    return home / "biometrics" / f"{country.lower()}-{modality}.sqlite"


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating) a gallery."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.executescript(SCHEMA)
    return connection


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


def _seal(keys: Keys, pseudonym: str, data: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(keys.encryption).encrypt(nonce, data, pseudonym.encode())


def _open(keys: Keys, pseudonym: str, blob: bytes) -> bytes:
    return AESGCM(keys.encryption).decrypt(blob[:12], blob[12:], pseudonym.encode())


def put(
    connection: sqlite3.Connection, keys: Keys, person_ids: list[str], templates: np.ndarray
) -> None:
    """Store (or replace) one template per person, encrypted."""
    rows = []
    for person_id, template in zip(person_ids, templates, strict=True):
        pseudonym = keys.pseudonym(person_id)
        rows.append(
            (
                pseudonym,
                _seal(keys, pseudonym, person_id.encode()),
                _seal(keys, pseudonym, template.astype("<f4").tobytes()),
            )
        )
    connection.executemany(
        "INSERT OR REPLACE INTO templates (pseudonym, link, template, added_at) "
        "VALUES (?, ?, ?, datetime('now'))",
        rows,
    )


def purge(connection: sqlite3.Connection, *, older_than_days: int) -> int:
    """Delete templates enrolled more than the given number of days ago (a retention rule)."""
    cursor = connection.execute(
        "DELETE FROM templates WHERE added_at < datetime('now', ?)", (f"-{older_than_days} days",)
    )
    return cursor.rowcount


def delete(connection: sqlite3.Connection, keys: Keys, person_id: str) -> bool:
    """Remove a person's template; False when there was none."""
    cursor = connection.execute(
        "DELETE FROM templates WHERE pseudonym = ?", (keys.pseudonym(person_id),)
    )
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


@dataclass
class Index:
    """The decrypted gallery in memory: the exhaustive-search reference."""

    pseudonyms: list[str]
    links: list[bytes]
    matrix: np.ndarray

    @classmethod
    def build(cls, connection: sqlite3.Connection, keys: Keys, dimension: int) -> "Index":
        """Rebuild from the encrypted store."""
        pseudonyms, links, vectors = [], [], []
        for pseudonym, link, blob in connection.execute(
            "SELECT pseudonym, link, template FROM templates ORDER BY pseudonym"
        ):
            pseudonyms.append(pseudonym)
            links.append(link)
            vectors.append(np.frombuffer(_open(keys, pseudonym, blob), dtype="<f4"))
        matrix = np.vstack(vectors) if vectors else np.zeros((0, dimension), np.float32)
        return cls(pseudonyms, links, matrix)

    def search(self, keys: Keys, probes: np.ndarray, top: int) -> list[list[tuple[str, float]]]:
        """The `top` gallery persons by cosine similarity, per probe row."""
        if not len(self.pseudonyms):
            return [[] for _ in probes]
        scores = probes @ self.matrix.T
        k = min(top, scores.shape[1])
        best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        results = []
        for row, candidates in zip(scores, best, strict=True):
            ranked = sorted(candidates, key=lambda i: -row[i])
            results.append(
                [
                    (
                        _open(keys, self.pseudonyms[i], self.links[i]).decode(),
                        round(float(row[i]), 4),
                    )
                    for i in ranked
                ]
            )
        return results
