"""FollowTheMoney at the edges of the register: an entity as FtM's own {id, schema,
properties} checked and cleaned by followthemoney's model, and a designation as FtM's
`Sanction`, so lists move to and from OpenSanctions tooling unchanged.

Kept as entities: people and organisations (every schema that is a `LegalEntity`: Person,
Company, Organization, PublicBody…) and three links, `Ownership` (owner → asset),
`Directorship` (director → organization) and `Employment` (employee → employer). Companies
carry FtM's `jurisdiction`, `registrationNumber` and `sector` ("airline", "charter
operator", "bus line", "travel agency"); FtM's Company has no property for an airline's
codes, so the IATA (two characters) and ICAO (three letters) designators go in
`idNumber`, FtM's identifier of any kind, which its matchers compare. Countries are kept as
FtM keeps them (ISO alpha-2, lower case: "cn")."""

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema
from followthemoney.types import registry

from readmit.errors import FieldProblem, Invalid
from readmit.i18n import N_, _

Loc = tuple[str | int, ...]

LINKS = ("Ownership", "Directorship", "Employment")
LEGAL_ENTITY = model.get("LegalEntity")
SANCTION = "Sanction"
COMPANY_KINDS = ("airline", "charter operator", "bus line", "travel agency")
MAX_VALUES = 200  # values of one property: more is no list entry but a data dump
IATA = re.compile(r"^[A-Z0-9]{2}$")
ICAO = re.compile(r"^[A-Z]{3}$")
SANCTION_TOPIC = "sanction"

# What a value that FtM's type refuses should have been, by FtM type name.
TYPE_PROBLEMS = {
    "date": N_("not a date: use YYYY, YYYY-MM or YYYY-MM-DD"),
    "country": N_("not a country: use an ISO code such as CHN or CN"),
    "entity": N_("not an entity id: letters, digits, dots and hyphens"),
    "topic": N_("not a FollowTheMoney topic (such as sanction)"),
    "email": N_("not an e-mail address"),
    "url": N_("not a web address"),
    "phone": N_("not a phone number"),
    "number": N_("not a number"),
    "gender": N_("not a gender FollowTheMoney knows (male, female, other)"),
    "language": N_("not a language code"),
}


BAD_ID = TYPE_PROBLEMS["entity"]


def schema_of(name: str) -> Schema | None:
    """A schema Readmit keeps (a legal entity or one of the three links), or None."""
    schema = model.get(name)
    if schema is None or schema.abstract:
        return None
    if schema.name in LINKS or schema.is_a(LEGAL_ENTITY):
        return schema
    return None


def is_link(schema: Schema) -> bool:
    """Whether the schema is one of the links kept (Ownership, Directorship, Employment)."""
    return schema.name in LINKS


def link_ends(schema: Schema) -> tuple[str, str]:
    """The link's two ends as FtM names them: ("owner", "asset") for an Ownership."""
    return str(schema.edge_source), str(schema.edge_target)


def end_schema(schema: Schema, end: str) -> Schema | None:
    """What a link's end must be: a LegalEntity for an owner, an Organization for an
    employer…"""
    found = schema.properties[end].range
    return found if isinstance(found, Schema) else None


def new_id(state: str) -> str:
    """A fresh FtM id for an entity made in Readmit."""
    return f"readmit-{state.lower()}-{uuid.uuid4().hex[:20]}"


def _values(raw: Any) -> list[Any] | None:
    """The values of a property as a list (a single value is a list of one), or None."""
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return [raw]
    if isinstance(raw, list):
        return raw
    return None


def sanction_schema(name: str) -> Schema | None:
    """FtM's `Sanction` schema, for that name only."""
    return model.get(SANCTION) if name == SANCTION else None


