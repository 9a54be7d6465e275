"""Reading a passport data page's MRZ by OCR: real tesseract on synthetic scans printed in
OCR-B, turned, blurred and noisy; and what a bad scan is told. The repairs of what OCR reads
are tested without OCR in test_mrz_repair.py."""

import io

import pytest
from PIL import Image

from readmit.documents import ocr
from readmit.synth import passport_scans
from readmit.synth.passport_scans import Degradation
from tests.documents.scans import mrz, need_ocr, scan

READS = [
    (0, Degradation()),
    (1, Degradation(angle=1.5, blur=0.7, jpeg_quality=75)),
    (2, Degradation(angle=-2.5, noise=10, bed=60)),
    (3, Degradation(blur=0.6, speckle=0.002, ink=40, jpeg_quality=70)),
    (4, Degradation(angle=4.0, noise=6, jpeg_quality=85, bed=30)),
    (5, Degradation(angle=-1.0, blur=0.5, speckle=0.004)),
]


@pytest.fixture(autouse=True)
def _ocr_ready() -> None:
    need_ocr()


@pytest.mark.parametrize(("holder", "degradation"), READS)
def test_a_scan_gives_the_exact_lines(holder: int, degradation: Degradation) -> None:
    read = ocr.read_scan(scan(holder, degradation))
    assert read.lines == mrz(holder)
    assert read.valid and read.problem is None


def test_fields_of_a_valid_read() -> None:
    read = ocr.read_scan(scan(0))
    assert read.fields() == {
        "document_code": "P",
        "issuing_state": "UTO",
        "surname": "ERIKSSON",
        "given_names": "ANNA MARIA",
        "document_number": "L898902C3",
        "nationality": "UTO",
        "birth_date": "1974-08-12",
        "sex": "F",
        "expiry_date": "2034-03-15",
        "optional_data": "ZE184226B",
    }


def test_the_first_page_of_a_pdf() -> None:
    page = Image.open(io.BytesIO(scan(0, width=1600)))
    pdf = io.BytesIO()
    page.convert("RGB").save(pdf, "PDF", resolution=300)
    assert ocr.read_scan(pdf.getvalue()).lines == mrz(0)


def test_a_check_digit_that_fails_is_named_with_the_best_read() -> None:
    """A page printed with a wrong birth-date check digit (damaged, or forged): the lines
    come back as printed, not valid, and the officer is told which field fails."""
    line1, line2 = mrz(0)
    wrong = str((int(line2[19]) + 3) % 10)
    printed = (line1, line2[:19] + wrong + line2[20:])
    read = ocr.read_scan(passport_scans.page(printed))
    assert read.lines == printed
    assert not read.valid and read.fields() == {}
    assert read.problem is not None and read.problem.field == "line2.birth_date_check"
    assert read.problem.message == f"birth date check digit is {wrong}, expected {line2[19]}"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


NO_MRZ = "no machine-readable zone was found"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png(Image.new("L", (1200, 850), 240)), NO_MRZ),
        (passport_scans.photo(), NO_MRZ),
        (b"<html><body>passport</body></html>", "this file is an HTML page"),
        (b"GIF89a" + bytes(100), "this file is a GIF image"),
        (_png(Image.new("L", (1200, 850), 240))[:300], "the image is damaged or truncated"),
        (b"", "the file is empty"),
        (b"\xff\xd8\xff" + bytes(10 * 2**20), "larger than the 10 MB limit"),
    ],
    ids=["blank", "photo", "html", "gif", "truncated", "empty", "too-large"],
)
def test_what_cannot_be_read_says_why(data: bytes, message: str) -> None:
    with pytest.raises(ocr.ScanRefused, match=message):
        ocr.read_scan(data)


def test_a_server_without_tesseract_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ocr.OcrUnavailable, match="Reading a scan needs tesseract-ocr"):
        ocr.read_scan(scan(0))
