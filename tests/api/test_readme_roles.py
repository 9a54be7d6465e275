"""The README's API table is the documented authorization: every row, called as every role of
USA (requesting), CHN (requested), GTM and MEX (outsiders), must get what the table says.

Written from the README, not from the code. The table is read at run time (readme_table.py):
a row the test cannot parse, a clause it does not know, a route of the app missing from the
table or a row naming no route fails. Expectations (readme_table.expected):

- allowed: not 401/403/404 and never 5xx: 2xx, or 409/422 when the scenario's state or body is
  not right for that role (not an authorization refusal); at least one allowed call of a row
  must be a 2xx, so that the scenario really reaches past the authorization;
- a role of a party that may not call: exactly 403 (404 where the row says `hidden`, where the
  row does not name that party, or for the requested state on a draft);
- an outsider on a case, transfer, partner search or proposal: 404 for a role that could act on
  a party's side (the target's existence must not leak), otherwise 403 or 404.

Targets: a USA→CHN case (or its transfer) in the state each route needs; an agreement proposal
made by USA's admin on USA→CHN. Partner searches: USA searches GTM's gallery (their agreement
allows biometric sharing), so for those rows `requesting` is USA, the searching authority, and
`requested` is GTM, the answering state; CHN and MEX are the outsiders. Allowed calls run first,
each on a fresh target where a successful call changes it; the refused calls then share one.

A `roles:` row whose note names a condition on the caller's state ("of a state with an agreement
with the requested state", "whose agreement … allows biometric sharing", "of one of the two
parties", "their own state's gallery") is called, for every state, in a scenario that meets it:
an agreement made in the test's transaction, a proposal on an agreement the state is a party
to, a person of the caller's own register (USA and MEX, which the test world gives no
register, get one person each, once per run). Refused roles on the gallery routes name a person
their register does not hold: a role that may not act gets 403 before anything is looked up.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.web.app import create_app
from tests.api.readme_table import (
    CASE,
    EITHER,
    GRAMMAR,
    HEADER,
    OK,
    PHOTO,
    SEARCH,
    TEMPLATE,
    Call,
    Ctx,
    Row,
    TableError,
    expected,
    gallery_person,
    proposal_body,
    read_table,
    sharing_agreement,
)
from tests.documents.scans import need_ocr, scan
from tests.factories import AUTHORITIES, PASSWORD, World, flight, person_payload
from tests.protection_cases import rejected, screened_draft

STATES = ("USA", "CHN", "GTM", "MEX")
ALLOWED_CODES = {409, 422}

try:
    ROWS: list[Row] = read_table()
    TABLE_ERROR: str | None = None
except TableError as error:
    ROWS, TABLE_ERROR = [], str(error)


@dataclass(frozen=True)
class Scenario:
    """How to build one row's call; `fresh`: an allowed call changes the target, so each gets
    its own; `per`: "row", "state" or "caller", what a shared target depends on."""

    make: Callable[[Ctx, str, Role], Call]
    parties: tuple[str, str] = CASE
    draft: bool = False
    fresh: bool = False
    per: str = "row"
    refused: Callable[[Ctx, str, Role], Call] | None = None  # the refused callers' own call


def nothing(ctx: Ctx, state: str, role: Role) -> Call:
    return Call()


def new_application(ctx: Ctx, state: str, role: Role) -> Call:
    """USA's application to CHN; for the other states, one under an agreement made for them."""
    requested = "GTM" if state == "CHN" else "CHN"
    if state != "USA":
        sharing_agreement(ctx, state, requested)
    person = person_payload(ctx.world, requested)
    return Call(json={"requested_state": requested, "person": person})


def on_case(status: Status, **body: Any) -> Callable[[Ctx, str, Role], Call]:
    def make(ctx: Ctx, state: str, role: Role) -> Call:
        return Call({"application_id": ctx.case(status).id}, **body)

    return make


