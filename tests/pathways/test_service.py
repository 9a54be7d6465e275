"""Intake and the steps of a pathway case through the service: rules evaluated at intake,
on documents and at screening; referral only with every rule met; deadlines per status;
every step a case event and an audit record; referral to another pathway."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth import service as auth
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.errors import Conflict, Forbidden, Invalid, NotFound
from readmit.pathways import allocation, documents, referral, service
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import CaseDocument, CaseEvent, CaseStatus, PathwayCase
from readmit.pathways.schemas import CaseCreate, CaseUpdate
from readmit.tenancy import service as tenancy
from tests.designations.cases import png
from tests.factories import PASSWORD, World
from tests.pathways.core_cases import (
    OFFICER,
    at_status,
    examples,
    frp_body,
    take_in,
    with_documents,
)


def outcomes(case: PathwayCase) -> dict[str, str]:
    return {item["rule"]: item["outcome"] for item in case.eligibility}


def actions(db: Session, case: PathwayCase) -> list[str]:
    pending = db.info.get(audit.PENDING, [])
    return [
        e.action for e in pending if e.entity == "pathway_case" and e.entity_id == case.reference
    ]


def test_intake_to_interview(db: Session, world: World) -> None:
    before = utcnow()
    case = take_in(db, world)
    assert case.reference.startswith(f"PW-USA-{case.created_at.year}-") and case.reference.endswith(
        f"{case.id:06d}"
    )
    assert case.status == "registered" and case.intake_state == "GTM" and case.region == ""
    assert outcomes(case) == {
        "petitioner": "met",
        "petition": "met",
        "outside": "met",
        "waiting": "met",
        "nationality": "met",
        "approval_notice": "unknown",
        "passport": "unknown",
    }
    assert case.eligible is None
    assert case.due_at is not None and timedelta(days=29) < case.due_at - before <= timedelta(
        days=30, seconds=5
    )
    with pytest.raises(Conflict, match="every rule must be met"):
        service.step(
            session=db,
            user=world.user(db, "USA", OFFICER),
            case=service.step(
                session=db, user=world.user(db, "USA", OFFICER), case=case, step=Step.screen
            ),
            step=Step.refer,
        )
    with_documents(db, world, case)
    assert case.eligible is True and set(outcomes(case).values()) == {"met"}
    officer = world.user(db, "USA", OFFICER)
    service.step(session=db, user=officer, case=case, step=Step.refer, note="All rules met")
    assert case.status == "referred"
    assert case.due_at is not None and case.due_at - utcnow() > timedelta(days=89)
    service.step(session=db, user=officer, case=case, step=Step.interview)
    events = db.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    )
    assert [(e.step, e.from_status, e.to_status) for e in events] == [
        ("intake", "", "registered"),
        ("screen", "registered", "screened"),
        ("add_document", "screened", "screened"),
        ("add_document", "screened", "screened"),
        ("refer", "screened", "referred"),
        ("interview", "referred", "interviewed"),
    ]
    assert actions(db, case) == [
        "pathway.intake",
        "pathway.screen",
        "pathway.add_document",
        "pathway.add_document",
        "pathway.refer",
        "pathway.interview",
    ]


def test_an_ineligible_nationality_is_recorded_and_its_rule_not_met(
    db: Session, world: World
) -> None:
    case = with_documents(db, world, take_in(db, world, nationality="VEN"))
    assert case.nationality == "VEN" and case.eligible is False
    assert outcomes(case)["nationality"] == "not_met"
    officer = world.user(db, "USA", OFFICER)
    service.step(session=db, user=officer, case=case, step=Step.screen)
    with pytest.raises(Conflict, match="not met: nationality"):
        service.step(session=db, user=officer, case=case, step=Step.refer)


@pytest.mark.parametrize(
    ("changes", "loc", "words"),
    [
        ({"facts": {"height": 170}}, "facts.height", "asks no question height"),
        ({"facts": {"petition_approved": "yes"}}, "facts.petition_approved", "true or false"),
        (
            {"facts": {"petitioner_status": "cousin"}},
            "facts.petitioner_status",
            "one of us_citizen",
        ),
        ({"facts": {"nationality": "GTM"}}, "facts.nationality", "recorded with the person"),
        ({"programme": "usa-nothing"}, "programme", "no programme usa-nothing"),
        ({"programme": "col-regularisation"}, "programme", "no programme"),
        ({"intake_place": "SMO-MEX-TAP"}, "intake_place", "SMO-GTM-GUA"),
        ({"priority_category": "p1"}, "priority_category", "not a priority category"),
    ],
)
def test_bad_intakes_name_the_field(
    db: Session, world: World, changes: dict[str, Any], loc: str, words: str
) -> None:
    with pytest.raises(Invalid) as refused:
        take_in(db, world, **changes)
    (problem,) = refused.value.problems
    assert ".".join(map(str, problem.loc)) == f"body.{loc}"
    assert words in problem.msg


@pytest.mark.parametrize(
    "role",
    [
        Role.case_officer,
        Role.verifier,
        Role.analyst,
        Role.auditor,
        Role.admin,
        Role.protection_officer,
    ],
)
def test_other_roles_take_no_intake_step(db: Session, world: World, role: Role) -> None:
    with pytest.raises(Forbidden):
        take_in(db, world, role=role)
    case = take_in(db, world)
    user = world.user(db, "USA", role)
    for step in service.GENERIC_STEPS:
        with pytest.raises(Forbidden):
            service.step(session=db, user=user, case=case, step=step)
    with pytest.raises(Forbidden):
        service.edit(session=db, user=user, case=case, payload=CaseUpdate(family_name="X"))
    with pytest.raises(Forbidden):
        service.message(session=db, user=user, case=case, body="hello")
    with pytest.raises(Forbidden):
        documents.add(
            session=db, user=user, case=case, kind="passport", filename="p.png", data=png()
        )
    with pytest.raises(Forbidden):
        referral.refer_elsewhere(session=db, user=user, case=case, programme_code="usa-h2b")
    assert case.status == "registered"


def test_another_state_finds_no_case(db: Session, world: World) -> None:
    case = take_in(db, world)
    for role in (OFFICER, Role.supervisor, Role.auditor):
        with pytest.raises(NotFound):
            service.get(session=db, user=world.user(db, "MEX", role), reference=case.reference)
        rows, total = service.listing(session=db, user=world.user(db, "MEX", role))
        assert (rows, total) == ([], 0)
    found = service.get(
        session=db, user=world.user(db, "USA", Role.auditor), reference=case.reference
    )
    assert found.id == case.id


def test_edit_re_evaluates_and_is_refused_after_referral(db: Session, world: World) -> None:
    case = take_in(db, world)
    officer = world.user(db, "USA", OFFICER)
    payload = CaseUpdate(
        facts={"petitioner_status": "other", "visa_available": None}, birth_date="1991"
    )
    service.edit(session=db, user=officer, case=case, payload=payload)
    assert outcomes(case)["petitioner"] == "not_met" and outcomes(case)["waiting"] == "unknown"
    assert "visa_available" not in case.facts and case.birth_date == "1991"
    event = db.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc())
    ).first()
    assert event is not None and event.step == "edit"
    assert event.note == "birth_date, facts.petitioner_status, facts.visa_available"
    with pytest.raises(Invalid):
        service.edit(
            session=db, user=officer, case=case, payload=CaseUpdate(facts={"visa_available": 3})
        )
    referred = at_status(db, world, CaseStatus.referred)
    with pytest.raises(Conflict):
        service.edit(session=db, user=officer, case=referred, payload=CaseUpdate(family_name="X"))


def test_a_step_reads_the_case_afresh_under_its_lock(db: Session, world: World) -> None:
    """Two officers at once: the second acts on a case the first has already moved."""
    case = take_in(db, world)
    officer = world.user(db, "USA", OFFICER)
    stale = update(PathwayCase).where(PathwayCase.id == case.id).values(status="screened")
    db.execute(stale.execution_options(synchronize_session=False))
    assert case.status == "registered"  # the object in hand is stale
    with pytest.raises(Conflict, match="not possible"):
        service.step(session=db, user=officer, case=case, step=Step.screen)


def test_withdrawing_or_refusing_a_case_holding_a_place_gives_it_back(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    released: list[str] = []
    monkeypatch.setattr(
        allocation, "release", lambda *, session, case: released.append(case.reference)
    )
    officer, supervisor = world.user(db, "USA", OFFICER), world.user(db, "USA", Role.supervisor)
    approved = at_status(db, world, CaseStatus.approved)
    booked = at_status(db, world, CaseStatus.travel_booked)
    screened = at_status(db, world, CaseStatus.screened)
    service.step(session=db, user=officer, case=approved, step=Step.withdraw, note="Moved away")
    service.step(session=db, user=officer, case=booked, step=Step.withdraw)
    service.step(session=db, user=supervisor, case=screened, step=Step.refuse)
    assert released == [approved.reference, booked.reference]
    assert approved.status == "withdrawn" and approved.due_at is None


def test_overdue_cases(db: Session, world: World) -> None:
    late, on_time, closed = (take_in(db, world) for _ in range(3))
    late.due_at = utcnow() - timedelta(days=1)
    closed.due_at = utcnow() - timedelta(days=1)
    closed.status = "withdrawn"
    db.flush()
    user = world.user(db, "USA", Role.supervisor)
    rows, total = service.listing(session=db, user=user, overdue=True)
    assert [c.reference for c in rows] == [late.reference] and total == 1
    assert (
        service.is_overdue(late)
        and not service.is_overdue(on_time)
        and not service.is_overdue(closed)
    )


def test_messages_and_documents(db: Session, world: World) -> None:
    case = take_in(db, world)
    officer = world.user(db, "USA", OFFICER)
    sent = service.message(session=db, user=officer, case=case, body="  Petitioner called.  ")
    assert sent.body == "Petitioner called."
    with pytest.raises(Invalid, match="not a document of this programme"):
        documents.add(
            session=db, user=officer, case=case, kind="diploma", filename="d.png", data=png()
        )
    with pytest.raises(Invalid, match="PDF, JPEG or PNG"):
        documents.add(
            session=db, user=officer, case=case, kind="passport", filename="p.exe", data=b"MZ"
        )
    added = documents.add(
        session=db, user=officer, case=case, kind="passport", filename="p.png", data=png()
    )
    got = documents.download(
        session=db, user=world.user(db, "USA", Role.auditor), case=case, document_id=added.id
    )
    assert got.content[:8] == b"\x89PNG\r\n\x1a\n"
    service.step(session=db, user=officer, case=case, step=Step.withdraw)
    with pytest.raises(Conflict):
        service.message(session=db, user=officer, case=case, body="After the end")


def test_suggestions_and_referral_to_another_pathway(db: Session, world: World) -> None:
    case = with_documents(db, world, take_in(db, world, facts={"petitioner_status": "other"}))
    officer = world.user(db, "USA", OFFICER)
    assert case.eligible is False
    suggested = referral.suggestions(session=db, user=officer, case=case)
    assert [p.code for p, _ in suggested] == ["usa-resettlement", "usa-h2b"]
    h2b = dict((p.code, o) for p, o in suggested)["usa-h2b"]
    assert {o.rule: o.outcome for o in h2b}["adult"] == "met"
    new = referral.refer_elsewhere(session=db, user=officer, case=case, programme_code="usa-h2b")
    assert new.programme_code == "usa-h2b" and new.referred_from_id == case.id
    assert new.reference != case.reference and new.intake_place == "SMO-GTM-GUA"
    kinds = db.scalars(select(CaseDocument.kind).where(CaseDocument.case_id == new.id))
    assert list(kinds) == ["passport"]  # the approval notice is not an H-2B document
    assert outcomes(new)["passport"] == "met" and outcomes(new)["job_offer"] == "unknown"
    assert case.status == "withdrawn"
    last = db.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc())
    ).first()
    assert last is not None and new.reference in last.note
    with pytest.raises(Conflict):
        referral.refer_elsewhere(
            session=db, user=officer, case=case, programme_code="usa-resettlement"
        )
    with pytest.raises(Invalid, match="no programme"):
        referral.refer_elsewhere(
            session=db, user=officer, case=new, programme_code="col-regularisation"
        )


def colombian(db: Session, role: Role) -> User:
    tenancy.get_or_create_state(session=db, code="COL", name="Colombia")
    authority = tenancy.get_or_create_authority(
        session=db, state_code="COL", name="Migración Colombia", short_name="co-migracion"
    )
    return auth.create_user(
        session=db,
        authority_id=authority.id,
        email=f"{role.value}@co-migracion.test",
        full_name=role.value,
        password=PASSWORD,
        roles=[role],
    )


@pytest.mark.parametrize(
    ("since", "birth_date", "eligible"),
    [("2020-05-01", "1988-07-02", True), ("2021-02-01", "1988-07-02", False), (None, "1988", None)],
)
def test_regularisation_in_colombia(
    db: Session, since: str | None, birth_date: str, eligible: bool | None
) -> None:
    examples(db)
    officer = colombian(db, OFFICER)
    facts = {"in_colombia_since": since, "rumv_preregistered": True, "survey_completed": True}
    payload = CaseCreate.model_validate(
        frp_body(
            programme="col-regularisation",
            intake_place="ICC-COL-CUC",
            nationality="VEN",
            birth_date=birth_date,
            facts=facts,
        )
    )
    case = service.intake(session=db, user=officer, payload=payload)
    documents.add(
        session=db, user=officer, case=case, kind="identity_document", filename="id.png", data=png()
    )
    assert case.reference.startswith("PW-COL-") and case.eligible is eligible
    service.step(session=db, user=officer, case=case, step=Step.screen)
    with pytest.raises(Conflict):  # regularisation has no travel: no referral
        service.step(session=db, user=officer, case=case, step=Step.refer)
