"""Import and export of a state's register as FollowTheMoney JSON lines: one entity per line
in FtM's own {id, schema, properties}, the format OpenSanctions' tools read and write.

An import checks every line before it writes anything (a bad line is refused with its
number and nothing is imported), then writes in batches: people and organisations, then the
links between them (whose ends must be in the file or the register), then the designations.
An entity already held under the same id is updated. Entities of schemas the register does
not keep (addresses, vessels, identifications…) are counted and left out. A designation
comes in as a proposal, never approved by the import: one for each `Sanction` line that is
not delisted, and one for each entity marked with the topic "sanction" that no Sanction line
names; none for an entity with a designation proposed or in force already.

An export writes every entity of the state and a `Sanction` for each designation in force
or delisted (proposals and rejections are the state's own deliberation)."""

import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any, TypeVar

from followthemoney import model
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.designations import ftm
from readmit.designations.models import Designation, DesignationStatus, Entity
from readmit.designations.service import IN_FORCE
from readmit.errors import Forbidden
from readmit.i18n import _
from readmit.screening.index import index_entities
from readmit.tenancy.service import held_by

BATCH = 2_000
MAX_LINE = 1 << 20  # bytes: an entity with hundreds of aliases is a few kB
EXPORTERS = (Role.analyst, Role.supervisor)
IMPORTERS = (Role.analyst, Role.supervisor)  # from the command line
API_IMPORTERS = (Role.supervisor,)  # a file sent to the server
NOT_IN_FORCE = ("delisted", "revoked", "expired", "inactive")
Progress = Callable[[str, int], None]
Line = tuple[int, str, str | None]  # number, text, why it cannot be read (or None)
T = TypeVar("T")


class LineError(Exception):
    """A line of the file that cannot be imported; nothing is."""

    def __init__(self, number: int, message: str) -> None:
        super().__init__(f"line {number}: {message}")
        self.number, self.message = number, message


@dataclass
class Counts:
    """What an import found and did."""

    lines: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    proposals: int = 0


@dataclass
class _Spool:
    """The checked lines, kept on disk between the two passes."""

    things: IO[str]
    links: IO[str]
    sanctions: IO[str]
    sanctioned: set[str] = field(default_factory=set)
    marked: set[str] = field(default_factory=set)


def _none(stage: str, count: int) -> None:
    """No progress to show."""


def require_importer(user: User, *, roles: tuple[Role, ...] = IMPORTERS) -> None:
    """403 unless the user's role imports lists this way."""
    if not user.has_role(*roles):
        if roles == API_IMPORTERS:
            raise Forbidden(_("Only a supervisor imports designations through the API."))
        raise Forbidden(_("Only analysts and supervisors import designations."))


def lines_of(data: bytes) -> Iterator[Line]:
    """The numbered lines of an uploaded file, each with why it cannot be read (not UTF-8,
    too long) or None."""
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(), start=1):
        if len(raw) > MAX_LINE:
            yield number, "", f"line longer than {MAX_LINE:,} bytes"
            continue
        try:
            yield number, raw.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            where = f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1}"
            yield number, "", f"invalid UTF-8 ({where})"


def _problem_text(problems: list[Any]) -> str:
    return "; ".join(f"{'.'.join(map(str, p.loc))}: {p.msg}" for p in problems)


