"""Designation, screening and review in a real browser, as USA's users work them: an analyst
proposes a charter operator with evidence and its director; a supervisor approves the company
and rejects the director's own proposal (he stays on file, linked); a case officer screens
the director under a Wade-Giles spelling (a hit through the link) and the company without
its accents (a direct hit); an analyst judges them; the director's hit is remembered on the
next screening; the supervisor delists the company and screening it finds nothing."""

import re
from typing import TYPE_CHECKING

import pytest

from readmit.auth.models import Role
from tests.browser.conftest import LiveServer, browser_page, done, log_in, log_out
from tests.hostile_files import blank_pdf

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

COMPANY = "Aerolíneas Quetzal S.A. de C.V."
DIRECTOR = "陈建国"
BORN = "1968-09-02"
NOT_SAME = "Another Chen: a teacher in Chengdu, never in aviation"


def go(page: "Page", link: str) -> None:
    """Follow a link of the main navigation."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=link).click()


def screen(page: "Page", fill: dict[str, str], kind: str) -> None:
    """Fill and send the screening form from the Screening page."""
    go(page, "Screening")
    form = page.get_by_role("main")
    form.get_by_label(kind, exact=True).check()
    for label, value in fill.items():
        form.get_by_label(label, exact=True).fill(value)
    form.get_by_role("button", name="Screen", exact=True).click()
    page.get_by_role("heading", level=1, name=re.compile("Screening result")).wait_for()


def screen_the_director(page: "Page") -> None:
    """Chen Jianguo in Wade-Giles, with his date of birth."""
    fill = {"Family name": "Chen", "Given names": "Chien-kuo", "Date of birth": BORN}
    screen(page, fill, "Person")


def screen_the_company(page: "Page") -> None:
    """The company's name without accents and with its legal form run together."""
    screen(
        page, {"Name": "Aerolineas Quetzal SA de CV", "Country of registration": "MEX"}, "Company"
    )


def open_designation(page: "Page", name: str) -> None:
    """Find a designation on the register by name and open it."""
    go(page, "Designations")
    filters = page.get_by_role("search", name="Filter the designations")
    filters.get_by_label("Name or number").fill(name)
    filters.get_by_role("button", name="Filter").click()
    page.get_by_role("table", name="Designations").get_by_role("link", name=name).click()
    page.get_by_role("heading", level=1, name=re.compile(re.escape(name))).wait_for()


def action(page: "Page", button: str) -> "Locator":
    """The form of the designation page's action with this button."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def facts(page: "Page") -> "Locator":
    """The designation's facts (status, dates, decisions)."""
    return page.locator("dl.facts").first


