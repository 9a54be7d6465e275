"""Scoring, table-driven (nomenklatura's tests/matching style): a tiny factory of entities
and queries, each case a true variant that must score from the threshold up or a look-alike
that must stay below it."""

from __future__ import annotations

from typing import Any

import pytest

from readmit.screening.matching import Scored, prepare, score
from readmit.screening.schemas import ScreeningQuery

THRESHOLD = 0.7  # the default review threshold (READMIT_SCREENING_THRESHOLD)
HIT, NO_HIT = True, False


def person(*names: str, **props: str | list[str]) -> dict[str, Any]:
    """A Person's FtM properties: names, then any property as a value or a list."""
    out: dict[str, Any] = {"name": list(names)}
    out.update({k: v if isinstance(v, list) else [v] for k, v in props.items()})
    return out


def company(*names: str, **props: str | list[str]) -> dict[str, Any]:
    """A Company's FtM properties, as `person`."""
    return person(*names, **props)


def q(name: str = "", kind: str = "person", **fields: Any) -> ScreeningQuery:
    """A query; `name` whole (order unknown)."""
    return ScreeningQuery.model_validate({"kind": kind, "name": name, **fields})


def run(query: ScreeningQuery, props: dict[str, Any]) -> Scored:
    schema = "Person" if query.kind == "person" else "Company"
    result = score(prepare(query), schema, props)
    assert result is not None
    return result


WANG = person("王小明", birthDate="1975-03-02", nationality="cn", passportNumber="E12345678")
ZHANG = person("张伟")
GARCIA = person(firstName="José Luis", lastName="García López", birthDate="1980-06")
GARCIA["name"] = []
MARIA = person("María de los Ángeles Pérez de Gómez")

PERSON_CASES = [
    # (case id, query, entity, hit expected)
    ("pinyin", q("Wang Xiaoming"), WANG, HIT),
    ("pinyin, order reversed", q("Xiaoming Wang"), WANG, HIT),
    ("pinyin in fields", q(family_name="WANG", given_name="XIAOMING"), WANG, HIT),
    ("Wade-Giles", q("Wang Hsiao-ming"), WANG, HIT),
    ("Cantonese", q("Wong Siu Ming"), WANG, HIT),
    ("traditional characters are the same characters", q("王曉明"), person("王晓明"), HIT),
    ("one letter swapped", q("Wang Xiaomign"), WANG, HIT),
    ("one letter dropped in the family name", q("Wng Xiaoming"), WANG, HIT),
    ("initials of the given name's syllables", q("X. M. Wang"), WANG, HIT),
    (
        "passport misread, no name in common script",
        q("Wang Xiaoming", passport_number="E1234S678"),
        WANG,
        HIT,
    ),
    ("partial birth date agrees", q("Wang Xiaoming", birth_date="1975"), WANG, HIT),
    ("homophone in Chinese characters", q("王晓明"), WANG, NO_HIT),
    ("another given name", q("Wang Jianguo"), WANG, NO_HIT),
    ("another family name", q("Li Xiaoming"), WANG, NO_HIT),
    ("same name, another birth date", q("Wang Xiaoming", birth_date="1988-11-20"), WANG, NO_HIT),
    (
        "same name, another passport",
        q("Wang Xiaoming", passport_number="G99887766"),
        WANG,
        NO_HIT,
    ),
    ("one syllable alone", q("Wang"), WANG, NO_HIT),
    # Both in pinyin: compared as written (chun / jin), not in derived Wade-Giles (chun / chin).
    ("pinyin names one syllable apart", q("Chen Ruichun"), person("CHEN Ruijin"), NO_HIT),
    ("Wade-Giles of a structured name", q("Chang Wei"), ZHANG, HIT),
    ("Spanish, surnames first", q("García López, José Luis"), GARCIA, HIT),
    ("Spanish, capitals without accents", q("JOSE LUIS GARCIA LOPEZ"), GARCIA, HIT),
    ("Spanish, surnames swapped", q("José Luis López García"), GARCIA, HIT),
    ("Spanish, second surname missing", q("José García"), GARCIA, HIT),
    ("Spanish, initials", q("J. L. García López"), GARCIA, HIT),
    ("Spanish, one letter wrong", q("Jose Luis Garcia Lopes"), GARCIA, HIT),
    (
        "Spanish, birth month agrees",
        q("José Luis García López", birth_date="1980-06-14"),
        GARCIA,
        HIT,
    ),
    ("Spanish, another second surname", q("José Luis García Pérez"), GARCIA, NO_HIT),
    ("Spanish, another person", q("Juan Carlos Hernández Pérez"), GARCIA, NO_HIT),
    (
        "Spanish, another birth year",
        q("José Luis García López", birth_date="1962"),
        GARCIA,
        NO_HIT,
    ),
    ("married woman by her husband's surname", q("María de los Ángeles de Gómez"), MARIA, HIT),
    ("Cyrillic", q("Ivan Petrov"), person("Иван Петров"), HIT),
]


