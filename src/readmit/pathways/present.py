"""Pathway cases and programmes as the API shows them (the pages use the same)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.auth.models import User
from readmit.pathways import documents, lifecycle, programmes, service
from readmit.pathways.models import CaseEvent, CaseMessage, CaseStatus, PathwayCase, Programme
from readmit.pathways.schemas import (
    CaseDocumentPublic,
    CaseEventPublic,
    CaseMessagePublic,
    CasePublic,
    CaseSummary,
    ProgrammePublic,
    ProgrammeSummary,
    RuleOutcomePublic,
)


def summary(case: PathwayCase) -> CaseSummary:
    """A case as lists show it."""
    return CaseSummary(
        reference=case.reference,
        programme=case.programme_code,
        status=CaseStatus(case.status),
        family_name=case.family_name,
        given_names=case.given_names,
        nationality=case.nationality,
        intake_place=case.intake_place,
        eligible=case.eligible,
        priority_category=case.priority_category,
        applied_at=case.applied_at,
        due_at=case.due_at,
        overdue=service.is_overdue(case),
    )


def case(*, session: Session, user: User, case: PathwayCase) -> CasePublic:
    """A case with its answers, eligibility, timeline, messages and documents."""
    programme = programmes.version(
        session=session, code=case.programme_code, number=case.programme_version
    )
    file = programmes.definition(programme)
    events = list(
        session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        )
    )
    messages = list(
        session.scalars(
            select(CaseMessage).where(CaseMessage.case_id == case.id).order_by(CaseMessage.id)
        )
    )
    people = {e.actor_id for e in events} | {m.author_id for m in messages}
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(people)))
    names = {row.id: row.full_name for row in rows}
    held = documents.of_case(session=session, case=case)
    provided = {d.kind for d in held}
    referred_from = (
        session.scalar(select(PathwayCase.reference).where(PathwayCase.id == case.referred_from_id))
        if case.referred_from_id
        else None
    )
    return CasePublic(
        **summary(case).model_dump(),
        state=case.state_code,
        programme_version=case.programme_version,
        programme_title=programme.title,
        kind=file.kind,
        intake_state=case.intake_state,
        birth_date=case.birth_date,
        sex=case.sex,
        document_number=case.document_number,
        region=case.region,
        facts=case.facts or {},
        eligibility=[RuleOutcomePublic(**outcome) for outcome in case.eligibility or []],
        fiscal_year=case.fiscal_year,
        referred_from=referred_from,
        events=[
            CaseEventPublic(
                step=e.step,
                from_status=e.from_status,
                to_status=e.to_status,
                note=e.note,
                actor=names.get(e.actor_id) if e.actor_id else None,
                at=e.at,
            )
            for e in events
        ],
        messages=[
            CaseMessagePublic(id=m.id, author=names.get(m.author_id, ""), body=m.body, at=m.at)
            for m in messages
        ],
        documents=[
            CaseDocumentPublic(
                id=d.id,
                kind=d.kind,
                filename=d.filename,
                media_type=d.media_type,
                size=d.size,
                sha256=d.sha256,
                uploaded_at=d.uploaded_at,
            )
            for d in held
        ],
        missing_documents=[d.kind for d in file.documents if d.required and d.kind not in provided],
        steps=[s.value for s in lifecycle.open_to(case, file.kind, user)],
    )


def programme_summary(programme: Programme) -> ProgrammeSummary:
    """A programme's current version, as lists show it."""
    file = programmes.definition(programme)
    return ProgrammeSummary(
        code=programme.code,
        version=programme.version,
        title=programme.title,
        kind=file.kind,
        state=programme.state_code,
        valid_from=file.valid_from,
        valid_until=file.valid_until,
        uncapped=file.uncapped,
        loaded_at=programme.loaded_at,
    )


def programme(*, programme: Programme, versions: list[int]) -> ProgrammePublic:
    """A programme with its rules, facts, documents and ceilings."""
    file = programmes.definition(programme)
    return ProgrammePublic(
        **programme_summary(programme).model_dump(),
        source=file.source,
        sha256=programme.sha256,
        fiscal_year_start_month=file.fiscal_year_start_month,
        eligible_nationalities=list(file.eligible_nationalities),
        intake_places=file.intake_places,
        facts=file.facts,
        rules=file.rules,
        documents=file.documents,
        priority_categories=file.priority_categories,
        regions={region: list(codes) for region, codes in file.regions.items()},
        ceilings=file.ceilings,
        deadlines=file.deadlines,
        refer_to=list(file.refer_to),
        permit=file.permit,
        versions=versions,
    )
