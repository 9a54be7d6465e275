"""Synthetic face templates with the statistics of real embeddings (no real biometric data):
a 64-d identity latent through a fixed random orthonormal basis plus isotropic noise gives
512-d unit vectors whose impostor cosine has mean ≈ 0 and sd ≈ 0.09, and genuine pairs of
0.6–0.85 with a low tail (poor capture) that falls further with the years between captures."""

from dataclasses import dataclass

import numpy as np

LATENT = 64
IDENTITY_WEIGHT = 1.0
NOISE = 0.62  # per-capture noise; sets the genuine score around 0.72


@dataclass(frozen=True)
class FaceModel:
    """A fixed embedding space: the same seed gives the same basis."""

    dimension: int = 512
    seed: int = 0

    def basis(self) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        q, _ = np.linalg.qr(rng.standard_normal((self.dimension, LATENT)))
        return q.astype(np.float32)


def identities(count: int, *, rng: np.random.Generator) -> np.ndarray:
    """Latent identities, one row per person."""
    return rng.standard_normal((count, LATENT)).astype(np.float32)


def captures(
    latent: np.ndarray,
    *,
    model: FaceModel,
    rng: np.random.Generator,
    years_apart: float = 0.0,
    poor_share: float = 0.03,
) -> np.ndarray:
    """One template per latent row: identity through the basis plus capture noise, which
    grows with ageing and, for a few captures, with poor quality (pose, light, blur)."""
    basis = model.basis()
    signal = latent @ basis.T * np.float32(IDENTITY_WEIGHT / np.sqrt(LATENT))
    scale = np.full((len(latent), 1), NOISE, dtype=np.float32)
    scale *= 1.0 + 0.02 * years_apart
    poor = rng.random(len(latent)) < poor_share
    scale[poor] *= 1.8
    noise = rng.standard_normal(signal.shape, dtype=np.float32)
    noise *= scale / np.float32(np.sqrt(model.dimension))
    noise += signal
    noise /= np.sqrt(np.einsum("ij,ij->i", noise, noise))[:, None]
    return noise
