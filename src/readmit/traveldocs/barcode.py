"""The seal as a DataMatrix symbol (zxing-cpp: a wheel, no system library), and back from
an image, a PDF page or base64 text."""

import base64
import binascii
import io
from pathlib import Path

import zxingcpp
from PIL import Image

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}


class UnreadableSeal(ValueError):
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
        raise UnreadableSeal("no DataMatrix seal found in the image")
    return bytes(found[0].bytes)


def read_upload(data: bytes, filename: str) -> bytes:
    """Seal bytes from an uploaded image or PDF."""
    if filename.lower().endswith(".pdf") or data.startswith(b"%PDF"):
        return _read_pdf(data)
    try:
        return read_image(Image.open(io.BytesIO(data)))
    except OSError:
        raise UnreadableSeal("the file is neither a readable image nor a PDF") from None


def read_file(path: Path) -> bytes:
    """Seal bytes from an image of the barcode, a PDF with the seal, or base64 text."""
    if not path.is_file():
        raise UnreadableSeal(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        try:
            return read_image(Image.open(path))
        except OSError as exc:
            raise UnreadableSeal(f"{path}: not a readable image ({exc})") from None
    if suffix == ".pdf":
        return _read_pdf(path.read_bytes())
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise UnreadableSeal(f"{path}: neither an image, a PDF nor base64 seal bytes") from None


def _read_pdf(data: bytes) -> bytes:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise UnreadableSeal(f"not a readable PDF ({exc})") from None
    try:
        for page in document:
            try:
                return read_image(page.render(scale=4).to_pil())
            except UnreadableSeal:
                continue
    finally:
        document.close()
    raise UnreadableSeal("no DataMatrix seal found in the PDF")
