"""Look-ups in a state's register by document number."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.registry.models import RegisterPassport, RegisterPerson
from readmit.registry.schemas import RegisterPersonPublic
from readmit.registry.synth import SynthPerson


def _clean(number: str) -> str:
    return "".join(number.split()).upper().replace("-", "")


def find_by_document(*, session: Session, country: str, number: str) -> list[RegisterPerson]:
    """Persons whose national ID or a passport number equals the given number."""
    value = _clean(number)
    if not value:
        return []
    by_id = session.scalars(
        select(RegisterPerson).where(
            RegisterPerson.country == country, RegisterPerson.national_id == value
        )
    ).all()
    by_passport = session.scalars(
        select(RegisterPerson)
        .join(RegisterPassport)
        .where(RegisterPassport.country == country, RegisterPassport.number == value)
    ).all()
    seen: dict[int, RegisterPerson] = {p.id: p for p in [*by_id, *by_passport]}
    return list(seen.values())


def get_person(*, session: Session, country: str, person_id: str) -> RegisterPerson | None:
    """A register entry by its person id."""
    return session.scalars(
        select(RegisterPerson).where(
            RegisterPerson.country == country, RegisterPerson.person_id == person_id
        )
    ).first()


def to_public(person: RegisterPerson) -> RegisterPersonPublic:
    """The entry with its passports flattened."""
    return RegisterPersonPublic(
        person_id=person.person_id,
        national_id=person.national_id,
        family_name=person.family_name,
        given_names=person.given_names,
        family_name_latin=person.family_name_latin,
        given_names_latin=person.given_names_latin,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_place=person.birth_place,
        mother_name=person.mother_name,
        father_name=person.father_name,
        passport_numbers=[p.number for p in person.passports],
    )


def add_person(*, session: Session, person: RegisterPersonPublic, country: str) -> RegisterPerson:
    """Insert or replace a register entry by person id."""
    existing = get_person(session=session, country=country, person_id=person.person_id)
    if existing is not None:
        session.delete(existing)
        session.flush()
    row = RegisterPerson(
        country=country,
        person_id=person.person_id,
        national_id=_clean(person.national_id) if person.national_id else None,
        family_name=person.family_name,
        given_names=person.given_names,
        family_name_latin=person.family_name_latin,
        given_names_latin=person.given_names_latin,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_place=person.birth_place,
        mother_name=person.mother_name,
        father_name=person.father_name,
        passports=[
            RegisterPassport(country=country, number=_clean(n)) for n in person.passport_numbers
        ],
    )
    session.add(row)
    return row


def add_synthetic(*, session: Session, country: str, people: Iterable[SynthPerson]) -> None:
    """Insert synthetic persons (demo and tests) as register entries."""
    for person in people:
        add_person(
            session=session,
            country=country,
            person=RegisterPersonPublic(
                person_id=person.person_id,
                national_id=person.national_id,
                family_name=person.family_name,
                given_names=person.given_names,
                family_name_latin=person.family_name_latin,
                given_names_latin=person.given_names_latin,
                sex=person.sex,
                birth_date=person.birth_date,
                birth_place=person.birth_place,
                mother_name=person.mother_name,
                father_name=person.father_name,
                passport_numbers=list(person.passport_numbers),
            ),
        )
    session.flush()
