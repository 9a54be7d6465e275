"""The screening service: the subject's fingerprint, the checks on a query, each hit's status
(below the threshold, open, or settled by a remembered judgement), the review's judgements
and revisions with their history, and one state's screenings kept from another's."""

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.service import PENDING
from readmit.auth.models import Role
from readmit.config import get_settings
from readmit.errors import Conflict, Forbidden, Invalid, NotFound
from readmit.screening import engine, service
from readmit.screening.models import Judgement, Verdict
from readmit.screening.schemas import Feature, Hit, PathStep, ScreeningQuery
from readmit.screening.subjects import checked, subject_key
from tests.factories import World
from tests.screening.factories import Designated, charter_operator


def person(**fields: Any) -> ScreeningQuery:
    return ScreeningQuery.model_validate({"kind": "person", **fields})


def company(**fields: Any) -> ScreeningQuery:
    return ScreeningQuery.model_validate({"kind": "company", **fields})


# --- the subject's fingerprint ---------------------------------------------------------------

SAME_SUBJECT = [
    (person(name="Zhang Wei"), person(name="  WEI   zhang ")),
    (person(name="Zhang Wei"), person(family_name="ZHANG", given_name="Wei")),
    (person(name="José Pérez"), person(name="JOSE PEREZ")),
    (person(name="O'Brien, Sean"), person(name="Sean O Brien")),
    (
        person(name="Li Na", passport_number="E 1234-5678"),
        person(name="Li Na", passport_number="e12345678"),
    ),
    (
        company(name="Air Istmo", registration_number="RFC-123"),
        company(name="AIR ISTMO", registration_number="rfc 123"),
    ),
    (person(name="Li Na", reference="A-1"), person(name="Li Na", reference="B-2")),
]
OTHER_SUBJECT = [
    (person(name="Zhang Wei"), person(name="Zhang Wei", birth_date="1975")),
    (person(name="Zhang Wei"), company(name="Zhang Wei")),
    (person(name="Zhang Wei"), person(name="Zhang Wen")),
    (person(name="Zhang Wei"), person(name="Zhang Wei", aliases=["Chang Wei"])),
    (person(name="Li Na", passport_number="E1"), person(name="Li Na", passport_number="E2")),
    (person(name="Li Na", nationality="CHN"), person(name="Li Na", nationality="TWN")),
]  # fmt: skip


@pytest.mark.parametrize(("one", "other"), SAME_SUBJECT)
def test_the_same_subject_has_the_same_key(one: ScreeningQuery, other: ScreeningQuery) -> None:
    assert subject_key(one) == subject_key(other)
    assert len(subject_key(one)) == 64


@pytest.mark.parametrize(("one", "other"), OTHER_SUBJECT)
def test_another_particular_is_another_subject(one: ScreeningQuery, other: ScreeningQuery) -> None:
    assert subject_key(one) != subject_key(other)


# --- the checks on a query -------------------------------------------------------------------

REFUSED = [
    ({"kind": "person"}, "name", "Enter the name"),
    ({"kind": "person", "name": "   "}, "name", "Enter the name"),
    ({"kind": "company", "aliases": ["Air Istmo"]}, "name", "Enter the company's name"),
    ({"kind": "person", "name": "A", "birth_date": "1975-13"}, "birth_date", "YYYY"),
    ({"kind": "person", "name": "A", "birth_date": "1975-02-30"}, "birth_date", "YYYY"),
    ({"kind": "person", "name": "A", "birth_date": "14/03/75"}, "birth_date", "YYYY"),
    ({"kind": "person", "name": "A", "nationality": "XXX"}, "nationality", "ISO code"),
    ({"kind": "person", "name": "A", "iata_code": "UA"}, "iata_code", "Only a company"),
    ({"kind": "company", "name": "A", "passport_number": "E1"}, "passport_number", "Only a person"),
    ({"kind": "company", "name": "A", "icao_code": "U1"}, "icao_code", "ICAO"),
    ({"kind": "company", "name": "A", "iata_code": "U"}, "iata_code", "IATA"),
    ({"kind": "person", "name": "A\x07B"}, "name", "control characters"),
    ({"kind": "person", "name": "A", "aliases": ["x" * 301]}, "aliases", "at most 300"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "loc", "words"), REFUSED)
