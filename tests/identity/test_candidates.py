"""Candidate generation is recall-first: a register person within a slip of what the record
says is found, and what the register knows is taken as written. Rules of the sibling guard
and the date rule, on registers from the project's generator."""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from readmit.identity import features as f
from readmit.identity.candidates import corrected_readings, id_variants, one_edit
from readmit.identity.engine import Engine
from readmit.identity.loader import load
from readmit.identity.schemas import VerifyRequest
from readmit.synth.project.generator import SynthPerson, generate_register, write_register_csv


def _engine(tmp: Path, country: str, people: list[SynthPerson]) -> Engine:
    write_register_csv(tmp / "register.csv", people)
    report = load(path=tmp / "register.csv", country=country, store=tmp / "store.sqlite")
    assert report.bad == []
    return Engine(country=country, store=tmp / "store.sqlite")


@pytest.fixture(scope="module")
def chn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, list[SynthPerson]]]:
    people = generate_register(country="CHN", size=4000, seed=21)
    engine = _engine(tmp_path_factory.mktemp("chn"), "CHN", people)
    yield engine, people
    engine.close()


def _request(person: dict[str, Any]) -> VerifyRequest:
    return VerifyRequest.model_validate({"application_id": "A", "person": person})


def _misspelt(word: str, engine: Engine) -> str:
    """`word` with one letter wrong, spelt so that no register person bears it."""
    for variant in sorted(one_edit(word.lower())):
        if len(variant) == len(word) and engine.register.frequencies([f"f:{variant}"])[0] == 0:
            return variant.upper()
    raise AssertionError(f"no unknown spelling of {word}")


@pytest.mark.parametrize("birth_date", ["{year}", "{year_next}", "{year}-{month}", None])
def test_a_misspelt_surname_with_a_partial_or_missing_date_is_found(
    chn: tuple[Engine, list[SynthPerson]], birth_date: str | None
) -> None:
    engine, people = chn
    for person in [p for p in people if len(p.family_name_latin) >= 4][:15]:
        family = _misspelt(person.family_name_latin, engine)
        date = person.birth_date
        written = (
            birth_date.format(year=date.year, year_next=date.year + 1, month=f"{date.month:02d}")
            if birth_date
            else None
        )
        request = _request(
            {
                "names": [{"family": family, "given": person.given_names_latin}],
                "sex": person.sex,
                **({"birth_date": written} if written else {}),
            }
        )
        assert person.person_id in engine.candidate_ids(request), (family, written)


def test_a_name_the_register_knows_is_not_respelt(chn: tuple[Engine, list[SynthPerson]]) -> None:
    engine, people = chn
    person = people[3]
    request = _request(
        {"names": [{"family": person.family_name_latin, "given": person.given_names_latin}]}
    )
    app = f.prepare(request.person, engine.rules)
    assert corrected_readings(app, engine.speller) == ()


def test_the_same_day_a_year_apart_finds_a_person_whose_given_name_is_lost(
    chn: tuple[Engine, list[SynthPerson]],
) -> None:
    engine, people = chn
    person = people[7]
    born = person.birth_date
    request = _request(
        {
            "names": [{"family": person.family_name_latin, "given": "QQQ"}],
            "birth_date": born.replace(year=born.year + 1).isoformat()
            if (born.month, born.day) != (2, 29)
            else born.isoformat(),
        }
    )
    assert person.person_id in engine.candidate_ids(request)


@pytest.mark.parametrize(
    ("shape"),
    [
        {"family": "", "given": "{given} {family}"},
        {"family": "{family} {given}", "given": ""},
        {"family": "", "given": "{given}"},
        {"family": "{given}", "given": "{family}"},
    ],
)
def test_every_name_shape_finds_the_person(
    chn: tuple[Engine, list[SynthPerson]], shape: dict[str, str]
) -> None:
    engine, people = chn
    person = people[11]
    names = {k: v.format(family=person.family_name_latin, given=person.given_names_latin)
             for k, v in shape.items()}  # fmt: skip
    request = _request({"names": [names], "birth_date": person.birth_date.isoformat()})
    assert engine.verify(request).candidates[0].person_id == person.person_id


def test_an_id_failing_its_check_digit_offers_the_numbers_one_slip_away(
    chn: tuple[Engine, list[SynthPerson]],
) -> None:
    _, people = chn
    number = people[0].national_id
    wrong = number[:5] + str((int(number[5]) + 3) % 10) + number[6:]
    assert number in id_variants("CHN", wrong)
    assert id_variants("CHN", number) == ()  # a valid number was keyed right


# --- the sibling guard and the date rule (Guatemala: sisters share a first given name) ---


@pytest.fixture(scope="module")
def gtm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, SynthPerson]]:
    people = generate_register(country="GTM", size=3000, seed=22)
    woman = next(p for p in people if p.sex == "F" and len(p.given_names_latin.split()) == 2)
    woman = replace(woman, given_names="María Isabel", given_names_latin="Maria Isabel")
    people = [woman if p.person_id == woman.person_id else p for p in people]
    engine = _engine(tmp_path_factory.mktemp("gtm"), "GTM", people)
    yield engine, woman
    engine.close()


def _gtm(woman: SynthPerson, family: str, given: str, born: str) -> VerifyRequest:
    return _request(
        {
            "names": [{"family": family, "given": given}],
            "sex": "F",
            "birth_date": born,
            "parents": {"mother": woman.mother_name, "father": woman.father_name},
        }
    )


@pytest.mark.parametrize(
    ("family", "given", "born", "recommendation"),
    [
        # The woman herself, and with her names in the other order.
        ("{family}", "MARIA ISABEL", "{date}", "confirm"),
        ("MARIA ISABEL", "{family}", "{date}", "confirm"),
        # A sister: same parents and surnames, another second given name.
        ("{family}", "MARIA ANA", "{date}", "review"),
        ("{family}", "MARIA ANA", "{next_year}", "review"),
        # Her own name but a birth year one apart and no document: could be a sister.
        ("{family}", "MARIA ISABEL", "{next_year_only}", "review"),
    ],
)
def test_sisters_are_not_confirmed_for_one_another(
    gtm: tuple[Engine, SynthPerson], family: str, given: str, born: str, recommendation: str
) -> None:
    engine, woman = gtm
    date = woman.birth_date
    facts = {
        "family": woman.family_name_latin.upper(),
        "date": date.isoformat(),
        "next_year": f"{date.year + 1}-{date.month:02d}-{min(date.day, 28):02d}",
        "next_year_only": str(date.year + 1),
    }
    result = engine.verify(
        _gtm(woman, family.format(**facts), given.format(**facts), born.format(**facts))
    )
    assert result.candidates[0].person_id == woman.person_id
    assert result.recommendation == recommendation, result.reason


def test_a_record_without_a_name_is_searched_by_its_document_number(
    chn: tuple[Engine, list[SynthPerson]],
) -> None:
    engine, people = chn
    person = people[13]
    number = {"type": "national_id", "number": person.national_id}
    result = engine.verify(_request({"names": [], "documents": [number]}))
    assert result.candidates[0].person_id == person.person_id
    assert result.candidates[0].evidence["name"]["level"] == "null"
    with pytest.raises(ValueError, match="a name, a document number or a biometric"):
        _request({"names": [], "sex": "F"})