def with_flag(ctx: Ctx, state: str, role: Role) -> Call:
    app = ctx.case(Status.submitted)
    note = {"kind": "asylum_pending", "note": "claim lodged"}
    flag = ctx.api(
        "POST",
        f"/applications/{app.id}/protection-flags",
        "USA",
        Role.protection_officer,
        json=note,
    )
    return Call({"application_id": app.id, "flag_id": flag["id"]}, json={"reason": "claim closed"})


def with_screening(ctx: Ctx, state: str, role: Role) -> Call:
    """A draft whose intake noted signs of trafficking, and its screening."""
    app = screened_draft(ctx.db, ctx.world)
    path = f"/applications/{app.id}/trafficking-screenings"
    screening = ctx.api("GET", path, "USA", Role.protection_officer)[0]["id"]
    body = {"outcome": "not_confirmed", "reason": "No sign confirmed on interview"}
    return Call({"application_id": app.id, "screening_id": screening}, json=body)


def not_a_national(**body: Any) -> Callable[[Ctx, str, Role], Call]:
    """A case CHN rejected as not its national (claimed by GTM, if `claimed`)."""
    claimed = body.pop("claimed", False)

    def make(ctx: Ctx, state: str, role: Role) -> Call:
        app = rejected(ctx.db, ctx.world)
        if claimed:
            claim = {"outcome": "claimed", "claiming_state": "GTM"}
            path = f"/applications/{app.id}/statelessness"
            ctx.api("POST", path, "USA", Role.protection_officer, json=claim)
        return Call({"application_id": app.id}, **body)

    return make


INTERVIEW = {"proposed_date": "2099-01-15", "proposed_place": "Houston processing centre"}


def an_interview(ctx: Ctx, state: str, role: Role) -> Call:
    """An interview USA asked for on a submitted case, waiting for CHN's answer."""
    app = ctx.case(Status.submitted)
    path = f"/applications/{app.id}/interviews"
    found = ctx.api("POST", path, "USA", Role.case_officer, json=INTERVIEW)
    body = {"decision": "hold", "reason": "Consul away"}
    return Call({"application_id": app.id, "interview_id": found["id"]}, json=body)


def with_recommendation(ctx: Ctx, state: str, role: Role) -> Call:
    app = ctx.case(Status.under_verification)
    ctx.api("POST", f"/applications/{app.id}/recommendation", "CHN", Role.verifier)
    return Call({"application_id": app.id})


def with_photo(ctx: Ctx, state: str, role: Role) -> Call:
    app = ctx.case(Status.submitted)
    files = {"file": ("photo.png", PHOTO, "image/png")}
    ctx.api("PUT", f"/applications/{app.id}/photo", "USA", Role.case_officer, files=files)
    return Call({"application_id": app.id})


def an_edit(ctx: Ctx, state: str, role: Role) -> Call:
    """A case waiting for more information, edited on the version just read."""
    app = ctx.case(Status.more_info_requested)
    return Call({"application_id": app.id}, json={"version": app.version, "procedure": "normal"})


def evidence(kind: str) -> dict[str, Any]:
    """The multipart fields of an attachment of this kind (a real PNG)."""
    return {"file": (f"{kind}.png", PHOTO, "image/png"), "kind": (None, kind)}


def with_attachment(status: Status, kind: str) -> Callable[[Ctx, str, Role], Call]:
    def make(ctx: Ctx, state: str, role: Role) -> Call:
        app = ctx.case(status)
        path = f"/applications/{app.id}/attachments"
        found = ctx.api("POST", path, "USA", Role.case_officer, files=evidence(kind))
        return Call({"application_id": app.id, "attachment_id": found["id"]})

    return make


def a_seal(ctx: Ctx, state: str, role: Role) -> Call:
    """The seal of a document just issued."""
    app = ctx.case(Status.travel_document_issued)
    document = ctx.api("GET", f"/applications/{app.id}/travel-document", "USA", Role.case_officer)
    return Call(json={"seal_base64": document["seal_base64"]})


def master_list(ctx: Ctx, state: str, role: Role) -> Call:
    return Call(json=ctx.api("GET", "/travel-documents/master-list", "USA", Role.analyst))


