"""Templates from ANSI/NIST-ITL transactions (traditional encoding, read with `nistitl`).

Readmit stores templates, not images, and the standard has no template field in Type-10
(face) or Type-14 (fingerprint) records: their image goes in field .999. Templates therefore
travel in the user-defined field 200 of the same record (10.200, 14.200; the standard leaves
.200–.900 to the implementer), as base64 of little-endian float32 values, so that they survive
the record's separators. The subject is the register person named in Type-2 field 2.015 (the
state identification number, as in EBTS); one transaction is one subject, and the first
Type-10 and first Type-14 record with a template are used. A record with an image but no
template is refused: images are turned into templates by `readmit biometrics extract`."""

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path

import nistitl
import numpy as np

from readmit.biometrics import store

TEMPLATE_FIELD = 200
IMAGE_FIELD = 999
PERSON = (2, 15)
RECORDS = {10: "face", 14: "finger"}


@dataclass(frozen=True)
class Subject:
    """One transaction's person and templates (modality → unit float32 vector)."""

    person_id: str
    templates: dict[str, np.ndarray]


def _value(record: nistitl.AsciiRecord, tag: int) -> str | None:
    field = record[tag]
    return None if field is None else str(field.value).strip() or None


def _template(record: nistitl.AsciiRecord, modality: str, dimensions: dict[str, int]) -> np.ndarray:
    text = _value(record, TEMPLATE_FIELD)
    where = f"Type-{record.type} field {record.type}.{TEMPLATE_FIELD}"
    if text is None:
        raise store.TemplateError(
            f"Type-{record.type} record holds an image but no template ({where});"
            " turn images into templates with `readmit biometrics extract`"
        )
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise store.TemplateError(f"{where} is not base64") from None
    dimension = dimensions[modality]
    if len(raw) != 4 * dimension:
        raise store.TemplateError(
            f"{where} has {len(raw) // 4} float32 values; {modality} templates have {dimension}"
        )
    vector = np.frombuffer(raw, dtype="<f4").reshape(1, dimension)
    return store.checked(vector, dimension)[0]


def read(path: Path, *, face_modality: str = "face") -> Subject:
    """The subject of one ANSI/NIST-ITL file; TemplateError with a one-line reason otherwise."""
    try:
        message = nistitl.Message()
        message.parse(path.read_bytes())
        records = list(message)
    except OSError as exc:
        raise store.TemplateError(f"cannot read the file ({exc.strerror})") from None
    except Exception as exc:  # nistitl raises several kinds on malformed input
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise store.TemplateError(f"not an ANSI/NIST-ITL transaction ({reason})") from None
    people = {_value(r, PERSON[1]) for r in records if getattr(r, "type", None) == PERSON[0]}
    people.discard(None)
    if len(people) != 1:
        raise store.TemplateError(
            f"expected one person id in field 2.{PERSON[1]:03d}, found {len(people)}"
        )
    dimensions = store.MODALITIES
    modalities = {10: face_modality, 14: RECORDS[14]}
    templates: dict[str, np.ndarray] = {}
    for record in records:
        modality = modalities.get(getattr(record, "type", 0))
        if modality is not None and modality not in templates:
            templates[modality] = _template(record, modality, dimensions)
    if not templates:
        raise store.TemplateError("no Type-10 (face) or Type-14 (fingerprint) record")
    return Subject(person_id=str(people.pop()), templates=templates)
