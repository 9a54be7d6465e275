"""The pieces the charts are drawn with (readmit.statistics.charts): each series' style, a
canvas of SVG elements, markers, bars and legend samples, and a round scale.

Every style is an attribute, never CSS: the page's Content-Security-Policy forbids inline
styles, and fpdf2, which draws the same SVG into the PDF report, reads attributes only. A
page holds many charts of sixty months, so a series' bars are one path and its markers one
element, its hatching a <pattern> defined once, and coordinates are written to a tenth of a
unit without a trailing ".0". fpdf2 knows no <pattern> (and clips to one shape only): in the
PDF, whose three months make few bars, each bar's hatching is drawn as lines cut to it.
"""

import math
import unicodedata
from typing import Literal

from babel.numbers import format_decimal, format_scientific
from markupsafe import escape

from readmit.i18n import current

Kind = Literal["line", "bar"]

# Okabe-Ito hues, darkened where needed for contrast on white.
COLOURS = (
    "#0072B2",
    "#B35C00",
    "#007F5F",
    "#A0307A",
    "#222222",
    "#5B4BA8",
    "#8A6D00",
    "#B2182B",
)
DASHES = ("", "7 4", "2 3", "9 3 2 3", "14 4", "4 2 1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "down", "plus")
FILLS = ("solid", "forward", "outline", "backward", "cross", "level")
INK, MUTED, GRID = "#1b1b1b", "#4a4a4a", "#d0d0d0"
FONT = 12


def text_width(text: str, size: float) -> float:
    """About how wide a text is drawn: wide (CJK) characters a full em, others 0.6."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in text)


def ticks(low: float, high: float, *, integer: bool) -> list[float]:
    """Round steps (1, 2 or 5 × 10ⁿ) covering `low` to `high`, about five of them; each tick
    made from its decimal digits, so that 5 × 2e29 is 1e30 and not a float's neighbour."""
    if high <= low:
        high = low + 1
    raw = (high - low) / 5
    exponent = math.floor(math.log10(raw))
    digit = next(m for m in (1, 2, 5, 10) if m * 10.0**exponent >= raw * (1 - 1e-9))
    if digit == 10:
        digit, exponent = 1, exponent + 1
    if integer and exponent < 0:
        digit, exponent = 1, 0
    step = float(f"{digit}e{exponent}")
    first = math.floor(low / step + 1e-9)
    count = math.ceil((high - first * step) / step - 1e-9)
    return [float(f"{(first + i) * digit}e{exponent}") for i in range(count + 1)]


def number(value: float, step: float) -> str:
    """A tick's number in the reader's way, with as many decimals as the step needs; from a
    thousand million million on in powers of ten, so that the axis keeps its room."""
    if abs(value) >= 1e15:
        return format_scientific(value, format="0.##E0", locale=current())
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(round(value, decimals), format=pattern, locale=current())


def n(value: float) -> str:
    """A coordinate to a tenth: 35.6, 272 (not 272.0), 0 (not -0.0)."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def attributes(**values: object) -> str:
    """SVG attributes; names with underscores are written with hyphens, None is left out,
    numbers to a tenth."""
    return "".join(
        f' {name.replace("_", "-")}="{n(value) if isinstance(value, float) else escape(value)}"'
        for name, value in values.items()
        if value is not None and value != ""
    )


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


class Canvas:
    """SVG elements in drawing order. `ids` starts the id of each hatching pattern, unique on
    the page; None draws hatching as lines (for fpdf2)."""

    def __init__(self, ids: str | None) -> None:
        self.parts: list[str] = []
        self.ids = ids
        self.patterns: set[str] = set()

    def add(self, tag: str, **values: object) -> None:
        self.parts.append(f"<{tag}{attributes(**values)}/>")

    def text(
        self, x: float, y: float, words: str, *, anchor: str = "start", fill: str = INK
    ) -> None:
        """Text in the chart's size and font (set once on the <svg>), ink unless told."""
        attrs = attributes(
            x=float(x),
            y=float(y),
            fill=None if fill == INK else fill,
            text_anchor=None if anchor == "start" else anchor,
        )
        self.parts.append(f"<text{attrs}>{escape(words)}</text>")


def markers(
    canvas: Canvas, shape: str, points: list[tuple[float, float]], r: float, colour: str
) -> None:
    """A series' markers centred on its points, as one element."""
    if not points:
        return
    if shape == "circle":
        circles = "".join(f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r)}"/>' for x, y in points)
        canvas.parts.append(f'<g fill="{colour}">{circles}</g>')
        return
    corners = {
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "triangle": [(0, -1.2 * r), (1.1 * r, 0.9 * r), (-1.1 * r, 0.9 * r)],
        "down": [(0, 1.2 * r), (1.1 * r, -0.9 * r), (-1.1 * r, -0.9 * r)],
        "diamond": [(0, -1.3 * r), (1.3 * r, 0), (0, 1.3 * r), (-1.3 * r, 0)],
    }.get(shape)
    if corners is not None:
        d = "".join(
            "M" + "L".join(f"{n(x + dx)},{n(y + dy)}" for dx, dy in corners) + "Z"
            for x, y in points
        )
        canvas.add("path", d=d, fill=colour)
        return
    arms = [(-r, -r, r, r), (-r, r, r, -r)] if shape == "cross" else [(-r, 0, r, 0), (0, -r, 0, r)]
    d = "".join(
        f"M{n(x + a)},{n(y + b)}L{n(x + c)},{n(y + e)}" for x, y in points for a, b, c, e in arms
    )
    canvas.add("path", d=d, stroke=colour, stroke_width=2, fill="none")