def passport_scan(ctx: Ctx, state: str, role: Role) -> Call:
    """A real scan for USA's case officer (one OCR read is enough to reach past the
    authorization); for the other callers a file that is no image, refused at once (422)."""
    need_ocr()
    data = scan(0) if (state, role) == ("USA", Role.case_officer) else b"not an image"
    return Call(files={"file": ("passport.png", data, "image/png")})


def new_transfer(ctx: Ctx, state: str, role: Role) -> Call:
    app = ctx.case(Status.travel_document_issued)
    return Call(json=flight(app).model_dump(mode="json"))


def a_transfer(ctx: Ctx, state: str, role: Role) -> Call:
    return Call({"transfer_id": ctx.transfer_of(ctx.case(Status.transfer_scheduled))})


def charter_and_case(ctx: Ctx, state: str, role: Role) -> Call:
    transfer = ctx.charter(ctx.case(Status.travel_document_issued))
    other = ctx.case(Status.travel_document_issued)
    return Call({"transfer_id": transfer}, json={"application_id": other.id})


def charter_of_two(ctx: Ctx, state: str, role: Role) -> Call:
    first, second = ctx.case(Status.travel_document_issued), ctx.case(Status.travel_document_issued)
    return Call({"transfer_id": ctx.charter(first, second), "application_id": second.id})


def open_charter(ctx: Ctx, state: str, role: Role) -> Call:
    return Call({"transfer_id": ctx.charter(ctx.case(Status.travel_document_issued))})


def departed(ctx: Ctx, state: str, role: Role) -> Call:
    app = ctx.case(Status.departed)
    params = {"transfer_id": ctx.transfer_of(app), "application_id": app.id}
    return Call(params, json={"outcome": "arrived", "reintegration_referral": False})


def probe(ctx: Ctx, state: str, role: Role) -> Call:
    """A probe of GTM's gallery (CHN's for GTM itself) under an agreement of the caller's
    state that allows biometric sharing: USA's with GTM, or one made for the other states."""
    answering = "CHN" if state == "GTM" else "GTM"
    if state != "USA":
        sharing_agreement(ctx, state, answering)
    ctx.enrol(answering, gallery_person(ctx.world, answering))
    return Call(json={"answering_state": answering, "modality": "face", "template": TEMPLATE})


def a_search(**body: Any) -> Callable[[Ctx, str, Role], Call]:
    def make(ctx: Ctx, state: str, role: Role) -> Call:
        return Call({"reference": ctx.search_hit()}, **body)

    return make


def template_in(ctx: Ctx, state: str, role: Role) -> Call:
    person = gallery_person(ctx.world, state)
    ctx.enrolled.add((state, person))
    return Call(json={"person_id": person, "modality": "face", "template": TEMPLATE})


def template_ref(ctx: Ctx, state: str, role: Role) -> Call:
    person = gallery_person(ctx.world, state)
    ctx.enrol(state, person)
    return Call(json={"person_id": person, "modality": "face"})


def unknown_person(ctx: Ctx, state: str, role: Role) -> Call:
    """A refused role naming a person its state's register does not hold: it may not act, so
    403 (not a 404 that would tell it who is in the register)."""
    return Call(json={"person_id": f"{state}-NOT-REGISTERED", "modality": "face"})


def unknown_person_template(ctx: Ctx, state: str, role: Role) -> Call:
    return Call(json=unknown_person(ctx, state, role).json | {"template": TEMPLATE})


def propose(ctx: Ctx, state: str, role: Role) -> Call:
    """A proposal on an agreement the caller's state is a party to (a new one for MEX)."""
    pair = {"USA": CASE, "CHN": ("CHN", "USA"), "GTM": SEARCH, "MEX": ("MEX", "USA")}[state]
    return Call(json=proposal_body(ctx, *pair))


def a_proposal(**body: Any) -> Callable[[Ctx, str, Role], Call]:
    def make(ctx: Ctx, state: str, role: Role) -> Call:
        return Call({"proposal_id": ctx.proposal()}, **body)

    return make


