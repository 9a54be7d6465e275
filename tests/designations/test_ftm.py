"""Entities are checked and cleaned by FollowTheMoney's model: a value FtM refuses is a
problem named by its field, never dropped in silence; designations become FtM Sanctions."""

from datetime import date
from typing import Any

import pytest

from readmit.designations import ftm

GOOD_PERSON = {
    "id": "p-1",
    "schema": "Person",
    "properties": {
        "name": ["王小明", "Wang Xiaoming", "Ван Сяомин"],
        "birthDate": ["1975-04-02"],
        "nationality": ["CHN", "China"],
        "passportNumber": ["E12345678"],
    },
}


def person(**properties: Any) -> dict[str, Any]:
    return {"id": "p-1", "schema": "Person", "properties": {"name": ["A B"], **properties}}


# (entity, where the problem is, words of the message)
REFUSED = [
    (person(birthDate=["1975-13-02"]), ("properties", "birthDate", 0), "not a date"),
    (person(birthDate=["yesterday"]), ("properties", "birthDate", 0), "not a date"),
    (person(nationality=["XXX"]), ("properties", "nationality", 0), "not a country"),
    (person(topics=["nonsense"]), ("properties", "topics", 0), "not a FollowTheMoney topic"),
    (person(shoeSize=["42"]), ("properties", "shoeSize"), "not a property of Person"),
    (person(sanctions=["s-1"]), ("properties", "sanctions"), "set on the link entity"),
    (person(name=[{"latin": "A"}]), ("properties", "name", 0), "a value must be text"),
    (person(name=["x" * 400]), ("properties", "name", 0), "at most 384 characters"),
    (person(alias={"a": 1}), ("properties", "alias"), "a list of values"),
    (person(alias=["a"] * 201), ("properties", "alias"), "at most 200 values"),
    ({"id": "p-1", "schema": "Person", "properties": {}}, ("properties", "name"), "required"),
    ({"id": "p 1", "schema": "Person", "properties": {"name": ["A"]}}, ("id",), "not an entity"),
    ({"id": "p-1", "schema": "Persn", "properties": {}}, ("schema",), "not a FollowTheMoney"),
    ({"id": "a-1", "schema": "Address", "properties": {}}, ("schema",), "not kept"),
    (
        {"id": "o-1", "schema": "Ownership", "properties": {"owner": ["p-1"]}},
        ("properties", "asset"),
        "required",
    ),
]


def test_a_clean_person_keeps_every_script() -> None:
    proxy, problems = ftm.clean(GOOD_PERSON)
    assert problems == []
    assert proxy.get("name") == ["王小明", "Wang Xiaoming", "Ван Сяомин"]
    assert proxy.get("nationality") == ["cn"]  # FtM's own form; "China" is the same country
    assert ftm.caption(proxy) in proxy.get("name")  # FtM picks the caption


@pytest.mark.parametrize(("data", "loc", "words"), REFUSED, ids=[str(r[1]) for r in REFUSED])
def test_a_bad_value_is_refused_by_its_field(data: dict, loc: tuple, words: str) -> None:
    _proxy, problems = ftm.clean(data, loc=("entity",))
    assert problems[0].loc == ("entity", *loc) and words in problems[0].msg
    # Nothing else is wrong, but a refused only name also leaves the name missing.
    assert all(p.msg == "required" for p in problems[1:])


def test_kept_schemas() -> None:
    kept = {name for name in ("Person", "Company", "Organization", "PublicBody", "LegalEntity")}
    assert all(ftm.schema_of(name) is not None for name in kept)
    for name in ("Ownership", "Directorship", "Employment"):
        schema = ftm.schema_of(name)
        assert schema is not None and ftm.is_link(schema)
    assert ftm.link_ends(ftm.model["Employment"]) == ("employee", "employer")
    for name in ("Address", "Vessel", "Sanction", "Thing", "Family", "NotASchema"):
        assert ftm.schema_of(name) is None


def test_a_designation_goes_out_and_comes_back_as_a_sanction() -> None:
    line = ftm.sanction_line(
        designation_id=7,
        state="USA",
        entity_id="co-1",
        legal_basis="INA 212(a)(3)(C)",
        reason="Sells one-way charters",
        status="designated",
        starts_on=date(2026, 3, 1),
        ends_on=None,
        listed_on=date(2026, 2, 27),
    )
    assert line["schema"] == "Sanction" and line["id"] == "readmit-usa-designation-7"
    assert line["properties"]["entity"] == ["co-1"]
    assert line["properties"]["country"] == ["us"]
    proxy, problems = ftm.clean(line, accept=ftm.sanction_schema)
    assert problems == []
    terms = ftm.sanction_terms(proxy, fallback_basis="unused")
    assert (terms.entity_id, terms.legal_basis, terms.starts_on, terms.status) == (
        "co-1",
        "INA 212(a)(3)(C)",
        date(2026, 3, 1),
        "designated",
    )


def test_a_sanction_without_program_takes_the_fallback_and_partial_dates_are_none() -> None:
    data = {
        "id": "s-1",
        "schema": "Sanction",
        "properties": {"entity": ["p-1"], "startDate": ["2019-05"], "provisions": []},
    }
    proxy = ftm.checked(data, accept=ftm.sanction_schema)
    terms = ftm.sanction_terms(proxy, fallback_basis="imported from list.jsonl")
    assert terms.legal_basis == "imported from list.jsonl" and terms.starts_on is None
