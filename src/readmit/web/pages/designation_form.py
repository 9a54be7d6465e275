"""Proposing a designation (/designations/new) and editing a proposal: a company or a person
in plain fields (names in any script, one a line), turned into FollowTheMoney properties
for the same service the API calls, with links to entities the register holds already."""

import re
from typing import Annotated, Any

import pycountry
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.auth.models import LoginSession, User
from readmit.designations import lifecycle, service
from readmit.designations.lifecycle import Step
from readmit.designations.models import Designation
from readmit.designations.schemas import DesignationCreate, DesignationUpdate
from readmit.errors import FieldProblem, Invalid
from readmit.i18n import N_, _
from readmit.i18n.formats import state_name
from readmit.web.deps import DbSession, RowId
from readmit.web.pages.common import (
    CurrentLogin,
    FormLogin,
    Loc,
    Posted,
    PostedForm,
    collect,
    invalid_problems,
    pydantic_problems,
    see_other,
)
from readmit.web.templating import render

router = APIRouter(prefix="/designations")

SCHEMA_LABELS = {
    "Company": N_("Company"),
    "Organization": N_("Organisation"),
    "Person": N_("Person"),
    "LegalEntity": N_("Legal entity"),
    "Ownership": N_("Ownership"),
    "Directorship": N_("Directorship"),
    "Employment": N_("Employment"),
}
PROPERTY_LABELS = {
    "name": N_("Name"),
    "alias": N_("Other names"),
    "previousName": N_("Former names"),
    "weakAlias": N_("Weak aliases"),
    "firstName": N_("Given name"),
    "lastName": N_("Family name"),
    "birthDate": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "passportNumber": N_("Passport numbers"),
    "jurisdiction": N_("Jurisdiction"),
    "registrationNumber": N_("Registration number"),
    "idNumber": N_("Identifiers (IATA and ICAO codes…)"),
    "sector": N_("Kind of company"),
    "country": N_("Country"),
    "topics": N_("Topics"),
    "program": N_("Programme"),
}
COMPANY_KINDS = {
    "airline": N_("Airline"),
    "charter operator": N_("Charter operator"),
    "bus line": N_("Bus line"),
    "travel agency": N_("Travel agency"),
}
# Form field: (FtM property, how its text becomes values).
COMPANY_FIELDS = {
    "name": ("name", "one"),
    "aliases": ("alias", "lines"),
    "sector": ("sector", "one"),
    "jurisdiction": ("jurisdiction", "one"),
    "registration_number": ("registrationNumber", "one"),
}
PERSON_FIELDS = {
    "name": ("name", "one"),
    "aliases": ("alias", "lines"),
    "first_name": ("firstName", "one"),
    "last_name": ("lastName", "one"),
    "birth_date": ("birthDate", "one"),
    "nationality": ("nationality", "words"),
    "passports": ("passportNumber", "lines"),
}
CODES = {"iata_code": re.compile(r"^[A-Z0-9]{2}$"), "icao_code": re.compile(r"^[A-Z]{3}$")}
TERMS = ("legal_basis", "reason", "starts_on", "ends_on")
LINK_ROWS = 3
# A link from the proposed entity's side: (FtM schema, the end it takes, the words).
RELATIONS = {
    "director_of": ("Directorship", "director", N_("is a director of")),
    "has_director": ("Directorship", "organization", N_("has as director")),
    "owns": ("Ownership", "owner", N_("owns")),
    "owned_by": ("Ownership", "asset", N_("is owned by")),
    "employed_by": ("Employment", "employee", N_("is employed by")),
    "employs": ("Employment", "employer", N_("employs")),
}
RELATION_WORDS = {(schema, end): words for schema, end, words in RELATIONS.values()}
LABELS = {
    "name": N_("Name"),
    "aliases": N_("Other names"),
    "sector": N_("Kind of company"),
    "jurisdiction": N_("Jurisdiction"),
    "registration_number": N_("Registration number"),
    "iata_code": N_("IATA code"),
    "icao_code": N_("ICAO code"),
    "first_name": N_("Given name"),
    "last_name": N_("Family name"),
    "birth_date": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "passports": N_("Passport numbers"),
    "legal_basis": N_("Legal basis"),
    "reason": N_("Reason"),
    "starts_on": N_("In force from"),
    "ends_on": N_("Until"),
    **{f"link_{i}_entity": N_("Register number of the other entity") for i in range(LINK_ROWS)},
}
DEFAULT_BASIS = "INA 212(a)(3)(C)"


def proposer_login(login: CurrentLogin) -> LoginSession:
    """Only analysts and supervisors propose and edit."""
    service.require_proposer(login.user)
    return login