@pytest.mark.browser
def test_designate_screen_review_and_delist(live_server: LiveServer) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    with browser_page() as page:
        # 1. The analyst proposes the company, attaches the evidence, then its director.
        log_in(page, base, "USA", Role.analyst)
        go(page, "Designations")
        page.get_by_role("link", name="Propose a company").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Propose a company")
        company = page.get_by_role("group", name="Company")
        company.get_by_label("Name", exact=True).fill(COMPANY)
        company.get_by_label("Other names").fill("Quetzal Charter\n克查尔航空")
        company.get_by_label("Kind of company").select_option(label="Charter operator")
        company.get_by_label("Jurisdiction").fill("MEX")
        company.get_by_label("Registration number").fill("AQU-190455")
        terms = page.get_by_role("group", name="Designation")
        expect(terms.get_by_label("Legal basis")).to_have_value("INA 212(a)(3)(C)")
        terms.get_by_label("Reason").fill("Flew 14 charters of irregular migrants in 2026")
        page.get_by_role("button", name="Propose the designation").click()
        done(page, "The designation was proposed; a supervisor other than you decides it.")
        expect(page.get_by_role("heading", level=1)).to_contain_text(COMPANY)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Company · Proposed")
        expect(page.get_by_text("Charter operator", exact=True)).to_be_visible()
        expect(page.get_by_text("Mexico (MEX)", exact=True)).to_be_visible()
        # Four eyes: the analyst may edit and add evidence, never decide.
        expect(page.get_by_role("link", name="Edit the proposal")).to_be_visible()
        expect(page.get_by_role("button", name="Approve")).to_have_count(0)
        expect(page.get_by_role("button", name="Reject")).to_have_count(0)

        page.get_by_label("File", exact=True).set_input_files(
            {"name": "manifest.pdf", "mimeType": "application/pdf", "buffer": blank_pdf(1)}
        )
        page.get_by_label("What it shows").fill("Passenger manifest of flight QZ 212")
        page.get_by_role("button", name="Add evidence").click()
        done(page, "The evidence was added.")
        evidence = page.get_by_role("table", name="Documents supporting the designation")
        row = evidence.get_by_role("row").filter(has_text="manifest.pdf")
        expect(row).to_contain_text("Passenger manifest of flight QZ 212")

        go(page, "Designations")
        page.get_by_role("link", name="Propose a person").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Propose a person")
        find = page.get_by_role("search", name="Find entities to link to")
        find.get_by_label("Name").fill("Quetzal")
        find.get_by_role("button", name="Find").click()
        found = page.get_by_role("table", name="Entities found").get_by_role("row")
        found = found.filter(has_text=COMPANY)
        expect(found).to_contain_text("Company")
        register_number = found.get_by_role("cell").first.inner_text().strip()
        assert register_number.isdigit()
        person = page.get_by_role("group", name="Person")
        person.get_by_label("Name", exact=True).fill(DIRECTOR)
        person.get_by_label("Other names").fill("CHEN Jianguo")
        person.get_by_label("Family name").fill("Chen")
        person.get_by_label("Given name").fill("Jianguo")
        person.get_by_label("Date of birth").fill(BORN)
        person.get_by_label("Nationality").fill("CHN")
        page.get_by_role("group", name="Designation").get_by_label("Reason").fill(
            "Director of Aerolíneas Quetzal"
        )
        links = page.get_by_role("group", name="Links to entities of the register")
        links.get_by_label("This entity…").first.select_option(label="is a director of")
        links.get_by_label("Register number of the other entity").first.fill(register_number)
        page.get_by_role("button", name="Propose the designation").click()
        done(page, "The designation was proposed; a supervisor other than you decides it.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Person · Proposed")
        link = page.get_by_role("table", name=f"Links of {DIRECTOR}").get_by_role("row").nth(1)
        expect(link).to_contain_text("is a director of")
        expect(link).to_contain_text(COMPANY)
        expect(link).to_contain_text("Proposed")
        log_out(page)

        # 2. The supervisor approves the company and rejects the director's own proposal.
        log_in(page, base, "USA", Role.supervisor)
        open_designation(page, COMPANY)
        action(page, "Approve").get_by_label("Note").fill("Manifests and flight logs agree")
        page.get_by_role("button", name="Approve", exact=True).click()
        done(page, "The designation was approved and is in force.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Company · Designated")
        expect(facts(page)).to_contain_text("Manifests and flight logs agree")
        link = page.get_by_role("table", name=f"Links of {COMPANY}").get_by_role("row").nth(1)
        expect(link).to_contain_text("has as director")
        expect(link).to_contain_text(DIRECTOR)
        expect(page.get_by_role("link", name="manifest.pdf")).to_be_visible()

        open_designation(page, DIRECTOR)
        action(page, "Reject").get_by_label("Note").fill("Kept on file as its director only")
        page.get_by_role("button", name="Reject", exact=True).click()
        done(page, "The proposal was rejected.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Person · Rejected")
        link = page.get_by_role("table", name=f"Links of {DIRECTOR}").get_by_role("row").nth(1)
        expect(link).to_contain_text("Designated")
        log_out(page)

        # 3. A case officer screens the director (through the link) and the company (direct).
        log_in(page, base, "USA", Role.case_officer)
        screen_the_director(page)
        expect(page.get_by_role("heading", name="1 hit", exact=True)).to_be_visible()
        hit = page.get_by_role("region", name=f"{DIRECTOR} → {COMPANY}")
        expect(hit).to_contain_text("A hit through a link")
        path = hit.get_by_role("list", name="Path to the designated entity").get_by_role("listitem")
        expect(path).to_have_count(2)
        expect(path.first).to_contain_text(DIRECTOR)
        expect(path.first).to_contain_text("linked by directorship to")
        expect(path.last).to_contain_text(COMPANY)
        expect(hit.locator("[data-status]")).to_have_text("Waiting for review")
        why = hit.get_by_role("table", name="Why it matched")
        expect(why.get_by_role("row", name=re.compile("^Name"))).to_contain_text("Wade-Giles")
        expect(why.get_by_role("row", name=re.compile("^Date of birth"))).to_be_visible()
        expect(why.get_by_role("row", name=re.compile("^Link"))).to_be_visible()

        screen_the_company(page)
        expect(page.get_by_role("heading", name="1 hit", exact=True)).to_be_visible()
        hit = page.get_by_role("region", name=COMPANY, exact=True)
        expect(hit).not_to_contain_text("A hit through a link")
        expect(hit.locator("dl.facts")).to_contain_text(f"Designated{COMPANY}")
        expect(hit.locator("[data-status]")).to_have_text("Waiting for review")
        why = hit.get_by_role("table", name="Why it matched")
        expect(why.get_by_role("row", name=re.compile("^Name"))).to_be_visible()
        expect(why.get_by_role("row", name=re.compile("^Country of registration"))).to_be_visible()
        log_out(page)

        # 4. The analyst judges both hits from the queue.
        log_in(page, base, "USA", Role.analyst)
        go(page, "Screening")
        page.get_by_role("link", name="Review the open hits").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Screening review")
        queued = page.get_by_role("region", name=f"Chen Chien-kuo – {DIRECTOR}")
        expect(queued.get_by_role("list", name="Path to the designated entity")).to_contain_text(
            COMPANY
        )
        queued.get_by_label("Not the same").check()
        queued.get_by_label("Note", exact=True).fill(NOT_SAME)
        queued.get_by_role("button", name=f"Record the judgement on {DIRECTOR}").click()
        done(page, "Your judgement was recorded; later screenings of the same subject reuse it.")
        expect(page.get_by_role("region", name=f"Chen Chien-kuo – {DIRECTOR}")).to_have_count(0)
        queued = page.get_by_role("region", name=re.compile(f"– {re.escape(COMPANY)}$"))
        queued.get_by_label("The same", exact=True).check()
        queued.get_by_label("Note", exact=True).fill("Same registration country and name")
        queued.get_by_role("button", name=f"Record the judgement on {COMPANY}").click()
        done(page, "Your judgement was recorded; later screenings of the same subject reuse it.")
        judged = page.get_by_role("table", name="Judged last")
        expect(judged.get_by_role("row").filter(has_text=DIRECTOR)).to_contain_text(
            "Judged not the same"
        )
        expect(judged.get_by_role("row").filter(has_text=COMPANY).first).to_contain_text(
            "Confirmed: the same"
        )
        log_out(page)

        log_in(page, base, "USA", Role.case_officer)
        screen_the_director(page)
        again = page.get_by_role("region", name=f"{DIRECTOR} → {COMPANY}")
        expect(again.locator("[data-status]")).to_contain_text(
            "Not the same (an earlier judgement)"
        )
        again.get_by_role("link", name=re.compile("and its judgements")).click()
        expect(page.get_by_role("table", name="Judgements on this pair")).to_contain_text(NOT_SAME)
        log_out(page)

        # 5. The supervisor sees an empty queue, delists the company; screening finds nothing.
        log_in(page, base, "USA", Role.supervisor)
        go(page, "Screening")
        page.get_by_role("link", name="Review the open hits").click()
        expect(page.get_by_role("region", name=re.compile(re.escape(DIRECTOR)))).to_have_count(0)
        expect(page.get_by_role("region", name=re.compile(re.escape(COMPANY)))).to_have_count(0)
        open_designation(page, COMPANY)
        action(page, "Delist").get_by_label("Reason for delisting").fill(
            "The operator lost its air operator certificate"
        )
        page.get_by_role("button", name="Delist", exact=True).click()
        done(page, "The designation was delisted.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Company · Delisted")
        expect(facts(page)).to_contain_text("The operator lost its air operator certificate")
        expect(page.get_by_role("button", name="Delist")).to_have_count(0)
        log_out(page)

        log_in(page, base, "USA", Role.case_officer)
        screen_the_company(page)
        expect(page.get_by_role("heading", name="0 hits", exact=True)).to_be_visible()
        expect(page.get_by_text("No designated person or company matched.")).to_be_visible()
