"""Pathway cases: a Safe Mobility Office or integration centre officer takes a person in for
a programme of their own state, the programme's rules are evaluated (at intake, on every
edit and document, at screening), and the case moves through `pathways.lifecycle` only.
Every step is a CaseEvent and an audit record in the caller's transaction; the case row is
locked for each step, so two officers acting at once cannot both succeed."""

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.pathways import duplicates, lifecycle, programmes, rules
from readmit.pathways.definitions import PERSON_FACTS, ProgrammeFile
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import (
    CaseDocument,
    CaseEvent,
    CaseMessage,
    CaseStatus,
    PathwayCase,
    Programme,
)
from readmit.pathways.schemas import CaseCreate, CaseUpdate
from readmit.tenancy.service import held_by

READERS = (Role.safe_mobility_officer, Role.supervisor, Role.auditor)
MAX_PAGE = 200
# The steps `step` takes; approval, allocation and permits have their own modules.
GENERIC_STEPS = (
    Step.screen,
    Step.refer,
    Step.interview,
    Step.book_travel,
    Step.arrive,
    Step.refuse,
    Step.withdraw,
)
# Steps that re-evaluate the rules first, so they act on the case as it stands.
EVALUATED_AT = (Step.screen, Step.refer)
HOLDS_A_PLACE = (CaseStatus.approved.value, CaseStatus.travel_booked.value)


def require_reader(user: User) -> None:
    """403 unless the user works or audits pathway cases."""
    if not user.has_role(*READERS):
        raise Forbidden(_("Only safe mobility officers, supervisors and auditors see cases."))


def require_intake(user: User) -> None:
    """403 unless the user takes people in (safe mobility officers and supervisors)."""
    if not user.has_role(*lifecycle.INTAKE):
        raise Forbidden(_("Only safe mobility officers and supervisors take people in."))


# --- reading -----------------------------------------------------------------------------


def get(*, session: Session, user: User, reference: str) -> PathwayCase:
    """One of the user's state's cases; NotFound for another state's or none."""
    require_reader(user)
    found = session.scalar(
        select(PathwayCase).where(
            PathwayCase.reference == reference, held_by(user, PathwayCase.state_code)
        )
    )
    if found is None:
        raise NotFound(_("No pathway case {reference}.", reference=reference))
    return found


def listing(
    *,
    session: Session,
    user: User,
    status: CaseStatus | None = None,
    programme: str | None = None,
    overdue: bool = False,
    limit: int = 50,
    offset: int = 0,
    now: datetime | None = None,
) -> tuple[list[PathwayCase], int]:
    """The state's cases, newest first (overdue: the most overdue first), and how many
    match."""
    require_reader(user)
    filters: list[ColumnElement[bool]] = [held_by(user, PathwayCase.state_code)]
    if status is not None:
        filters.append(PathwayCase.status == status.value)
    if programme:
        filters.append(PathwayCase.programme_code == programme)
    if overdue:
        filters.append(PathwayCase.due_at < (now or utcnow()))
        filters.append(PathwayCase.status.not_in([s.value for s in lifecycle.TERMINAL]))
    total = session.scalar(select(func.count()).select_from(PathwayCase).where(*filters))
    order = (PathwayCase.due_at, PathwayCase.id) if overdue else (PathwayCase.id.desc(),)
    rows = session.scalars(
        select(PathwayCase)
        .where(*filters)
        .order_by(*order)
        .limit(min(limit, MAX_PAGE))
        .offset(offset)
    )
    return list(rows), int(total or 0)


def file_of(session: Session, case: PathwayCase) -> ProgrammeFile:
    """The file of the programme version the case was taken in under."""
    programme = programmes.version(
        session=session, code=case.programme_code, number=case.programme_version
    )
    return programmes.definition(programme)


def document_kinds(session: Session, case: PathwayCase) -> set[str]:
    """The kinds of document the case has."""
    if case.id is None:
        return set()
    return set(session.scalars(select(CaseDocument.kind).where(CaseDocument.case_id == case.id)))


def record_read(*, session: Session, user: User, case: PathwayCase) -> None:
    """Audit a read of the case."""
    audit_case(session, user, "pathway.read", case)


def is_overdue(case: PathwayCase, now: datetime | None = None) -> bool:
    """Whether the current step's deadline has passed."""
    return (
        case.due_at is not None
        and case.due_at < (now or utcnow())
        and CaseStatus(case.status) not in lifecycle.TERMINAL
    )


# --- recording ---------------------------------------------------------------------------


def audit_case(
    session: Session, user: User | None, action: str, case: PathwayCase, **detail: Any
) -> None:
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="pathway_case",
        entity_id=case.reference,
        detail={
            "case": case.reference,
            "reference": case.reference,
            "programme": case.programme_code,
            **detail,
        },
    )


