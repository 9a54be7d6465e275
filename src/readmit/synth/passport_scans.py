"""Synthetic scans of a passport data page (ICAO 9303 TD3), for testing and measuring OCR.

The page is 125 × 88 mm; its MRZ is printed as the standard asks (Part 3, Part 4): two lines of
44 characters at 10 characters to the inch in OCR-B (Debian's `fonts-ocr-b`), their foot
about 4 and 12 mm above the page's lower edge. Above them a photo, labels and values in an
ordinary typeface, on a pale guilloche as security printing has. The scan can then be
degraded: turned by a few degrees, blurred, speckled with noise, inked lighter, saved as a
JPEG of low quality, laid on a larger scanner bed. No real person's data: the MRZ comes from
`build_td3` with whatever the caller gives.
"""

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

OCR_B = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
PAGE_MM = (125.0, 88.0)
PITCH_MM = 25.4 / 10  # 10 characters to the inch
LINE_FEET_MM = (12.0, 4.0)  # each MRZ line's foot above the page's lower edge


@dataclass(frozen=True)
class Degradation:
    """How the scan departs from a clean, straight print."""

    angle: float = 0.0  # degrees, anticlockwise
    blur: float = 0.0  # Gaussian radius in px
    noise: float = 0.0  # standard deviation of grey noise, 0-255
    speckle: float = 0.0  # share of pixels turned black or white
    ink: int = 20  # grey of the MRZ ink (0 black)
    jpeg_quality: int | None = None  # None: PNG
    bed: int = 0  # px of scanner bed around the page


def page(
    lines: tuple[str, str],
    *,
    width: int = 1200,
    degradation: Degradation = Degradation(),
    seed: int = 0,
    font: Path = OCR_B,
) -> bytes:
    """The data page as an image file, its MRZ `lines`."""
    rnd = random.Random(seed)
    px_per_mm = width / PAGE_MM[0]
    height = round(PAGE_MM[1] * px_per_mm)
    image = Image.new("L", (width, height), 238)
    draw = ImageDraw.Draw(image)
    _guilloche(draw, width, height, rnd)
    _visual_zone(draw, width, height, px_per_mm, rnd)
    _mrz(draw, lines, width, height, px_per_mm, font, degradation.ink)
    return _degrade(image, degradation, rnd)


def photo(*, width: int = 1200, seed: int = 0) -> bytes:
    """A picture with no MRZ: a sky, hills and a sun, as a JPEG."""
    rnd = random.Random(seed)
    height = width * 3 // 4
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(120 + 100 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade // 2, shade // 2 + 40, 230))
    for _ in range(6):
        x, r = rnd.randrange(width), rnd.randrange(width // 6, width // 2)
        green = (40 + rnd.randrange(60), 110 + rnd.randrange(80), 40)
        draw.ellipse((x - r, height * 2 // 3 - r // 3, x + r, height + r), fill=green)
    draw.ellipse((width * 3 // 4, height // 8, width * 3 // 4 + 90, height // 8 + 90), fill="gold")
    buffer = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(1.2)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _guilloche(draw: ImageDraw.ImageDraw, width: int, height: int, rnd: random.Random) -> None:
    for k in range(14):
        phase, amplitude = rnd.uniform(0, 6.3), height / rnd.uniform(8, 16)
        points = [
            (x, height / 2 + amplitude * math.sin(x / 37 + phase + k) + (k - 7) * height / 16)
            for x in range(0, width, 4)
        ]
        draw.line(points, fill=212, width=1)


def _visual_zone(
    draw: ImageDraw.ImageDraw, width: int, height: int, px_per_mm: float, rnd: random.Random
) -> None:
    mm = px_per_mm
    draw.rectangle((5 * mm, 10 * mm, 37 * mm, 52 * mm), fill=165)  # the holder's photo
    draw.ellipse((12 * mm, 16 * mm, 30 * mm, 36 * mm), fill=120)
    title = ImageFont.load_default(size=max(10, round(3.2 * mm)))
    small = ImageFont.load_default(size=max(8, round(1.8 * mm)))
    value = ImageFont.load_default(size=max(9, round(2.6 * mm)))
    draw.text((5 * mm, 3 * mm), "PASSPORT / PASSEPORT / PASAPORTE", fill=60, font=title)
    rows = [
        ("Surname / Nom", "SAMPLE"),
        ("Given names / Prénoms", "SPECIMEN"),
        ("Nationality / Nationalité", "UTOPIAN"),
        ("Date of birth / Date de naissance", f"{rnd.randrange(1, 28):02d} JAN 1980"),
        ("Date of expiry / Date d'expiration", "01 JAN 2035"),
    ]
    for row, (label, text) in enumerate(rows):
        y = (10 + row * 8) * mm
        draw.text((42 * mm, y), label, fill=90, font=small)
        draw.text((42 * mm, y + 2.4 * mm), text, fill=30, font=value)


def _mrz(
    draw: ImageDraw.ImageDraw,
    lines: tuple[str, str],
    width: int,
    height: int,
    px_per_mm: float,
    font_path: Path,
    ink: int,
) -> None:
    probe = ImageFont.truetype(str(font_path), 100)
    advance = probe.getlength("<") / 100  # of the font size; a monospace font
    font = ImageFont.truetype(str(font_path), round(PITCH_MM * px_per_mm / advance))
    left = (width - font.getlength(lines[0])) / 2
    for line, foot in zip(lines, LINE_FEET_MM, strict=True):
        draw.text((left, height - foot * px_per_mm), line, fill=ink, font=font, anchor="ls")


def _degrade(image: Image.Image, how: Degradation, rnd: random.Random) -> bytes:
    if how.bed:
        bed = Image.new("L", (image.width + 2 * how.bed, image.height + 2 * how.bed), 250)
        bed.paste(image, (how.bed, how.bed))
        image = bed
    if how.angle:
        image = image.rotate(how.angle, Image.Resampling.BICUBIC, expand=True, fillcolor=250)
    if how.blur:
        image = image.filter(ImageFilter.GaussianBlur(how.blur))
    if how.noise or how.speckle:
        rng = np.random.default_rng(rnd.randrange(2**32))
        pixels = np.asarray(image, dtype=np.float64)
        pixels += rng.normal(0.0, how.noise, pixels.shape) if how.noise else 0.0
        speckled = rng.random(pixels.shape) < how.speckle
        pixels[speckled] = np.where(rng.random(pixels.shape) < 0.5, 0.0, 255.0)[speckled]
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    if how.jpeg_quality:
        image.convert("RGB").save(buffer, "JPEG", quality=how.jpeg_quality)
    else:
        image.save(buffer, "PNG")
    return buffer.getvalue()
