"""Reading the MRZ of a scanned passport data page by OCR, for the officer to check.

PassportEye (`passporteye`) finds the machine-readable zone on the page (a morphological
search for the band of text at its foot, straightened) and reads it with Debian's
`tesseract-ocr`; `mrz_repair` turns what it read into two TD3 lines. The answer is those
lines and, when their check digits fail, the field that fails (`parse_td3`'s MRZError), so
the officer corrects that character against the passport: nothing read here is taken as
verified. A scan that is not a JPEG, PNG or PDF, that cannot be decoded within
`readmit.uploads`' limits, or that shows no MRZ is refused (ScanRefused, with a reason to
show); a server without tesseract says so (OcrUnavailable).

The scan is decoded in `readmit.uploads`' worker (its limits) into a grey PNG of at most
MAX_SIDE pixels a side, turned upright (a PDF: its first page). PassportEye reads that in a
process of its own (`python -m readmit.documents.ocr`), at most `uploads.DECODERS` at a
time, within OCR_SECONDS and OCR_MEMORY: importing it alone takes a second or more and
150 MB that the server keeps free, more than the decoders' time limit allows. Nothing is
stored.
"""

import io
import json
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageOps

from readmit import uploads
from readmit.documents import mrz_cells, mrz_repair
from readmit.documents.mrz import TD3, MRZError, parse_td3
from readmit.errors import DomainError
from readmit.i18n import _

__all__ = ["MrzRead", "OcrUnavailable", "ScanRefused", "read_scan"]

MAX_SIDE = 2400  # px: MRZ characters stay 20 px or more on a whole open passport
OCR_SECONDS = 40.0  # a second or two on an idle machine; much more only under heavy load
OCR_MEMORY = 2**30
LINE_HEIGHTS = (26, 22, 30)  # px: where tesseract reads OCR-B best, best first
_readers = threading.BoundedSemaphore(uploads.DECODERS)


class ScanRefused(ValueError):
    """The scan cannot be read; the message says why, in words for the officer."""


class OcrUnavailable(DomainError):
    """The server has no tesseract-ocr."""

    status_code = 503


@dataclass(frozen=True)
class MrzRead:
    """Two TD3 lines read by OCR; `problem` names the failing field when a check fails."""

    lines: tuple[str, str]
    problem: MRZError | None

    @property
    def valid(self) -> bool:
        """Every check digit passes."""
        return self.problem is None

    @property
    def td3(self) -> TD3 | None:
        """The parsed fields, only when every check passes."""
        return None if self.problem else parse_td3(self.lines)

    def fields(self) -> dict[str, str]:
        """The fields of a valid read, dates in ISO form (empty when a check fails)."""
        td3 = self.td3
        if td3 is None:
            return {}
        return {
            "document_code": td3.document_code,
            "issuing_state": td3.issuing_state,
            "surname": td3.surname,
            "given_names": td3.given_names,
            "document_number": td3.document_number,
            "nationality": td3.nationality,
            "birth_date": td3.birth_date_iso(),
            "sex": td3.sex,
            "expiry_date": td3.expiry_date_iso(),
            "optional_data": td3.optional_data,
        }


def available() -> bool:
    """Whether this machine has tesseract-ocr."""
    return shutil.which("tesseract") is not None


def read_scan(data: bytes) -> MrzRead:
    """The MRZ of a passport data page scanned as JPEG, PNG or PDF (its first page)."""
    if not data:
        raise ScanRefused(_("the file is empty"))
    if len(data) > uploads.MAX_SCAN_BYTES:
        limit = uploads.MAX_SCAN_BYTES // 2**20
        raise ScanRefused(_("the file is larger than the {limit} MB limit", limit=limit))
    if uploads.sniff(data) is None:
        raise ScanRefused(
            _(
                "send a JPEG, PNG or PDF scan of the data page: this file is {what}",
                what=uploads.described(data),
            )
        )
    if not available():
        raise OcrUnavailable(_("Reading a scan needs tesseract-ocr on the server"))
    try:
        page = uploads.run(page_png, data)
    except uploads.Refused as exc:
        raise ScanRefused(str(exc)) from None
    lines = mrz_repair.best_read(_readings(page))
    if lines is None:
        raise ScanRefused(
            _(
                "no machine-readable zone was found: scan the whole data page, upright, "
                "with the two lines of letters and <<< at its foot sharp and unobstructed"
            )
        )
    try:
        parse_td3(lines)
    except MRZError as exc:
        return MrzRead(lines, exc)
    return MrzRead(lines, None)


