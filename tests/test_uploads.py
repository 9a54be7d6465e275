"""Decoding uploads in worker processes: what a hostile file can do to a worker (take too
long, too much memory, crash it) ends as a refusal with the reason, never in the server;
re-encoding keeps the pixels and nothing else."""

import io
import os
import time

import pytest
from PIL import Image, PngImagePlugin

from readmit import uploads
from tests.hostile_files import APPENDED, CAMERA, jpeg_with_exif_and_html


def test_a_worker_past_the_time_limit_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "DECODE_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(uploads.Refused, match=r"^reading the file took longer than 0.5 seconds$"):
        uploads.run(time.sleep, 30)
    assert time.monotonic() - started < 3


def test_a_worker_that_needs_too_much_memory_is_refused() -> None:
    with pytest.raises(uploads.Refused, match="needs more memory to read than is allowed"):
        uploads.run(bytes, 2 * uploads.DECODER_MEMORY)


def test_a_worker_that_crashes_is_refused_and_the_server_goes_on() -> None:
    with pytest.raises(uploads.Refused, match="the decoder stopped"):
        uploads.run(os.abort)
    assert uploads.run(bytes, 3) == bytes(3)


def test_too_many_files_at_once_are_told_to_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_PENDING", 0)
    with pytest.raises(uploads.Busy, match="try again in a minute") as refused:
        uploads.run(bytes, 3)
    assert refused.value.status_code == 503


def _png_with_text_and_profile() -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", CAMERA)
    buffer = io.BytesIO()
    Image.new("RGBA", (200, 160), (0, 0, 200, 128)).save(
        buffer, "PNG", pnginfo=text, icc_profile=b"secret profile"
    )
    return buffer.getvalue() + APPENDED


@pytest.mark.parametrize(
    ("data", "kind", "size"),
    [
        (jpeg_with_exif_and_html(rotated=True), "JPEG", (300, 240)),
        (_png_with_text_and_profile(), "PNG", (200, 160)),
    ],
    ids=["jpeg", "png"],
)
def test_reencoding_keeps_the_pixels_and_nothing_else(
    data: bytes, kind: str, size: tuple[int, int]
) -> None:
    assert CAMERA.encode() in data and APPENDED in data
    clean = uploads.run(uploads.reencode, data)
    assert CAMERA.encode() not in clean and APPENDED not in clean
    assert b"secret" not in clean
    image = Image.open(io.BytesIO(clean))
    assert image.format == kind and image.size == size and not image.info.get("icc_profile")
    assert not image.getexif() and not getattr(image, "text", {})
