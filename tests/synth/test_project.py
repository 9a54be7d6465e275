"""The synthetic register generator: determinism, valid identifiers, realistic shape."""

import itertools
import random
import re
from collections import Counter, defaultdict

import pytest

from readmit.applications.schemas import PersonIn
from readmit.applications.validation import check_person
from readmit.documents.national_ids import validate_national_id
from readmit.synth.project import tables
from readmit.synth.project.generator import (
    CORRUPTION_PROFILES,
    Corruption,
    Country,
    SynthPerson,
    generate_register,
    make_absent_person,
    make_application,
)

COUNTRIES: tuple[Country, ...] = ("CHN", "GTM")
MODES: tuple[Corruption, ...] = ("clean", "typical", "hard")
APPLICATION_KEYS = {
    "names",
    "sex",
    "birth_date",
    "birth_place",
    "nationality_claimed",
    "documents",
    "parents",
}


@pytest.fixture(scope="module")
def registers() -> dict[str, list[SynthPerson]]:
    return {
        country: generate_register(country=country, size=5000, seed=42) for country in COUNTRIES
    }


@pytest.mark.parametrize("country", COUNTRIES)
def test_same_seed_same_register(country: Country) -> None:
    first = generate_register(country=country, size=300, seed=5)
    assert first == generate_register(country=country, size=300, seed=5)
    assert first != generate_register(country=country, size=300, seed=6)
    assert [p.person_id for p in first] == [f"{country}-{i:06d}" for i in range(1, 301)]
    assert generate_register(country=country, size=0) == []


@pytest.mark.parametrize("country", COUNTRIES)
def test_same_rng_same_application(country: Country) -> None:
    person = generate_register(country=country, size=5, seed=1)[0]
    for mode in MODES:
        one = make_application(
            person, requested_state=country, rng=random.Random(9), corruption=mode
        )
        two = make_application(
            person, requested_state=country, rng=random.Random(9), corruption=mode
        )
        assert one == two


def test_unknown_country_and_mode_are_refused() -> None:
    with pytest.raises(ValueError):
        generate_register(country="MEX", size=3)  # type: ignore[arg-type]
    person = generate_register(country="CHN", size=1)[0]
    with pytest.raises(ValueError):
        make_application(person, requested_state="CHN", rng=random.Random(), corruption="awful")  # type: ignore[arg-type]


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_national_id_is_valid_and_agrees(
    registers: dict[str, list[SynthPerson]], country: Country
) -> None:
    people = registers[country]
    for person in people:
        info = validate_national_id(country, person.national_id)
        assert info.normalized == person.national_id
        assert info.region_code == person.birth_place
        if country == "CHN":
            assert info.birth_date == person.birth_date
            assert info.sex == person.sex
    assert len({p.national_id for p in people}) == len(people)


def test_gtm_cui_place_is_the_birth_place(registers: dict[str, list[SynthPerson]]) -> None:
    places = {p.code for p in tables.GTM_PLACES}
    for person in registers["GTM"]:
        assert person.national_id[9:13] == person.birth_place
        assert person.birth_place in places


def test_chn_birth_places_come_from_the_gazetteer(registers: dict[str, list[SynthPerson]]) -> None:
    codes = Counter(p.birth_place for p in registers["CHN"])
    assert set(codes) <= {p.code for p in tables.CHN_PLACES}
    fujian = sum(n for code, n in codes.items() if code.startswith("35"))
    assert fujian / len(registers["CHN"]) > 0.5


def test_surname_frequencies_are_realistic(registers: dict[str, list[SynthPerson]]) -> None:
    surnames = Counter(p.family_name for p in registers["CHN"])
    assert 0.05 <= surnames["王"] / 5000 <= 0.09
    top5 = sum(surnames[s] for s in "王李张刘陈") / 5000
    assert 0.25 <= top5 <= 0.36
    assert len(surnames) > 100


