"""The designations' step table: every step from every status as every role, the four-eyes
rule, and what each step records (dates, review, audit)."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit.models import AuditEvent
from readmit.auth.models import Role
from readmit.designations import lifecycle, service
from readmit.designations.lifecycle import Step
from readmit.designations.models import DesignationStatus
from readmit.designations.schemas import DesignationUpdate
from readmit.errors import Conflict, Forbidden, Invalid
from tests.designations.cases import at_status, propose, second_supervisor
from tests.factories import World

S = DesignationStatus
# (step, from): (roles that may take it, status after). Every other pair is refused.
ALLOWED = {
    (Step.edit, S.proposed): ({Role.analyst, Role.supervisor}, S.proposed),
    (Step.add_evidence, S.proposed): ({Role.analyst, Role.supervisor}, S.proposed),
    (Step.add_evidence, S.designated): ({Role.analyst, Role.supervisor}, S.designated),
    (Step.approve, S.proposed): ({Role.supervisor}, S.designated),
    (Step.reject, S.proposed): ({Role.supervisor}, S.rejected),
    (Step.review, S.designated): ({Role.supervisor}, S.designated),
    (Step.delist, S.designated): ({Role.supervisor}, S.delisted),
}
CASES = [(step, status, role) for step in Step for status in S for role in Role]


def test_the_table_is_what_the_rules_say() -> None:
    listed = {
        (t.step, status): (set(t.roles), t.target or status)
        for t in lifecycle.TRANSITIONS
        for status in t.sources
    }
    assert listed == ALLOWED
    assert {t.step for t in lifecycle.TRANSITIONS if t.four_eyes} == {Step.approve, Step.reject}


@pytest.mark.parametrize(
    ("step", "status", "role"), CASES, ids=[f"{s}-{st}-{r}" for s, st, r in CASES]
)
def test_each_step_from_each_status_as_each_role(
    db: Session, world: World, step: Step, status: DesignationStatus, role: Role
) -> None:
    designation = at_status(db, world, status)  # proposed by USA's analyst
    user = world.user(db, "USA", role)
    rule = ALLOWED.get((step, status))
    if rule is None:
        expected: type[Exception] = Forbidden if role not in _roles_of(step) else Conflict
        with pytest.raises(expected):
            lifecycle.move(designation=designation, step=step, user=user)
        assert designation.status == status
    elif role not in rule[0]:
        with pytest.raises(Forbidden):
            lifecycle.move(designation=designation, step=step, user=user)
    else:
        lifecycle.move(designation=designation, step=step, user=user)
        assert designation.status == rule[1]


def _roles_of(step: Step) -> frozenset[Role]:
    return lifecycle.BY_STEP[step].roles


def test_a_refused_step_names_what_is_allowed(db: Session, world: World) -> None:
    designation = at_status(db, world, S.rejected)
    with pytest.raises(Conflict) as refused:
        lifecycle.move(
            designation=designation, step=Step.delist, user=world.user(db, "USA", Role.supervisor)
        )
    assert refused.value.allowed == []
    designated = at_status(db, world, S.designated)
    with pytest.raises(Conflict) as again:
        lifecycle.move(
            designation=designated, step=Step.approve, user=world.user(db, "USA", Role.supervisor)
        )
    assert again.value.allowed == ["add_evidence", "review", "delist"]


@pytest.mark.parametrize("approve", [True, False])
def test_four_eyes_the_proposer_never_decides(db: Session, world: World, approve: bool) -> None:
    supervisor = world.user(db, "USA", Role.supervisor)
    mine = propose(db, world, role=Role.supervisor)
    assert Step.approve not in lifecycle.open_to(mine, supervisor)
    with pytest.raises(Forbidden, match="Four eyes"):
        service.decide(session=db, user=supervisor, designation=mine, approve=approve)
    assert mine.status == S.proposed
    other = second_supervisor(db, world)
    assert Step.approve in lifecycle.open_to(mine, other)
    service.decide(session=db, user=other, designation=mine, approve=approve)
    assert mine.status == (S.designated if approve else S.rejected)
    assert mine.decided_by_id == other.id


def test_approval_sets_the_start_and_the_review_a_year_on(db: Session, world: World) -> None:
    designation = propose(db, world)
    now = datetime(2026, 2, 28, 9, tzinfo=UTC)
    supervisor = world.user(db, "USA", Role.supervisor)
    service.decide(session=db, user=supervisor, designation=designation, approve=True, now=now)
    assert designation.starts_on == date(2026, 2, 28)
    assert designation.review_due == date(2027, 2, 28)
    due, total = service.search(session=db, user=supervisor, due_by=date(2027, 2, 28))
    assert designation.id in {d.id for d, _e in due} and total >= 1
    early, _ = service.search(session=db, user=supervisor, due_by=date(2027, 2, 27))
    assert designation.id not in {d.id for d, _e in early}


def test_a_review_moves_the_next_one_on(db: Session, world: World) -> None:
    designation = at_status(db, world, S.designated)
    supervisor = world.user(db, "USA", Role.supervisor)
    later = datetime(2027, 3, 1, tzinfo=UTC)
    service.review(
        session=db, user=supervisor, designation=designation, note="Still flying", now=later
    )
    assert designation.review_due == date(2028, 3, 1)
    assert designation.reviewed_at == later
    service.review(
        session=db,
        user=supervisor,
        designation=designation,
        note="Watch closely",
        next_due=date(2027, 9, 1),
        now=later,
    )
    assert designation.review_due == date(2027, 9, 1)
    with pytest.raises(Invalid, match="after today"):
        service.review(
            session=db,
            user=supervisor,
            designation=designation,
            note="x",
            next_due=date(2027, 3, 1),
            now=later,
        )


def test_the_review_interval_is_configurable(
    db: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readmit.config import get_settings

    monkeypatch.setenv("READMIT_DESIGNATION_REVIEW_MONTHS", "6")
    get_settings.cache_clear()
    try:
        designation = propose(db, world)
        now = datetime(2026, 8, 31, tzinfo=UTC)
        service.decide(
            session=db,
            user=world.user(db, "USA", Role.supervisor),
            designation=designation,
            approve=True,
            now=now,
        )
        assert designation.review_due == date(2027, 2, 28)
    finally:
        monkeypatch.delenv("READMIT_DESIGNATION_REVIEW_MONTHS")
        get_settings.cache_clear()


def test_delisting_ends_it_today_and_stops_the_reviews(db: Session, world: World) -> None:
    designation = at_status(db, world, S.designated)
    designation.ends_on = date(2099, 1, 1)
    now = datetime(2026, 5, 5, tzinfo=UTC)
    supervisor = world.user(db, "USA", Role.supervisor)
    service.delist(session=db, user=supervisor, designation=designation, reason="Sold", now=now)
    assert (designation.ends_on, designation.review_due) == (date(2026, 5, 5), None)
    assert designation.delisting_reason == "Sold" and designation.delisted_by_id == supervisor.id


def test_every_step_is_audited_in_the_same_transaction(db: Session, world: World) -> None:
    designation = propose(db, world)
    analyst = world.user(db, "USA", Role.analyst)
    supervisor = world.user(db, "USA", Role.supervisor)
    service.edit(
        session=db,
        user=analyst,
        designation=designation,
        payload=DesignationUpdate(reason="Sells one-way charters"),
    )
    service.decide(session=db, user=supervisor, designation=designation, approve=True)
    service.review(session=db, user=supervisor, designation=designation, note="ok")
    service.delist(session=db, user=supervisor, designation=designation, reason="Sold")
    db.commit()
    actions = db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.entity == "designation", AuditEvent.entity_id == str(designation.id))
        .order_by(AuditEvent.seq)
    ).all()
    assert actions == [
        "designation.propose",
        "designation.edit",
        "designation.approve",
        "designation.review",
        "designation.delist",
    ]
    history = service.history(session=db, designation=designation)
    assert [e.action for e in history] == actions
