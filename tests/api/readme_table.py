"""The README's API table, read as the documented authorization (for test_readme_roles.py).

The section "## API" of README.md defines the grammar of the **Who** column in the paragraph
that starts "The table below is the authorization as it is enforced", then gives the table
`| Method and path | Who |`. Each row names one route in backticks; its Who cell is made of
`;`-separated clauses:

- `any user`: every authenticated user;
- `roles: r1, r2`: those roles in any state, every other role 403;
- `requesting: …` / `requested: …`: the roles of that party of the target (a case, transfer,
  partner search or agreement proposal) that may call: `any role`, a list of roles, `none` (403
  for every role of that party) or `hidden` (404 for every role of that party). A party a row
  does not name gets 404; so does a state that is not a party.

A note in square brackets explains what further limits the data; it is not part of the check.
A row whose Who is only a note is not checked (its note is the reason).

Below the parser: the world the rows are called in (targets built in the test's transaction).
"""

import base64
import dataclasses
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.agreements.schemas import AgreementCreate, load_agreement_file
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from readmit.demo.seed import AGREEMENTS_DIR
from readmit.registry import service as registry
from readmit.synth.project.generator import register_row
from readmit.transfers import service as transfers
from tests.factories import World, flight, make_case

README = Path(__file__).resolve().parents[2] / "README.md"
GRAMMAR = "The table below is the authorization as it is enforced"
HEADER = "| Method and path | Who |"
ROUTE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/api/v1/\S*)$")
NOTE = re.compile(r"\[([^\]]*)\]")
PARTY_WORDS = {"any role", "none", "hidden"}


class TableError(Exception):
    """The README's table (or its grammar) is not what this test understands."""


@dataclass(frozen=True)
class Party:
    """What one party of the target may do: `any role`, `none`, `hidden` or a set of roles."""

    word: str | None  # "any role", "none", "hidden", or None for a list of roles
    roles: frozenset[Role] = frozenset()

    def allows(self, role: Role) -> bool:
        return self.word == "any role" or role in self.roles

    def refusal(self) -> int:
        return 404 if self.word == "hidden" else 403


@dataclass(frozen=True)
class Row:
    """One row of the table."""

    line: int
    method: str
    path: str
    who: str
    any_user: bool = False
    roles: frozenset[Role] | None = None  # `roles:` clause
    requesting: Party | None = None
    requested: Party | None = None
    skip_reason: str | None = None  # a Who made only of a bracketed note

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def on_target(self) -> bool:
        """Whether the row speaks of the parties of a target (case, transfer, …)."""
        return self.requesting is not None or self.requested is not None


def _roles(text: str, line: int) -> frozenset[Role]:
    names = [name.strip() for name in text.split(",")]
    known = {role.value: role for role in Role}
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise TableError(f"README.md line {line}: unknown role(s) {unknown} in {text!r}")
    return frozenset(known[name] for name in names)


def _party(text: str, line: int) -> Party:
    text = text.strip()
    if text in PARTY_WORDS:
        return Party(text)
    return Party(None, _roles(text, line))


