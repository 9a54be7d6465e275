"""Line and bar charts of a corridor's indicators, drawn on the server as SVG.

What to chart (a corridor's indicators grouped by kind) and the charts themselves. One
drawing serves the page (inline, named by its <title> and <desc>, its data table beside it)
and the PDF report (fpdf2 draws the same SVG; see readmit.statistics.drawing).

Only numbers are plotted: a withheld cell ("<5", "x") or one with nothing to compute leaves a
gap (a break in the line, no bar), never a number. Colour is never the only cue: each series
also has its own dash and marker (lines) or fill (bars), shown in the legend; every colour
has a contrast of at least 4.5:1 on white.
"""

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from readmit.i18n import N_, _
from readmit.statistics import drawing
from readmit.statistics.drawing import (
    COLOURS,
    DASHES,
    FONT,
    GRID,
    INK,
    MARKERS,
    MUTED,
    Canvas,
    Kind,
    n,
)
from readmit.statistics.schemas import COUNTS, FLOWS, MEASURES, Cell, CorridorIndicators

WIDTH = 720
PLOT_HEIGHT = 220
LINE = 18  # px from one legend row to the next
GAP_NOTE = N_(
    'Values withheld ("<5", "x") or missing (–) are not plotted: they leave a gap. '
    "The table beside the chart gives every value."
)

# The decision's outcomes, drawn as bars rather than lines beside their sum.
OUTCOMES = ("confirmed", "rejected", "deemed_accepted")
# Measures that are shares of 1, drawn and written as percentages.
SHARES = frozenset({"decided_within_deadline"})
FAMILY_TITLES = {
    "interviews": N_("Consular interviews per month"),
    "charters": N_("Charter flights per month"),
    "releases": N_("Releases from custody per month"),
}
TIME_TITLES = {
    "decision_days": N_("Days to decision: median and 90th percentile"),
    "document_days": N_("Days from confirmation to travel document: median and 90th percentile"),
    "departure_days": N_("Days from travel document to departure: median and 90th percentile"),
}


@dataclass(frozen=True)
class Series:
    """One indicator's values, a cell per month."""

    key: str
    label: str
    values: tuple[Cell, ...]


@dataclass(frozen=True)
class Chart:
    """What to draw: a title, the unit of the values axis, the months and the series."""

    key: str
    kind: Kind
    title: str
    unit: str
    months: tuple[str, ...]
    series: tuple[Series, ...]
    percent: bool = False


def plotted(value: Cell) -> float | None:
    """The number to plot, or None for a withheld, missing or unplottable cell."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def cell_text(value: Cell, *, share: bool = False) -> str:
    """A cell as the page writes it: "–" for nothing, marks as they are, shares in percent."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if share:
        return f"{value * 100:.1f} %"
    return str(value)


def _words(name: str) -> str:
    """An indicator's name as words, for one that has no heading yet."""
    return name.replace("_", " ").capitalize()


def given(corridor: CorridorIndicators, names: Sequence[str]) -> list[str]:
    """The counts that this reader is given: a count empty in every month and in the total
    is not counted for them (custody, for the requested state)."""
    rows = [*corridor.months, corridor.total]
    return [name for name in names if any(getattr(row, name, None) is not None for row in rows)]


def _families(names: Sequence[str]) -> dict[str, list[str]]:
    """Counts grouped by their first word where several share it ("interviews_granted",
    "interviews_refused"), the others together under ""."""
    first = Counter(name.split("_")[0] for name in names)
    found: dict[str, list[str]] = {"": []}
    for name in names:
        word = name.split("_")[0]
        found.setdefault(word if first[word] > 1 else "", []).append(name)
    return found