def test_a_bad_query_is_refused_naming_its_field(fields: dict, loc: str, words: str) -> None:
    with pytest.raises(Invalid) as refused:
        checked(ScreeningQuery.model_validate(fields))
    assert [str(p.loc[0]) for p in refused.value.problems] == [loc]
    assert words in refused.value.problems[0].msg


def test_a_good_query_is_tidied() -> None:
    query = checked(person(name="Li Na", nationality="chn", aliases=["", "Lee Na"]))
    assert (query.nationality, query.aliases) == ("CHN", ["Lee Na"])
    airline = checked(
        company(name="Air Istmo", iata_code="i7", icao_code="ais", jurisdiction="mex")
    )
    assert (airline.iata_code, airline.icao_code, airline.jurisdiction) == ("I7", "AIS", "MEX")


# --- statuses, memory and review (the engine's answer fixed) ---------------------------------


def fake_engine(monkeypatch: pytest.MonkeyPatch, made: Designated, scores: list[float]) -> None:
    """The engine finds the director (through his link) with each of these scores, and
    nothing else."""

    def find(
        *, session: Session, state_code: str, query: ScreeningQuery, limit: int = 10
    ) -> list[Hit]:
        return [
            Hit(
                entity_id=made.director_id,
                designated_entity_id=made.company_id,
                designation_id=made.designation_id,
                score=score,
                features=(Feature("name", score, "the names agree"),),
                path=(
                    PathStep(made.director_id, "Person", "ZHANG Wei", "Directorship"),
                    PathStep(made.company_id, "Company", "Air Istmo"),
                ),
            )
            for score in scores
        ][:limit]

    monkeypatch.setattr(engine, "find", find)


@pytest.fixture
def made(db: Session, world: World) -> Designated:
    return charter_operator(db, world)


def screen_as(
    db: Session, world: World, role: Role = Role.case_officer, state: str = "USA", **fields: Any
):
    query = person(**({"name": "Chang Wei"} | fields))
    user = world.user(db, state, role)
    return service.screen(session=db, user=user, query=query, source="api")


def analyst(db: Session, world: World, state: str = "USA"):
    return world.user(db, state, Role.analyst)


