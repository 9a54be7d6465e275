"""The engine on a real database: candidates from the key index, scores, and hits directly or
through up to two links to an entity designated by the same state."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.designations.models import Designation, DesignationStatus, Entity
from readmit.screening.engine import LINK_FACTOR, find, query_keys
from readmit.screening.index import index_entities, reindex
from readmit.screening.matching import prepare
from readmit.screening.models import ScreeningKey
from readmit.screening.schemas import ScreeningQuery
from tests.factories import World

_ids = itertools.count(1)


class Register:
    """A tiny factory of one state's entities, links and designations."""

    def __init__(self, db: Session, world: World, state: str = "USA") -> None:
        self.db, self.state = db, state
        self.analyst = world.user(db, state, Role.analyst)

    def entity(self, schema: str, caption: str = "", **props: Any) -> Entity:
        values = {k: v if isinstance(v, list) else [v] for k, v in props.items()}
        entity = Entity(
            state_code=self.state,
            ftm_id=f"t-{next(_ids)}",
            schema=schema,
            caption=caption or (values.get("name") or [schema])[0],
            properties=values,
        )
        self.db.add(entity)
        self.db.flush()
        index_entities(session=self.db, entities=[entity])
        return entity

    def link(self, schema: str, subject: Entity, obj: Entity) -> Entity:
        link = self.entity(schema, schema)
        link.subject_id, link.object_id = subject.id, obj.id
        self.db.flush()
        return link

    def designate(self, entity: Entity, status: DesignationStatus = DesignationStatus.designated):
        designation = Designation(
            state_code=self.state,
            entity_id=entity.id,
            status=status.value,
            legal_basis="INA 212(a)(3)(C)",
            proposed_by_id=self.analyst.id,
        )
        self.db.add(designation)
        self.db.flush()
        return designation

    def find(self, name: str = "", kind: str = "person", **fields: Any) -> list[Any]:
        query = ScreeningQuery.model_validate({"kind": kind, "name": name, **fields})
        return find(session=self.db, state_code=self.state, query=query)


@pytest.fixture
def register(db: Session, world: World) -> Register:
    return Register(db, world)


def test_direct_hit_across_scripts(register: Register) -> None:
    wang = register.entity("Person", name="王小明", birthDate="1975-03-02")
    designation = register.designate(wang)
    for variant in ("Wang Xiaoming", "Hsiao-ming Wang", "Wong Siu Ming", "Wang Xiaomign"):
        hits = register.find(variant)
        assert [(h.entity_id, h.designation_id, h.path) for h in hits] == [
            (wang.id, designation.id, ())
        ], variant
        assert hits[0].score >= 0.7


def test_hit_through_a_directorship_with_its_path(register: Register) -> None:
    director = register.entity("Person", name="Zhang Wei", birthDate="1970")
    operator = register.entity("Company", name="Transportes Aéreos del Istmo S.A. de C.V.")
    register.link("Directorship", director, operator)
    register.designate(operator)
    hits = register.find("张伟")
    assert len(hits) == 1
    hit = hits[0]
    assert (hit.entity_id, hit.designated_entity_id) == (director.id, operator.id)
    assert [(s.entity_id, s.link) for s in hit.path] == [
        (director.id, "Directorship"),
        (operator.id, None),
    ]
    assert hit.score == pytest.approx(1.0 * LINK_FACTOR)
    link = next(f for f in hit.features if f.name == "link")
    assert link.explanation == (
        "Zhang Wei is a director of Transportes Aéreos del Istmo S.A. de C.V., which is designated."
    )


def test_two_links_either_direction_but_not_three(register: Register) -> None:
    person = register.entity("Person", name="María Pérez Gómez")
    agency = register.entity("Company", name="Viajes Quetzal")
    carrier = register.entity("Company", name="Aerolíneas Mayas")
    holding = register.entity("Company", name="Grupo Maya Holding")
    register.link("Employment", person, agency)  # person -> agency (employer)
    register.link("Ownership", carrier, agency)  # carrier owns agency: agency <- carrier
    register.link("Ownership", holding, carrier)  # a third link away from the person
    register.designate(carrier)
    register.designate(holding)
    hits = register.find("Maria Perez Gomez")
    assert [h.designated_entity_id for h in hits] == [carrier.id]
    assert [s.entity_id for s in hits[0].path] == [person.id, agency.id, carrier.id]
    assert hits[0].score == pytest.approx(LINK_FACTOR**2)
    assert "owned by Aerolíneas Mayas" in hits[0].features[-1].explanation