def record_event(
    *,
    session: Session,
    user: User | None,
    case: PathwayCase,
    step: str,
    from_status: str,
    note: str = "",
    now: datetime | None = None,
    **detail: Any,
) -> CaseEvent:
    """Record a step on the case's timeline and in the audit trail (with `detail`), in the
    caller's transaction; a change of status starts the programme's deadline for the new one."""
    now = now or utcnow()
    if case.status != from_status:
        file = file_of(session, case)
        deadline = file.deadlines.get(case.status)
        case.due_at = now + timedelta(days=deadline.days) if deadline else None
    case.updated_at = now
    event = CaseEvent(
        case_id=case.id,
        step=str(step),
        from_status=from_status,
        to_status=case.status,
        note=note.strip(),
        actor_id=user.id if user else None,
        at=now,
    )
    session.add(event)
    session.flush()
    audit_case(
        session,
        user,
        f"pathway.{step}",
        case,
        from_status=from_status,
        to_status=case.status,
        **detail,
    )
    return event


def evaluate(
    *, session: Session, case: PathwayCase, file: ProgrammeFile, today: date | None = None
) -> list[rules.RuleOutcome]:
    """Evaluate the programme's rules against the case and store the outcome."""
    outcomes = rules.evaluate(
        programme=file,
        case=case,
        documents=document_kinds(session, case),
        today=today or utcnow().date(),
    )
    case.eligibility = [outcome.as_dict() for outcome in outcomes]
    case.eligible = rules.verdict(outcomes)
    return outcomes


def lock(session: Session, case: PathwayCase) -> PathwayCase:
    """The case, locked against a concurrent step and read afresh (PostgreSQL; SQLite
    serialises writers)."""
    statement = select(PathwayCase).where(PathwayCase.id == case.id)
    locked = lock_for_update(statement, session).execution_options(populate_existing=True)
    return session.scalars(locked).one()


# --- intake and edits --------------------------------------------------------------------