def _check(lines: Iterable[Line], spool: _Spool, counts: Counts, progress: Progress) -> None:
    """First pass: parse and clean every line, spooling what will be written."""
    seen: set[str] = set()
    for number, text, problem in lines:
        if problem:
            raise LineError(number, problem)
        if not text.strip():
            continue
        counts.lines += 1
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LineError(number, f"not JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(data, dict):
            raise LineError(number, "not a JSON object")
        name = data.get("schema")
        if not isinstance(name, str) or model.get(name) is None:
            raise LineError(number, f"not a FollowTheMoney schema: {str(name)[:60]}")
        if name == ftm.SANCTION:
            proxy, problems = ftm.clean(data, accept=ftm.sanction_schema)
        elif ftm.schema_of(name) is None:
            counts.skipped[name] += 1
            continue
        else:
            proxy, problems = ftm.clean(data)
        if problems:
            raise LineError(number, _problem_text(problems))
        if proxy.id in seen:
            raise LineError(number, f"the id {proxy.id} is on an earlier line too")
        seen.add(str(proxy.id))
        properties = proxy.to_dict()["properties"]
        if name == ftm.SANCTION:
            terms = ftm.sanction_terms(proxy, fallback_basis="")
            spool.sanctioned.add(terms.entity_id)
            spool.sanctions.write(json.dumps([number, properties]) + "\n")
        else:
            if ftm.SANCTION_TOPIC in proxy.get("topics", quiet=True):
                spool.marked.add(str(proxy.id))
            target = spool.links if ftm.is_link(proxy.schema) else spool.things
            row = [number, proxy.id, name, ftm.caption(proxy), properties]
            target.write(json.dumps(row, ensure_ascii=False) + "\n")
        if counts.lines % BATCH == 0:
            progress("checking", BATCH)
    progress("checking", counts.lines % BATCH)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of `size` (the last shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _read(spool: IO[str]) -> Iterator[list[Any]]:
    spool.seek(0)
    for text in spool:
        yield json.loads(text)


def _rows_by_ftm_id(session: Session, user: User, ids: Iterable[str]) -> dict[str, Entity]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    found = session.scalars(
        select(Entity).where(held_by(user, Entity.state_code), Entity.ftm_id.in_(wanted))
    )
    return {row.ftm_id: row for row in found}


def _write_batch(
    session: Session,
    user: User,
    batch: list[list[Any]],
    counts: Counts,
    ends: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Insert the new entities of a batch, update the changed ones, key both for screening.
    `ends`: for links, (subject_id, object_id) by FtM id."""
    state = user.state_code
    existing = _rows_by_ftm_id(session, user, (row[1] for row in batch))
    now = utcnow()
    new: list[dict[str, Any]] = []
    changed: list[Entity] = []
    for number, ftm_id, schema, caption, properties in batch:
        subject_id, object_id = ends[ftm_id] if ends else (None, None)
        held = existing.get(ftm_id)
        if held is None:
            new.append(
                {
                    "state_code": state,
                    "ftm_id": ftm_id,
                    "schema": schema,
                    "caption": caption,
                    "properties": properties,
                    "subject_id": subject_id,
                    "object_id": object_id,
                    "updated_at": now,
                }
            )
            continue
        if ftm.is_link(model[held.schema]) != (ends is not None):
            raise LineError(number, f"{ftm_id} is a {held.schema} in the register, not a {schema}")
        same = (held.schema, held.properties, held.subject_id, held.object_id) == (
            schema,
            properties,
            subject_id,
            object_id,
        )
        if same:
            counts.unchanged += 1
            continue
        held.schema, held.caption, held.properties = schema, caption, properties
        held.subject_id, held.object_id, held.updated_at = subject_id, object_id, now
        changed.append(held)
    created = list(session.scalars(insert(Entity).returning(Entity), new)) if new else []
    counts.created += len(created)
    counts.changed += len(changed)
    index_entities(session=session, entities=[*created, *changed])
    for entity in (*created, *existing.values()):
        session.expunge(entity)  # a million entities are not kept in memory


def _link_ends(session: Session, user: User, batch: list[list[Any]]) -> dict[str, tuple[int, int]]:
    """(subject_id, object_id) of each link of the batch; LineError for an end that is not
    in the file or the register, or of the wrong kind."""
    wanted = []
    for number, _id, schema, _caption, properties in batch:
        for end in ftm.link_ends(model[schema]):
            if len(properties.get(end, [])) != 1:
                raise LineError(number, f"a {schema} has exactly one {end}")
            wanted.append(properties[end][0])
    rows = _rows_by_ftm_id(session, user, wanted)
    found = {}
    for number, ftm_id, schema, _caption, properties in batch:
        link = model[schema]
        ids = []
        for end in ftm.link_ends(link):
            row = rows.get(properties[end][0])
            wanted_schema = ftm.end_schema(link, end)
            if row is None:
                raise LineError(
                    number,
                    f"its {end} {properties[end][0]} is in neither the file nor the register",
                )
            if wanted_schema is None or not model[row.schema].is_a(wanted_schema):
                raise LineError(
                    number,
                    f"its {end} is a {row.schema}, not a {getattr(wanted_schema, 'name', '')}",
                )
            ids.append(row.id)
        found[ftm_id] = (ids[0], ids[1])
    for row in rows.values():
        session.expunge(row)
    return found


def _propose(
    session: Session,
    user: User,
    terms: list[tuple[int, str, ftm.SanctionTerms]],
    counts: Counts,
    proposed: set[int],
) -> None:
    """Proposals for the entities named, unless one is proposed or in force already."""
    state = user.state_code
    rows = _rows_by_ftm_id(session, user, (t[1] for t in terms))
    held = {row.id for row in rows.values()}
    open_ids = set(
        session.scalars(
            select(Designation.entity_id).where(
                Designation.entity_id.in_(held), Designation.status.in_(IN_FORCE)
            )
        )
    )
    now = utcnow()
    new = []
    for number, ftm_id, term in terms:
        row = rows.get(ftm_id)
        if row is None or ftm.is_link(model[row.schema]):
            raise LineError(number, f"its entity {ftm_id} is no person or organisation held")
        if row.id in open_ids or row.id in proposed:
            continue
        proposed.add(row.id)
        new.append(
            {
                "state_code": state,
                "entity_id": row.id,
                "status": DesignationStatus.proposed.value,
                "legal_basis": term.legal_basis,
                "reason": term.reason,
                "starts_on": term.starts_on,
                "ends_on": term.ends_on,
                "proposed_by_id": user.id,
                "proposed_at": now,
                "decision_note": "",
                "delisting_reason": "",
            }
        )
        session.expunge(row)
    if new:
        session.execute(insert(Designation), new)
    counts.proposals += len(new)


def _designations(
    session: Session, user: User, spool: _Spool, source: str, counts: Counts, progress: Progress
) -> None:
    """Third step: the proposals of the Sanction lines, then of entities marked "sanction"."""
    fallback = f"imported from {source}"[:200]
    proposed: set[int] = set()
    for batch in batched(_read(spool.sanctions), BATCH):
        terms = []
        for number, properties in batch:
            proxy = model.get_proxy({"schema": ftm.SANCTION, "properties": properties})
            term = ftm.sanction_terms(proxy, fallback_basis=fallback)
            if term.status not in NOT_IN_FORCE:
                terms.append((number, term.entity_id, term))
        _propose(session, user, terms, counts, proposed)
        progress("importing", len(batch))
    marked = sorted(spool.marked - spool.sanctioned)
    for ids in batched(marked, BATCH):
        rows = _rows_by_ftm_id(session, user, ids)
        terms = []
        for ftm_id in ids:
            program = (rows[ftm_id].properties.get("program") or [fallback])[0]
            term = ftm.SanctionTerms(ftm_id, program[:200], "", None, None, "")
            terms.append((0, ftm_id, term))
        _propose(session, user, terms, counts, proposed)


def import_lines(
    *,
    session: Session,
    user: User,
    lines: Iterable[Line],
    source: str,
    propose: bool = True,
    progress: Progress = _none,
    roles: tuple[Role, ...] = IMPORTERS,
) -> Counts:
    """Import FtM JSON lines into the user's state's register (`roles`: who may import this
    way); LineError for the first bad line, and then nothing is written; audited."""
    require_importer(user, roles=roles)
    counts = Counts()
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as things,
        tempfile.TemporaryFile("w+", encoding="utf-8") as links,
        tempfile.TemporaryFile("w+", encoding="utf-8") as sanctions,
    ):
        spool = _Spool(things, links, sanctions)
        _check(lines, spool, counts, progress)
        for batch in batched(_read(things), BATCH):
            _write_batch(session, user, batch, counts)
            progress("importing", len(batch))
        for batch in batched(_read(links), BATCH):
            ends = _link_ends(session, user, batch)
            _write_batch(session, user, batch, counts, ends)
            progress("importing", len(batch))
        if propose:
            _designations(session, user, spool, source, counts, progress)
    audit.record(
        session=session,
        actor=user,
        action="designation.import",
        entity="designation",
        detail={
            "file": source,
            "lines": counts.lines,
            "created": counts.created,
            "changed": counts.changed,
            "skipped": sum(counts.skipped.values()),
            "proposals": counts.proposals,
        },
    )
    return counts


def export_lines(
    *, session: Session, user: User, write: Callable[[str], Any], progress: Progress = _none
) -> tuple[int, int]:
    """Write the state's register as FtM JSON lines (analysts and supervisors): every
    entity, then a Sanction per designation in force or delisted; (entities, designations)
    written; audited."""
    if not user.has_role(*EXPORTERS):
        raise Forbidden(_("Only analysts and supervisors export designations."))
    state = user.state_code
    entities = last = 0
    while True:
        rows = session.execute(
            select(Entity.id, Entity.ftm_id, Entity.schema, Entity.properties)
            .where(held_by(user, Entity.state_code), Entity.id > last)
            .order_by(Entity.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for _row_id, ftm_id, schema, properties in rows:
            write(json.dumps(ftm.to_line(ftm_id, schema, properties), ensure_ascii=False) + "\n")
        entities += len(rows)
        last = rows[-1][0]
        progress("exporting", len(rows))
    shared = (DesignationStatus.designated.value, DesignationStatus.delisted.value)
    found = session.execute(
        select(Designation, Entity.ftm_id)
        .join(Entity, Entity.id == Designation.entity_id)
        .where(held_by(user, Designation.state_code), Designation.status.in_(shared))
        .order_by(Designation.id)
    )
    designations = 0
    for designation, ftm_id in found:
        line = ftm.sanction_line(
            designation_id=designation.id,
            state=state,
            entity_id=ftm_id,
            legal_basis=designation.legal_basis,
            reason=designation.reason,
            status=designation.status,
            starts_on=designation.starts_on,
            ends_on=designation.ends_on,
            listed_on=designation.decided_at.date() if designation.decided_at else None,
        )
        write(json.dumps(line, ensure_ascii=False) + "\n")
        designations += 1
    audit.record(
        session=session,
        actor=user,
        action="designation.export",
        entity="designation",
        detail={"entities": entities, "designations": designations},
    )
    return entities, designations
