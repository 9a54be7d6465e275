"""One person, one file: a person taken in twice under name variants is found, with why; a
namesake born years apart, another given name or a homophone in other characters is not;
another state's cases are never compared. Through the API per role and state."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.pathways import duplicates, service
from readmit.pathways.models import NameKey
from readmit.pathways.schemas import CaseUpdate
from tests.factories import World
from tests.pathways.identity_cases import example, take_in

API = "/api/v1/pathways/cases"
READERS = {Role.safe_mobility_officer, Role.supervisor, Role.auditor}

# (first: family, given, birth, nationality, document), (second: ...), same person?
CASES = [
    (("张", "伟", "1990-03-04", "CHN", ""), ("Zhang", "Wei", "1990", "CHN", ""), True),
    (("张", "晓明", "1990-05-01", "CHN", ""), ("Chang", "Hsiao-ming", "1991", "CHN", ""), True),
    (("张", "晓明", "1990-05-01", "CHN", ""), ("Hsiao-ming", "Chang", "", "CHN", ""), True),
    (
        ("García López", "María José", "1985-02-03", "GTM", ""),
        ("López García", "María José", "1985-03-02", "GTM", ""),
        True,
    ),
    (
        ("García López", "María José", "1985-02-03", "VEN", ""),
        ("García", "María José", "1985", "VEN", ""),
        True,
    ),
    (
        ("García López", "María José", "1985-02-03", "GTM", ""),
        ("María José", "García López", "1985-02", "GTM", ""),
        True,
    ),
    (
        ("Hernández", "Juan Carlos", "1979-11-30", "VEN", ""),
        ("Hernandes", "Juan Carlos", "1979-11-30", "VEN", ""),
        True,
    ),
    (
        ("Hernández", "Juan Carlos", "1979-11-30", "VEN", ""),
        ("Hernández", "Juan Carlos", "1986-06-01", "VEN", ""),
        False,
    ),
    (
        ("Hernández", "Juan Carlos", "1979-11-30", "VEN", ""),
        ("Hernández", "Pedro", "1979-11-30", "VEN", ""),
        False,
    ),
    (("张", "伟", "1990-03-04", "CHN", ""), ("章", "伟", "1990-03-04", "CHN", ""), False),
    (
        ("Ruiz", "Pedro", "1979", "VEN", "V-12.345.678"),
        ("Soto", "Ana", "", "VEN", "V12345678"),
        True,
    ),
]


@pytest.mark.parametrize(("first", "second", "same"), CASES)
def test_a_person_taken_in_twice_is_found_under_name_variants(
    db: Session, world: World, first: tuple, second: tuple, same: bool
) -> None:
    frp = example(db, "usa-frp")
    resettlement = example(db, "usa-resettlement")
    family, given, born, nationality, document = first
    one = take_in(db, world, frp, family, given, birth_date=born, nationality=nationality,
                  document=document)  # fmt: skip
    family, given, born, nationality, document = second
    other = take_in(db, world, resettlement, family, given, birth_date=born,
                    nationality=nationality, document=document)  # fmt: skip
    officer = world.user(db, "USA", Role.safe_mobility_officer)
    found = duplicates.possible_duplicates(session=db, user=officer, case=one)
    assert [d.case.reference for d in found] == ([other.reference] if same else [])
    back = duplicates.possible_duplicates(session=db, user=officer, case=other)
    assert [d.case.reference for d in back] == ([one.reference] if same else [])
    if same:
        why = " ".join(found[0].agreement.why())
        assert "Birth date" in why and "Name" in why


def test_the_keys_follow_an_edit(db: Session, world: World) -> None:
    frp = example(db, "usa-frp")
    one = take_in(db, world, frp, "Pérez", "Ana", birth_date="1990")
    other = take_in(db, world, frp, "Ramos", "Lucía", birth_date="1990")
    officer = world.user(db, "USA", Role.safe_mobility_officer)
    assert duplicates.possible_duplicates(session=db, user=officer, case=one) == []
    service.edit(session=db, user=officer, case=other,
                 payload=CaseUpdate(family_name="Perez", given_names="Ana"))  # fmt: skip
    found = duplicates.possible_duplicates(session=db, user=officer, case=one)
    assert [d.case.reference for d in found] == [other.reference]
    keys = set(db.scalars(select(NameKey.key).where(NameKey.case_id == other.id)))
    assert "perez|ana" in keys and not any("ramos" in k for k in keys)


def test_another_states_cases_are_not_compared(db: Session, world: World) -> None:
    frp = example(db, "usa-frp")
    theirs = example(db, "usa-frp", code="mex-frp", state="MEX")
    mine = take_in(db, world, frp, "Pérez", "Ana", birth_date="1990-01-02")
    take_in(db, world, theirs, "Pérez", "Ana", birth_date="1990-01-02")
    officer = world.user(db, "USA", Role.safe_mobility_officer)
    assert duplicates.possible_duplicates(session=db, user=officer, case=mine) == []


def test_the_duplicates_route_per_role_and_state(
    client: TestClient, db: Session, world: World
) -> None:
    frp = example(db, "usa-frp")
    one = take_in(db, world, frp, "张", "晓明", birth_date="1990-05-01", nationality="CHN")
    other = take_in(db, world, frp, "Chang", "Hsiao-ming", birth_date="1990", nationality="CHN")
    db.commit()
    url = f"{API}/{one.reference}/duplicates"
    for role in Role:
        response = client.get(url, headers=world.headers("USA", role))
        assert response.status_code == (200 if role in READERS else 403), (role, response.text)
    for role in READERS:
        assert client.get(url, headers=world.headers("MEX", role)).status_code == 404
    shown = client.get(url, headers=world.headers("USA", Role.supervisor)).json()
    assert [d["reference"] for d in shown] == [other.reference]
    assert shown[0]["given_names"] == "Hsiao-ming"
    assert any("Wade-Giles" in line for line in shown[0]["why"]), shown[0]["why"]