def parse_who(who: str, line: int, method: str, path: str) -> Row:
    """One Who cell, by the README's grammar; anything else is a TableError."""
    notes = NOTE.findall(who)
    bare = NOTE.sub("", who).strip()
    if "[" in bare or "]" in bare:
        raise TableError(f"README.md line {line}: unbalanced note in {who!r}")
    if not bare:
        if not notes:
            raise TableError(f"README.md line {line}: empty Who for {method} {path}")
        return Row(line, method, path, who, skip_reason="; ".join(n.strip() for n in notes))
    fields: dict[str, Any] = {}
    for clause in (c.strip() for c in bare.split(";")):
        key, colon, value = clause.partition(":")
        key = key.strip()
        parsed: Any
        if clause == "any user":
            name, parsed = "any_user", True
        elif colon and key == "roles":
            name, parsed = "roles", _roles(value, line)
        elif colon and key in ("requesting", "requested"):
            name, parsed = key, _party(value, line)
        else:
            raise TableError(
                f"README.md line {line}: clause {clause!r} of {method} {path} is not in the "
                "grammar this test knows (any user; roles: …; requesting: …; requested: …)"
            )
        if name in fields:
            raise TableError(f"README.md line {line}: {key!r} twice in {who!r}")
        fields[name] = parsed
    kinds = [
        "any_user" in fields,
        "roles" in fields,
        bool({"requesting", "requested"} & set(fields)),
    ]
    if sum(kinds) != 1:
        raise TableError(
            f"README.md line {line}: {who!r} mixes `any user`, `roles:` and party clauses; "
            "this test does not know what such a combination means"
        )
    return Row(line, method, path, who, **fields)


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table line (`\\|` is a pipe inside a cell)."""
    inner = line.strip()
    if not (inner.startswith("|") and inner.endswith("|")):
        raise TableError(f"not a table line: {line!r}")
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner[1:-1])]


def read_table(text: str | None = None) -> list[Row]:
    """Every row of the README's API table."""
    text = README.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    try:
        start = lines.index("## API")
    except ValueError:
        raise TableError("README.md has no '## API' section") from None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    section = lines[start:end]
    grammar = next((i for i, line in enumerate(section) if line.startswith(GRAMMAR)), None)
    if grammar is None:
        raise TableError(f"README.md '## API' has no paragraph starting {GRAMMAR!r}")
    header = next((i for i in range(grammar, len(section)) if section[i].strip() == HEADER), None)
    if header is None:
        raise TableError(f"README.md '## API' has no table {HEADER!r} after the grammar")
    rows: list[Row] = []
    for offset, line in enumerate(section[header + 2 :]):
        number = start + header + 3 + offset
        if not line.strip().startswith("|"):
            break
        cells = _cells(line)
        if len(cells) != 2:
            raise TableError(f"README.md line {number}: {len(cells)} cells, not 2: {line!r}")
        routes = re.findall(r"`([^`]*)`", cells[0])
        found = ROUTE.match(routes[0]) if routes else None
        if not found:
            raise TableError(
                f"README.md line {number}: the first cell must start with `METHOD /api/v1/…`: "
                f"{cells[0]!r}"
            )
        rows.append(parse_who(cells[1], number, found.group(1), found.group(2)))
    if not rows:
        raise TableError("README.md's API table has no rows")
    return rows


# Expectations. "ok": not refused (2xx, or 409/422 for a scenario not right for the role);
# a number: exactly that refusal; "403|404": either refusal.
OK = "ok"
EITHER = "403|404"


def expected(row: Row, state: str, role: Role, parties: tuple[str, str], draft: bool) -> str:
    """What the table says `role` of `state` gets on this row's route.

    `parties` is (requesting, requested) of the scenario's target; `draft` whether the target
    is a case not yet submitted (which the requested state may not see).
    """
    if row.any_user:
        return OK
    if row.roles is not None:
        return OK if role in row.roles else "403"
    requesting, requested = parties
    sides = {requesting: row.requesting, requested: row.requested}
    if state in sides:
        party = sides[state]
        if party is None or (draft and state == requested):
            return "404"
        return OK if party.allows(role) else str(party.refusal())
    # An outsider: the target's existence must not leak to a role that could act on it.
    could_act = any(
        party is not None and party.word != "hidden" and party.allows(role)
        for side, party in sides.items()
        if not (draft and side == requested)
    )
    return "404" if could_act else EITHER


# The world the rows are called in: USA→CHN cases, USA's partner searches of GTM's gallery.
CASE = ("USA", "CHN")  # requesting, requested
SEARCH = ("USA", "GTM")  # the searching authority, the answering state


def png(size: tuple[int, int] = (240, 320)) -> bytes:
    """A small, real PNG photo."""
    out = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(out, format="PNG")
    return out.getvalue()


PHOTO = png()
FACE = np.random.default_rng(7).standard_normal(512).astype("<f4")
FACE /= np.linalg.norm(FACE)
TEMPLATE = base64.b64encode(FACE.tobytes()).decode()


@dataclass
class Call:
    """The path parameters and body of one request."""

    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    files: dict[str, Any] | None = None
    query: dict[str, str] | None = None


