"""Uploaded images and PDFs, decoded within limits.

A file from outside is parsed by C libraries (Pillow's codecs, PDFium, zxing-cpp) that a
hostile file can keep busy for minutes, fill memory with (a few KB of PNG that inflate to
900 million pixels) or crash. So:

- `open_image` reads only the header and refuses more than `MAX_PIXELS` before any pixel is
  decoded; `pdf_pages` renders at most `MAX_PDF_PAGES` pages of at most `MAX_RENDER_PIXELS`.
- `run` does the decoding in a worker process of its own (never on the server's event loop,
  never in its memory), at most `DECODERS` at a time; the worker is killed after
  `DECODE_SECONDS` and cannot take more than `DECODER_MEMORY` bytes. The answer is the
  result, or `Refused` with a reason to show (422), or `Busy` when too many files are
  waiting (503).
"""

import io
import json
import math
import os
import pickle
import resource
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from subprocess import PIPE
from typing import Any

import pypdfium2
from PIL import Image, ImageOps, UnidentifiedImageError

from readmit.errors import DomainError
from readmit.i18n import N_, _, gettext

MAX_PIXELS = 50_000_000  # a 48-megapixel camera; a decompression bomb is far above
MAX_PDF_PAGES = 3  # a travel document has one data page
MAX_RENDER_PIXELS = 12_000_000  # an A4 page at 288 dpi is 8 million
PDF_SCALE = 4  # 288 dpi: a printed seal's modules several pixels wide
MAX_SCAN_BYTES = 10 * 2**20
JPEG_QUALITY = 90
DECODE_SECONDS = 10.0
DECODER_MEMORY = 2**30
DECODERS = 2  # worker processes at a time: what a small server's cores can spare
MAX_PENDING = 4 * DECODERS  # files decoding or waiting; beyond that, Busy at once


class Refused(ValueError):
    """The file cannot be read within the limits; the message says why, in the current
    language. Its untranslated words and values travel back from a worker process, whose
    messages are therefore translated where they are shown."""

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(_(message, **values))
        self.message, self.values = message, values


class Busy(DomainError):
    """Too many files are being read; the caller should try again shortly."""

    status_code = 503


def open_image(data: bytes, *, formats: tuple[str, ...] | None = None) -> Image.Image:
    """The image with only its header read, refused above MAX_PIXELS."""
    try:
        image = Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError:
        raise _too_many_pixels(None) from None
    except UnidentifiedImageError:
        raise Refused(N_("the file is not an image that can be read")) from None
    except (OSError, SyntaxError, ValueError):
        raise Refused(N_("the image is damaged or truncated")) from None
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels(image.size)
    return image


def decode_image(data: bytes, *, formats: tuple[str, ...] | None = None) -> Image.Image:
    """The image with its pixels decoded, within MAX_PIXELS."""
    image = open_image(data, formats=formats)
    try:
        image.load()
    except Image.DecompressionBombError:
        raise _too_many_pixels(None) from None
    except (OSError, SyntaxError, ValueError):
        raise Refused(N_("the image is damaged or truncated")) from None
    return image


def reencode(data: bytes) -> bytes:
    """A JPEG or PNG decoded, turned upright and saved again in its format: EXIF, comments,
    colour profiles, text chunks and anything after the image's end are left behind."""
    image = decode_image(data, formats=("JPEG", "PNG"))
    kind = image.format
    ImageOps.exif_transpose(image, in_place=True)  # upright as it was shown
    if kind == "JPEG":
        mode = "L" if image.mode == "L" else "RGB"
    elif image.has_transparency_data:
        mode = "LA" if image.mode in ("L", "LA") else "RGBA"
    else:
        mode = image.mode if image.mode in ("L", "RGB") else "RGB"
    clean = image if image.mode == mode else image.convert(mode)
    clean.info = {}  # save() would copy a comment, a colour profile or text chunks from here
    buffer = io.BytesIO()
    if kind == "JPEG":
        clean.save(buffer, "JPEG", quality=JPEG_QUALITY)
    else:
        clean.save(buffer, "PNG")
    return buffer.getvalue()


# What a file is, by its first bytes: the accepted kinds, then others named in refusals.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
OTHER_SIGNATURES = (
    (b"GIF8", N_("a GIF image")),
    (b"II*\x00", N_("a TIFF image")),
    (b"MM\x00*", N_("a TIFF image")),
    (b"PK\x03\x04", N_("a ZIP archive or office document")),
    (b"BM", N_("a BMP image")),
)
MEDIA_WORDS = {
    "application/pdf": N_("a PDF"),
    "image/jpeg": N_("a JPEG image"),
    "image/png": N_("a PNG image"),
}


def sniff(data: bytes) -> str | None:
    """The media type of a PDF, JPEG or PNG from its first bytes (never from its name)."""
    return next((media for magic, media in SIGNATURES if data.startswith(magic)), None)


