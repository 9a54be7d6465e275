"""The requested state's register as the web application and API see it: the identity
engine's store under READMIT_HOME (one file per country), read by person id or document."""

from collections.abc import Iterable
from pathlib import Path

from readmit.config import get_settings
from readmit.errors import Conflict
from readmit.identity.docnums import confusion_key, normalise_number
from readmit.identity.loader import LoadReport, load_rows
from readmit.identity.store import (
    RegisterRow,
    StoreConnection,
    StoreError,
    by_person_ids,
    connect,
    fetch,
    lookup,
    store_path,
)
from readmit.registry.schemas import RegisterPersonPublic


def store_for(country: str) -> Path:
    """The engine store holding a country's register."""
    return store_path(get_settings().home, country)


def to_public(row: RegisterRow) -> RegisterPersonPublic:
    """A stored register person as shown to verifiers."""
    return RegisterPersonPublic(
        person_id=row.person_id,
        national_id=row.national_id,
        family_name=row.family_name,
        given_names=row.given_names,
        family_name_latin=row.family_name_latin,
        given_names_latin=row.given_names_latin,
        sex=row.sex,
        birth_date=row.birth_date,
        birth_place=row.birth_place,
        mother_name=row.mother_name,
        father_name=row.father_name,
        passport_numbers=list(row.passport_numbers),
    )


def _open(country: str) -> StoreConnection | None:
    """The country's store, None when no register is loaded."""
    path = store_for(country)
    if not path.exists():
        return None
    try:
        return connect(path)
    except StoreError as exc:
        raise Conflict(str(exc)) from None


def _by_person_ids(country: str, person_ids: list[str]) -> list[RegisterRow]:
    connection = _open(country)
    if connection is None:
        return []
    try:
        return by_person_ids(connection, person_ids)
    finally:
        connection.close()


def find_by_document(*, country: str, number: str) -> list[RegisterPersonPublic]:
    """Persons whose national ID or a passport number equals the number (passports up to
    OCR confusions such as O/0 and I/1)."""
    value = normalise_number(number)
    if not value:
        return []
    connection = _open(country)
    if connection is None:
        return []
    try:
        found = lookup(connection, [f"id:{value}", f"pp:{confusion_key(value)}"], cap=50)
        rows = fetch(connection, {r for persons in found.values() for r in persons})
    finally:
        connection.close()
    return [to_public(r) for r in sorted(rows, key=lambda r: r.person_id)]


def get_person(*, country: str, person_id: str) -> RegisterPersonPublic | None:
    """A register entry by its person id."""
    rows = _by_person_ids(country, [person_id])
    return to_public(rows[0]) if rows else None


def get_persons(*, country: str, person_ids: Iterable[str]) -> dict[str, RegisterPersonPublic]:
    """Register entries by person id (unknown ids are left out)."""
    ids = list(dict.fromkeys(person_ids))
    rows = _by_person_ids(country, ids) if ids else []
    return {r.person_id: to_public(r) for r in rows}


def add_rows(*, country: str, rows: Iterable[dict[str, str]]) -> LoadReport:
    """Load register rows held in memory (the demo's and the tests' synthetic registers),
    in the extract's columns, into the country's register store."""
    numbered = ((line, row) for line, row in enumerate(rows, start=2))
    return load_rows(rows=numbered, country=country, store=store_for(country))
