"""The printable emergency travel document: a data page of ICAO ID-3 size (125 × 88 mm, the
passport page) with the particulars, the MRZ in a monospace face and the seal, on its own
page or on A4 with a verification hint for the border officer."""

import io
from importlib.resources import files
from typing import Literal

from fpdf import FPDF

from readmit.traveldocs import barcode
from readmit.traveldocs.models import TravelDocument

PageSize = Literal["A4", "ID3"]
ID3 = (125.0, 88.0)  # mm
A4 = (210.0, 297.0)
PHOTO = (24.0, 30.0)  # mm, in the data page's top left corner
HINT = (
    "Border and airline officers: the square barcode on this page is an ICAO 9303 Part 13 "
    "visible digital seal, signed by the issuing state. Scan it with any seal reader that "
    "holds the issuing state's CSCA certificate, or upload a scan or this PDF on the "
    '"Check a document" page of Readmit. A valid seal shows the same particulars as this '
    "page; refuse the document if any of them differ or if the seal is reported as not valid."
)
ROW_PITCH = 4.4  # mm between the particulars' rows
VALUE_FONT = 7.5  # pt, shrunk down to MIN_FONT for a value too long for its space
MIN_FONT = 5.0
# Noto Sans CJK (SIL OFL 1.1) from the installed wheel `noto-cjk-sans-otc`: the collection's
# face 2 is Simplified Chinese, which also covers traditional Han, kana, Hangul and Latin.
# fpdf2 embeds only the glyphs used, so a page stays a few kilobytes larger.
NATIVE_FONT = files("noto_cjk_sans_otc").joinpath("NotoSansCJK-Regular.ttc")
NATIVE_FACE = 2


def _photo(pdf: FPDF, photo: bytes | None, x: float, y: float) -> None:
    """The holder's photo in its box, or the box saying that none was supplied."""
    width, height = PHOTO
    pdf.rect(x, y, width, height)
    if photo is not None:
        pdf.image(io.BytesIO(photo), x=x, y=y, w=width, h=height, keep_aspect_ratio=True)
        return
    pdf.set_font("Helvetica", "", 6.5)
    pdf.set_xy(x, y + height / 2 - 4)
    pdf.multi_cell(width, 4, "No photo\nsupplied", align="C")


def _value(pdf: FPDF, text: str, room: float, *, native: bool) -> None:
    """A value in bold Helvetica, or in the CJK face when it has characters Helvetica lacks
    (Han, the dash of an unknown value), shrunk until it fits its room."""
    try:
        text.encode("latin-1")
        face, style, size = ("native", "", 8.0) if native else ("Helvetica", "B", VALUE_FONT)
    except UnicodeEncodeError:
        face, style, size = "native", "", 8.0
    pdf.set_font(face, style, size)
    while pdf.get_string_width(text) > room and size > MIN_FONT:
        size -= 0.25
        pdf.set_font(face, style, size)
    pdf.cell(room, 4, text)


def _data_page(
    pdf: FPDF,
    document: TravelDocument,
    holder: dict[str, str],
    photo: bytes | None,
    x: float,
    y: float,
) -> None:
    width, height = ID3
    pdf.set_draw_color(40, 40, 40)
    pdf.rect(x, y, width, height)
    pdf.set_xy(x + 4, y + 3)
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 4, f"EMERGENCY TRAVEL DOCUMENT - {document.issuing_state} - SINGLE JOURNEY")
    _photo(pdf, photo, x + 4, y + 10)
    # Beside the seal the short particulars; below it, with the page's width, the long ones.
    rows = [
        ("Document no.", document.number),
        ("Surname", holder["surname"]),
        ("Given names", holder["given_names"]),
        ("Native script", holder["native_name"]),
        ("Date of birth", holder["birth_date"]),
        ("Sex", holder["sex"]),
        ("Nationality", document.issuing_state),
        ("Date of issue", document.issued_on.isoformat()),
        ("Valid until", document.valid_until.isoformat()),
        ("Place of birth", holder["birth_place"]),
        ("Journey", document.route.replace(" ", " to ")),
        ("Authority", document.issuing_authority),
        ("Place of issue", document.place_of_issue),
    ]
    seal_x, seal_width = x + width - 38, 34.0
    for i, (label, value) in enumerate(rows):
        top = y + 10 + i * ROW_PITCH
        pdf.set_xy(x + 31, top)
        pdf.set_font("Helvetica", "", 6)
        pdf.cell(18, 4, label)
        room = (seal_x if top < y + 10 + seal_width else x + width - 4) - pdf.get_x() - 1
        _value(pdf, value or "—", room, native=label == "Native script")
    seal_png = barcode.png(document.seal, scale=8)
    pdf.image(io.BytesIO(seal_png), x=seal_x, y=y + 10, w=seal_width)
    pdf.set_font("Courier", "B", 12)
    for i, line in enumerate((document.mrz_line1, document.mrz_line2)):
        pdf.set_xy(x + 4, y + height - 14 + i * 5.5)
        pdf.cell(width - 8, 5.5, line)


def render(
    document: TravelDocument,
    holder: dict[str, str],
    *,
    photo: bytes | None = None,
    page: PageSize = "A4",
) -> bytes:
    """The PDF bytes of the document on an ID-3 or A4 page, with the photo if there is one."""
    size = A4 if page == "A4" else ID3
    pdf = FPDF(unit="mm", format=size)
    pdf.set_auto_page_break(False)
    pdf.set_title(f"Emergency travel document {document.number}")
    pdf.set_creator("Readmit")
    pdf.add_font("native", fname=str(NATIVE_FONT), collection_font_number=NATIVE_FACE)
    pdf.add_page()
    margin = 0.0 if page == "ID3" else 20.0
    _data_page(pdf, document, holder, photo, margin, margin)
    if page == "A4":
        pdf.set_xy(margin, margin + ID3[1] + 8)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(A4[0] - 2 * margin, 5, HINT)
    return bytes(pdf.output())
