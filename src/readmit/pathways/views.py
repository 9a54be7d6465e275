"""JSON API of the legal pathways: the state's programmes, and the cases its Safe Mobility
Office and integration centre officers take in. Another state's case or programme is 404; a
role that may not take a step is 403; a step the status does not allow is 409."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Response, UploadFile

from readmit.attachments.service import disposition
from readmit.biometrics.fusion import decode_template
from readmit.biometrics.store import MODALITIES
from readmit.pathways import (
    allocation,
    crosscheck,
    documents,
    duplicates,
    enrolment,
    permits,
    present,
    programmes,
    referral,
    rules,
    service,
)
from readmit.pathways.allocation_schemas import AllocationIn, AllocationRun, CeilingsPublic
from readmit.pathways.identity_schemas import (
    DuplicatePublic,
    EnrolmentIn,
    EnrolmentPublic,
    GalleryMatchPublic,
    PermitPublic,
    PermitsPublic,
    ReadmissionFlagPublic,
)
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import CaseStatus, PathwayCase, Permit
from readmit.pathways.schemas import (
    CaseCreate,
    CaseDocumentPublic,
    CaseMessagePublic,
    CasePublic,
    CasesPublic,
    CaseUpdate,
    MessageIn,
    ProgrammePublic,
    ProgrammeSummary,
    ReferIn,
    RuleOutcomePublic,
    StepIn,
    SuggestionPublic,
)
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(prefix="/pathways", tags=["pathways"])
ONE = "/cases/{reference}"
MEDIA: dict[str, Any] = {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}
Limit = Annotated[int, Query(ge=1, le=service.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]
ReferencePath = Annotated[str, Path(pattern=r"^PW-[A-Z]{3}-\d{4}-\d{6,12}$", max_length=40)]
CodePath = Annotated[str, Path(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]


def current_case(db: DbSession, user: ApiUser, reference: ReferencePath) -> PathwayCase:
    """One of the caller's state's cases, or 404."""
    return service.get(session=db, user=user, reference=reference)


CurrentCase = Annotated[PathwayCase, Depends(current_case)]


def _shown(db: DbSession, user: ApiUser, case: PathwayCase) -> CasePublic:
    return present.case(session=db, user=user, case=case)


@router.get("/programmes", response_model=list[ProgrammeSummary])
def list_programmes(db: DbSession, user: ApiUser) -> list[ProgrammeSummary]:
    """The current version of each programme the caller's state runs."""
    return [present.programme_summary(p) for p in programmes.list_current(session=db, user=user)]


@router.get("/programmes/{code}", response_model=ProgrammePublic)
def get_programme(code: CodePath, db: DbSession, user: ApiUser) -> ProgrammePublic:
    """A programme's current version with its facts, rules, documents and ceilings."""
    found = programmes.current(session=db, user=user, code=code)
    numbers = [p.version for p in programmes.versions(session=db, user=user, code=code)]
    return present.programme(programme=found, versions=numbers)