ProposerLogin = Annotated[LoginSession, Depends(proposer_login)]


def country_words(value: str) -> str:
    """An FtM country ("cn") as the reader says it ("China (CHN)"); the code for others."""
    found = pycountry.countries.get(alpha_2=value.upper()) if len(value) == 2 else None
    if found is None:
        return value.upper()
    return f"{state_name(found.alpha_3)} ({found.alpha_3})"


def _fields(kind: str) -> dict[str, tuple[str, str]]:
    return PERSON_FIELDS if kind == "person" else COMPANY_FIELDS


def _split(text: str, how: str) -> list[str]:
    if how == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if how == "words":
        return [word for word in re.split(r"[\s,;]+", text) if word]
    return [text.strip()] if text.strip() else []


def properties_of(form: Posted, kind: str) -> dict[str, list[str]]:
    """The form's entity fields as FtM properties; Invalid for an airline code that is not
    one (IATA: two letters or digits; ICAO: three letters)."""
    properties: dict[str, list[str]] = {}
    for field, (prop, how) in _fields(kind).items():
        if values := _split(form.get(field), how):
            properties[prop] = values
    if kind == "company":
        codes = []
        for field, pattern in CODES.items():
            code = form.get(field).strip().upper()
            if code and not pattern.match(code):
                words = _("two letters or digits, such as UA") if field == "iata_code" else None
                problem = words or _("three letters, such as UAL")
                raise Invalid([FieldProblem((field,), problem)])
            codes += [code] if code else []
        if codes:
            properties["idNumber"] = codes
    return properties


def values_of(properties: dict[str, list[str]], kind: str) -> dict[str, str]:
    """An entity's properties as the form shows them (for editing)."""
    values = {}
    for field, (prop, how) in _fields(kind).items():
        found = properties.get(prop, [])
        if prop in {"nationality", "jurisdiction"}:
            found = [_alpha3(v) for v in found]
        values[field] = ("\n" if how == "lines" else " ").join(found)
    for code in properties.get("idNumber", []):
        for name, pattern in CODES.items():
            if pattern.match(code):
                values[name] = code
    return values


def _alpha3(value: str) -> str:
    found = pycountry.countries.get(alpha_2=value.upper()) if len(value) == 2 else None
    return str(found.alpha_3) if found else value.upper()


def _field_of(kind: str) -> Any:
    """Where a problem's location puts it on the form."""
    by_property = {prop: field for field, (prop, _how) in _fields(kind).items()}
    by_property["idNumber"] = "iata_code"

    def field_for(loc: Loc) -> str:
        parts = [str(p) for p in loc if p != "body"]
        if parts[:1] == ["links"] and len(parts) > 1:
            return f"link_{parts[1]}_entity"
        if "properties" in parts and parts.index("properties") + 1 < len(parts):
            return by_property.get(parts[parts.index("properties") + 1], "name")
        if parts and parts[0] in LABELS:
            return parts[0]
        return "ends_on"  # the proposal as a whole: its dates are the one rule across fields

    return field_for


def _links(form: Posted) -> list[dict[str, Any]]:
    """The link rows filled in, as the API takes them; Invalid for an entity number that
    is not one."""
    links = []
    for i in range(LINK_ROWS):
        relation, number = form.get(f"link_{i}_relation"), form.get(f"link_{i}_entity").strip()
        if relation not in RELATIONS or not number:
            continue
        if not number.isdigit() or not 0 < int(number) < 2**31:
            problem = _("Enter the number of an entity of the register")
            raise Invalid([FieldProblem(("links", i, "other_id"), problem)])
        schema, end, _words = RELATIONS[relation]
        links.append({"schema": schema, "this_is": end, "other_id": int(number)})
    return links


def _form_page(
    request: Request,
    db: Session,
    user: User,
    kind: str,
    values: dict[str, str],
    *,
    designation: Designation | None = None,
    find: str = "",
    problems: list[tuple[Loc, str]] | None = None,
) -> Response:
    errors = collect(problems or [], _field_of(kind), LABELS)
    found = service.find_entities(session=db, user=user, q=find) if find else []
    context = {
        "kind": kind,
        "values": values,
        "designation": designation,
        "found": found,
        "find": find,
        "kinds": [(code, _(words)) for code, words in COMPANY_KINDS.items()],
        "relations": [(code, _(words)) for code, (_s, _e, words) in RELATIONS.items()],
        "link_rows": range(LINK_ROWS),
        "schema_labels": {name: _(words) for name, words in SCHEMA_LABELS.items()},
        "errors": errors.fields,
        "summary": errors.summary,
    }
    return render(request, "designations/form.html", context, status_code=422 if problems else 200)


