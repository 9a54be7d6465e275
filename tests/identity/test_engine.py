"""The engine end to end on a synthetic register: confirm only what is certain."""

import math
import random
from collections.abc import Iterator
from dataclasses import replace

import pytest

from readmit.identity.engine import CANDIDATE_BUDGET, Engine, shortlist
from readmit.identity.features import NAME_LEVELS
from readmit.identity.loader import load
from readmit.identity.model import Model
from readmit.identity.schemas import VerifyRequest
from readmit.synth.project.generator import (
    SynthPerson,
    generate_register,
    make_absent_person,
    make_application,
    write_register_csv,
)


@pytest.fixture(scope="module")
def chn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, list[SynthPerson]]]:
    people = generate_register(country="CHN", size=3000, seed=11)
    # A namesake: same name, sex and birth date as people[0], born elsewhere, other parents.
    twin = replace(
        people[0],
        person_id="CHN-NAMESAKE",
        national_id="",
        birth_place="410102" if people[0].birth_place != "410102" else "350181",
        mother_name="赵丽",
        father_name="孙强",
        passport_numbers=[],
    )
    path = tmp_path_factory.mktemp("chn") / "register.csv"
    write_register_csv(path, [*people, twin])
    store = path.parent / "chn.sqlite"
    report = load(path=path, country="CHN", store=store)
    assert report.bad == [] and report.loaded == len(people) + 1
    engine = Engine(country="CHN", store=store)
    yield engine, people
    engine.close()


def _request(person: SynthPerson, corruption: str, seed: int, **drop: bool) -> VerifyRequest:
    body = make_application(
        person, requested_state="CHN", rng=random.Random(seed), corruption=corruption
    )  # type: ignore[arg-type]
    for key in drop:
        body.pop(key, None)
    return VerifyRequest.model_validate({"application_id": f"A{seed}", "person": body})


def test_clean_application_with_id_is_confirmed(chn: tuple[Engine, list[SynthPerson]]) -> None:
    engine, people = chn
    person = people[5]
    result = engine.verify(_request(person, "clean", 1))
    assert result.candidates[0].person_id == person.person_id
    assert result.recommendation == "confirm", result.reason
    assert result.candidates[0].evidence["national_id"]["level"] == "exact"


def test_absent_person_is_never_confirmed(chn: tuple[Engine, list[SynthPerson]]) -> None:
    engine, _ = chn
    rng = random.Random(3)
    for seed in range(40):
        absent = make_absent_person(country="CHN", rng=rng)
        result = engine.verify(_request(absent, "typical", seed))
        assert result.recommendation != "confirm", (absent, result.candidates[:1])


def test_namesake_without_hard_evidence_goes_to_review(
    chn: tuple[Engine, list[SynthPerson]],
) -> None:
    engine, people = chn
    person = people[0]
    request = _request(person, "clean", 7)
    request.person.documents = []
    request.person.birth_place = None
    request.person.parents = None
    result = engine.verify(request)
    ids = [c.person_id for c in result.candidates[:2]]
    assert set(ids) == {person.person_id, "CHN-NAMESAKE"}
    assert result.recommendation == "review"


def test_evidence_ledger_explains_every_field(chn: tuple[Engine, list[SynthPerson]]) -> None:
    engine, people = chn
    result = engine.verify(_request(people[9], "typical", 4))
    evidence = result.candidates[0].evidence
    assert set(evidence) == {
        "name",
        "birth_date",
        "sex",
        "birth_place",
        "national_id",
        "passport",
        "parents",
    }
    assert all({"level", "weight", "why"} <= set(v) for v in evidence.values())
    assert result.model_version.startswith("fs-")


def test_name_levels_are_ordered_by_the_weight_the_model_gives_them() -> None:
    # compare_names keeps the first level in NAME_LEVELS that any pair of readings reaches,
    # so that order must be the order of evidence strength.
    m, u = Model().parameters.m["name"], Model().parameters.u["name"]
    weights = [math.log2(m[level] / u[level]) for level in NAME_LEVELS]
    assert weights == sorted(weights, reverse=True)


def test_the_shortlist_keeps_persons_under_selective_keys_when_the_budget_binds() -> None:
    broad = list(range(1000, 1000 + CANDIDATE_BUDGET))
    found = {"n:wang|wei": broad, "fd:wang|1990-01-01": [1000, 7], "id:110101199001011234": [7]}
    kept = shortlist(found)
    assert len(kept) == CANDIDATE_BUDGET
    assert kept[:2] == [7, 1000]
    assert shortlist({"n:li|na": [1, 2], "pp:E1234567": [2]}) == [1, 2]