def test_namesakes_occur(registers: dict[str, list[SynthPerson]]) -> None:
    for country in COUNTRIES:
        names = Counter((p.family_name, p.given_names) for p in registers[country])
        assert names.most_common(1)[0][1] >= 3
    latin = Counter((p.family_name_latin, p.given_names_latin) for p in registers["CHN"])
    assert latin.most_common(1)[0][1] >= 5


def test_siblings_share_parents_and_birthplace(registers: dict[str, list[SynthPerson]]) -> None:
    for country in COUNTRIES:
        families: dict[str, list[SynthPerson]] = defaultdict(list)
        for person in registers[country]:
            families[person.family_id].append(person)
        siblings = [group for group in families.values() if len(group) > 1]
        share = sum(len(group) for group in siblings) / len(registers[country])
        assert 0.15 <= share <= 0.25
        for group in siblings:
            for field in ("father_name", "mother_name", "birth_place", "family_name"):
                assert len({getattr(p, field) for p in group}) == 1, (field, group)
        # Shuffled: siblings do not get consecutive person ids.
        adjacent = sum(
            abs(int(a.person_id[4:]) - int(b.person_id[4:])) == 1
            for group in siblings
            for a, b in itertools.pairwise(group)
        )
        assert adjacent < len(siblings) / 10


def test_chn_names_and_romanisation(registers: dict[str, list[SynthPerson]]) -> None:
    pinyin = dict((s.hanzi, s.pinyin) for s in tables.CHN_SURNAMES)
    pinyin.update(tables.CHN_TAIL_SURNAMES)
    chars = {c.hanzi: c.pinyin for c in tables.CHN_GIVEN_CHARS}
    for person in registers["CHN"]:
        assert person.family_name_latin == pinyin[person.family_name].capitalize()
        expected = "".join(chars[c] for c in person.given_names).capitalize()
        assert person.given_names_latin == expected
        assert re.fullmatch(r"[A-Z][a-z]+", person.given_names_latin)
        assert 1 <= len(person.given_names) <= 2
        assert person.father_name.startswith(person.family_name)
    assert pinyin["曾"] == "zeng" and pinyin["单"] == "shan" and pinyin["区"] == "ou"


def test_chn_tables_are_consistent() -> None:
    singles = {s.hanzi for s in tables.CHN_SURNAMES} | {
        h for h, _ in tables.CHN_TAIL_SURNAMES if len(h) == 1
    }
    compounds = [h for h, _ in tables.CHN_TAIL_SURNAMES if len(h) == 2]
    assert compounds and all(c[0] not in singles for c in compounds)
    given = [c.hanzi for c in tables.CHN_GIVEN_CHARS]
    assert len(given) == len(set(given)) >= 60
    assert all(c.pinyin[0] not in "aeo" for c in tables.CHN_GIVEN_CHARS)  # no apostrophes
    for name, _ in tables.CHN_COMMON_GIVEN_OLDER + tables.CHN_COMMON_GIVEN_YOUNGER:
        assert set(name) <= set(given), name
    assert len(tables.CHN_PLACES) >= 15
    assert len({p.code for p in tables.CHN_PLACES}) == len(tables.CHN_PLACES)
    assert tables.CHN_TAIL_SHARE > 0


def test_gtm_names(registers: dict[str, list[SynthPerson]]) -> None:
    surnames = {name for name, _ in tables.GTM_SURNAMES}
    for person in registers["GTM"]:
        assert person.family_name_latin.isascii() and person.given_names_latin.isascii()
        assert 1 <= len(person.given_names.split()) <= 2
        paternal = next(
            s
            for s in sorted(surnames, key=len, reverse=True)
            if person.family_name.startswith(s + " ")
        )
        maternal = person.family_name[len(paternal) + 1 :]
        assert maternal in surnames
        assert paternal in person.father_name and maternal in person.mother_name


@pytest.mark.parametrize("country", COUNTRIES)
def test_passports(registers: dict[str, list[SynthPerson]], country: Country) -> None:
    people = registers[country]
    holders = sum(bool(p.passport_numbers) for p in people) / len(people)
    assert 0.55 <= holders <= 0.65
    numbers = [n for p in people for n in p.passport_numbers]
    assert len(numbers) == len(set(numbers))
    pattern = r"E\d{8}" if country == "CHN" else r"[A-Z]\d{8}"
    assert all(re.fullmatch(pattern, n) for n in numbers)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("country", COUNTRIES)