@router.get("/new")
def new_page(
    request: Request,
    db: DbSession,
    login: ProposerLogin,
    kind: Annotated[str, Query(pattern="^(company|person)$")] = "company",
    find: Annotated[str, Query(max_length=200)] = "",
    operator: Annotated[str, Query(max_length=3)] = "",
) -> Response:
    """The proposal form for a company or a person; `find` lists entities to link to;
    `operator` (an IATA or ICAO code, from a flight lead) fills in the company's code."""
    values = {"legal_basis": DEFAULT_BASIS}
    code = operator.strip().upper()
    values |= {field: code for field, pattern in CODES.items() if pattern.match(code)}
    return _form_page(request, db, login.user, kind, values, find=find.strip())


@router.post("/new")
def propose(request: Request, db: DbSession, login: FormLogin, form: PostedForm) -> Response:
    """Propose the designation, or show the form again with each problem at its field."""
    user = login.user
    service.require_proposer(user)
    kind = "person" if form.get("kind") == "person" else "company"
    values = {name: form.get(name) for name in (*LABELS, *TERMS, "kind")}
    values |= {f"link_{i}_relation": form.get(f"link_{i}_relation") for i in range(LINK_ROWS)}
    schema = "Person" if kind == "person" else "Company"
    try:
        payload = DesignationCreate.model_validate(
            {
                "entity": {"schema": schema, "properties": properties_of(form, kind)},
                "links": _links(form),
                "legal_basis": form.get("legal_basis"),
                "reason": form.get("reason"),
                "starts_on": form.get("starts_on").strip() or None,
                "ends_on": form.get("ends_on").strip() or None,
            }
        )
        designation = service.propose(session=db, user=user, payload=payload)
    except ValidationError as exc:
        problems = pydantic_problems(exc)
        return _form_page(request, db, user, kind, values, problems=problems)
    except Invalid as exc:
        problems = invalid_problems(exc)
        return _form_page(request, db, user, kind, values, problems=problems)
    return see_other(f"/designations/{designation.id}?done=proposed")


def _editable(db: Session, user: User, designation_id: int) -> Designation:
    designation = service.get(session=db, user=user, designation_id=designation_id)
    lifecycle.check(designation=designation, step=Step.edit, user=user)
    return designation


@router.get("/{designation_id}/edit")
def edit_page(
    request: Request, db: DbSession, login: ProposerLogin, designation_id: RowId
) -> Response:
    """The proposal's form, filled in (only while it is proposed)."""
    designation = _editable(db, login.user, designation_id)
    entity = service.entity_of(db, designation)
    kind = "person" if entity.schema == "Person" else "company"
    values = values_of(entity.properties, kind) | {
        "legal_basis": designation.legal_basis,
        "reason": designation.reason,
        "starts_on": designation.starts_on.isoformat() if designation.starts_on else "",
        "ends_on": designation.ends_on.isoformat() if designation.ends_on else "",
    }
    return _form_page(request, db, login.user, kind, values, designation=designation)


@router.post("/{designation_id}/edit")
def edit(
    request: Request, db: DbSession, login: FormLogin, form: PostedForm, designation_id: RowId
) -> Response:
    """Save the proposal's changes: the fields of the form replace those properties, the
    others the entity has (from an import) are kept."""
    user = login.user
    designation = _editable(db, user, designation_id)
    entity = service.entity_of(db, designation)
    kind = "person" if entity.schema == "Person" else "company"
    values = {name: form.get(name) for name in (*LABELS, *TERMS)}
    managed = {prop for prop, _how in _fields(kind).values()} | {"idNumber"}
    other_ids = [
        value
        for value in entity.properties.get("idNumber", [])
        if not any(pattern.match(value) for pattern in CODES.values())
    ]
    try:
        properties = {k: v for k, v in entity.properties.items() if k not in managed}
        properties |= properties_of(form, kind)
        if other_ids:
            properties["idNumber"] = other_ids + properties.get("idNumber", [])
        payload = DesignationUpdate.model_validate(
            {
                "legal_basis": form.get("legal_basis"),
                "reason": form.get("reason"),
                "starts_on": form.get("starts_on").strip() or None,
                "ends_on": form.get("ends_on").strip() or None,
                "properties": properties,
            }
        )
        service.edit(session=db, user=user, designation=designation, payload=payload)
    except ValidationError as exc:
        problems = pydantic_problems(exc)
        return _form_page(
            request, db, user, kind, values, designation=designation, problems=problems
        )
    except Invalid as exc:
        problems = invalid_problems(exc)
        return _form_page(
            request, db, user, kind, values, designation=designation, problems=problems
        )
    return see_other(f"/designations/{designation.id}?done=edited")