def checked_facts(file: ProgrammeFile, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers typed by their declared facts; Invalid naming each unknown or wrong one."""
    problems: list[FieldProblem] = []
    typed: dict[str, Any] = {}
    for fact_id, value in answers.items():
        loc = ("body", "facts", fact_id)
        fact = file.fact(fact_id)
        if fact is None:
            problem = (
                _("{fact} is recorded with the person, not among the answers", fact=fact_id)
                if fact_id in PERSON_FACTS
                else _("the programme asks no question {fact}", fact=fact_id)
            )
            problems.append(FieldProblem(loc, problem))
            continue
        try:
            typed[fact_id] = rules.typed(fact, value)
        except ValueError as exc:
            problems.append(FieldProblem(loc, str(exc)))
    if problems:
        raise Invalid(problems)
    return typed


def _priority(file: ProgrammeFile, category: str) -> int:
    """The allocation rank of a priority category (none: after every category)."""
    ids = [c.id for c in file.priority_categories]
    if category and category not in ids:
        problem = _("not a priority category of this programme: {ids}", ids=", ".join(ids) or "—")
        raise Invalid([FieldProblem(("body", "priority_category"), problem)])
    return ids.index(category) + 1 if category else len(ids) + 1


def open_programme(session: Session, user: User, code: str, loc: str) -> Programme:
    """The current version of a programme of the user's state, open for intake today."""
    try:
        programme = programmes.current(session=session, user=user, code=code)
    except NotFound:
        raise Invalid([FieldProblem(("body", loc), _("no programme {code}", code=code))]) from None
    file = programmes.definition(programme)
    today = utcnow().date()
    if today < file.valid_from or (file.valid_until is not None and today > file.valid_until):
        raise Conflict(_("Programme {code} is not open for intake today.", code=code))
    return programme


PERSON_FIELDS = (
    "family_name",
    "given_names",
    "birth_date",
    "sex",
    "nationality",
    "document_number",
    "priority_category",
)


def new_case(
    session: Session,
    user: User,
    programme: Programme,
    person: dict[str, Any],
    *,
    intake_place: str,
    facts: dict[str, Any],
    referred_from: PathwayCase | None = None,
) -> PathwayCase:
    """A registered case (flushed, referenced, its deadline set) before evaluation."""
    file = programmes.definition(programme)
    place = next((p for p in file.intake_places if p.code == intake_place), None)
    if place is None:
        codes = ", ".join(p.code for p in file.intake_places)
        problem = _("not an intake place of this programme: {codes}", codes=codes)
        raise Invalid([FieldProblem(("body", "intake_place"), problem)])
    case = PathwayCase(
        reference=uuid.uuid4().hex[:20],  # until the id gives the real one
        state_code=programme.state_code,
        programme_code=programme.code,
        programme_version=programme.version,
        status=CaseStatus.registered.value,
        intake_place=place.code,
        intake_state=place.state,
        facts=facts,
        priority_rank=_priority(file, person.get("priority_category", "")),
        region=file.region_of(person["nationality"]),
        referred_from_id=referred_from.id if referred_from else None,
        created_by_id=user.id,
        **person,
    )
    session.add(case)
    session.flush()
    case.reference = f"PW-{case.state_code}-{case.created_at.year}-{case.id:06d}"
    duplicates.index_case(session=session, case=case)
    return case


def intake(*, session: Session, user: User, payload: CaseCreate) -> PathwayCase:
    """Take a person in for a programme of the user's state at one of its intake places;
    the answers are checked against the programme's facts and its rules evaluated. An
    ineligible nationality is recorded: its rule says not met, nobody is turned away
    unheard."""
    require_intake(user)
    programme = open_programme(session, user, payload.programme, "programme")
    file = programmes.definition(programme)
    facts = {k: v for k, v in checked_facts(file, payload.facts).items() if v is not None}
    person = payload.model_dump(include=set(PERSON_FIELDS))
    case = new_case(
        session, user, programme, person, intake_place=payload.intake_place, facts=facts
    )
    evaluate(session=session, case=case, file=file)
    record_event(session=session, user=user, case=case, step="intake", from_status="")
    return case


def edit(*, session: Session, user: User, case: PathwayCase, payload: CaseUpdate) -> PathwayCase:
    """Change the person or the answers while the case is registered or screened; the
    rules are evaluated again; audited with the names of the fields changed."""
    case = lock(session, case)
    file = file_of(session, case)
    lifecycle.move(case=case, kind=file.kind, step=Step.edit, user=user)
    changes = payload.model_dump(exclude_unset=True, exclude={"facts"})
    changed = sorted(
        name
        for name, value in changes.items()
        if value is not None and getattr(case, name) != value
    )
    for name in changed:
        setattr(case, name, changes[name])
    if "priority_category" in changed:
        case.priority_rank = _priority(file, case.priority_category)
    if "nationality" in changed:
        case.region = file.region_of(case.nationality)
    if payload.facts:
        answers = dict(case.facts or {})
        for fact_id, value in checked_facts(file, payload.facts).items():
            if answers.get(fact_id) != value:
                changed.append(f"facts.{fact_id}")
            if value is None:
                answers.pop(fact_id, None)
            else:
                answers[fact_id] = value
        case.facts = answers
    duplicates.index_case(session=session, case=case)
    evaluate(session=session, case=case, file=file)
    record_event(
        session=session,
        user=user,
        case=case,
        step=Step.edit,
        from_status=case.status,
        note=", ".join(changed),
    )
    return case


# --- steps -------------------------------------------------------------------------------


def _refer_ready(outcomes: list[rules.RuleOutcome]) -> None:
    """Referral to the pathway needs every rule met."""
    not_met = [o.rule for o in outcomes if o.outcome == "not_met"]
    unknown = [o.rule for o in outcomes if o.outcome == "unknown"]
    if not_met or unknown:
        raise Conflict(
            _(
                "Refer: every rule must be met first (not met: {not_met}; unknown: {unknown}).",
                not_met=", ".join(not_met) or "—",
                unknown=", ".join(unknown) or "—",
            ),
            allowed=[],
        )


def step(
    *, session: Session, user: User, case: PathwayCase, step: Step, note: str = ""
) -> PathwayCase:
    """Take a generic step (screen, refer, interview, book travel, arrive, refuse,
    withdraw) as the lifecycle allows; a place held is given back on withdrawal or refusal."""
    if step not in GENERIC_STEPS:
        raise ValueError(f"{step} has its own function")
    case = lock(session, case)
    file = file_of(session, case)
    lifecycle.check(case=case, kind=file.kind, step=step, user=user)
    if step in EVALUATED_AT:
        outcomes = evaluate(session=session, case=case, file=file)
        if step == Step.refer:
            _refer_ready(outcomes)
    from_status = case.status
    lifecycle.move(case=case, kind=file.kind, step=step, user=user)
    if step in (Step.withdraw, Step.refuse) and from_status in HOLDS_A_PLACE:
        from readmit.pathways import allocation  # which imports this module

        allocation.release(session=session, case=case)
    record_event(
        session=session, user=user, case=case, step=step, from_status=from_status, note=note
    )
    return case


def message(*, session: Session, user: User, case: PathwayCase, body: str) -> CaseMessage:
    """A message on the case for the officers who work it; audited without its text."""
    file = file_of(session, case)
    lifecycle.check(case=case, kind=file.kind, step=Step.message, user=user)
    sent = CaseMessage(case_id=case.id, author_id=user.id, body=body.strip())
    session.add(sent)
    session.flush()
    audit_case(session, user, "pathway.message", case, message=sent.id)
    return sent