def described(data: bytes) -> str:
    """What the first bytes say the file is, in words: "a PNG image", "an HTML page"."""
    if media := sniff(data):
        return gettext(MEDIA_WORDS[media])
    if found := next((words for magic, words in OTHER_SIGNATURES if data.startswith(magic)), None):
        return gettext(found)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<script" in head:
        return _("an HTML page")
    if head.startswith((b"<?xml", b"<svg")):
        return _("an XML or SVG file")
    return _("unrecognised data")


def check_pdf(data: bytes) -> bytes:
    """The number of pages of a PDF that PDFium can open (nothing is rendered)."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise Refused(N_("not a readable PDF ({problem})"), problem=str(exc)) from None
    try:
        pages = len(document)
    finally:
        document.close()
    if pages == 0:
        raise Refused(N_("the PDF has no pages"))
    return str(pages).encode()


def pdf_pages(data: bytes) -> Generator[Image.Image, None, None]:
    """The first MAX_PDF_PAGES pages, in grey, at PDF_SCALE or less for a page so large
    that it would exceed MAX_RENDER_PIXELS."""
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise Refused(N_("not a readable PDF ({problem})"), problem=str(exc)) from None
    try:
        for index in range(min(len(document), MAX_PDF_PAGES)):
            page = document[index]
            width, height = page.get_size()
            scale = min(PDF_SCALE, math.sqrt(MAX_RENDER_PIXELS / max(width * height, 1.0)))
            yield page.render(scale=scale, grayscale=True).to_pil()
    finally:
        document.close()


def _too_many_pixels(size: tuple[int, int] | None) -> Refused:
    millions = MAX_PIXELS // 1_000_000
    if size is None:
        return Refused(
            N_("the image has more than {millions} million pixels; it was not decoded"),
            millions=millions,
        )
    return Refused(
        N_(
            "the image has more than {millions} million pixels ({width} × {height}); "
            "it was not decoded"
        ),
        millions=millions,
        width=size[0],
        height=size[1],
    )


_slots = threading.BoundedSemaphore(DECODERS)
_pending_lock = threading.Lock()
_pending = 0
DONE, REFUSED, FAILED = b"D", b"R", b"F"  # the worker's answer: a tag, then bytes


def run(work: Callable[..., bytes], /, *args: Any) -> bytes:
    """work(*args) in a worker process of its own, within the time and memory limits.

    Blocks the calling thread (a request's worker thread, never the event loop)."""
    with _admitted():
        if not _slots.acquire(timeout=DECODE_SECONDS):
            raise Busy(_("the server is busy reading other files; try again in a minute"))
        try:
            return _in_worker(work, args, DECODE_SECONDS)
        finally:
            _slots.release()


@contextmanager
def _admitted() -> Iterator[None]:
    """A place among the MAX_PENDING files being read or waiting, or Busy at once."""
    global _pending
    with _pending_lock:
        if _pending >= MAX_PENDING:
            raise Busy(_("the server is busy reading other files; try again in a minute"))
        _pending += 1
    try:
        yield
    finally:
        with _pending_lock:
            _pending -= 1


def _in_worker(work: Callable[..., bytes], args: tuple[Any, ...], seconds: float) -> bytes:
    # A fresh interpreter rather than a fork of the server, with its threads and connections.
    # Its answer is tagged bytes, never a pickle: a decoder a file took over stays contained.
    job = pickle.dumps((work, args))
    with subprocess.Popen([sys.executable, "-m", __name__], stdin=PIPE, stdout=PIPE) as worker:
        try:
            answer = worker.communicate(job, timeout=seconds)[0]
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            raise Refused(
                N_("reading the file took longer than {seconds:g} seconds"), seconds=seconds
            ) from None
    tag, body = answer[:1], answer[1:]
    if tag == DONE:
        return body
    if tag == REFUSED:
        message, values = json.loads(body)
        raise Refused(message, **values)
    if tag == FAILED:
        raise RuntimeError(f"decoding failed in the worker:\n{body.decode(errors='replace')}")
    raise Refused(N_("the file could not be read: the decoder stopped (memory limit or a crash)"))


def serve_one() -> None:
    """The worker: one pickled (work, args) from stdin, its tagged answer on stdout."""
    cpu = math.ceil(DECODE_SECONDS) + 1  # should the server be gone, the worker still ends
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_AS, (DECODER_MEMORY, DECODER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no copy of the file
    work, args = pickle.load(sys.stdin.buffer)
    with os.fdopen(os.dup(1), "wb") as reply:
        os.dup2(2, 1)  # whatever a decoder prints goes to the log, not into the answer
        try:
            answer = DONE + work(*args)
        except Refused as exc:
            answer = REFUSED + json.dumps([exc.message, exc.values]).encode()
        except MemoryError:
            words = N_("the file needs more memory to read than is allowed")
            answer = REFUSED + json.dumps([words, {}]).encode()
        except Exception:
            answer = FAILED + traceback.format_exc().encode()
        reply.write(answer)


if __name__ == "__main__":
    # As the module proper, not __main__: its Refused is the one the work raises.
    from readmit.uploads import serve_one as serve

    serve()
