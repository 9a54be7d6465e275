"""Referral to another pathway when one fails: the programmes a case's programme refers to
under which none of the person's rules is failed, and a new case opened in one of them for
the same person (answers and documents it also asks for carried over), the old one
withdrawn with a note."""

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.errors import FieldProblem, Invalid, NotFound
from readmit.i18n import _
from readmit.pathways import documents, lifecycle, programmes, rules, service
from readmit.pathways.definitions import ProgrammeFile
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import CaseDocument, PathwayCase, Programme


def _as_candidate(case: PathwayCase, file: ProgrammeFile) -> PathwayCase:
    """The person as a case of another programme (not stored): the answers it also asks."""
    facts = {}
    for fact_id, value in (case.facts or {}).items():
        fact = file.fact(fact_id)
        if fact is None:
            continue
        try:
            facts[fact_id] = rules.typed(fact, value)
        except ValueError:
            continue
    person = {name: getattr(case, name) for name in service.PERSON_FIELDS}
    person["priority_category"] = ""
    return PathwayCase(
        intake_state=case.intake_state, intake_place=case.intake_place, facts=facts, **person
    )


def suggestions(
    *, session: Session, user: User, case: PathwayCase
) -> list[tuple[Programme, list[rules.RuleOutcome]]]:
    """The programmes the case's programme refers to, of the user's state, under which no
    rule is failed for this person (met or still unknown), with their evaluation."""
    service.require_reader(user)
    file = service.file_of(session, case)
    documents = service.document_kinds(session, case)
    found = []
    for code in file.refer_to:
        try:
            other = programmes.current(session=session, user=user, code=code)
        except NotFound:
            continue
        other_file = programmes.definition(other)
        outcomes = rules.evaluate(
            programme=other_file,
            case=_as_candidate(case, other_file),
            documents=documents,
            today=utcnow().date(),
        )
        if rules.verdict(outcomes) is not False:
            found.append((other, outcomes))
    return found


def refer_elsewhere(
    *, session: Session, user: User, case: PathwayCase, programme_code: str
) -> PathwayCase:
    """Open a case in another programme of the state for the same person (answers and
    documents it also asks for carried over) and withdraw this one with a note."""
    service.require_intake(user)
    if programme_code == case.programme_code:
        problem = _("the case is already in this programme")
        raise Invalid([FieldProblem(("body", "programme"), problem)])
    case = service.lock(session, case)
    file = service.file_of(session, case)
    lifecycle.check(case=case, kind=file.kind, step=Step.withdraw, user=user)
    target = service.open_programme(session, user, programme_code, "programme")
    target_file = programmes.definition(target)
    candidate = _as_candidate(case, target_file)
    place = next((p.code for p in target_file.intake_places if p.code == case.intake_place), None)
    place = place or next(
        (p.code for p in target_file.intake_places if p.state == case.intake_state), None
    )
    if place is None:
        problem = _(
            "{code} takes nobody in at {place}", code=programme_code, place=case.intake_place
        )
        raise Invalid([FieldProblem(("body", "programme"), problem)])
    person = {name: getattr(candidate, name) for name in service.PERSON_FIELDS}
    new = service.new_case(
        session, user, target, person, intake_place=place, facts=candidate.facts, referred_from=case
    )
    wanted = {d.kind for d in target_file.documents}
    for old in session.scalars(
        select(CaseDocument)
        .options(undefer(CaseDocument.content))
        .where(CaseDocument.case_id == case.id, CaseDocument.kind.in_(wanted))
    ):
        documents.store(session, user, new, old.kind, old.filename, old.media_type, old.content)
    service.evaluate(session=session, case=new, file=target_file)
    service.record_event(
        session=session,
        user=user,
        case=new,
        step="intake",
        from_status="",
        note=_("Referred from {reference}", reference=case.reference),
    )
    step_note = _("Referred to {reference} ({code})", reference=new.reference, code=programme_code)
    service.step(session=session, user=user, case=case, step=Step.withdraw, note=step_note)
    return new
