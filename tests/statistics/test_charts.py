"""The SVG charts: only numbers plotted (withheld and missing cells leave gaps), a scale that
holds every value, names and descriptions for screen readers, styles that do not rest on
colour alone, charts that hold up with no months, one, sixty, zeros or huge numbers, and
markup that stays small at sixty months."""

import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from readmit.statistics import charts, drawing
from readmit.statistics.charts import Chart, Series
from readmit.statistics.schemas import COUNTS, MEASURES, CorridorIndicators, MonthIndicators
from readmit.web.pages.statistics import HEADINGS, heading

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = tuple(f"2026-{m:02d}" for m in range(1, 13))


def months(count: int) -> tuple[str, ...]:
    return tuple(f"{2022 + i // 12}-{i % 12 + 1:02d}" for i in range(count))


def draw(chart: Chart, **options: object) -> ET.Element:
    return ET.fromstring(str(charts.svg(chart, "chart-t", **options)))  # type: ignore[arg-type]


def line(*values: charts.Cell, percent: bool = False) -> Chart:
    series = (Series("submitted", "Applications submitted", values),)
    return Chart("t", "line", "Title", "Cases", months(len(values)), series, percent)


def bar(*values: charts.Cell) -> Chart:
    series = (Series("median", "Days to decision, median", values),)
    return Chart("t", "bar", "Title", "Days", months(len(values)), series)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def runs(root: ET.Element) -> list[int]:
    """The number of points of each unbroken line."""
    return [len(p.attrib["points"].split()) for p in root.iter(f"{SVG}polyline")]


def markers(root: ET.Element) -> int:
    """Plotted points: every series of these charts has circle markers (the first style)."""
    return sum(1 for c in root.iter(f"{SVG}circle"))


def outlines(root: ET.Element) -> list[str]:
    """The path data of each series' bars (and of its legend sample): outlined 1.5 wide."""
    paths = root.iter(f"{SVG}path")
    return [p.attrib["d"] for p in paths if p.attrib.get("stroke-width") == "1.5"]


def grid(root: ET.Element) -> list[float]:
    """The heights of the lines across the plotting area (to its right edge, 708)."""
    found = (re.findall(r"M[\d.]+,([\d.]+)H708", p.attrib["d"]) for p in root.iter(f"{SVG}path"))
    return [float(y) for ys in found for y in ys]


@pytest.mark.parametrize(
    ("values", "lines", "points"),
    [
        ((1, 2, 3), [3], 3),
        ((1, "<5", 3, 4), [2], 3),  # 1 stands alone; 3-4 a line
        (("x", 5, 6, "x", 7), [2], 3),
        ((None, None, 8), [], 1),
        (("<5", "x", None), [], 0),
        ((0, 0, 0), [3], 3),
        ((1, float("nan"), 2), [], 2),
    ],
)
def test_withheld_and_missing_cells_leave_gaps(
    values: tuple[charts.Cell, ...], lines: list[int], points: int
) -> None:
    root = draw(line(*values))
    assert runs(root) == lines
    assert markers(root) - 1 == points  # one more circle: the legend's sample


@pytest.mark.parametrize(
    ("values", "bars", "marks"),
    [
        ((3.0, 5.5, 7.0), 3, []),
        ((3.0, "<5", None), 1, ["<5"]),
        (("x", "x"), 0, ["x", "x"]),
        ((0.0, 4.0), 1, []),  # a zero is a line on the axis, not a bar
    ],
)
def test_bars_only_for_numbers(values: tuple[charts.Cell, ...], bars: int, marks: list) -> None:
    root = draw(bar(*values))
    legend = 1
    assert sum(d.count("Z") for d in outlines(root)) - legend == bars
    assert [t for t in texts(root) if t in ("<5", "x")] == marks