def new_user(ctx: Ctx, state: str, role: Role) -> Call:
    email = f"readme-{role.value}@{AUTHORITIES[state]}.test"
    roles = [Role.analyst.value]
    return Call(json={"email": email, "full_name": "Readme", "password": PASSWORD, "roles": roles})


COLLEAGUES = itertools.count()


def colleague(**body: Any) -> Callable[[Ctx, str, Role], Call]:
    """A new analyst of the caller's own authority (an admin manages no other): `deactivated`
    by its admin or `locked` after failed logins, if asked."""
    deactivated, locked = body.pop("deactivated", False), body.pop("locked", False)

    def make(ctx: Ctx, state: str, role: Role) -> Call:
        email = f"readme-colleague-{next(COLLEAGUES)}@{AUTHORITIES[state]}.test"
        new = {"email": email, "full_name": "Colleague", "password": PASSWORD, "roles": ["analyst"]}
        user_id = ctx.api("POST", "/users", state, Role.admin, json=new)["id"]
        if deactivated:
            ctx.api("POST", f"/users/{user_id}/deactivate", state, Role.admin)
        if locked:
            user = ctx.db.get(User, user_id)
            assert user is not None
            user.failed_logins, user.locked_until = 0, utcnow() + timedelta(minutes=15)
            ctx.db.commit()
        return Call({"user_id": user_id}, **body)

    return make


def own_token(ctx: Ctx, state: str, role: Role) -> Call:
    token = ctx.api("POST", "/tokens", state, role, json={"name": "to revoke"})
    return Call({"token_id": token["id"]})


# A designation proposed, and a FollowTheMoney list imported, into the caller's own state.
DESIGNATION = {
    "entity": {"schema": "Company", "properties": {"name": ["Readme Air"]}},
    "legal_basis": "INA 212(a)(3)(C)",
}
FTM_LIST = {"file": ("list.jsonl", b'{"id": "readme-1", "schema": "Company", '
            b'"properties": {"name": ["Readme Air"]}}\n', "application/x-ndjson")}  # fmt: skip
