"""Every page a user can reach: cases at every stage, and a crawler that follows each link of
each page as one logged-in user. The label, narrow-screen and accessibility tests walk what it
finds."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import httpx
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import utcnow
from readmit.messaging import service as messaging
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.transfers import service as transfers
from readmit.transfers.schemas import TransferCreate
from tests.factories import World, make_case

# Cases of USA to CHN at every stage, and one to GTM; each on its own register person.
STAGES = (
    Status.draft,
    Status.submitted,
    Status.received,
    Status.under_verification,
    Status.more_info_requested,
    Status.confirmed,
    Status.rejected,
    Status.travel_document_issued,
    Status.transfer_scheduled,
    Status.departed,
    Status.suspended,
    Status.withdrawn,
    Status.closed,
)
FIRST_PERSON = 44  # register persons other page tests leave alone


@dataclass
class Scenario:
    """What was seeded: the cases' and the charter's addresses."""

    pages: list[str]


def seed_cases(session: Session, world: World) -> Scenario:
    """Cases at every stage, a protection hold of each kind, messages and a charter."""
    officer = world.user(session, "USA", Role.case_officer)
    guard = world.user(session, "USA", Role.protection_officer)
    cases = [
        make_case(session, world, status=stage, index=FIRST_PERSON + i)
        for i, stage in enumerate(STAGES)
    ]
    cases.append(
        make_case(session, world, country="GTM", status=Status.under_verification, index=1)
    )
    held = make_case(session, world, status=Status.received, index=FIRST_PERSON + len(STAGES))
    for kind in ProtectionKind:
        if kind is not ProtectionKind.trafficking_victim:
            protection.open_flag(
                session=session, user=guard, application=held, kind=kind, note="crawl"
            )
    cleared = protection.open_flag(
        session=session,
        user=guard,
        application=cases[3],
        kind=ProtectionKind.withholding_cat,
        note="crawl",
    )
    protection.clear_flag(
        session=session,
        user=guard,
        application=cases[3],
        flag_id=cleared.id,
        reason="claim withdrawn",
    )
    messaging.send(session=session, user=officer, application=cases[3], body="Any news?")
    ready = make_case(session, world, status=Status.travel_document_issued, index=FIRST_PERSON + 15)
    charter = transfers.create(
        session=session,
        user=officer,
        payload=TransferCreate.model_validate(
            {
                "kind": "charter",
                "carrier": "Omni Air",
                "flight_number": "OX3101",
                "route": "IAH-PEK",
                "departure_at": utcnow() + timedelta(days=4),
                "escorts": 6,
                "application_ids": [ready.id],
            }
        ),
    )
    session.commit()
    pages = [f"/applications/{case.id}" for case in [*cases, held, ready]]
    return Scenario(pages=[*pages, f"/transfers/{charter.id}"])


LINK = re.compile(r'href="(/[^"]*)"')
# Downloads, files, the docs and the API are not pages; logging out would end the crawl.
NOT_PAGES = re.compile(
    r"^/(static|api|docs|openapi\.json|logout)|\.(pdf|png|csv|css|js|svg|woff2)(\?|$)"
)
NUMBER = re.compile(r"\d+")


def shape(url: str) -> str:
    """An address with its numbers blanked: the kind of page it is."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return NUMBER.sub("N", parts.path) + ("?" + "&".join(keys) if keys else "")


def crawl(
    client: httpx.Client, start: Iterable[str] = (), *, per_shape: int = 2, limit: int = 150
) -> dict[str, str]:
    """The HTML of every page reachable by links from the queue and `start` (each of those
    that the user may see; of the pages found by links, `per_shape` of each shape), by
    address. Every link must lead to a page that answers 200: a link to a refusal is a bug."""
    queue = ["/", *start]
    pages: dict[str, str] = {}
    seen_shapes: dict[str, int] = {}
    explicit = set(queue)
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        if url in explicit and url != "/" and response.status_code in (403, 404):
            continue
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if not response.headers["content-type"].startswith("text/html"):
            continue
        pages[url] = response.text
        for found in LINK.findall(response.text):
            link = urldefrag(found.replace("&amp;", "&")).url
            if link in pages or link in queue or NOT_PAGES.search(link):
                continue
            kind = shape(link)
            if link not in explicit and seen_shapes.get(kind, 0) >= per_shape:
                continue
            seen_shapes[kind] = seen_shapes.get(kind, 0) + 1
            queue.append(link)
    return pages


class VisibleText(HTMLParser):
    """The text a person reads on a page: not scripts, styles or attribute values, not what
    a closed <details> hides (its summary shows), not the contents of text boxes, and not
    <code> or <pre>, which show technical text on purpose (YAML paths, event codes)."""

    HIDDEN = frozenset({"script", "style", "textarea", "code", "pre"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden: list[str] = []  # open elements whose text is not read
        self.closed_details = 0
        self.in_summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden.append(tag)
        elif tag == "details" and not any(name == "open" for name, _ in attrs):
            self.closed_details += 1
        elif tag == "summary":
            self.in_summary = True

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and tag == self.hidden[-1]:
            self.hidden.pop()
        elif tag == "details" and self.closed_details:
            self.closed_details -= 1
        elif tag == "summary":
            self.in_summary = False

    def handle_data(self, data: str) -> None:
        if self.hidden or (self.closed_details and not self.in_summary):
            return
        self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        """The visible text of a page, its runs of white space made single spaces."""
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())
