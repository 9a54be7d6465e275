"""Face images to templates with a real offline extractor: dlib's face detector, 68-point
shape predictor and ResNet face descriptor, whose weights ship in `face-recognition-models`
(no download at run time). 128-d descriptors, unit-normalised for the `face128` gallery. An
optional extra (`pip install 'readmit[extractor]'`): the core never imports it."""

from pathlib import Path
from typing import Any

import numpy as np

EXTRA = "readmit[extractor]"
DIMENSION = 128


class ExtractorError(RuntimeError):
    """No extractor installed, or an image that gives no single face, with the reason."""


def _models() -> tuple[Any, Any, Any]:
    try:
        import dlib
        import face_recognition_models as weights
    except ImportError as exc:
        raise ExtractorError(
            f"the face extractor is not installed ({exc.name} is missing);"
            f" install the optional extra: pip install '{EXTRA}'"
        ) from None
    return (
        dlib.get_frontal_face_detector(),
        dlib.shape_predictor(weights.pose_predictor_model_location()),
        dlib.face_recognition_model_v1(weights.face_recognition_model_location()),
    )


def _pixels(path: Path) -> np.ndarray:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("RGB"))
    except (OSError, UnidentifiedImageError) as exc:
        raise ExtractorError(f"{path}: not a readable image ({exc})") from None


def templates(paths: list[Path]) -> np.ndarray:
    """One unit 128-d template per image; each image must show exactly one face."""
    detector, shapes, encoder = _models()
    rows = []
    for path in paths:
        pixels = _pixels(path)
        faces = detector(pixels, 1)
        if len(faces) != 1:
            raise ExtractorError(f"{path}: {len(faces)} faces found, expected one")
        descriptor = np.asarray(
            encoder.compute_face_descriptor(pixels, shapes(pixels, faces[0])), np.float32
        )
        rows.append(descriptor / np.linalg.norm(descriptor))
    return np.vstack(rows) if rows else np.zeros((0, DIMENSION), np.float32)