@pytest.mark.parametrize(
    ("chart", "top", "bottom"),
    [
        (line(12, 7, 0), "15", "0"),
        (line(0, 0, 0), "1", "0"),  # all zeros: still a scale
        (line("<5", None), "1", "0"),
        (line(3, 10**12), "1,000,000,000,000", "0"),
        (line(3, 10**30), "1E30", "0"),
        (line(0.583, 0.9, percent=True), "100", "0"),
        (bar(0.3, 0.7), "0.8", "0.0"),
        (bar(-2.0, 4.0), "4", "-2"),
    ],
)
def test_the_scale_holds_every_value(chart: Chart, top: str, bottom: str) -> None:
    root = draw(chart)
    numbers = [t for t in texts(root) if re.fullmatch(r"-?[\d,.]+(E\d+)?", t)]
    assert numbers[0] == bottom and numbers[-1] == top
    # Every point inside the plotting area.
    lines = [
        float(y)
        for p in root.iter(f"{SVG}polyline")
        for y in re.findall(r",([\d.]+)", p.attrib["points"])
    ]
    heights = grid(root)
    assert len(heights) == len(numbers)  # a line at each tick, the zero line among them
    assert all(min(heights) - 0.1 <= y <= max(heights) + 0.1 for y in lines)


@pytest.mark.parametrize("count", [0, 1, 2, 12, 60])
def test_any_number_of_months(count: int) -> None:
    values = tuple(i * 7919 if i % 5 else "<5" for i in range(count))
    for chart in (line(*values), bar(*values)):
        root = draw(chart)
        named = [t for t in texts(root) if re.fullmatch(r"\d{4}-\d{2}", t)]
        assert 1 <= len(named) <= 12 if count else not named
        assert named[:1] == list(chart.months[:1])
        xs = [float(t.attrib["x"]) for t in root.iter(f"{SVG}text") if t.text in named]
        widest = drawing.text_width("2026-01", drawing.FONT)
        assert all(b - a >= widest for a, b in pairwise(xs))
    plotted = any(charts.plotted(value) is not None for value in values)
    assert ("Nothing to plot" in texts(draw(line(*values)))) == (not plotted)


def test_a_chart_is_named_and_described_for_screen_readers() -> None:
    root = draw(line(5, "<5", 7))
    assert root.attrib["role"] == "img"
    labelled = root.attrib["aria-labelledby"].split()
    assert labelled == ["chart-t-title", "chart-t-desc"]
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert (title.attrib["id"], title.text) == ("chart-t-title", "Title")
    assert desc.attrib["id"] == "chart-t-desc"
    assert "Line chart: Applications submitted" in (desc.text or "")
    assert "2022-01 to 2022-03" in (desc.text or "") and "not plotted" in (desc.text or "")
    assert "Applications submitted" in texts(root)  # the legend
    assert "Month" in texts(root) and "Cases" in texts(root)  # the axes
    assert "font-family" not in root.attrib  # the page's own font
    printed = draw(line(5), accessible=False, font="native")
    assert "role" not in printed.attrib and printed.find(f"{SVG}title") is None
    assert printed.attrib["font-family"] == "native"  # every text's, set once
    assert "style" not in str(charts.svg(line(5), "c"))  # the page forbids inline styles


