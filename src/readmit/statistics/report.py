"""The printable report of one corridor and quarter: the three months and the quarter's total
of every indicator (cells and marks as the page shows them), the charts, and a note on
disclosure control, in the reader's language.

The text is set in Noto Sans CJK (as the travel documents are, readmit.traveldocs.pdf), which
also covers Latin and the page's dashes and arrows; fpdf2 embeds only the glyphs used. Its
65,535 glyphs cost fpdf2 about a second a report (it reads every width when the face is added,
and subsets the whole face when the file is written), so reports are set in the face cut down
to what a report can hold: every character of the face before the CJK blocks, and the CJK
characters of the Chinese catalogue, of state names and of dates. The cut is made once
(a few seconds) and kept under READMIT_HOME/fonts; a report with a character that it lacks
is set again in the whole face.
"""

import hashlib
import io
import os
import re
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime
from functools import cache
from html import unescape
from importlib.metadata import version
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from fpdf import FPDF
from fpdf.fonts import FontFace, TTFFont

from readmit import i18n
from readmit.config import get_settings
from readmit.errors import FieldProblem, Invalid
from readmit.i18n import _
from readmit.i18n.formats import format_datetime, state_name
from readmit.labels import route
from readmit.statistics import charts
from readmit.statistics.months import Month
from readmit.statistics.schemas import COUNTS, MEASURES, CorridorIndicators
from readmit.traveldocs.pdf import NATIVE_FACE, NATIVE_FONT

QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.ASCII)
PAGE = (210.0, 297.0)  # A4, mm
MARGIN = 15.0
WIDTH = PAGE[0] - 2 * MARGIN
PLOT_HEIGHT = 150  # the charts' plotting area, lower than on screen: three charts a page
# The page's own note (its message id, HTML escapes and all), so the two say the same words.
DISCLOSURE = (
    'Aggregates only. "&lt;5": from 1 to 4 cases. "x": withheld so that totals do not reveal '
    'a count under 5. Times and shares from fewer than 5 cases show "&lt;5".'
)


def parse_quarter(value: str | None, *, now: datetime) -> tuple[Month, Month]:
    """ "2026-Q3" as its first and last months; Invalid for anything else, or for a quarter
    that has not begun."""
    found = QUARTER.fullmatch((value or "").strip().upper())
    if found is None or int(found[1]) < 1:
        problem = (
            _("not a quarter (YYYY-Qn, e.g. 2026-Q3): {value}", value=value)
            if value
            else _("choose a quarter (YYYY-Qn, e.g. 2026-Q3)")
        )
        raise Invalid([FieldProblem(("query", "quarter"), problem)])
    year, first = int(found[1]), 3 * int(found[2]) - 2
    if (year, first) > (now.year, now.month):
        problem = _("{quarter} has not begun yet", quarter=found[0])
        raise Invalid([FieldProblem(("query", "quarter"), problem)])
    return (year, first), (year, first + 2)


def quarter_of(month: str) -> str:
    """The quarter of a month: "2026-08" is in "2026-Q3"."""
    year, number = month.split("-")
    return f"{year}-Q{(int(number) - 1) // 3 + 1}"


def quarters(first: str, last: str) -> list[str]:
    """The quarters that a period of months ("YYYY-MM") touches, the latest first."""
    start, end = quarter_of(first), quarter_of(last)
    found = [end]
    while found[-1] > start:
        year, number = int(found[-1][:4]), int(found[-1][-1])
        found.append(f"{year}-Q{number - 1}" if number > 1 else f"{year - 1}-Q4")
    return found


FIRST_CJK = 0x2E80  # CJK radicals onwards: only the characters a report can hold are kept