V = "/api/v1/applications/{application_id}"
SCENARIOS: dict[str, Scenario] = {
    "GET /api/v1/me": Scenario(nothing),
    "GET /api/v1/queue": Scenario(nothing),
    "GET /api/v1/applications": Scenario(nothing),
    "POST /api/v1/applications/search": Scenario(
        lambda ctx, s, r: Call(json={"document": "E12345678"})
    ),
    "GET /api/v1/protection/holds": Scenario(nothing),
    "GET /api/v1/workload": Scenario(nothing),
    "POST /api/v1/applications": Scenario(new_application, per="state"),
    f"GET {V}": Scenario(on_case(Status.submitted)),
    f"POST {V}/submit": Scenario(on_case(Status.draft), draft=True, fresh=True),
    f"PATCH {V}": Scenario(an_edit),
    f"POST {V}/provide-info": Scenario(
        on_case(Status.more_info_requested, json={"answer": "The birth certificate is attached."}),
        fresh=True,
    ),
    f"GET {V}/attachments": Scenario(on_case(Status.submitted)),
    f"POST {V}/attachments": Scenario(
        on_case(Status.submitted, files=evidence("protection_evidence"))
    ),
    f"GET {V}/attachments/{{attachment_id}}": Scenario(
        with_attachment(Status.submitted, "passport_scan")
    ),
    f"DELETE {V}/attachments/{{attachment_id}}": Scenario(
        with_attachment(Status.draft, "protection_evidence"), draft=True, fresh=True
    ),
    f"GET {V}/protection-flags": Scenario(on_case(Status.submitted)),
    f"POST {V}/protection-flags": Scenario(
        on_case(Status.submitted, json={"kind": "asylum_pending", "note": "claim"}), fresh=True
    ),
    f"POST {V}/protection-flags/{{flag_id}}/clear": Scenario(with_flag, fresh=True),
    f"GET {V}/trafficking-screenings": Scenario(on_case(Status.submitted)),
    f"POST {V}/trafficking-screenings/{{screening_id}}/decision": Scenario(
        with_screening, draft=True, fresh=True
    ),
    f"GET {V}/statelessness": Scenario(on_case(Status.submitted)),
    f"POST {V}/statelessness": Scenario(not_a_national(json={"outcome": "referred"}), fresh=True),
    f"POST {V}/statelessness/follow-up": Scenario(not_a_national(claimed=True), fresh=True),
    f"GET {V}/custody": Scenario(on_case(Status.submitted)),
    f"POST {V}/custody": Scenario(
        on_case(Status.submitted, json={"status": "detained", "since": "2025-01-05"})
    ),
    "GET /api/v1/protection/decisions-due": Scenario(nothing),
    f"POST {V}/recommendation": Scenario(on_case(Status.under_verification)),
    f"GET {V}/recommendation": Scenario(with_recommendation),
    f"POST {V}/register-lookup": Scenario(
        on_case(Status.under_verification, json={"number": "E12345678"})
    ),
    f"POST {V}/decision": Scenario(
        lambda ctx, s, r: Call(
            {"application_id": ctx.case(Status.under_verification).id},
            json={"decision": "confirm", "person_id": ctx.world.registers["CHN"][0].person_id},
        ),
        fresh=True,
    ),
    f"POST {V}/extend-reply": Scenario(on_case(Status.under_verification), fresh=True),
    f"PUT {V}/photo": Scenario(
        on_case(Status.submitted, files={"file": ("photo.png", PHOTO, "image/png")})
    ),
    f"GET {V}/photo": Scenario(with_photo),
    f"POST {V}/travel-document": Scenario(on_case(Status.confirmed), fresh=True),
    f"GET {V}/travel-document": Scenario(on_case(Status.travel_document_issued)),
    f"GET {V}/travel-document.pdf": Scenario(
        on_case(Status.travel_document_issued, query={"page": "ID3"})
    ),
    f"GET {V}/travel-document.png": Scenario(on_case(Status.travel_document_issued)),
    f"GET {V}/messages": Scenario(on_case(Status.submitted)),
    f"GET {V}/interviews": Scenario(on_case(Status.submitted)),
    f"POST {V}/interviews": Scenario(on_case(Status.submitted, json=INTERVIEW), fresh=True),
    f"POST {V}/interviews/{{interview_id}}/decision": Scenario(an_interview, fresh=True),
    f"POST {V}/messages": Scenario(on_case(Status.submitted, json={"body": "Interview Monday."})),
    "POST /api/v1/travel-documents/verify": Scenario(a_seal),
    "POST /api/v1/documents/mrz-ocr": Scenario(passport_scan, per="caller"),
    "GET /api/v1/travel-documents/master-list": Scenario(nothing),
    "POST /api/v1/travel-documents/master-list": Scenario(master_list),
    "GET /api/v1/travel-documents/revocations/{state}": Scenario(
        lambda ctx, s, r: Call({"state": "CHN"})
    ),
    "POST /api/v1/transfers": Scenario(new_transfer, fresh=True),
    "GET /api/v1/transfers": Scenario(nothing),
    "GET /api/v1/transfers/{transfer_id}": Scenario(a_transfer),
    "POST /api/v1/transfers/{transfer_id}/cases": Scenario(charter_and_case, fresh=True),
    "DELETE /api/v1/transfers/{transfer_id}/cases/{application_id}": Scenario(
        charter_of_two, fresh=True
    ),
    "POST /api/v1/transfers/{transfer_id}/lock": Scenario(open_charter, fresh=True),
    "POST /api/v1/transfers/{transfer_id}/depart": Scenario(a_transfer, fresh=True),
    "POST /api/v1/transfers/{transfer_id}/cases/{application_id}/arrival": Scenario(
        departed, fresh=True
    ),
    "POST /api/v1/transfers/{transfer_id}/acceptance": Scenario(
        lambda ctx, s, r: Call(open_charter(ctx, s, r).params, json={"accepted": True}),
        fresh=True,
    ),
    "POST /api/v1/biometrics/partner-searches": Scenario(probe, per="state"),
    "GET /api/v1/biometrics/partner-searches/pending": Scenario(nothing),
    "GET /api/v1/biometrics/partner-searches/{reference}": Scenario(a_search(), parties=SEARCH),
    "POST /api/v1/biometrics/partner-searches/{reference}/decision": Scenario(
        a_search(json={"confirm": True}), parties=SEARCH, fresh=True
    ),
    "PUT /api/v1/biometrics/templates": Scenario(
        template_in, per="state", refused=unknown_person_template
    ),
    "POST /api/v1/biometrics/templates/delete": Scenario(
        template_ref, fresh=True, per="state", refused=unknown_person
    ),
    "GET /api/v1/audit/events": Scenario(nothing),
    "GET /api/v1/audit/export.csv": Scenario(nothing),
    "GET /api/v1/audit/verify": Scenario(nothing),
    "GET /api/v1/statistics/indicators": Scenario(nothing),
    "GET /api/v1/scorecards": Scenario(lambda ctx, s, r: Call(query={"corridor": "USA-CHN"})),
    "GET /api/v1/designations": Scenario(nothing),
    "GET /api/v1/designations/due-for-review": Scenario(nothing),
    "GET /api/v1/designations/entities": Scenario(lambda ctx, s, r: Call(query={"q": "Air"})),
    "GET /api/v1/designations/export": Scenario(nothing),
    "POST /api/v1/designations/import": Scenario(lambda ctx, s, r: Call(files=FTM_LIST)),
    "POST /api/v1/designations": Scenario(lambda ctx, s, r: Call(json=DESIGNATION)),
    "GET /api/v1/agreements": Scenario(nothing),
    "GET /api/v1/agreements/proposals": Scenario(nothing),
    "POST /api/v1/agreements/proposals": Scenario(propose, per="state"),
    "POST /api/v1/agreements/proposals/{proposal_id}/accept": Scenario(a_proposal(), fresh=True),
    "POST /api/v1/agreements/proposals/{proposal_id}/reject": Scenario(
        a_proposal(json={"reason": "Not now"}), fresh=True
    ),
    "POST /api/v1/agreements/proposals/{proposal_id}/withdraw": Scenario(a_proposal(), fresh=True),
    "GET /api/v1/users": Scenario(nothing),
    "POST /api/v1/users": Scenario(new_user, per="caller"),
    "GET /api/v1/users/{user_id}": Scenario(colleague(), per="state"),
    "PUT /api/v1/users/{user_id}/roles": Scenario(
        colleague(json={"roles": ["analyst", "auditor"]}), per="state"
    ),
    "POST /api/v1/users/{user_id}/deactivate": Scenario(colleague(), fresh=True, per="state"),
    "POST /api/v1/users/{user_id}/reactivate": Scenario(
        colleague(deactivated=True), fresh=True, per="state"
    ),
    "POST /api/v1/users/{user_id}/unlock": Scenario(
        colleague(locked=True), fresh=True, per="state"
    ),
    "GET /api/v1/tokens": Scenario(nothing),
    "POST /api/v1/tokens": Scenario(lambda ctx, s, r: Call(json={"name": "readme"})),
    "POST /api/v1/tokens/{token_id}/revoke": Scenario(own_token, fresh=True, per="caller"),
}