@pytest.mark.parametrize(
    "status",
    [DesignationStatus.proposed, DesignationStatus.rejected, DesignationStatus.delisted],
)
def test_only_designations_in_force_give_hits(
    register: Register, status: DesignationStatus
) -> None:
    wang = register.entity("Person", name="王小明")
    register.designate(wang, status)
    assert register.find("Wang Xiaoming") == []


def test_another_states_designations_are_not_seen(db: Session, world: World) -> None:
    mexico = Register(db, world, "MEX")
    mexico.designate(mexico.entity("Person", name="王小明"))
    assert Register(db, world, "USA").find("Wang Xiaoming") == []
    assert len(mexico.find("Wang Xiaoming")) == 1


def test_look_alikes_and_conflicts_stay_below_the_threshold(register: Register) -> None:
    register.designate(register.entity("Person", name="王小明", birthDate="1975-03-02"))
    assert [h.score for h in register.find("王晓明")] == [0.55]  # a homophone: reviewed below
    assert register.find("Wang Jianguo") == []
    conflicting = register.find("Wang Xiaoming", birth_date="1990-01-01")
    assert conflicting and conflicting[0].score < 0.7


def test_hits_are_sorted_and_limited(register: Register) -> None:
    exact = register.entity("Person", name="Wang Xiaoming", birthDate="1975")
    slip = register.entity("Person", name="Wang Xiaomin")
    register.designate(exact)
    register.designate(slip)
    hits = register.find("Wang Xiaoming", birth_date="1975")
    assert [h.entity_id for h in hits] == [exact.id, slip.id]
    assert hits[0].score > hits[1].score
    query = ScreeningQuery(kind="person", name="Wang Xiaoming")
    assert len(find(session=register.db, state_code="USA", query=query, limit=1)) == 1


def test_company_by_identifier_and_by_name(register: Register) -> None:
    airline = register.entity(
        "Company", name="北京华远航空有限公司", idNumber=["BHY"], jurisdiction="cn"
    )
    register.designate(airline)
    assert [h.entity_id for h in register.find("Beijing Huayuan Hangkong", "company")] == [
        airline.id
    ]
    assert [h.entity_id for h in register.find("Other Name", "company", icao_code="BHY")] == [
        airline.id
    ]
    assert register.find("Wang Xiaoming") == []  # a person query never scores a company


def test_index_entities_replaces_keys(register: Register) -> None:
    wang = register.entity("Person", name="王小明")
    register.designate(wang)
    wang.properties = {"name": ["Li Hua"]}
    index_entities(session=register.db, entities=[wang])
    assert register.find("Wang Xiaoming") == []
    assert len(register.find("Li Hua")) == 1


def test_reindex_writes_the_same_keys(register: Register) -> None:
    register.entity("Person", name="王小明", passportNumber="E12345678")
    register.entity("Company", name="Transportes Aéreos del Istmo S.A. de C.V.")
    keys = select(ScreeningKey.key, ScreeningKey.entity_id).where(ScreeningKey.state_code == "USA")
    before = set(register.db.execute(keys).all())
    written = reindex(session=register.db, state_code="USA")
    assert set(register.db.execute(keys).all()) == before
    count = select(func.count()).select_from(ScreeningKey).where(ScreeningKey.state_code == "USA")
    assert written == register.db.scalar(count) > 0


@pytest.mark.parametrize(
    "name",
    ["航空服务旅行社运输" * 33, " ".join(["transportes aereos del istmo"] * 10)],
    ids=["300 Han characters", "a pasted sentence"],
)
def test_a_run_on_company_name_costs_a_bounded_number_of_keys(name: str) -> None:
    # Twenty aliases of 300 characters are a valid query; their one-slip variants would be
    # thousands of lookups per screening, an easy way to tie up the server.
    query = ScreeningQuery(kind="company", name=name[:300], aliases=[name[:300]] * 20)
    assert len(query_keys(prepare(query))) <= 50