@router.get("/cases", response_model=CasesPublic)
def list_cases(
    db: DbSession,
    user: ApiUser,
    status: CaseStatus | None = None,
    programme: Annotated[str | None, Query(max_length=60)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasesPublic:
    """The state's cases, newest first."""
    rows, total = service.listing(
        session=db, user=user, status=status, programme=programme, limit=limit, offset=offset
    )
    return CasesPublic(items=[present.summary(c) for c in rows], total=total)


@router.get("/cases/overdue", response_model=CasesPublic)
def overdue_cases(
    db: DbSession,
    user: ApiUser,
    programme: Annotated[str | None, Query(max_length=60)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasesPublic:
    """Open cases past their current step's deadline, the most overdue first."""
    rows, total = service.listing(
        session=db, user=user, programme=programme, overdue=True, limit=limit, offset=offset
    )
    return CasesPublic(items=[present.summary(c) for c in rows], total=total)


@router.post("/cases", status_code=201, response_model=CasePublic)
def intake(payload: CaseCreate, db: DbSession, user: ApiUser) -> CasePublic:
    """Take a person in for a programme at one of its intake places (safe mobility
    officers and supervisors); the rules are evaluated at once."""
    return _shown(db, user, service.intake(session=db, user=user, payload=payload))


@router.get(ONE, response_model=CasePublic)
def get_case(case: CurrentCase, db: DbSession, user: ApiUser) -> CasePublic:
    """The case with its eligibility, timeline, messages and documents; audited."""
    service.record_read(session=db, user=user, case=case)
    return _shown(db, user, case)


@router.patch(ONE, response_model=CasePublic)
def edit(payload: CaseUpdate, case: CurrentCase, db: DbSession, user: ApiUser) -> CasePublic:
    """Change the person or the answers while registered or screened; re-evaluated."""
    return _shown(db, user, service.edit(session=db, user=user, case=case, payload=payload))


def _step_route(step: Step) -> Callable[..., CasePublic]:
    def take(payload: StepIn, case: CurrentCase, db: DbSession, user: ApiUser) -> CasePublic:
        moved = service.step(session=db, user=user, case=case, step=step, note=payload.note)
        return _shown(db, user, moved)

    take.__name__ = f"step_{step.value}"
    take.__doc__ = f"{step.value.replace('_', ' ').capitalize()}, as the lifecycle allows."
    return take


for _step in service.GENERIC_STEPS:
    router.post(f"{ONE}/{_step.value.replace('_', '-')}", response_model=CasePublic)(
        _step_route(_step)
    )


@router.post(f"{ONE}/messages", status_code=201, response_model=CaseMessagePublic)
def send_message(
    payload: MessageIn, case: CurrentCase, db: DbSession, user: ApiUser
) -> CaseMessagePublic:
    """A message to the other officers working the case."""
    sent = service.message(session=db, user=user, case=case, body=payload.body)
    return CaseMessagePublic(id=sent.id, author=user.full_name, body=sent.body, at=sent.at)


@router.post(f"{ONE}/documents", status_code=201, response_model=CaseDocumentPublic)
def add_document(
    case: CurrentCase,
    db: DbSession,
    user: ApiUser,
    file: UploadFile,
    kind: Annotated[str, Form(min_length=1, max_length=60)],
) -> CaseDocumentPublic:
    """Attach a document the programme lists (a PDF, JPEG or PNG checked by its content);
    the rules are evaluated again."""
    added = documents.add(
        session=db,
        user=user,
        case=case,
        kind=kind,
        filename=file.filename or "",
        data=file.file.read(documents.max_bytes() + 1),
    )
    return CaseDocumentPublic(
        id=added.id,
        kind=added.kind,
        filename=added.filename,
        media_type=added.media_type,
        size=added.size,
        sha256=added.sha256,
        uploaded_at=added.uploaded_at,
    )


@router.get(f"{ONE}/documents/{{document_id}}", responses={200: MEDIA})
def download_document(
    document_id: RowId, case: CurrentCase, db: DbSession, user: ApiUser
) -> Response:
    """The document as stored; the download is audited."""
    found = documents.download(session=db, user=user, case=case, document_id=document_id)
    return Response(
        found.content,
        media_type=found.media_type,
        headers={"Content-Disposition": disposition(found.filename)},
    )


@router.get(f"{ONE}/suggestions", response_model=list[SuggestionPublic])
def suggestions(case: CurrentCase, db: DbSession, user: ApiUser) -> list[SuggestionPublic]:
    """Other programmes of the state under which none of the person's rules is failed."""
    return [
        SuggestionPublic(
            code=other.code,
            title=other.title,
            kind=programmes.definition(other).kind,
            eligible=rules.verdict(outcomes),
            eligibility=[RuleOutcomePublic(**o.as_dict()) for o in outcomes],
        )
        for other, outcomes in referral.suggestions(session=db, user=user, case=case)
    ]


@router.post(f"{ONE}/refer-elsewhere", status_code=201, response_model=CasePublic)
def refer_elsewhere(
    payload: ReferIn, case: CurrentCase, db: DbSession, user: ApiUser
) -> CasePublic:
    """Open a case for the same person in another programme; this one is withdrawn."""
    new = referral.refer_elsewhere(
        session=db, user=user, case=case, programme_code=payload.programme
    )
    return _shown(db, user, new)


# --- one person, one file; regularisation's enrolment and permits -------------------------


@router.get(f"{ONE}/duplicates", response_model=list[DuplicatePublic])
def case_duplicates(case: CurrentCase, db: DbSession, user: ApiUser) -> list[DuplicatePublic]:
    """Other cases of the same person held by the state (any programme), best first, with
    which names, keys and fields agreed."""
    return [
        DuplicatePublic(
            reference=d.case.reference,
            programme=d.case.programme_code,
            status=d.case.status,
            family_name=d.case.family_name,
            given_names=d.case.given_names,
            birth_date=d.case.birth_date,
            nationality=d.case.nationality,
            name_score=d.agreement.name_score,
            why=d.agreement.why(),
        )
        for d in duplicates.possible_duplicates(session=db, user=user, case=case)
    ]


@router.get(f"{ONE}/readmission", response_model=list[ReadmissionFlagPublic])
def case_readmission(
    case: CurrentCase, db: DbSession, user: ApiUser
) -> list[ReadmissionFlagPublic]:
    """The state's readmission applications about the same person: reference and a coarse
    state only (pending readmission or returned)."""
    return [
        ReadmissionFlagPublic(reference=f.reference, state=f.state, label=f.label)
        for f in crosscheck.readmission_flags(session=db, user=user, case=case)
    ]


@router.post(f"{ONE}/enrolment", status_code=201, response_model=EnrolmentPublic)
def enrol(payload: EnrolmentIn, case: CurrentCase, db: DbSession, user: ApiUser) -> EnrolmentPublic:
    """Enrol the person's face or fingerprint template in the state's gallery, after
    searching it: strong matches come back as possible duplicates."""
    template = decode_template(payload.template, MODALITIES[payload.modality])
    found = enrolment.enrol(
        session=db, user=user, case=case, modality=payload.modality, template=template
    )
    return EnrolmentPublic(
        reference=case.reference,
        modality=payload.modality,
        enrolled_at=case.enrolled_at,
        matches=[
            GalleryMatchPublic(score=m.score, case=m.case.reference if m.case else None)
            for m in found
        ],
    )


def _permit(permit: Permit, case: PathwayCase, renews: str | None = None) -> PermitPublic:
    return PermitPublic(
        number=permit.number,
        case=case.reference,
        valid_from=permit.valid_from,
        valid_until=permit.valid_until,
        renews=renews,
        issued_at=permit.issued_at,
    )


@router.post(f"{ONE}/permit", status_code=201, response_model=PermitPublic)
def issue_permit(case: CurrentCase, db: DbSession, user: ApiUser) -> PermitPublic:
    """Issue the temporary permit of an enrolled, screened regularisation case."""
    return _permit(permits.issue(session=db, user=user, case=case), case)


@router.post(f"{ONE}/permit/renewal", status_code=201, response_model=PermitPublic)
def renew_permit(case: CurrentCase, db: DbSession, user: ApiUser) -> PermitPublic:
    """Renew the case's permit: a new permit from the day after the current one ends."""
    previous = permits.current_permit(session=db, case=case)
    permit = permits.renew(session=db, user=user, case=case)
    return _permit(permit, case, previous.number if previous else None)


@router.get(f"{ONE}/permits", response_model=PermitsPublic)
def case_permits(case: CurrentCase, db: DbSession) -> PermitsPublic:
    """The case's permits, oldest first."""
    found = permits.permits_of(session=db, case=case)
    numbers = {p.id: p.number for p in found}
    items = [_permit(p, case, numbers.get(p.renews_id or 0)) for p in found]
    return PermitsPublic(items=items, total=len(items))


@router.get("/permits/expiring", response_model=PermitsPublic)
def expiring_permits(
    db: DbSession, user: ApiUser, days: Annotated[int, Query(ge=0, le=366)] = 30
) -> PermitsPublic:
    """Permits of the state's cases ending within `days` and not yet renewed, soonest first."""
    rows = permits.expiring(session=db, user=user, days=days)
    items = [_permit(permit, case) for permit, case in rows]
    return PermitsPublic(items=items, total=len(items))


# --- approval and allocation under ceilings -----------------------------------------------


@router.post(f"{ONE}/approve", response_model=CasePublic)
def approve(payload: StepIn, case: CurrentCase, db: DbSession, user: ApiUser) -> CasePublic:
    """Approve an interviewed case (supervisors): a place under every ceiling of the current
    fiscal year that applies to it, or the waitlist when one is full."""
    approved = allocation.approve(session=db, user=user, case=case, note=payload.note)
    return _shown(db, user, approved)


@router.get("/programmes/{code}/ceilings", response_model=CeilingsPublic)
def ceilings(
    code: CodePath,
    db: DbSession,
    user: ApiUser,
    fiscal_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> CeilingsPublic:
    """What is left of each of the programme's ceilings in a fiscal year (default: the
    current one), live."""
    return allocation.ceilings(session=db, user=user, programme_code=code, fiscal_year=fiscal_year)


@router.post("/programmes/{code}/allocations", response_model=AllocationRun)
def allocate(code: CodePath, payload: AllocationIn, db: DbSession, user: ApiUser) -> AllocationRun:
    """Allocate a fiscal year's places to the waitlist in priority, date and id order
    (supervisors); what is left of each ceiling comes back."""
    return allocation.run(
        session=db, user=user, programme_code=code, fiscal_year=payload.fiscal_year
    )