def _hatch(x0: float, y0: float, x1: float, y1: float, fill: str) -> str:
    """Path data of a fill's lines across a box, cut to it (4 px apart)."""
    lines = []
    if fill in ("forward", "cross"):  # "/": x + y constant
        k = x0 + y0 + 4
        while k < x1 + y1:
            a, b = max(x0, k - y1), min(x1, k - y0)
            lines.append((a, k - a, b, k - b))
            k += 4
    if fill in ("backward", "cross"):  # "\": x - y constant
        k = x0 - y1 + 4
        while k < x1 - y0:
            a, b = max(x0, k + y0), min(x1, k + y1)
            lines.append((a, a - k, b, b - k))
            k += 4
    if fill == "level":
        y = y1 - 3
        while y > y0:
            lines.append((x0, y, x1, y))
            y -= 4
    return "".join(f"M{n(a)},{n(b)}L{n(c)},{n(d)}" for a, b, c, d in lines)


# A 4 × 4 tile of each hatching, its lines running on into the next tile.
TILES = {
    "forward": "M-1,1L1,-1M0,4L4,0M3,5L5,3",
    "backward": "M-1,3L1,5M0,0L4,4M3,-1L5,1",
    "cross": "M-1,1L1,-1M0,4L4,0M3,5L5,3M-1,3L1,5M0,0L4,4M3,-1L5,1",
    "level": "M0,1H4",
}


def _pattern(canvas: Canvas, fill: str, colour: str, index: int) -> str:
    """The name of a series' hatching pattern, defined on its first use in the chart."""
    name = f"{canvas.ids}-fill-{index}"
    if name not in canvas.patterns:
        canvas.patterns.add(name)
        canvas.parts.append(
            f'<defs><pattern id="{name}" patternUnits="userSpaceOnUse" width="4" height="4">'
            '<rect width="4" height="4" fill="#ffffff"/>'
            f'<path d="{TILES[fill]}" stroke="{colour}" stroke-width="1.2"/></pattern></defs>'
        )
    return name


def bars(canvas: Canvas, boxes: list[Box], index: int) -> None:
    """A series' bars (or its legend swatch) in its colour and fill, as one path."""
    if not boxes:
        return
    colour, fill = COLOURS[index % len(COLOURS)], FILLS[index % len(FILLS)]
    outline = "".join(f"M{n(x0)},{n(y0)}H{n(x1)}V{n(y1)}H{n(x0)}Z" for x0, y0, x1, y1 in boxes)
    hatched = fill not in ("solid", "outline")
    inside = colour if fill == "solid" else "#ffffff"
    if hatched and canvas.ids is not None:
        inside = f"url(#{_pattern(canvas, fill, colour, index)})"
    canvas.add("path", d=outline, fill=inside, stroke=colour, stroke_width=1.5)
    if hatched and canvas.ids is None:
        lines = "".join(_hatch(*box, fill) for box in boxes)
        canvas.add("path", d=lines, stroke=colour, stroke_width=1.2, fill="none")


def swatch(canvas: Canvas, kind: Kind, x: float, y: float, index: int) -> None:
    """The legend's sample of a series: a dashed line with its marker, or a bar's fill."""
    colour = COLOURS[index % len(COLOURS)]
    if kind == "bar":
        bars(canvas, [(x + 6, y - 11, x + 20, y + 1)], index)
        return
    dash = DASHES[index % len(DASHES)]
    canvas.add(
        "line",
        x1=float(x),
        y1=float(y - 5),
        x2=float(x + 28),
        y2=float(y - 5),
        stroke=colour,
        stroke_width=2,
        stroke_dasharray=dash or None,
    )
    markers(canvas, MARKERS[index % len(MARKERS)], [(x + 14, y - 5)], 3.5, colour)
