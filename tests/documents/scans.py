"""Passport scans for the OCR tests: TD3 lines from `build_td3`, printed on synthetic data
pages in OCR-B, and the check that the machine can read them (tesseract-ocr, fonts-ocr-b):
missing, the tests fail in CI and are skipped elsewhere, never passed unseen."""

import datetime
import os

import pytest

from readmit.documents import ocr
from readmit.documents.mrz import build_td3
from readmit.synth import passport_scans
from readmit.synth.passport_scans import Degradation

# (issuing state, surname, given names, number, birth date, sex, personal number)
HOLDERS = [
    ("UTO", "Eriksson", "Anna Maria", "L898902C3", datetime.date(1974, 8, 12), "F", "ZE184226B"),
    ("CHN", "Zhang", "Wei", "E12345678", datetime.date(1990, 5, 1), "M", ""),
    ("GTM", "García López", "María José", "A01234567", datetime.date(2001, 11, 30), "F", ""),
    ("USA", "O'Brien-Smith", "John", "560210493", datetime.date(1968, 2, 29), "M", ""),
    ("D", "Müller", "Hans Peter", "C01X00T47", datetime.date(1985, 7, 4), "M", ""),
    ("POL", "Kowalska Kwiatkowska", "Joanna", "AY4207319", datetime.date(1960, 2, 8), "F", ""),
]


def need_ocr() -> None:
    """Skip locally, fail in CI, when this machine cannot read or print a scan."""
    missing = []
    if not ocr.available():
        missing.append("tesseract-ocr (apt-get install tesseract-ocr)")
    if not passport_scans.OCR_B.exists():
        missing.append(f"the OCR-B font at {passport_scans.OCR_B} (apt-get install fonts-ocr-b)")
    if not missing:
        return
    reason = "OCR tests need " + " and ".join(missing)
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def mrz(index: int) -> tuple[str, str]:
    """The TD3 lines of holder `index`."""
    state, surname, given, number, born, sex, personal = HOLDERS[index]
    return build_td3(
        issuing_state=state,
        surname=surname,
        given_names=given,
        document_number=number,
        nationality=state,
        birth_date=born,
        sex=sex,
        expiry_date=datetime.date(2034, 3, 15),
        optional_data=personal,
    )


def scan(index: int, degradation: Degradation = Degradation(), **page: int) -> bytes:
    """Holder `index`'s data page as an image file."""
    return passport_scans.page(mrz(index), degradation=degradation, seed=index, **page)