def page_png(data: bytes) -> bytes:
    """In the decoder: the scan upright, in grey, at most MAX_SIDE pixels a side, as PNG."""
    if uploads.sniff(data) == "application/pdf":
        image = next(uploads.pdf_pages(data), None)
        if image is None:
            raise uploads.Refused("the PDF has no pages")
    else:
        image = ImageOps.exif_transpose(uploads.decode_image(data, formats=("JPEG", "PNG")))
    grey = image.convert("L")
    grey.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    grey.save(buffer, "PNG")
    return buffer.getvalue()


def _readings(page: bytes) -> list[mrz_repair.Reading]:
    """What the reader process found on the page (see `readings`)."""
    if not _readers.acquire(timeout=OCR_SECONDS):
        raise uploads.Busy(_("the server is busy reading other scans; try again in a minute"))
    try:
        # A session of its own, so that a reader past its time goes with its tesseract.
        with subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        ) as reader:
            try:
                answer, log = reader.communicate(page, timeout=OCR_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(reader.pid, signal.SIGKILL)
                reader.communicate()
                raise ScanRefused(
                    _("reading the scan took longer than {n:g} seconds", n=OCR_SECONDS)
                ) from None
    finally:
        _readers.release()
    if reader.returncode < 0:  # killed: its memory limit, or a crash
        raise ScanRefused(_("the scan could not be read: the reader stopped"))
    if reader.returncode != 0:
        raise RuntimeError(f"the OCR reader failed:\n{log.decode(errors='replace')[-2000:]}")
    return [(text, kinds) for text, kinds in json.loads(answer)]


def readings(page: Image.Image) -> list[tuple[str, list[str] | None]]:
    """For every likely MRZ PassportEye finds on the page, the text it read and the kinds of
    its cells (`mrz_cells`)."""
    # Imported here, in the reader process only (see the module's docstring).
    from passporteye.mrz.image import FindFirstValidMRZ, MRZPipeline

    found: list[tuple[str, list[str] | None]] = []

    class Collect(FindFirstValidMRZ):
        """PassportEye's reading of every candidate zone, not only the one it prefers."""

        def __call__(self, boxes: Any, img: Any, img_small: Any, scale: Any, data: Any) -> Any:
            best = super().__call__(boxes, img, img_small, scale, data)
            for roi, text, _mrz in data.get("__debug__mrz", []):
                found.append((text, None if roi is None else mrz_cells.cells(roi)))
            return best

    pixels = np.asarray(page.convert("L"), dtype=np.float64) / 255.0  # as PassportEye reads
    pipeline = MRZPipeline(None)
    pipeline.replace_component("loader", lambda: pixels, ["img"], [])
    pipeline.replace_component("mrz", Collect())
    pipeline.result  # noqa: B018 (runs the pipeline)
    return [*_at_reading_sizes(pipeline.data.get("__debug__mrz", [])), *found]


def _at_reading_sizes(zones: list[tuple[Any, str, Any]]) -> list[tuple[str, list[str] | None]]:
    """Each zone read again with its lines LINE_HEIGHTS pixels tall: tesseract's English
    model misreads far more MRZ characters much above or below that size."""
    from passporteye.util.ocr import ocr as read_text
    from skimage.transform import rescale

    again = []
    for roi, _text, _mrz in zones:
        height = None if roi is None else mrz_cells.line_height(roi)
        if height is None:
            continue
        for target in LINE_HEIGHTS:
            scaled = rescale(roi, target / height, anti_aliasing=target < height)
            again.append((read_text(scaled), mrz_cells.cells(scaled)))
    return again


def _serve() -> None:
    """The reader process: a PNG on stdin, its readings as JSON on stdout."""
    cpu = math.ceil(OCR_SECONDS) + 1  # should the server be gone, the reader still ends
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_AS, (OCR_MEMORY, OCR_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.environ["OMP_THREAD_LIMIT"] = "1"  # tesseract: one scan, one core
    os.environ["MPLBACKEND"] = "Agg"  # PassportEye imports matplotlib's pyplot
    page = Image.open(io.BytesIO(sys.stdin.buffer.read()), formats=("PNG",))
    with os.fdopen(os.dup(1), "w") as reply:
        os.dup2(2, 1)  # whatever a library prints goes to the log, not into the answer
        reply.write(json.dumps(readings(page)))


if __name__ == "__main__":
    _serve()
