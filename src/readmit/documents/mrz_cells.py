"""Where the fillers of a scanned MRZ are, from the shape of each printed character.

Tesseract's English model reads OCR-B's filler `<` poorly: a run of them comes back as
`K<K<<<KKKKE`, a few too many or too few, and the `<` between two given names as a `K` or
`X`. Line 2 has check digits that catch this; line 1 (the names) has none. But the MRZ is
printed at a fixed pitch, 44 characters a line (ICAO 9303 Part 3), and the filler's shape is
unlike any letter's or digit's: a chevron whose left end is a single point at mid-height
(every letter has a stem, a curve or a bar reaching the top or the bottom there) and whose
right end is open at mid-height (where a 4, pointed on its left too, has its stem).

So each line of the zone PassportEye found is cut into its 44 cells, and each cell is told
to be a filler, a letter, or unknown (blank, smudged). `align` then lays the OCR text over
the cells: fillers take `<`, letters take the letters OCR read, in order, with OCR's extra or
missing characters in a filler run absorbed. The cells are trusted only when they agree with
a line 2 whose check digits passed (`agrees`); otherwise the OCR text stands as read.
"""

import numpy as np
from scipy import ndimage

LINE = 44
FILLER, LETTER, UNKNOWN = "<", "A", "?"
LEFT_PART = 0.3  # of a character's ink width: where the filler's point is
# Misreads of a filler by the English model, cheaper to lay on a filler cell.
FILLER_LOOKALIKES = frozenset("KXESCL")
SPECK = 0.03  # of the line height squared: a blob of ink smaller than this is not print


def cells(roi: np.ndarray) -> list[str] | None:
    """The cell kinds of both lines (2 × 44 characters of FILLER, LETTER, UNKNOWN), or None
    when the zone cannot be cut into two lines of 44 evenly spaced characters."""
    ink = _ink(roi)
    bands = _bands(ink)
    if len(bands) < 2:
        return None
    kinds = []
    for top, bottom in bands[-2:]:
        line = _without_specks(ink[top:bottom])
        grid = _grid(line)
        if grid is None:
            return None
        kinds.append("".join(_kind(line, grid[0] + i * grid[1], grid[1]) for i in range(LINE)))
    return kinds


def line_height(roi: np.ndarray) -> float | None:
    """The height in pixels of the zone's lines (the taller of its last two), if found."""
    bands = _bands(_ink(roi))
    return max(bottom - top for top, bottom in bands[-2:]) if len(bands) >= 2 else None


def _ink(roi: np.ndarray) -> np.ndarray:
    """Dark pixels, by a threshold halfway between the paper and the ink."""
    grey = np.asarray(roi, dtype=np.float64)
    paper, dark = np.percentile(grey, 90), np.percentile(grey, 3)
    if paper - dark < 0.15 * max(paper, 1e-6):
        return np.zeros(grey.shape, dtype=bool)
    return grey < (paper + dark) / 2


def _bands(ink: np.ndarray) -> list[tuple[int, int]]:
    """The text lines: runs of rows with ink across a good part of the width."""
    rows = ink.sum(axis=1) > 0.04 * ink.shape[1]
    bands, start = [], None
    for y, inked in enumerate([*rows, False]):
        if inked and start is None:
            start = y
        elif not inked and start is not None:
            bands.append((start, y))
            start = None
    if not bands:
        return []
    tallest = max(bottom - top for top, bottom in bands)
    return [(top, bottom) for top, bottom in bands if bottom - top >= 0.6 * tallest]


def _without_specks(line: np.ndarray) -> np.ndarray:
    """The line without blobs far smaller than a character's stroke (dust, noise)."""
    labels, _count = ndimage.label(line)
    sizes = np.bincount(labels.ravel())
    keep = sizes >= max(4, SPECK * line.shape[0] ** 2)
    keep[0] = False
    return keep[labels]