def clean(
    data: Mapping[str, Any],
    *,
    loc: Loc = (),
    accept: Callable[[str], Schema | None] = schema_of,
) -> tuple[EntityProxy, list[FieldProblem]]:
    """The entity cleaned by FtM's model, and every problem found (a value FtM's type refuses
    is a problem, never dropped in silence); `loc` is where `data` sits in the input;
    `accept` gives the schema of a name it takes (by default those the register keeps)."""
    problems: list[FieldProblem] = []
    schema_name = data.get("schema")
    schema = accept(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        known = model.get(schema_name) if isinstance(schema_name, str) else None
        problem = (
            _("{schema} is not kept in the register", schema=schema_name)
            if known is not None
            else _("not a FollowTheMoney schema: {schema}", schema=str(schema_name)[:60])
        )
        return model.make_entity("Thing"), [FieldProblem((*loc, "schema"), problem)]
    proxy = model.make_entity(schema)
    entity_id = data.get("id")
    cleaned_id = registry.entity.clean(entity_id) if isinstance(entity_id, str) else None
    if cleaned_id is None:
        problems.append(FieldProblem((*loc, "id"), _(BAD_ID)))
    proxy.id = cleaned_id
    properties = data.get("properties", {})
    if not isinstance(properties, Mapping):
        problems.append(FieldProblem((*loc, "properties"), _("not an object of properties")))
        properties = {}
    for name, raw in properties.items():
        problems.extend(_add(proxy, schema, str(name), raw, (*loc, "properties", str(name))))
    for name in sorted(schema.required):
        if not proxy.has(name):
            problems.append(FieldProblem((*loc, "properties", name), _("required")))
    return proxy, problems


def _add(proxy: EntityProxy, schema: Schema, name: str, raw: Any, loc: Loc) -> list[FieldProblem]:
    """Add one property's values to the proxy; the problems with them."""
    prop = schema.get(name)
    if prop is None:
        return [FieldProblem(loc, _("not a property of {schema}", schema=schema.name))]
    if prop.stub:
        return [FieldProblem(loc, _("set on the link entity, not here"))]
    values = _values(raw)
    if values is None:
        return [FieldProblem(loc, _("a list of values"))]
    if len(values) > MAX_VALUES:
        return [FieldProblem(loc, _("at most {n} values", n=MAX_VALUES))]
    problems = []
    for index, value in enumerate(values):
        text = str(value).strip() if isinstance(value, (str, int, float)) else None
        if text is None or isinstance(value, bool):
            problems.append(FieldProblem((*loc, index), _("a value must be text")))
            continue
        if not text:
            continue
        if len(text) > prop.type.max_length:
            problem = _("at most {n} characters", n=prop.type.max_length)
            problems.append(FieldProblem((*loc, index), problem))
            continue
        cleaned = prop.type.clean(text, proxy=proxy)
        if cleaned is None:
            problem = _(TYPE_PROBLEMS.get(prop.type.name, N_("not a valid value")))
            problems.append(FieldProblem((*loc, index), f"{problem}: {text[:80]}"))
            continue
        proxy.unsafe_add(prop, cleaned, cleaned=True)
    return problems


def checked(
    data: Mapping[str, Any],
    *,
    loc: Loc = (),
    accept: Callable[[str], Schema | None] = schema_of,
) -> EntityProxy:
    """The cleaned entity, or Invalid naming every problem."""
    proxy, problems = clean(data, loc=loc, accept=accept)
    if problems:
        raise Invalid(problems)
    return proxy


def caption(proxy: EntityProxy) -> str:
    """FtM's caption of the entity (its name, else the schema's label), at most 500 chars."""
    return str(proxy.caption)[:500]


def to_line(ftm_id: str, schema: str, properties: dict[str, list[str]]) -> dict[str, Any]:
    """An entity as FtM's to_dict gives it."""
    return {"id": ftm_id, "schema": schema, "properties": properties}


@dataclass(frozen=True)
class SanctionTerms:
    """What a `Sanction` entity says of a designation."""

    entity_id: str
    legal_basis: str
    reason: str
    starts_on: date | None
    ends_on: date | None
    status: str


def full_date(values: list[str]) -> date | None:
    """The first value that is a whole date (a year or month alone is no start or end)."""
    for value in values:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            continue
    return None


def sanction_terms(proxy: EntityProxy, *, fallback_basis: str) -> SanctionTerms:
    """The designation a `Sanction` describes; its legal basis is its program or provisions
    (`fallback_basis` when it names neither)."""
    basis = proxy.first("program") or proxy.first("provisions") or fallback_basis
    return SanctionTerms(
        entity_id=str(proxy.first("entity")),
        legal_basis=str(basis)[:200],
        reason="\n".join(proxy.get("reason")),
        starts_on=full_date(proxy.get("startDate")),
        ends_on=full_date(proxy.get("endDate")),
        status=(proxy.first("status") or "").lower(),
    )


def sanction_line(
    *,
    designation_id: int,
    state: str,
    entity_id: str,
    legal_basis: str,
    reason: str,
    status: str,
    starts_on: date | None,
    ends_on: date | None,
    listed_on: date | None,
) -> dict[str, Any]:
    """A designation as FtM's `Sanction` on the designated entity."""
    proxy = model.make_entity(SANCTION)
    proxy.id = f"readmit-{state.lower()}-designation-{designation_id}"
    proxy.add("entity", entity_id)
    proxy.add("authority", state)
    proxy.add("country", state)
    proxy.add("program", legal_basis)
    proxy.add("reason", reason or None)
    proxy.add("status", status)
    proxy.add("startDate", starts_on.isoformat() if starts_on else None)
    proxy.add("endDate", ends_on.isoformat() if ends_on else None)
    proxy.add("listingDate", listed_on.isoformat() if listed_on else None)
    return proxy.to_dict()
