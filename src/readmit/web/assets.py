"""What the pages and the API docs load besides themselves, all from installed packages and
nothing from the network: Swagger UI (`swagger-ui-bundle-v2`) and a web font for Chinese,
Japanese and Korean names cut from the Noto Sans CJK collection the travel documents print
with (`noto-cjk-sans-otc`, SIL Open Font License 1.1).

The font is served in slices, each with its `unicode-range`: a browser fetches only the
slices holding characters on its page, and a page in Latin script none. The first slice holds
every character of the Chinese interface (from its catalogue), so that a page in Chinese needs
one slice for its own words rather than one for nearly each of them; the others hold 250
characters each in code point order, for names. A slice is cut on its first request (about a
second) and kept under READMIT_HOME/fonts."""

import hashlib
import io
import os
import tempfile
import threading
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from babel.messages.pofile import read_po
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response
from swagger_ui_bundle import swagger_ui_path

from readmit import i18n
from readmit.config import get_settings
from readmit.errors import NotFound

SWAGGER_UI_DIR = Path(str(swagger_ui_path))
SWAGGER_UI_URL = "/static/swagger-ui"
FAVICON_URL = "/static/favicon.svg"

FONT = files("noto_cjk_sans_otc").joinpath("NotoSansCJK-Regular.ttc")
FACE = 2  # Simplified Chinese, as on the travel documents; it covers kana and Hangul too
FAMILY = "Noto Sans CJK SC"
FIRST = 0x2E80  # CJK radicals onwards; Latin, Greek and Cyrillic come from the system fonts
SLICE = 250  # characters per file: about 60 kB


def _interface_points() -> tuple[int, ...]:
    """The CJK characters of the Chinese interface's catalogue and of the language picker."""
    with (i18n.LOCALES_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    text = "".join(
        "".join(m.string) if isinstance(m.string, tuple | list) else str(m.string or "")
        for m in catalogue
    )
    text += "".join(i18n.LOCALES.values())  # the language picker, on every page
    return tuple(sorted({ord(c) for c in text if ord(c) >= FIRST}))


INTERFACE = _interface_points()
# The slices change with the interface's characters; so does every address that serves them.
FONT_VERSION = "-".join(
    (
        version("noto-cjk-sans-otc"),
        str(SLICE),
        hashlib.sha256(repr(INTERFACE).encode()).hexdigest()[:8],
    )
)
FONT_URL = f"/static/fonts/noto-sans-cjk-sc/{FONT_VERSION}"
CJK_STYLESHEET = f"{FONT_URL}/faces.css"
# The version is in every address, so what is served there never changes.
FOREVER = {"Cache-Control": "public, max-age=31536000, immutable"}

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI for the JSON API, its script and style served by this app."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title="Readmit API",
        swagger_js_url=f"{SWAGGER_UI_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_UI_URL}/swagger-ui.css",
        swagger_favicon_url=FAVICON_URL,
        oauth2_redirect_url="/docs/oauth2-redirect",
        # The online validator badge would call a third-party service with the schema's URL.
        swagger_ui_parameters={"validatorUrl": None},
    )


@router.get("/docs/oauth2-redirect")
def swagger_ui_redirect() -> HTMLResponse:
    """Swagger UI's OAuth2 redirect page."""
    return get_swagger_ui_oauth2_redirect_html()


@cache
def slices() -> tuple[tuple[int, ...], ...]:
    """The face's characters from FIRST on: the interface's first, then the others in code
    point order, SLICE to a slice."""
    from fontTools.ttLib import TTFont

    with FONT.open("rb") as stream:
        drawn = {c for c in TTFont(stream, fontNumber=FACE).getBestCmap() if c >= FIRST}
    interface = tuple(c for c in INTERFACE if c in drawn)
    points = sorted(drawn.difference(interface))
    return (interface, *(tuple(points[i : i + SLICE]) for i in range(0, len(points), SLICE)))


def unicode_range(points: tuple[int, ...]) -> str:
    """Code points as CSS unicode-range runs: "U+4E00-4E05, U+4E10"."""
    runs: list[list[int]] = []
    for point in points:
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ", ".join(
        f"U+{low:04X}" if low == high else f"U+{low:04X}-{high:04X}" for low, high in runs
    )


@cache
def stylesheet() -> str:
    """One @font-face per slice, each limited to its characters' range."""
    rules = [
        f"/* {FAMILY} (SIL Open Font License 1.1), in slices by unicode-range. */",
    ]
    for index, points in enumerate(slices()):
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-display: swap; '
            f'src: local("{FAMILY}"), url("{FONT_URL}/{index}.woff2") format("woff2"); '
            f"unicode-range: {unicode_range(points)}; }}"
        )
    return "\n".join(rules) + "\n"


def _cut(points: tuple[int, ...]) -> bytes:
    """The face reduced to these characters, as WOFF2."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    # Horizontal text only: the vertical and regional variants would triple the glyphs.
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    with FONT.open("rb") as stream:
        font = TTFont(stream, fontNumber=FACE)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=points)
        subsetter.subset(font)
        font.flavor = "woff2"
        buffer = io.BytesIO()
        font.save(buffer)
    return buffer.getvalue()


_cutting = threading.Lock()


def font_slice(index: int) -> bytes:
    """A slice of the font: from the cache, or cut now and kept (written whole, then renamed,
    so another process never reads half a file)."""
    directory = get_settings().home / "fonts" / FONT_VERSION
    path = directory / f"{index}.woff2"
    if path.exists():
        return path.read_bytes()
    with _cutting:  # one cut at a time: each takes a core for about a second
        if path.exists():
            return path.read_bytes()
        data = _cut(slices()[index])
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    return data


@router.get(f"{FONT_URL}/faces.css")
def font_faces() -> Response:
    """The @font-face rules of the CJK font."""
    return Response(stylesheet(), media_type="text/css", headers=FOREVER)


@router.get(FONT_URL + "/{index}.woff2")
def font_file(index: int) -> Response:
    """One slice of the CJK font."""
    if not 0 <= index < len(slices()):
        raise NotFound("There is no such font file.")
    return Response(font_slice(index), media_type="font/woff2", headers=FOREVER)
