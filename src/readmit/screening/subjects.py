"""What is screened: a person's or company's query, checked field by field, and the
fingerprint that makes the same subject screened again recognisable (the key its remembered
judgements hang on)."""

import hashlib
import json
import re
import unicodedata
from datetime import date

from readmit.countries import iso
from readmit.errors import FieldProblem, Invalid
from readmit.i18n import _
from readmit.screening.schemas import ScreeningQuery

MAX_NAME = 300  # characters of a name or alias
BIRTH_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
IATA = re.compile(r"^[A-Z0-9]{2,3}$")
ICAO = re.compile(r"^[A-Z]{3,4}$")
PERSON_ONLY = ("family_name", "given_name", "birth_date", "nationality", "passport_number")
COMPANY_ONLY = ("jurisdiction", "registration_number", "iata_code", "icao_code")


def _fold(name: str) -> str:
    """A name as the fingerprint compares it: compatibility forms, case and accents folded,
    punctuation dropped, its words sorted (the order of a name's parts varies)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return " ".join(sorted(kept.split()))


def _identifier(value: str | None) -> str | None:
    """A document or registration number as printed, upper-cased, without separators."""
    folded = re.sub(r"[\W_]", "", value.upper()) if value else ""
    return folded or None


def subject_key(query: ScreeningQuery) -> str:
    """A fingerprint of the normalised query: the same subject screened again, however its
    names are ordered, spaced or accented, has the same key (its remembered judgements are
    attached to it); any other particular (a birth date, a passport) makes another subject."""
    names = {query.name, f"{query.family_name} {query.given_name}", *query.aliases}
    fields = {
        "kind": query.kind,
        "names": sorted({folded for folded in map(_fold, names) if folded}),
        "birth_date": query.birth_date,
        "nationality": query.nationality,
        "passport_number": _identifier(query.passport_number),
        "jurisdiction": query.jurisdiction,
        "registration_number": _identifier(query.registration_number),
        "iata_code": query.iata_code,
        "icao_code": query.icao_code,
    }
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _birth_date_problem(value: str) -> str | None:
    if BIRTH_DATE.match(value):
        year, month, day = (int(part) for part in [*value.split("-"), "1", "1"][:3])
        try:
            date(year, month, day)
            return None
        except ValueError:
            pass
    return _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD")


def checked(query: ScreeningQuery) -> ScreeningQuery:
    """The query with codes upper-cased and blank aliases dropped; Invalid naming each field
    that is missing, malformed, or belongs to the other kind."""
    codes = {
        name: value.upper()
        for name in ("nationality", "jurisdiction", "iata_code", "icao_code")
        if (value := getattr(query, name))
    }
    query = query.model_copy(update={**codes, "aliases": [a for a in query.aliases if a]})
    problems: list[FieldProblem] = []

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(FieldProblem(loc=loc, msg=message))

    texts: list[tuple[tuple[str | int, ...], str]] = [
        (("name",), query.name),
        (("family_name",), query.family_name),
        (("given_name",), query.given_name),
        *((("aliases", i), alias) for i, alias in enumerate(query.aliases)),
    ]
    for loc, text in texts:
        if any(unicodedata.category(ch) == "Cc" for ch in text):
            problem(loc, _("Remove the control characters"))
        elif len(text) > MAX_NAME:
            problem(loc, _("Write at most {n} characters", n=MAX_NAME))
    if query.kind == "person" and not (query.name or query.family_name or query.given_name):
        problem(("name",), _("Enter the name, or the family and given names"))
    if query.kind == "company" and not query.name:
        problem(("name",), _("Enter the company's name"))
    if query.kind == "person":
        for name in COMPANY_ONLY:
            if getattr(query, name):
                problem((name,), _("Only a company has this: leave it empty for a person"))
    else:
        for name in PERSON_ONLY:
            if getattr(query, name):
                problem((name,), _("Only a person has this: leave it empty for a company"))
    if query.birth_date and (wrong := _birth_date_problem(query.birth_date)):
        problem(("birth_date",), wrong)
    for name in ("nationality", "jurisdiction"):
        code = getattr(query, name)
        if code and iso.name(code) is None:
            problem((name,), _("Enter the country as a three-letter ISO code, such as CHN"))
    if query.iata_code and not IATA.match(query.iata_code):
        problem(("iata_code",), _("Enter a two- or three-character IATA code, such as UA"))
    if query.icao_code and not ICAO.match(query.icao_code):
        problem(("icao_code",), _("Enter a three-letter ICAO code, such as UAL"))
    if problems:
        raise Invalid(problems)
    return query


def display_name(query: ScreeningQuery) -> str:
    """The name a person reads for the query."""
    return query.name or f"{query.family_name} {query.given_name}".strip()