@pytest.mark.parametrize(
    ("query", "props", "hit"), [c[1:] for c in PERSON_CASES], ids=[c[0] for c in PERSON_CASES]
)
def test_person(query: ScreeningQuery, props: dict[str, Any], hit: bool) -> None:
    result = run(query, props)
    assert 0.0 <= result.score <= 1.0
    assert (result.score >= THRESHOLD) is hit, result.features


HUAYUAN = company(
    "北京华远航空有限公司",
    alias="Beijing Huayuan Airlines Co., Ltd.",
    jurisdiction="cn",
    registrationNumber="91110000X",
    idNumber=["HY", "BHY"],
)
ISTMO = company("Transportes Aéreos del Istmo, S.A. de C.V.", jurisdiction="mx")

COMPANY_CASES = [
    ("pinyin of the Chinese name", q("Beijing Huayuan Hangkong", "company"), HUAYUAN, HIT),
    ("English name reordered", q("Huayuan Beijing Airlines Ltd", "company"), HUAYUAN, HIT),
    ("one letter wrong", q("Beijing Huayuan Airlnes", "company"), HUAYUAN, HIT),
    ("ICAO code alone", q("Unknown Carrier", "company", icao_code="BHY"), HUAYUAN, HIT),
    (
        "registration number and jurisdiction",
        q("Hua Yuan", "company", registration_number="91110000X", jurisdiction="CHN"),
        HUAYUAN,
        HIT,
    ),
    (
        "same name, another ICAO code",
        q("Beijing Huayuan Airlines", "company", icao_code="BHX"),
        HUAYUAN,
        NO_HIT,
    ),
    ("another trade name", q("Beijing Huaxing Airlines", "company"), HUAYUAN, NO_HIT),
    (
        "legal form written differently",
        q("Transportes Aereos del Istmo SA de CV", "company"),
        ISTMO,
        HIT,
    ),
    ("legal form missing, words reordered", q("Istmo Transportes Aéreos", "company"), ISTMO, HIT),
    ("another place", q("Transportes Aéreos del Norte, S. de R.L.", "company"), ISTMO, NO_HIT),
    # Legal form and jurisdiction agree, but they only confirm a good name match.
    (
        "another trade, same name otherwise",
        q("Turismo Quiba del Pacífico, S.A. de C.V.", "company", jurisdiction="HND"),
        company("Aerovías Quiba del Pacífico, S.A. de C.V.", jurisdiction="hn"),
        NO_HIT,
    ),
    (
        "shares only trade words",
        q("Transportes Aéreos Internacionales", "company"),
        ISTMO,
        NO_HIT,
    ),
]


@pytest.mark.parametrize(
    ("query", "props", "hit"), [c[1:] for c in COMPANY_CASES], ids=[c[0] for c in COMPANY_CASES]
)
def test_company(query: ScreeningQuery, props: dict[str, Any], hit: bool) -> None:
    result = run(query, props)
    assert 0.0 <= result.score <= 1.0
    assert (result.score >= THRESHOLD) is hit, result.features


def test_every_feature_is_explained() -> None:
    query = q(
        "Wang Hsiao-ming", birth_date="1975-03-02", nationality="CHN", passport_number="E12345678"
    )
    result = run(query, WANG)
    assert {f.name for f in result.features} == {
        "name",
        "birth_date",
        "nationality",
        "passport_number",
    }
    explained = {f.name: f.explanation for f in result.features}
    assert explained["name"] == "“Wang Hsiao-ming” is the Wade-Giles spelling of 王小明."
    assert explained["birth_date"] == "The birth date is the same (1975-03-02)."
    assert result.score == 1.0


def test_conflicting_birth_date_strongly_lowers() -> None:
    same = run(q("Wang Xiaoming"), WANG).score
    other = run(q("Wang Xiaoming", birth_date="1990-01-01"), WANG)
    assert same - other.score >= 0.3
    assert [f.score for f in other.features if f.name == "birth_date"] == [-0.35]


def test_homophone_is_explained() -> None:
    result = run(q("王晓明"), WANG)
    assert "different Chinese characters" in result.features[0].explanation


def test_link_schema_is_not_scored() -> None:
    assert score(prepare(q("Wang Xiaoming")), "Directorship", {}) is None
    assert score(prepare(q("Wang Xiaoming")), "Company", WANG) is None