def corridor_charts(corridor: CorridorIndicators, heading: Callable[[str], str]) -> list[Chart]:
    """The charts of a corridor's months: events per month (a chart per family of them),
    stocks at month end, decisions by outcome, each time's median and 90th percentile, each
    other measure. A new indicator of the schemas joins the chart of its kind."""
    months = tuple(row.month for row in corridor.months)

    def series(names: Sequence[str]) -> tuple[Series, ...]:
        return tuple(
            Series(name, heading(name), tuple(getattr(row, name, None) for row in corridor.months))
            for name in names
        )

    counts = given(corridor, COUNTS)
    flows = [name for name in counts if name in FLOWS and name not in OUTCOMES]
    cases, days = _("Cases"), _("Days")
    found = []
    for word, names in _families(flows).items():
        if not word:
            title = _("Case events per month")
        elif word in FAMILY_TITLES:
            title = _(FAMILY_TITLES[word])
        else:
            title = _("{events} per month", events=_words(word))
        found.append(Chart(f"flows-{word or 'cases'}", "line", title, cases, months, series(names)))
    stocks = [name for name in counts if name not in FLOWS]
    found.append(
        Chart("stocks", "line", _("Open cases at month end"), cases, months, series(stocks))
    )
    outcomes = [name for name in OUTCOMES if name in counts]
    found.append(
        Chart("outcomes", "bar", _("Decisions by outcome"), cases, months, series(outcomes))
    )
    stems = [name.removesuffix("_median") for name in MEASURES if name.endswith("_median")]
    for stem in stems:
        title = (
            _(TIME_TITLES[stem])
            if stem in TIME_TITLES
            else _("{measure}: median and 90th percentile", measure=_words(stem))
        )
        names = [name for name in (f"{stem}_median", f"{stem}_p90") if name in MEASURES]
        found.append(Chart(stem, "bar", title, days, months, series(names)))
    paired = {f"{stem}{end}" for stem in stems for end in ("_median", "_p90")}
    for name in MEASURES:
        if name not in paired:
            share = name in SHARES
            unit = _("Share of the decisions, %") if share else _("Value")
            found.append(Chart(name, "line", heading(name), unit, months, series([name]), share))
    return [chart for chart in found if chart.series]


def _legend(canvas: Canvas, chart: Chart, top: float) -> float:
    """The legend in rows from `top`; returns where the rows end."""
    x, y = 10.0, top + FONT
    for index, series in enumerate(chart.series):
        room = 34 + drawing.text_width(series.label, FONT) + 18
        if x > 10 and x + room > WIDTH - 10:
            x, y = 10.0, y + LINE
        drawing.swatch(canvas, chart.kind, x, y, index)
        canvas.text(x + 34, y, series.label)
        x += room
    return y + 8


def _scale(chart: Chart) -> tuple[list[float], bool]:
    """The values axis' ticks, and whether anything at all is plotted."""
    values = [
        number * (100 if chart.percent else 1)
        for series in chart.series
        for number in map(plotted, series.values)
        if number is not None
    ]
    integer = not chart.percent and all(
        isinstance(value, int)
        for series in chart.series
        for value in series.values
        if plotted(value) is not None
    )
    low = min([0.0, *values])
    high = max([100.0 if chart.percent else 0.0, *values])
    return drawing.ticks(low, high, integer=integer), bool(values)


def _month_step(count: int, band: float, months: Sequence[str]) -> int:
    """Every how many months a month is named on the time axis, so that names do not touch."""
    widest = max((drawing.text_width(month, FONT) for month in months), default=0) + 8
    return next((step for step in (1, 2, 3, 4, 6, 12, 24) if step * band >= widest), 60)


@dataclass(frozen=True)
class Drawing:
    """An <svg> element and its height in its own units (its width is WIDTH)."""

    markup: Markup
    height: float

    def __html__(self) -> Markup:
        return self.markup

    def __str__(self) -> str:
        return str(self.markup)


