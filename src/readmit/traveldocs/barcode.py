"""The seal as a DataMatrix symbol (zxing-cpp: a wheel, no system library), and back from
an image, a PDF page or base64 text."""

import base64
import binascii
import io
from contextlib import closing
from pathlib import Path

import zxingcpp
from PIL import Image

from readmit import uploads
from readmit.i18n import N_

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
SCAN_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")


class UnreadableSeal(uploads.Refused):
    """No seal could be found in the input."""


def render(seal: bytes, *, scale: int = 6) -> Image.Image:
    """The seal as a black-on-white DataMatrix image with a quiet zone."""
    symbol = zxingcpp.create_barcode(seal, zxingcpp.BarcodeFormat.DataMatrix)
    pixels = memoryview(symbol.to_image(scale=scale))  # type: ignore[arg-type]
    height, width = pixels.shape or (0, 0)
    image = Image.frombytes("L", (width, height), pixels.tobytes())
    framed = Image.new("L", (width + 4 * scale, height + 4 * scale), 255)
    framed.paste(image, (2 * scale, 2 * scale))
    return framed


def png(seal: bytes, *, scale: int = 6) -> bytes:
    """The DataMatrix as PNG bytes."""
    buffer = io.BytesIO()
    render(seal, scale=scale).save(buffer, "PNG")
    return buffer.getvalue()


def read_image(image: Image.Image) -> bytes:
    """The bytes of the first DataMatrix in an image."""
    found = zxingcpp.read_barcodes(
        image.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.DataMatrix)
    )
    if not found:
        raise UnreadableSeal(N_("no DataMatrix seal found in the image"))
    return bytes(found[0].bytes)


def read_upload(data: bytes, filename: str) -> bytes:
    """Seal bytes from an uploaded image or PDF, within the limits of `readmit.uploads`
    (pixels, pages); run it through `uploads.run` to add the time and memory limits."""
    try:
        if filename.lower().endswith(".pdf") or data.startswith(b"%PDF"):
            return _read_pdf(data)
        return read_image(uploads.decode_image(data, formats=SCAN_FORMATS))
    except uploads.Refused as exc:
        raise UnreadableSeal(exc.message, **exc.values) from None


def read_file(path: Path) -> bytes:
    """Seal bytes from an image of the barcode, a PDF with the seal, or base64 text."""
    if not path.is_file():
        raise UnreadableSeal(f"{path}: no such file")
    if path.suffix.lower() in IMAGE_SUFFIXES | {".pdf"}:
        try:
            return read_upload(path.read_bytes(), path.name)
        except UnreadableSeal as exc:
            raise UnreadableSeal(f"{path}: {exc}") from None
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise UnreadableSeal(f"{path}: neither an image, a PDF nor base64 seal bytes") from None


def _read_pdf(data: bytes) -> bytes:
    with closing(uploads.pdf_pages(data)) as pages:
        for page in pages:
            try:
                return read_image(page)
            except UnreadableSeal:
                continue
    raise UnreadableSeal(
        N_("no DataMatrix seal found in the PDF (only its first {pages} pages are read)"),
        pages=uploads.MAX_PDF_PAGES,
    )