def row_id(row: Row) -> str:
    return row.route + (f" (not checked: {row.skip_reason})" if row.skip_reason else "")


def verdict(expect: str, response: httpx.Response) -> str | None:
    """None when the answer is what the table says, else what was expected."""
    code = response.status_code
    if expect == OK:
        good = response.is_success or code in ALLOWED_CODES
        return None if good else "allowed (2xx, or 409/422)"
    if expect == EITHER:
        return None if code in (403, 404) else "403 or 404"
    return None if str(code) == expect else expect


def test_readme_table_parses() -> None:
    assert TABLE_ERROR is None, TABLE_ERROR


@pytest.mark.parametrize(
    "line",
    [
        "| `GET /api/v1/me` | everyone |",
        "| `GET /api/v1/me` | roles: pilot |",
        "| `GET /api/v1/me` | requesting: sometimes |",
        "| `GET /api/v1/me` | any user; roles: admin |",
        "| `GET /api/v1/me` | requesting: admin; requesting: none |",
        "| `GET /api/v1/me` | |",
        "| me | any user |",
        "| `GET /api/v1/me` | any user | extra |",
    ],
)
def test_grammar_refuses_what_it_does_not_know(line: str) -> None:
    """The parser fails loudly rather than guess (so a new kind of clause cannot pass unseen)."""
    text = f"## API\n\n{GRAMMAR}: …\n\n{HEADER}\n| --- | --- |\n{line}\n"
    with pytest.raises(TableError):
        read_table(text)