@dataclass
class Ctx:
    """Building targets in the test's transaction, through the factories and the API."""

    db: Session
    client: TestClient
    world: World
    enrolled: set[tuple[str, str]] = field(default_factory=set)

    def case(self, status: Status) -> Application:
        app = make_case(self.db, self.world, status=status)
        self.db.commit()
        return app

    def api(self, method: str, path: str, state: str, role: Role, **kw: Any) -> Any:
        """A set-up call that must succeed; its JSON."""
        response = self.client.request(
            method, "/api/v1" + path, headers=self.world.headers(state, role), **kw
        )
        assert response.is_success, f"set-up {method} {path} as {state} {role.value}: " + (
            f"{response.status_code} {response.text[:500]}"
        )
        json_type = "json" in response.headers.get("content-type", "")
        return response.json() if json_type and response.content else None

    def enrol(self, state: str, person_id: str) -> None:
        body = {"person_id": person_id, "modality": "face", "template": TEMPLATE}
        self.api("PUT", "/biometrics/templates", state, Role.verifier, json=body)
        self.enrolled.add((state, person_id))

    def search_hit(self) -> str:
        """A reference of USA's search of GTM's gallery that found a hit."""
        self.enrol("GTM", gallery_person(self.world, "GTM"))
        body = {"answering_state": "GTM", "modality": "face", "template": TEMPLATE}
        answer = self.api(
            "POST", "/biometrics/partner-searches", "USA", Role.case_officer, json=body
        )
        assert answer["outcome"] == "hit", answer
        return answer["reference"]

    def charter(self, *cases: Application) -> int:
        user = self.world.user(self.db, "USA", Role.case_officer)
        transfer = transfers.create(
            session=self.db, user=user, payload=flight(*cases, kind="charter")
        )
        self.db.commit()
        return transfer.id

    def transfer_of(self, app: Application) -> int:
        transfer = transfers.for_application(session=self.db, application=app)
        assert transfer is not None
        return transfer.id

    def proposal(self) -> int:
        """A proposal of USA's admin on USA→CHN (any one still pending is withdrawn first)."""
        for pending in self.api("GET", "/agreements/proposals", "USA", Role.admin):
            if pending["status"] == "pending" and pending["proposed_by_state"] == "USA":
                self.api(
                    "POST", f"/agreements/proposals/{pending['id']}/withdraw", "USA", Role.admin
                )
        body = proposal_body(self, "USA", "CHN")
        return self.api("POST", "/agreements/proposals", "USA", Role.admin, json=body)["id"]

    def cleanup(self) -> None:
        """Galleries live outside the database: take this test's templates out again."""
        for state, person_id in self.enrolled:
            self.client.post(
                "/api/v1/biometrics/templates/delete",
                json={"person_id": person_id, "modality": "face"},
                headers=self.world.headers(state, Role.verifier),
            )


_REGISTERED: set[str] = set()


def gallery_person(world: World, state: str) -> str:
    """A register person of `state`: the last one of the seeded register (to stay clear of other
    tests), or, for a state the test world gives no register (USA, MEX), one person added to it
    once per run, so that their verifiers too can enrol someone of their own state."""
    people = world.registers.get(state)
    if people:
        return people[-1].person_id
    person_id = f"{state}-READMEROLES"
    if state not in _REGISTERED:
        person = dataclasses.replace(
            world.registers["GTM"][-1], person_id=person_id, national_id="", passport_numbers=[]
        )
        report = registry.add_rows(country=state, rows=[register_row(person)])
        assert report.loaded == 1, report
        _REGISTERED.add(state)
    return person_id


def sharing_agreement(ctx: Ctx, requesting: str, requested: str) -> None:
    """An agreement in force (in the test's transaction) whose terms allow biometric sharing."""
    usa_gtm = next(
        a
        for path in sorted(AGREEMENTS_DIR.glob("*.yaml"))
        for a in load_agreement_file(path).agreements
        if (a.requesting_state, a.requested_state) == SEARCH
    )
    payload = usa_gtm.model_dump()
    payload |= {"requesting_state": requesting, "requested_state": requested}
    payload["terms"]["holiday_states"] = [requesting, requested]
    agreements.establish(session=ctx.db, payload=AgreementCreate.model_validate(payload))
    ctx.db.commit()


def proposal_body(ctx: Ctx, requesting: str, requested: str) -> dict:
    """The whole USA→CHN agreement in force, as proposed again with a new title, for the pair."""
    listed = ctx.api("GET", "/agreements", "USA", Role.admin)
    current = next(
        a for a in listed if (a.get("requesting_state"), a.get("requested_state")) == CASE
    )
    keys = ("title", "reference", "in_force_from", "terms")
    agreement = {k: current[k] for k in keys if k in current}
    agreement |= {"requesting_state": requesting, "requested_state": requested}
    agreement["terms"] = current["terms"] | {"holiday_states": [requesting, requested]}
    agreement["title"] = f"{requesting}-{requested} readmission (revised)"
    return {"agreement": agreement, "note": "README roles test"}
