"""Consent field by field: the latest decision per field is in force, a withdrawal counts at
the next read, consent is given before departure only, and the assessment is bounded and
holds nothing about protection claims."""

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.errors import Conflict, Invalid
from readmit.reintegration import assessment, consent
from readmit.reintegration.models import ConsentField
from readmit.reintegration.schemas import AssessmentIn, ConsentIn
from tests.factories import World
from tests.reintegration.cases import consented, officer

F = ConsentField


def _decide(session: Session, world: World, app, **decisions: bool) -> None:
    consent.record(
        session=session,
        user=officer(session, world),
        application=app,
        payload=ConsentIn.model_validate({"language": "zh-Hans", "decisions": decisions}),
    )


def test_latest_decision_per_field_wins(db: Session, world: World) -> None:
    app = consented(db, world, fields={"contact": True, "health": False})
    assert consent.granted_fields(session=db, application_id=app.id) == {F.contact}
    _decide(db, world, app, health=True, contact=False)
    assert consent.granted_fields(session=db, application_id=app.id) == {F.health}
    history = consent.history(session=db, application_id=app.id)
    assert history.current == {F.contact: False, F.health: True}
    assert len(history.history) == 4
    assert {h.recorded_by for h in history.history} == {"case_officer"}


def test_withdrawal_is_a_new_row_and_counts_at_once(db: Session, world: World) -> None:
    app = consented(db, world)
    consent.withdraw(
        session=db, user=officer(db, world), application=app, field=F.health, language="es"
    )
    assert F.health not in consent.granted_fields(session=db, application_id=app.id)
    assert len(consent.history(session=db, application_id=app.id).history) == 6
    with pytest.raises(Conflict):  # nothing left to withdraw
        consent.withdraw(
            session=db, user=officer(db, world), application=app, field=F.health, language="es"
        )


@pytest.mark.parametrize(
    ("status", "may_grant"),
    [
        (Status.draft, True),
        (Status.confirmed, True),
        (Status.transfer_scheduled, True),
        (Status.departed, False),
        (Status.withdrawn, False),
        (Status.rejected, False),
    ],
)
def test_consent_is_given_before_departure(
    db: Session, world: World, status: Status, may_grant: bool
) -> None:
    app = consented(db, world, fields={"contact": False}, status=status)
    if may_grant:
        _decide(db, world, app, contact=True)
        assert F.contact in consent.granted_fields(session=db, application_id=app.id)
    else:
        with pytest.raises(Conflict):
            _decide(db, world, app, contact=True)
        _decide(db, world, app, contact=False)  # a refusal is always recorded


@pytest.mark.parametrize(
    "language", ["", "e", "english language", "es_GT", "zh-Hans-CN-x" + "y" * 20, "12"]
)
def test_language_must_be_a_bcp47_tag(language: str) -> None:
    with pytest.raises(ValidationError):
        ConsentIn.model_validate({"language": language, "decisions": {"contact": True}})


@pytest.mark.parametrize(
    "body",
    [
        {"contact": {"phone": "1" * 41}},
        {"skills": {"skills": ["x"] * 31}},
        {"skills": {"skills": "carpentry"}},
        {"family": {"children": -1}},
        {"family": {"children": "many"}},
        {"vulnerability": {"categories": ["asylum_seeker"]}},
        {"vulnerability": {"categories": ["trafficking_victim"]}},
        {"health": {"needs": "x" * 2001}},
        {"health": {"diagnosis": "flu"}},
        {"religion": {}},
    ],
)
def test_malformed_or_huge_assessment_is_refused(body: dict) -> None:
    with pytest.raises(ValidationError):
        AssessmentIn.model_validate(body)


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"health": {"needs": "Pending asylum claim"}}, ("body", "health", "needs")),
        ({"family": {"situation": "mother is a refugee"}}, ("body", "family", "situation")),
        (
            {"vulnerability": {"note": "trafficked by a recruiter"}},
            ("body", "vulnerability", "note"),
        ),
        ({"skills": {"skills": ["solicitante de asilo"]}}, ("body", "skills", "skills", 0)),
        ({"contact": {"address": "无国籍"}}, ("body", "contact", "address")),
    ],
)
def test_protection_words_are_refused_naming_the_field(
    db: Session, world: World, body: dict, loc: tuple
) -> None:
    app = consented(db, world)
    with pytest.raises(Invalid) as refused:
        assessment.put(
            session=db,
            user=officer(db, world),
            application=app,
            payload=AssessmentIn.model_validate(body),
        )
    assert [p.loc for p in refused.value.problems] == [loc]