def _grid(line: np.ndarray) -> tuple[float, float] | None:
    """(centre of the first cell, pitch) from the runs of inked columns, if they fall on a
    grid of 44."""
    columns = line.sum(axis=0) >= max(2, 0.08 * line.shape[0])
    runs, start = [], None
    for x, inked in enumerate([*columns, False]):
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            runs.append((start, x))
            start = None
    if len(runs) < LINE // 2:
        return None
    first, last = (runs[0][0] + runs[0][1]) / 2, (runs[-1][0] + runs[-1][1]) / 2
    pitch = (last - first) / (LINE - 1)
    if pitch < 4:
        return None
    centres = np.array([(a + b) / 2 for a, b in runs])
    offsets = (centres - first) / pitch
    on_grid = np.abs(offsets - np.round(offsets)) < 0.3
    if on_grid.mean() < 0.8:
        return None
    return first, pitch


def _kind(line: np.ndarray, centre: float, pitch: float) -> str:
    """FILLER, LETTER or UNKNOWN for the cell centred at `centre`, measured against the
    character's own height (a line still slightly aslant is taller than each character)."""
    left, right = max(0, round(centre - pitch / 2)), min(line.shape[1], round(centre + pitch / 2))
    ys, xs = np.nonzero(line[:, left:right])
    if len(xs) < 0.02 * pitch * line.shape[0] or ys.max() - ys.min() < 0.5 * line.shape[0]:
        return UNKNOWN  # blank, or a speck: nothing a character would print
    top, height = ys.min(), ys.max() - ys.min() + 1
    x0, x1 = xs.min(), xs.max()
    point = (ys[xs <= x0 + LEFT_PART * (x1 - x0)] - top) / height
    extent = point.max() - point.min()
    middle = abs((point.max() + point.min()) / 2 - 0.5)
    # The open end: nothing at mid-height on the right, where a 4 has its stem.
    arms = (ys[xs >= x1 - LEFT_PART * (x1 - x0)] - top) / height
    open_end = not np.any((arms > 0.4) & (arms < 0.6))
    return FILLER if extent < 0.55 and middle < 0.15 and open_end else LETTER


def agrees(kinds: str, line: str) -> bool:
    """Whether the cells of a line match its text: fillers where it has `<`, letters where
    it has any other character (unknown cells aside), in all but two places."""
    misses = sum(
        kind != UNKNOWN and (kind == FILLER) != (char == "<")
        for kind, char in zip(kinds, line, strict=True)
    )
    return misses <= 2


def align(kinds: str, text: str) -> str:
    """The 44 characters of a line: `<` in filler cells and OCR's characters, in order, in
    the others (a minimum-cost alignment of the text to the cells)."""
    n = len(text)
    inf = float("inf")
    cost = np.full((LINE + 1, n + 1), inf)
    step = np.zeros((LINE + 1, n + 1), dtype=np.int8)  # 1 match, 2 skip a char, 3 skip a cell
    cost[0, 0] = 0.0
    for i in range(LINE + 1):
        for j in range(n + 1):
            here = cost[i, j]
            if here == inf:
                continue
            if i < LINE and j < n and here + _match(kinds[i], text[j]) < cost[i + 1, j + 1]:
                cost[i + 1, j + 1], step[i + 1, j + 1] = here + _match(kinds[i], text[j]), 1
            if j < n and here + _extra(text[j]) < cost[i, j + 1]:
                cost[i, j + 1], step[i, j + 1] = here + _extra(text[j]), 2
            if i < LINE and here + _missing(kinds[i]) < cost[i + 1, j]:
                cost[i + 1, j], step[i + 1, j] = here + _missing(kinds[i]), 3
    out: list[str] = []
    i, j = LINE, n
    while i or j:
        move = step[i, j]
        if move == 1:
            i, j = i - 1, j - 1
            out.append("<" if kinds[i] == FILLER else text[j])
        elif move == 2:
            j -= 1
        else:
            i -= 1
            out.append("<")
    return "".join(reversed(out))


def _match(kind: str, char: str) -> float:
    if kind == UNKNOWN:
        return 0.0
    if kind == FILLER:
        # A letter read on a filler costs less than dropping it and missing the filler both.
        return 0.0 if char == "<" else 0.5 if char in FILLER_LOOKALIKES else 1.0
    return 1.0 if char == "<" else 0.0


def _extra(char: str) -> float:
    return 0.4 if char == "<" or char in FILLER_LOOKALIKES else 1.0


def _missing(kind: str) -> float:
    return 0.3 if kind == FILLER else 1.2
