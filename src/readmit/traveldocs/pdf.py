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
    "This document carries an ICAO 9303 Part 13 visible digital seal. To check it offline, "
    "scan the barcode and run `readmit traveldoc verify <scan>`, or use any seal reader with "
    "the issuing state's CSCA certificate. A valid seal shows the same data as this page."
)
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
    rows = [
        ("Document no.", document.number),
        ("Surname", holder["surname"]),
        ("Given names", holder["given_names"]),
        ("Native script", holder["native_name"]),
        ("Date of birth", holder["birth_date"]),
        ("Sex", holder["sex"]),
        ("Nationality", document.issuing_state),
        ("Issued", document.issued_on.isoformat()),
        ("Valid until", document.valid_until.isoformat()),
        ("Journey", document.route.replace(" ", " to ")),
    ]
    for i, (label, value) in enumerate(rows):
        pdf.set_xy(x + 31, y + 10 + i * 4.6)
        pdf.set_font("Helvetica", "", 6)
        pdf.cell(18, 4, label)
        if label == "Native script":
            pdf.set_font("native", "", 8)
        else:
            pdf.set_font("Helvetica", "B", 7.5)
        pdf.cell(36, 4, value)
    seal_png = barcode.png(document.seal, scale=8)
    pdf.image(io.BytesIO(seal_png), x=x + width - 38, y=y + 10, w=34)
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