def test_applications_are_accepted_by_the_api(
    registers: dict[str, list[SynthPerson]], country: Country, mode: Corruption
) -> None:
    rng = random.Random(1)
    for person in registers[country][:200]:
        data = make_application(person, requested_state=country, rng=rng, corruption=mode)
        assert set(data) == APPLICATION_KEYS
        assert set(data["parents"]) == {"mother", "father"}
        model = PersonIn.model_validate(data)
        assert check_person(model) == [], data
        assert all(doc.mrz is None for doc in model.documents)
        assert all(set(name) == {"family", "given", "source"} for name in data["names"])


@pytest.mark.parametrize("country", COUNTRIES)
def test_clean_applications_keep_everything(
    registers: dict[str, list[SynthPerson]], country: Country
) -> None:
    rng = random.Random(2)
    for person in registers[country][:200]:
        data = make_application(person, requested_state=country, rng=rng, corruption="clean")
        documents = {(d["type"], d["number"]) for d in data["documents"]}
        assert ("national_id", person.national_id) in documents
        if person.passport_numbers:
            assert ("passport", person.passport_numbers[-1]) in documents
        assert {d["issuing_state"] for d in data["documents"]} == {country}
        assert data["birth_date"] == person.birth_date.isoformat()
        assert data["sex"] == person.sex
        assert data["birth_place"] and all(data["parents"].values())
        assert data["nationality_claimed"] == country
        assert len(data["names"]) == 1
        assert data["names"][0]["family"] == person.family_name.upper() or (
            data["names"][0]["family"] == person.family_name_latin.upper()
        )


def test_damage_grows_with_the_corruption_level(registers: dict[str, list[SynthPerson]]) -> None:
    stats: dict[str, Counter[str]] = {}
    for mode in MODES:
        rng = random.Random(3)
        counts: Counter[str] = Counter()
        for person in registers["CHN"][:300]:
            data = make_application(person, requested_state="CHN", rng=rng, corruption=mode)
            name = data["names"][0]
            date = data["birth_date"]
            counts["partial_date"] += date is None or len(date) < 10
            counts["wrong_date"] += (
                date is not None and len(date) == 10 and (date != person.birth_date.isoformat())
            )
            counts["swapped"] += (
                name["family"].upper().replace(" ", "").replace("-", "")
                == (person.given_names_latin.upper())
                and len(person.given_names) > 0
            )
            counts["no_id"] += all(d["type"] != "national_id" for d in data["documents"])
        stats[mode] = counts
    assert sum(stats["clean"].values()) == 0
    assert stats["typical"]["partial_date"] > 0 and stats["typical"]["no_id"] > 0
    assert stats["typical"]["wrong_date"] == 0 and stats["typical"]["swapped"] == 0
    assert stats["hard"]["wrong_date"] > 0 and stats["hard"]["swapped"] > 0
    assert stats["hard"]["no_id"] > stats["typical"]["no_id"]
    assert set(CORRUPTION_PROFILES) == set(MODES)


@pytest.mark.parametrize("country", COUNTRIES)
def test_absent_persons(registers: dict[str, list[SynthPerson]], country: Country) -> None:
    people = registers[country]
    ids = {p.person_id for p in people}
    national_ids = {p.national_id for p in people}
    rng = random.Random(4)
    absent = [
        make_absent_person(country=country, rng=rng, exclude_national_ids=national_ids)
        for _ in range(200)
    ]
    assert all(p.person_id.startswith("ABSENT-") for p in absent)
    assert not ids & {p.person_id for p in absent}
    assert not national_ids & {p.national_id for p in absent}
    for person in absent:
        validate_national_id(country, person.national_id)
        PersonIn.model_validate(make_application(person, requested_state=country, rng=rng))
    again = make_absent_person(country=country, rng=random.Random(4))
    assert again == absent[0]