def contrast(colour: str) -> float:
    """WCAG contrast of a colour on white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_colour_is_never_the_only_cue() -> None:
    assert all(contrast(colour) >= 4.5 for colour in drawing.COLOURS)
    styles = len(drawing.DASHES)
    assert len({(drawing.DASHES[i], drawing.MARKERS[i]) for i in range(styles)}) == styles
    assert len(set(drawing.FILLS)) == len(drawing.FILLS)
    series = tuple(Series(f"s{i}", f"Series {i}", (i, i + 1)) for i in range(4))
    root = draw(Chart("t", "line", "T", "Cases", months(2), series))
    dashes = [p.attrib.get("stroke-dasharray", "") for p in root.iter(f"{SVG}polyline")]
    assert len(set(dashes)) == 4
    legend = [t for t in texts(root) if t.startswith("Series")]
    assert legend == ["Series 0", "Series 1", "Series 2", "Series 3"]


def test_sixty_months_stay_small() -> None:
    values = tuple(1000 + i * 37.25 for i in range(60))
    series = tuple(Series(f"s{i}", f"Series {i}", values) for i in range(4))
    for kind, most in (("line", 17_000), ("bar", 11_000)):
        chart = Chart("t", kind, "T", "Cases", months(60), series)
        markup = str(charts.svg(chart, "chart-t"))
        assert len(markup) < most, kind
        # Coordinates to a tenth, without ".0"; text set in size and ink once, on the <svg>.
        assert not re.search(r"\d\.\d\d|\d\.0\b", markup), kind
        root = ET.fromstring(markup)
        assert (root.attrib["font-size"], root.attrib["fill"]) == ("12", drawing.INK)
        assert not any("font-size" in t.attrib for t in root.iter(f"{SVG}text"))
    # Bars: one path per series (and one for its legend sample), hatching as patterns named
    # after the chart, so that two charts on a page never share one.
    assert len(outlines(root)) == 2 * len(series)
    patterns = [p.attrib["id"] for p in root.iter(f"{SVG}pattern")]
    hatched = [i for i in range(len(series)) if drawing.FILLS[i] not in ("solid", "outline")]
    assert patterns == [f"chart-t-fill-{i}" for i in hatched]
    # fpdf2 draws the PDF's charts and knows no pattern: there, hatching is lines on each bar.
    printed = ET.fromstring(str(charts.svg(chart, "chart-t", patterns=False)))
    assert printed.find(f".//{SVG}pattern") is None
    lines = [p for p in printed.iter(f"{SVG}path") if p.attrib.get("stroke-width") == "1.2"]
    assert len(lines) == 2 * len(hatched)


def test_line_markers_one_element_per_series() -> None:
    series = tuple(Series(f"s{i}", f"Series {i}", (1, 2, "x", 4)) for i in range(3))
    root = draw(Chart("t", "line", "T", "Cases", months(4), series))
    assert runs(root) == [2, 2, 2]  # broken at the withheld month
    circles = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}circle") is not None]
    assert [len(g) for g in circles] == [1, 3]  # the legend's sample, the three points
    squares = [p.attrib["d"] for p in root.iter(f"{SVG}path") if p.attrib.get("fill") == "#B35C00"]
    assert [d.count("Z") for d in squares] == [1, 3]


def corridor(values: dict[str, charts.Cell]) -> CorridorIndicators:
    rows = [MonthIndicators(month=m, **values) for m in MONTHS[:3]]
    total = MonthIndicators(month="total", **values)
    return CorridorIndicators(
        requesting_state="USA", requested_state="CHN", months=rows, total=total
    )


def test_every_indicator_has_its_chart() -> None:
    found = charts.corridor_charts(corridor({name: 1 for name in COUNTS + MEASURES}), heading)
    drawn = [s.key for chart in found for s in chart.series]
    outcomes = [name for name in charts.OUTCOMES if name in COUNTS]
    assert sorted(drawn) == sorted(COUNTS + MEASURES)
    assert len(drawn) == len(set(drawn))
    kinds = {chart.key: chart.kind for chart in found}
    assert kinds["flows-cases"] == "line" and kinds["outcomes"] == "bar"
    assert kinds["decision_days"] == "bar"
    assert {s.key for c in found if c.key == "outcomes" for s in c.series} == set(outcomes)
    assert next(c for c in found if c.key == "decided_within_deadline").percent


def test_counts_not_given_are_not_drawn() -> None:
    given = {name: None if name == "submitted" else 0 for name in COUNTS}
    found = charts.corridor_charts(corridor(given), heading)
    assert "submitted" not in [s.key for chart in found for s in chart.series]


def test_an_indicator_without_a_heading_reads_as_words() -> None:
    assert heading("interviews_granted_late") == "Interviews granted late"
    assert heading("submitted") == HEADINGS["submitted"]
    assert charts.cell_text(0.5833, share=True) == "58.3 %"
    assert [charts.cell_text(v) for v in (None, "<5", "x", 12, 11.0)] == [
        "–",
        "<5",
        "x",
        "12",
        "11.0",
    ]