def test_each_hit_is_open_or_below_the_threshold(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = get_settings().screening_threshold
    fake_engine(monkeypatch, made, [line + 0.01, line, line - 0.01])
    result = screen_as(db, world)
    assert [h.status for h in result.hits] == ["open", "open", "below_threshold"]
    hit = result.hits[0]
    assert (hit.entity.id, hit.designated_entity.id, hit.through_link) == (
        made.director_id,
        made.company_id,
        True,
    )
    assert [(s.caption, s.link) for s in hit.path] == [
        ("ZHANG Wei", "Directorship"),
        ("Air Istmo", None),
    ]
    assert hit.features[0].explanation == "the names agree"
    queue = service.queue(session=db, user=analyst(db, world))
    assert queue.total == 2 and queue.items[0].hit.id == hit.id


def test_not_the_same_is_remembered_and_never_comes_back(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, made, [0.95])
    first, second = screen_as(db, world), screen_as(db, world, name="wei chang")
    judged = service.judge(
        session=db,
        user=analyst(db, world),
        hit_id=first.hits[0].id,
        verdict=Verdict.not_same,
        note="Born 1990, the director 1975",
    )
    assert judged.hit.status == "not_same" and judged.hit.reviewed_by == "analyst@us-ero.test"
    # The other open hit of the same pair is settled by the judgement.
    again = service.read(session=db, user=analyst(db, world), screening_id=second.id)
    assert again.hits[0].status == "remembered_not_same"
    assert service.queue(session=db, user=analyst(db, world)).total == 0
    later = screen_as(db, world, name="CHANG, Wei")
    assert later.hits[0].status == "remembered_not_same"
    assert service.queue(session=db, user=analyst(db, world)).total == 0
    # Another subject (a birth date given) is another pair: back to the queue.
    other = screen_as(db, world, birth_date="1975-03-14")
    assert other.hits[0].status == "open"


def test_same_is_shown_as_a_confirmed_hit(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, made, [0.4])  # below the threshold, but judged the same before
    monkeypatch.setattr(service, "threshold", lambda: 0.3)
    first = screen_as(db, world)
    service.judge(
        session=db, user=analyst(db, world), hit_id=first.hits[0].id, verdict=Verdict.same
    )
    monkeypatch.setattr(service, "threshold", lambda: 0.9)
    assert screen_as(db, world).hits[0].status == "remembered_same"


def test_a_revision_retires_the_judgement_and_keeps_it(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, made, [0.95])
    first, second = screen_as(db, world), screen_as(db, world)
    hit = first.hits[0].id
    reviewer, supervisor = analyst(db, world), world.user(db, "USA", Role.supervisor)
    with pytest.raises(Conflict):  # never judged: nothing to revise
        service.revise(session=db, user=supervisor, hit_id=hit, verdict=Verdict.same)
    service.judge(session=db, user=reviewer, hit_id=hit, verdict=Verdict.not_same, note="no")
    with pytest.raises(Conflict):  # settled: revise instead
        service.judge(session=db, user=supervisor, hit_id=second.hits[0].id, verdict=Verdict.same)
    with pytest.raises(Conflict):  # the same verdict again is no revision
        service.revise(session=db, user=supervisor, hit_id=hit, verdict=Verdict.not_same)
    revised = service.revise(
        session=db, user=supervisor, hit_id=second.hits[0].id, verdict=Verdict.same, note="yes"
    )
    assert [(j.verdict, j.current, j.retired_by) for j in revised.history] == [
        ("not_same", False, "supervisor@us-ero.test"),
        ("same", True, None),
    ]
    assert [j.judged_by for j in revised.history] == [
        "analyst@us-ero.test",
        "supervisor@us-ero.test",
    ]
    assert (
        revised.history[0].note == "no" and revised.history[1].judged_by == "supervisor@us-ero.test"
    )
    assert revised.hit.status == "remembered_same"
    shown = service.read(session=db, user=reviewer, screening_id=first.id)
    assert shown.hits[0].status == "same"
    assert screen_as(db, world).hits[0].status == "remembered_same"
    current = db.scalars(
        select(Judgement).where(
            Judgement.entity_id == made.director_id, Judgement.retired_at.is_(None)
        )
    ).all()
    assert len(current) == 1


def test_a_note_too_long_is_refused(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, made, [0.95])
    hit = screen_as(db, world).hits[0].id
    with pytest.raises(Invalid):
        service.judge(
            session=db, user=analyst(db, world), hit_id=hit, verdict=Verdict.same, note="x" * 2001
        )


# --- roles and states ------------------------------------------------------------------------


def usa(db: Session, world: World, role: Role) -> Any:
    return world.user(db, "USA", role)


ACTIONS: dict[str, tuple[Callable[[Session, World, Role, int], Any], tuple[Role, ...]]] = {
    "screen": (lambda db, w, r, _s: screen_as(db, w, r), service.SCREENERS),
    "read": (
        lambda db, w, r, s: service.read(session=db, user=usa(db, w, r), screening_id=s),
        service.READERS,
    ),
    "list": (
        lambda db, w, r, _s: service.list_screenings(session=db, user=usa(db, w, r)),
        service.READERS,
    ),
    "queue": (
        lambda db, w, r, _s: service.queue(session=db, user=usa(db, w, r)),
        service.REVIEWERS,
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_roles(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    fake_engine(monkeypatch, made, [0.95])
    screening = screen_as(db, world).id
    run, allowed = ACTIONS[action]
    for role in Role:
        if role in allowed:
            run(db, world, role, screening)
        else:
            with pytest.raises(Forbidden):
                run(db, world, role, screening)


def test_another_state_neither_sees_nor_reuses(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, made, [0.95])
    mine = screen_as(db, world)
    service.judge(
        session=db, user=analyst(db, world), hit_id=mine.hits[0].id, verdict=Verdict.not_same
    )
    outsider = analyst(db, world, "MEX")
    with pytest.raises(NotFound):
        service.read(session=db, user=outsider, screening_id=mine.id)
    with pytest.raises(NotFound):
        service.judge(session=db, user=outsider, hit_id=mine.hits[0].id, verdict=Verdict.same)
    assert service.list_screenings(session=db, user=outsider) == []
    # MEX's own screening of the same subject is not settled by USA's judgement.
    theirs = screen_as(db, world, state="MEX")
    assert theirs.hits[0].status == "open"
    assert service.queue(session=db, user=outsider).total == 1
    assert service.queue(session=db, user=analyst(db, world)).total == 0


def test_each_step_is_audited(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, made, [0.95])
    db.info.pop(PENDING, None)
    hit = screen_as(db, world).hits[0].id
    service.judge(session=db, user=analyst(db, world), hit_id=hit, verdict=Verdict.same)
    service.revise(session=db, user=analyst(db, world), hit_id=hit, verdict=Verdict.not_same)
    events = [(e.action, e.detail) for e in db.info[PENDING]]
    assert events == [
        ("screening.run", {"kind": "person", "source": "api", "hits": 1, "open": 1}),
        ("screening.judge", {"verdict": "same", "settled": 0}),
        ("screening.revise", {"verdict": "not_same", "was": "same"}),
    ]


# --- with the engine -------------------------------------------------------------------------

THROUGH_THE_LINK = [
    {"name": "ZHANG Wei"},
    {"name": "Chang Wei"},  # Wade-Giles
    {"family_name": "Zhang", "given_name": "Wei", "birth_date": "1975-03-14"},
    {"name": "张伟"},
]


@pytest.mark.parametrize("fields", THROUGH_THE_LINK)
def test_the_director_is_a_hit_through_the_link(
    db: Session, world: World, made: Designated, fields: dict
) -> None:
    result = screen_as(db, world, **({"name": ""} | fields))
    hit = next(h for h in result.hits if h.entity.id == made.director_id)
    assert hit.designated_entity.id == made.company_id and hit.through_link
    assert [s.entity_id for s in hit.path] == [made.director_id, made.company_id]
    assert hit.path[0].link == "Directorship"
    assert hit.features and all(f.explanation for f in hit.features)
    assert hit.status == ("open" if hit.score >= service.threshold() else "below_threshold")


def test_the_company_is_found_by_its_name(db: Session, world: World, made: Designated) -> None:
    result = service.screen(
        session=db,
        user=world.user(db, "USA", Role.analyst),
        query=company(name="TRANSPORTES AEREOS DEL ISTMO SA DE CV"),
        source="api",
    )
    hit = next(h for h in result.hits if h.entity.id == made.company_id)
    assert not hit.through_link and hit.status == "open"


def test_an_unrelated_name_finds_nothing(db: Session, world: World, made: Designated) -> None:
    assert screen_as(db, world, name="Olga Petrovna Ivanova").hits == []


def test_a_hit_screened_while_its_pair_was_judged_takes_only_the_same_verdict(
    db: Session, world: World, made: Designated, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, made, [0.95])
    late = screen_as(db, world)
    # The judgement a reviewer committed while this screening ran (it saw none).
    first = world.user(db, "USA", Role.supervisor)
    db.add(
        Judgement(
            state_code="USA",
            subject_key=late.subject_key,
            entity_id=made.director_id,
            verdict="not_same",
            note="judged meanwhile",
            judged_by_id=first.id,
        )
    )
    db.flush()
    # Another verdict is refused, never dropped silently: the reviewer revises instead.
    with pytest.raises(Conflict, match="revise"):
        service.judge(
            session=db, user=analyst(db, world), hit_id=late.hits[0].id, verdict=Verdict.same
        )
    settled = service.judge(
        session=db, user=analyst(db, world), hit_id=late.hits[0].id, verdict=Verdict.not_same
    )
    assert settled.hit.status == "remembered_not_same"
    assert [(j.verdict, j.current) for j in settled.history] == [("not_same", True)]
    assert service.queue(session=db, user=analyst(db, world)).total == 0