def _cjk_text() -> str:
    """Every CJK character a report can hold: the Chinese catalogue's, and those of state
    names and of dates in Chinese."""
    with (i18n.LOCALES_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    text = "".join(
        "".join(m.string) if isinstance(m.string, tuple | list) else str(m.string or "")
        for m in catalogue
    )
    chinese = Locale.parse("zh_Hans")
    text += "".join(chinese.territories.values())
    for patterns in (chinese.date_formats, chinese.time_formats, chinese.datetime_formats):
        text += "".join(str(pattern) for pattern in patterns.values())
    return "".join(sorted({c for c in text if ord(c) >= FIRST_CJK}))


def _cut(wanted: str, path: Path) -> None:
    """Write the face reduced to the characters before the CJK blocks and `wanted`."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with NATIVE_FONT.open("rb") as stream:
        font = TTFont(stream, fontNumber=NATIVE_FACE)
        drawn = font.getBestCmap()
        points = {c for c in drawn if c < FIRST_CJK} | {ord(c) for c in wanted if ord(c) in drawn}
        options = subset.Options()
        options.layout_features = []  # fpdf2 drops the layout tables anyway
        options.notdef_outline = True
        options.hinting = False  # print, not screens
        options.name_IDs = ["*"]  # the face keeps its name in the PDF
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=points)
        subsetter.subset(font)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            font.save(out)
    os.replace(temporary, path)  # whole or not at all, for another process reading it


_cutting = threading.Lock()


@cache
def cut_face() -> Path:
    """The face cut down for reports: from READMIT_HOME/fonts, or cut now and kept there."""
    wanted = _cjk_text()
    key = hashlib.sha256(wanted.encode()).hexdigest()[:8]
    path = get_settings().home / "fonts" / f"report-{version('noto-cjk-sans-otc')}-{key}.otf"
    with _cutting:
        if not path.exists():
            _cut(wanted, path)
    return path


class _Report(FPDF):
    """A4 pages with the corridor, the quarter and the page number at the foot."""

    foot = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("native", "", 8)
        self.set_text_color(74, 74, 74)
        page = _("Page {page} of {pages}", page=self.page_no(), pages="{nb}")
        self.cell(0, 5, f"{self.foot} · {page}", align="C")


def _line(pdf: FPDF, text: str, size: float, *, gap: float = 1.5) -> None:
    pdf.set_font("native", "", size)
    pdf.multi_cell(WIDTH, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _table(pdf: FPDF, corridor: CorridorIndicators, heading: Callable[[str], str]) -> None:
    """One row per indicator the reader is given: the months, then the quarter's total."""
    rows = [*corridor.months, corridor.total]
    figures = 22.0
    pdf.set_font("native", "", 8.5)
    with pdf.table(
        col_widths=(WIDTH - figures * len(rows), *(figures,) * len(rows)),
        width=WIDTH,
        text_align=("LEFT", *("RIGHT",) * len(rows)),
        headings_style=FontFace(emphasis="", fill_color=(232, 232, 232)),
        line_height=4.2,
        padding=1.2,
    ) as table:
        top = table.row()
        top.cell(_("Indicator"))
        for row in corridor.months:
            top.cell(row.month)
        top.cell(_("Quarter total"))
        for name in [*charts.given(corridor, COUNTS), *MEASURES]:
            line = table.row()
            line.cell(heading(name))
            for row in rows:
                value = getattr(row, name, None)
                line.cell(charts.cell_text(value, share=name in charts.SHARES))


def _document(
    corridor: CorridorIndicators,
    quarter: str,
    state: str,
    generated_at: datetime,
    heading: Callable[[str], str],
    face: tuple[Path, int],
) -> _Report:
    """The report laid out in the face `face` (file, number in its collection); the last
    page's foot, which holds nothing the other feet do not, is set when it is written."""
    pair = route(corridor.requesting_state, corridor.requested_state)
    pdf = _Report(unit="mm", format="A4")
    pdf.foot = f"{pair} · {quarter}"
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(_("Readmission statistics: {route}, {quarter}", route=pair, quarter=quarter))
    pdf.set_creator("Readmit")
    pdf.set_lang(i18n.TAGS[i18n.current()])
    pdf.add_font("native", fname=str(face[0]), collection_font_number=face[1])
    # The glyphs' bounds, redrawn from their outlines each time the subset is written (half
    # of a Chinese report's time), only shrink the font's box, which a PDF reader ignores.
    native = pdf.fonts["native"]
    if isinstance(native, TTFFont):
        native.ttfont.recalcBBoxes = False
    pdf.add_page()
    _line(pdf, _("Readmission statistics: {route}, {quarter}", route=pair, quarter=quarter), 16)
    names = route(corridor.requesting_state, corridor.requested_state, names=True)
    _line(pdf, names, 11)
    months = [row.month for row in corridor.months]
    if months:
        period = _("{first} to {last}", first=months[0], last=months[-1])
        _line(pdf, _("Quarter {quarter}: {period}", quarter=quarter, period=period), 10)
    by = f"{state_name(state)} ({state})"
    moment = format_datetime(generated_at)
    _line(pdf, _("Generated on {moment} by {state}", moment=moment, state=by), 10, gap=4)
    _table(pdf, corridor, heading)
    pdf.ln(2)
    pdf.set_text_color(74, 74, 74)
    _line(pdf, unescape(_(DISCLOSURE)), 8.5, gap=4)
    pdf.set_text_color(27, 27, 27)
    for index, chart in enumerate(charts.corridor_charts(corridor, heading)):
        drawing = charts.svg(
            chart,
            f"chart-{index}",
            font="native",
            accessible=False,
            patterns=False,
            plot_height=PLOT_HEIGHT,
        )
        height = WIDTH * drawing.height / charts.WIDTH
        if pdf.will_page_break(height + 10):
            pdf.add_page()
        _line(pdf, chart.title, 11, gap=1)
        pdf.image(io.BytesIO(drawing.markup.encode()), x=MARGIN, w=WIDTH)
        pdf.ln(4)
    return pdf


def render(
    *,
    corridor: CorridorIndicators,
    quarter: str,
    state: str,
    generated_at: datetime,
    heading: Callable[[str], str],
) -> bytes:
    """The PDF of a corridor's quarter, generated by `state` at `generated_at`."""
    content = (corridor, quarter, state, generated_at, heading)
    pdf = _document(*content, face=(cut_face(), 0))
    if any(isinstance(f, TTFFont) and f.missing_glyphs for f in pdf.fonts.values()):
        pdf = _document(*content, face=(Path(str(NATIVE_FONT)), NATIVE_FACE))
    return bytes(pdf.output())
