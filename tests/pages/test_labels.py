"""Every code a person sees has words: each vocabulary and audit event has its label, and no
page, for any role of either state, shows a snake_case code, an audit code or a code that a
machine title-cased ("Withholding cat", "Mrz line1")."""

import ast
import base64
import re
from pathlib import Path
from typing import get_args

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit import labels
from readmit.agreements.deadlines import DeadlineKind
from readmit.agreements.models import ProposalStatus
from readmit.agreements.schemas import EvidenceTier
from readmit.applications import lifecycle
from readmit.applications.enums import NameSource, Procedure, Status
from readmit.applications.schemas import DocumentType
from readmit.audit.events import AUDIT_EVENTS
from readmit.auth.models import Role, UserStatus
from readmit.pathways import lifecycle as pathway_steps
from readmit.protection.models import ProtectionKind
from readmit.reintegration import lifecycle as reintegration_steps
from readmit.transfers.models import TransferKind, TransferStatus
from readmit.traveldocs import issuing
from readmit.verification.models import DecisionKind, RejectReason
from readmit.web.templating import label
from tests.factories import AUTHORITIES, World, make_case
from tests.pages.browsing import login
from tests.pages.crawling import FIRST_PERSON, VisibleText, crawl, seed_cases

SOURCE = Path(__file__).resolve().parents[2] / "src" / "readmit"

VOCABULARIES = {
    "status": list(Status),
    "action": [t.action for t in lifecycle.TRANSITIONS],
    "reason": [
        *RejectReason,
        *lifecycle.REQUEST_INFO_REASONS,
        *lifecycle.WITHDRAW_REASONS,
        *lifecycle.SUSPEND_REASONS,
        *(r for t in lifecycle.TRANSITIONS for r in t.reasons or ()),
    ],
    "role": list(Role),
    "protection": list(ProtectionKind),
    "document": list(get_args(DocumentType)),
    "name_source": list(NameSource),
    "procedure": list(Procedure),
    "evidence": list(get_args(EvidenceTier)),
    "deadline": list(get_args(DeadlineKind)),
    "decision": list(DecisionKind),
    "transfer_kind": list(TransferKind),
    "transfer_status": list(TransferStatus),
    "proposal": list(ProposalStatus),
    "user_status": list(UserStatus),
}


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARIES))
def test_every_code_of_a_vocabulary_has_words(vocabulary: str) -> None:
    words = labels.VOCABULARIES[vocabulary]
    missing = sorted(str(code) for code in VOCABULARIES[vocabulary] if str(code) not in words)
    assert not missing, f"no words for these {vocabulary} codes: {missing}"


def _written_events() -> set[str]:
    """Every audit code the source writes as a literal: the `action` of a record call, or
    the action handed to a module's own recording helper."""
    codes = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
            values = [k.value for k in node.keywords if k.arg == "action"]
            if name in ("_audit", "_record_change"):
                values += node.args
            for value in values:
                options = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                codes |= {
                    o.value
                    for o in options
                    if isinstance(o, ast.Constant)
                    and isinstance(o.value, str)
                    and ("." in o.value or o.value == "logout")
                }
    return codes


def test_every_audit_event_reads_as_a_sentence() -> None:
    written = _written_events()
    assert {"queue.read", "protection.open", "transfer.lock", "logout"} <= written
    steps = {f"application.{t.action}" for t in lifecycle.TRANSITIONS}
    outcomes = {"transfer.arrived", "transfer.no_show"}
    decisions = {f"biometrics.partner_search.{d}" for d in ("confirmed", "rejected")}
    # A pathway or reintegration step is audited under its step's name.
    steps |= {f"pathway.{t.step}" for t in pathway_steps.TRANSITIONS}
    steps |= {"pathway.intake", "pathway.refer_elsewhere"}
    steps |= {f"reintegration.case_{t.step}" for t in reintegration_steps.TRANSITIONS}
    missing = sorted((written | steps | outcomes | decisions) - set(AUDIT_EVENTS))
    assert not missing, f"audit events without a sentence: {missing}"
    kinds = [words.kind for words in AUDIT_EVENTS.values()]
    twice = sorted({kind for kind in kinds if kinds.count(kind) > 1})
    assert not twice, f"kinds of event the filter could not tell apart: {twice}"


def test_the_words_the_tester_asked_for() -> None:
    assert label("withholding_cat") == "Withholding of removal or CAT"
    assert label("mrz_line1", "seal") == "MRZ line 1"
    assert labels.route("USA", "CHN") == "USA → CHN"
    assert labels.route("USA", "CHN", names=True) == "United States → China"
    assert label("request_info", "decision") == "More information requested"
    assert labels.in_sentence(label("withholding_cat")) == "withholding of removal or CAT"
    assert labels.in_sentence(label("asylum_pending")) == "asylum pending"


# --- the crawl ---------------------------------------------------------------------------

SNAKE = re.compile(r"\w*[A-Za-z0-9]_[A-Za-z0-9]\w*")
AUDIT_CODE = re.compile(
    "|".join(rf"(?<![\w.@-]){re.escape(code)}(?![\w-]|\.\w)" for code in AUDIT_EVENTS)
)


