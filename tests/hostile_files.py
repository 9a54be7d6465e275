"""Hostile uploads, made in the test: a decompression-bomb PNG, a long blank PDF, a PDF whose
pages take seconds each to draw, a JPEG carrying EXIF with HTML appended after its end."""

import io
import struct
import zlib

from fpdf import FPDF
from PIL import Image

BOMB_SIDE = 30_000
CAMERA = "SpyCam 3000"  # EXIF Make: must not survive the upload
APPENDED = b"<html><script>alert(document.cookie)</script></html>"


def bomb_png(side: int = BOMB_SIDE) -> bytes:
    """A one-colour 1-bit PNG, side × side pixels (900 million for the default), about
    110 KB: the header says what decoding it would cost."""
    row = b"\x00" + bytes((side + 7) // 8)  # filter byte, then one bit a pixel
    packer = zlib.compressobj(9)
    rows = b"".join(packer.compress(row * 1000) for _ in range(side // 1000))
    data = rows + packer.compress(row * (side % 1000)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def blank_pdf(pages: int = 300) -> bytes:
    """An A4 PDF of blank pages (95 KB for 300)."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
    return bytes(pdf.output())


def slow_pdf(pages: int = 300, strokes: int = 5000) -> bytes:
    """A PDF whose pages share one small compressed drawing of `strokes` crossing lines:
    a few KB that take PDFium seconds to draw, page after page."""
    drawing = zlib.compress(b"0.1 w 10 10 m 580 830 l 10 830 l 580 10 l s\n" * strokes, 9)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(drawing), drawing),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages,
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % table
    return bytes(out)


def jpeg_with_exif_and_html(size: tuple[int, int] = (240, 300), rotated: bool = False) -> bytes:
    """A red JPEG whose EXIF names the camera (and, if rotated, says to turn it a quarter
    clockwise for display), with a comment, and an HTML page after its end marker."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA
    if rotated:
        exif[0x0112] = 6
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG", exif=exif, comment=b"secret note")
    return buffer.getvalue() + APPENDED
