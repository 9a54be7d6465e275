"""Nothing the pages or the API docs need comes from the network: Swagger UI is served from
its installed package, Chinese names are drawn with the Noto Sans CJK font the travel
documents print with (served in slices a Latin page never downloads), and the icon is ours."""

import io
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from fontTools.ttLib import TTFont

from tests.web.conftest import Loopback

FACE = re.compile(r'url\("(?P<url>[^"]+)"\) format\("woff2"\); unicode-range: (?P<ranges>[^;]+);')
RUN = re.compile(r"U\+(?P<low>[0-9A-F]+)(?:-(?P<high>[0-9A-F]+))?")
WANG = "王"  # a family name that needs the CJK font
XIN = "鑫"  # a given name's character no interface word uses


class References(HTMLParser):
    """Every address a page's elements load or link to."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("src", "href") and value]


def _references(html: str) -> list[str]:
    parser = References()
    parser.feed(html)
    return parser.found


def _faces(client: TestClient) -> list[tuple[str, list[tuple[int, int]]]]:
    """(font address, its runs of code points) of each @font-face of the CJK stylesheet."""
    login = client.get("/login").text
    sheets = [ref for ref in _references(login) if ref.endswith(".css")]
    assert len(sheets) == 2, sheets  # the site's, and the CJK faces
    css = client.get(sheets[1])
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    return [
        (
            face["url"],
            [
                (int(run["low"], 16), int(run["high"] or run["low"], 16))
                for run in RUN.finditer(face["ranges"])
            ],
        )
        for face in FACE.finditer(css.text)
    ]


def test_the_docs_load_nothing_from_another_host(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "SwaggerUIBundle" in docs.text
    assert not re.search(r"(https?:)?//", docs.text), "the docs page names another host"
    assert '"validatorUrl": null' in docs.text
    references = _references(docs.text) + re.findall(r"url: '([^']+)'", docs.text)
    assert {"/openapi.json", "/static/favicon.svg"} <= set(references)
    for reference in references:
        served = client.get(reference)
        assert served.status_code == 200, reference
    css = client.get("/static/swagger-ui/swagger-ui.css").text
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls and all(url.strip("'\"").startswith("data:") for url in urls)
    redirect = client.get("/docs/oauth2-redirect")
    assert redirect.status_code == 200 and not re.search(r"https?://", redirect.text)
    assert client.get("/redoc").status_code == 404  # ReDoc would load its script from a CDN


def test_every_page_names_the_icon_and_the_stylesheets_the_app_serves(
    client: TestClient,
) -> None:
    login = client.get("/login")
    for reference in _references(login.text):
        if reference.startswith("/static/"):
            assert client.get(reference).status_code == 200, reference
    icon = client.get("/static/favicon.svg")
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in icon.content and b"http://www.w3.org/2000/svg" in icon.content
    assert "font-src 'self'" in login.headers["content-security-policy"]


def test_chinese_names_get_a_served_font_and_latin_pages_none(client: TestClient) -> None:
    faces = _faces(client)
    assert len(faces) > 100
    runs = [run for _, face_runs in faces for run in face_runs]
    assert min(low for low, _ in runs) >= 0x2E80, "a slice covers Latin characters"
    covering = [url for url, face_runs in faces if any(a <= ord(WANG) <= b for a, b in face_runs)]
    assert len(covering) == 1, "one slice, and only one, draws each character"
    url = covering[0]
    font = client.get(url)
    assert font.status_code == 200
    assert font.headers["content-type"] == "font/woff2"
    assert "immutable" in font.headers["cache-control"]
    assert font.content.startswith(b"wOF2")
    assert ord(WANG) in TTFont(io.BytesIO(font.content)).getBestCmap()
    again = client.get(url)
    assert again.content == font.content  # the second answer comes from the cache
    last = faces[-1][0].rsplit("/", 1)[0]
    assert client.get(f"{last}/{len(faces)}.woff2").status_code == 404


@pytest.mark.browser
def test_in_a_browser_without_network_the_docs_work_and_chinese_renders(
    loopback: Loopback,
) -> None:
    from tests.browser.conftest import browser_page

    with browser_page() as page:
        outside: list[str] = []

        def only_loopback(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith(loopback.url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_loopback)
        fonts: list[str] = []
        page.on("request", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)

        page.goto(f"{loopback.url}/docs")
        page.wait_for_selector(".opblock", timeout=30_000)
        assert page.locator(".opblock").count() > 10  # the API's operations are listed

        page.goto(f"{loopback.url}/login")
        page.wait_for_load_state("networkidle")
        # The language picker names Chinese in Chinese: a page in Latin script downloads the
        # one slice of the interface's characters, and nothing else.
        assert [url.rsplit("/", 1)[1] for url in fonts] == ["0.woff2"]
        fonts.clear()
        page.evaluate(f"document.querySelector('h1').textContent = '{WANG}{XIN}'")
        loaded = page.evaluate(
            """async () => {
              const font = '16px "Noto Sans CJK SC"';
              await document.fonts.load(font, '王鑫');
              return document.fonts.check(font, '王鑫');
            }"""
        )
        assert loaded, "the CJK font did not load"
        assert fonts and all("/static/fonts/" in url for url in fonts)
        assert not outside, outside