ACRONYMS = {"id", "mrz", "cat", "iso"}


def _machine_cased() -> dict[str, re.Pattern[str]]:
    """What a machine makes of a code that a person would not write as its words: an acronym
    in lower case ("National id", "Withholding cat"), an abbreviation or a number stuck to a
    word ("More info requested", "Mrz line1"). Codes of plain words ("left_voluntarily") read
    the same either way and are not looked for."""
    found = {}
    for vocabulary in labels.VOCABULARIES.values():
        for code, words in vocabulary.items():
            parts = code.split("_")
            abbreviated = any(p == "info" or re.search(r"[a-z]\d", p) for p in parts)
            if len(parts) < 2 or not (abbreviated or ACRONYMS & set(parts)):
                continue
            plain = " ".join(parts)
            if abbreviated or plain.lower() not in words.lower():
                found[plain] = re.compile(rf"(?<!\w){re.escape(plain)}(?!\w)", re.IGNORECASE)
            else:  # the words hold the code's words: only their case can be wrong
                for made in (plain, plain.capitalize()):
                    found[made] = re.compile(rf"(?<!\w){re.escape(made)}(?!\w)")
    return found


MACHINE_CASED = _machine_cased()
# The words themselves, as a page writes them ("National ID card" holds "national id").
WORDS = sorted(
    {
        form
        for vocabulary in labels.VOCABULARIES.values()
        for words in vocabulary.values()
        for form in (words, labels.in_sentence(words))
    },
    key=len,
    reverse=True,
)


def leaks(text: str) -> list[str]:
    """Codes in a page's visible text."""
    found = SNAKE.findall(text) + AUDIT_CODE.findall(text)
    for words in WORDS:
        text = text.replace(words, " ")
    found += [made for made, pattern in MACHINE_CASED.items() if pattern.search(text)]
    return found


def _without_user_data(text: str) -> str:
    """The text without the seeded users' e-mail addresses and names: the test world names
    its users after their roles ("case_officer"), and a name is data, not a code."""
    for short in AUTHORITIES.values():
        for role in Role:
            text = text.replace(f"{role.value}@{short}.test", "")
    return re.sub(rf"(?<!\w)({'|'.join(r.value for r in Role)})(?!\w)", "", text)


def test_the_leak_finder_finds_what_the_tester_found() -> None:
    for shown in (
        "Withholding cat",
        "Mrz line1",
        "Request_info needs a reason",
        "under_verification",
        "Alice queue.read {}",
        "More info requested",
        "National id",
    ):
        assert leaks(shown), shown
    assert not leaks(
        "Withholding of removal or CAT · MRZ line 1 · USA → CHN · a@b.test · National ID card"
    )


@pytest.mark.parametrize("state", ["USA", "CHN"])
def test_no_page_shows_a_code_to_any_role(
    client: TestClient, db: Session, world: World, state: str
) -> None:
    scenario = seed_cases(db, world)
    problems = []
    for role in Role:
        client.cookies.clear()
        login(client, state, role)
        pages = crawl(client, scenario.pages)
        assert len(pages) > 1, f"{state} {role}: the crawl found no pages"
        for url, html in pages.items():
            found = leaks(_without_user_data(VisibleText.of(html)))
            if found:
                problems.append(f"{state} {role.value} {url}: {sorted(set(found))}")
    assert not problems, "\n".join(problems)


# --- pages a form leads to ---------------------------------------------------------------


def _shown(html: str) -> str:
    text = VisibleText.of(html)
    assert not leaks(_without_user_data(text)), leaks(_without_user_data(text))
    return text


def test_form_errors_are_written_for_people(client: TestClient, db: Session, world: World) -> None:
    token = login(client, "USA", Role.case_officer)
    refused = client.post(
        "/applications",
        data={
            "csrf_token": token,
            "requested_state": "CHN",
            "procedure": "normal",
            "names-0-family": "WANG",
            "names-0-source": "document",
            "nationality_claimed": "C1N",
        },
    )
    assert refused.status_code == 422
    assert "Enter the country as a three-letter ISO code, such as CHN" in _shown(refused.text)

    case = make_case(db, world, status=Status.under_verification, index=FIRST_PERSON)
    db.commit()
    token = login(client, "CHN", Role.verifier)
    unreasoned = client.post(
        f"/applications/{case.id}/verify",
        data={
            "csrf_token": token,
            "decision": "request_info",
            "reason_code": "missing_documents",
            "reason": "",
        },
    )
    assert unreasoned.status_code == 422
    assert "Requesting more information needs a reason" in _shown(unreasoned.text)


def test_a_checked_seal_names_its_fields_and_journey(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=FIRST_PERSON)
    document = issuing.current(session=db, application=case)
    assert document is not None
    db.commit()
    token = login(client, "USA", Role.case_officer)
    checked = client.post(
        "/travel-documents/verify",
        data={"csrf_token": token, "seal_base64": base64.b64encode(document.seal).decode()},
    )
    assert checked.status_code == 200
    text = _shown(checked.text)
    assert "MRZ line 1" in text and "Issuing state" in text
    assert "United States → China (USA → CHN)" in text