def test_table_and_app_have_the_same_routes() -> None:
    assert ROWS, TABLE_ERROR
    listed = [row.route for row in ROWS]
    repeated = sorted({route for route in listed if listed.count(route) > 1})
    schema = create_app().openapi()["paths"]
    methods = {"get", "post", "put", "patch", "delete"}
    routes = {f"{m.upper()} {path}" for path, ops in schema.items() for m in ops if m in methods}
    missing = sorted(routes - set(listed))
    unknown = sorted(set(listed) - routes)
    assert not (missing or unknown or repeated), (
        f"routes of the app missing from README.md's API table: {missing}; "
        f"table rows that are no route of the app: {unknown}; rows listed twice: {repeated}"
    )


# A row whose Who is only a note (transitions: per the lifecycle table, which
# tests/test_lifecycle.py and tests/api/test_authorization.py check) is in the completeness
# check above, not probed here.
PROBED = [row for row in ROWS if not row.skip_reason]


@pytest.mark.parametrize("row", PROBED, ids=[row_id(row) for row in PROBED])
def test_readme_row(client: TestClient, db: Session, world: World, row: Row) -> None:
    """Every state × role on this row's route gets what the README's Who column says."""
    scenario = SCENARIOS.get(row.route)
    assert scenario is not None, f"no scenario for {row.route} (README line {row.line}): add one"
    ctx = Ctx(db, client, world)
    callers = [
        (state, role, expected(row, state, role, scenario.parties, scenario.draft))
        for state in STATES
        for role in Role
    ]
    callers.sort(key=lambda caller: caller[2] != OK)  # allowed first, on fresh targets
    print(f"\n{row.route}: {row.who}")
    shared: dict[Any, Call] = {}
    problems: list[str] = []
    successes = 0
    try:
        for state, role, expect in callers:
            key = {"row": None, "state": state, "caller": (state, role)}[scenario.per]
            make = scenario.make
            if expect != OK and scenario.refused:
                make, key = scenario.refused, ("refused", key)
            if scenario.fresh and expect == OK:
                call = make(ctx, state, role)
            else:
                if key not in shared:
                    shared[key] = make(ctx, state, role)
                call = shared[key]
            response = client.request(
                row.method,
                row.path.format(**call.params),
                json=call.json,
                files=call.files,
                params=call.query,
                headers=world.headers(state, role),
            )
            print(f"{state} {role.value}: expected {expect}, got {response.status_code}")
            successes += expect == OK and response.is_success
            wrong = verdict(expect, response)
            if wrong:
                problems.append(
                    f"  {state} {role.value}: expected {wrong}, got {response.status_code} "
                    f"{response.text[:300]}"
                )
    finally:
        ctx.cleanup()
    if any(expect == OK for *_, expect in callers) and not successes:
        problems.append("  scenario: no allowed caller got a 2xx; the target is not right")
    assert not problems, f"{row.route} — README line {row.line} says {row.who!r}:\n" + "\n".join(
        problems
    )