def svg(
    chart: Chart,
    chart_id: str,
    *,
    font: str | None = None,
    accessible: bool = True,
    patterns: bool = True,
    plot_height: int = PLOT_HEIGHT,
) -> Drawing:
    """The chart as an SVG element: named by its <title> and <desc> (`accessible`, for the
    page), its text in `font` (for the PDF; the page's own font otherwise), hatching as
    patterns (not for fpdf2, which draws the PDF's charts)."""
    canvas = Canvas(escape(chart_id) if patterns else None)
    legend_end = _legend(canvas, chart, 6)
    ticks, anything = _scale(chart)
    step = ticks[1] - ticks[0]
    labels = [drawing.number(tick, step) for tick in ticks]
    left = 14 + max(drawing.text_width(label, FONT) for label in labels)
    canvas.text(10, legend_end + FONT + 2, chart.unit, fill=MUTED)
    top = legend_end + FONT + 14
    bottom, right = top + plot_height, WIDTH - 12

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * plot_height

    grid = "".join(f"M{n(left)},{n(y_of(tick))}H{right}" for tick in ticks if tick)
    canvas.add("path", d=grid, stroke=GRID, stroke_width=1, fill="none")
    # The values axis and the zero line (the scale always holds 0) in ink, over the grid.
    axes = f"M{n(left)},{n(top)}V{n(bottom)}M{n(left)},{n(y_of(0))}H{right}"
    for tick, label in zip(ticks, labels, strict=True):
        canvas.text(left - 6, y_of(tick) + 4, label, anchor="end")
    count = len(chart.months)
    band = (right - left) / max(count, 1)
    every = _month_step(count, band, chart.months)
    for i, month in enumerate(chart.months):
        if i % every == 0:
            x = left + band * (i + 0.5)
            axes += f"M{n(x)},{n(bottom)}v4"
            canvas.text(x, bottom + FONT + 6, month, anchor="middle")
    canvas.add("path", d=axes, stroke=INK, stroke_width=1, fill="none")
    canvas.text((left + right) / 2, bottom + 2 * FONT + 14, _("Month"), anchor="middle", fill=MUTED)
    scale = 100 if chart.percent else 1
    draw = _lines if chart.kind == "line" else _bars
    draw(canvas, chart, left, band, y_of, scale)
    if not anything:
        canvas.text(
            (left + right) / 2, top + plot_height / 2, _("Nothing to plot"), anchor="middle"
        )
    height = round(bottom + 2 * FONT + 24)
    # White under everything, so that the contrast holds wherever the chart is put.
    canvas.parts.insert(0, f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>')
    head = ""
    labelled = ""
    if accessible:
        kind = _("Line chart") if chart.kind == "line" else _("Bar chart")
        names = "; ".join(series.label for series in chart.series)
        period = (
            _("{first} to {last}", first=chart.months[0], last=chart.months[-1])
            if chart.months
            else _("no months")
        )
        desc = f"{kind}: {names} ({period}). {_(GAP_NOTE)}"
        head = (
            f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        )
        labelled = drawing.attributes(
            role="img", aria_labelledby=f"{chart_id}-title {chart_id}-desc"
        )
    # Size, font and ink once for every text below.
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" class="chart"'
        f"{drawing.attributes(width=WIDTH, height=height, viewBox=f'0 0 {WIDTH} {height}')}"
        f"{drawing.attributes(font_size=FONT, font_family=font, fill=INK)}{labelled}>"
    )
    return Drawing(Markup(opening + head + "".join(canvas.parts) + "</svg>"), height)


YOf = Callable[[float], float]


def _lines(canvas: Canvas, chart: Chart, left: float, band: float, y_of: YOf, scale: int) -> None:
    """Each series as lines between neighbouring plotted months, broken at every gap."""
    radius = 3.5 if band >= 12 else 2.5
    for index, series in enumerate(chart.series):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(series.values):
            number = plotted(value)
            if number is None:
                runs.append([])
                continue
            runs[-1].append((left + band * (i + 0.5), y_of(number * scale)))
        for run in runs:
            if len(run) > 1:
                canvas.add(
                    "polyline",
                    points=" ".join(f"{n(x)},{n(y)}" for x, y in run),
                    fill="none",
                    stroke=colour,
                    stroke_width=2,
                    stroke_dasharray=dash or None,
                )
        points = [point for run in runs for point in run]
        drawing.markers(canvas, MARKERS[index % len(MARKERS)], points, radius, colour)


def _bars(canvas: Canvas, chart: Chart, left: float, band: float, y_of: YOf, scale: int) -> None:
    """Each month's bars side by side; a withheld cell's mark stands where its bar would."""
    count = max(len(chart.series), 1)
    width = band * 0.8 / count
    base = y_of(0)
    for index, series in enumerate(chart.series):
        boxes: list[drawing.Box] = []
        zeros = ""
        for i, value in enumerate(series.values):
            x0 = left + band * i + band * 0.1 + width * index
            number = plotted(value)
            if number is None:
                if isinstance(value, str) and drawing.text_width(value, FONT) <= width + 4:
                    canvas.text(x0 + width / 2, base - 4, value, anchor="middle", fill=MUTED)
                continue
            y = y_of(number * scale)
            if abs(y - base) < 1:  # a bar too thin to see (a zero): a line on the axis
                zeros += f"M{n(x0)},{n(base - 1)}H{n(x0 + width)}"
                continue
            boxes.append((x0, min(y, base), x0 + width, max(y, base)))
        drawing.bars(canvas, boxes, index)
        if zeros:
            colour = COLOURS[index % len(COLOURS)]
            canvas.add("path", d=zeros, stroke=colour, stroke_width=2, fill="none")
