"""Face evidence in the identity engine's ledger: the probe's cosine with each candidate's
enrolled template, as a level with a weight in bits. The match threshold rises with the
gallery: among N enrolled faces the best impostor climbs (≈0.44 at 1M), so "strong" needs a
score that a random face reaches with probability below 1e-4 / N."""

import base64
import binascii
import math
from pathlib import Path
from statistics import NormalDist

import numpy as np

from readmit.biometrics import store
from readmit.identity import explanations as words

IMPOSTOR = NormalDist(0.0, 0.094)  # cosine of two different people's templates
NONMATCH_BELOW = 0.25  # genuine pairs fall this low only for unusable captures
LEVELS = {  # (m, u) at a gallery of one; "strong" u shrinks with the gallery (see above)
    "strong": (0.90, 1e-4),
    "weak": (0.08, 0.004),
    "nonmatch": (0.02, 0.996),
}


def strong_threshold(gallery_size: int) -> float:
    """The cosine above which a match is strong for a gallery of this size."""
    return IMPOSTOR.inv_cdf(1 - LEVELS["strong"][1] / max(gallery_size, 1))


def level(score: float | None, gallery_size: int) -> str:
    """The face comparison level of one score."""
    if score is None:
        return "null"
    if score >= strong_threshold(gallery_size):
        return "strong"
    return "nonmatch" if score < NONMATCH_BELOW else "weak"


def weight(name: str, gallery_size: int) -> float:
    """Bits of evidence for a level."""
    if name == "null":
        return 0.0
    m, u = LEVELS[name]
    if name == "strong":
        u /= max(gallery_size, 1)
    return math.log2(m / u)


def explain(name: str, gallery_size: int) -> str:
    """Why a face level weighs what it does, for the officer."""
    if name == "strong":
        threshold = f"{strong_threshold(gallery_size):.2f}"
        return words.FACE_STRONG.format(threshold=threshold, size=f"{gallery_size:,}")
    if name == "weak":
        return words.FACE_WEAK
    if name == "nonmatch":
        return words.FACE_NONMATCH.format(threshold=NONMATCH_BELOW)
    return words.FACE_NONE


def decode_template(text: str, dimension: int) -> np.ndarray:
    """A template from base64 of little-endian float32, checked; TemplateError otherwise."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise store.TemplateError("the template is not base64") from None
    if len(raw) != 4 * dimension:
        raise store.TemplateError(
            f"the template has {len(raw)} bytes; {dimension} float32 values are {4 * dimension}"
        )
    return store.checked(np.frombuffer(raw, dtype="<f4").reshape(1, dimension), dimension)[0]


class FaceGallery:
    """1:1 scores of a probe against named register persons, decrypting only their rows."""

    def __init__(self, *, home: Path, country: str) -> None:
        self.path = store.gallery_path(home, country, "face")
        self.keys = store.Keys.for_gallery(home, country)
        self.connection = store.connect(self.path)
        self.size = int(self.connection.execute("SELECT count(*) FROM templates").fetchone()[0])

    def scores(self, probe: np.ndarray, person_ids: list[str]) -> dict[str, float]:
        """Cosine with each person's enrolled template (persons without one are left out)."""
        found = {}
        for person_id in person_ids:
            template = store.template_of(self.connection, self.keys, person_id)
            if template is not None:
                found[person_id] = round(float(template @ probe), 4)
        return found
