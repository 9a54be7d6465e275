"""JSON API of the register of designations: analysts, supervisors and auditors of the
state that holds it; another state's designation is 404."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Response, UploadFile

from readmit.attachments.service import clean_filename, disposition
from readmit.database.core import utcnow
from readmit.designations import evidence, exchange, present, service
from readmit.designations.models import Designation, DesignationStatus
from readmit.designations.schemas import (
    DecisionIn,
    DelistIn,
    DesignationCreate,
    DesignationPublic,
    DesignationsPublic,
    DesignationUpdate,
    EntityRef,
    EvidencePublic,
    ImportPublic,
    ReviewIn,
)
from readmit.errors import FieldProblem, Invalid
from readmit.web.deps import ApiUser, DbSession, RowId

router = APIRouter(prefix="/designations", tags=["designations"])
ONE = "/{designation_id}"
MEDIA: dict[str, Any] = {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}
NDJSON = "application/x-ndjson"
Limit = Annotated[int, Query(ge=1, le=service.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]


def current_designation(db: DbSession, user: ApiUser, designation_id: RowId) -> Designation:
    """One of the caller's state's designations, or 404."""
    return service.get(session=db, user=user, designation_id=designation_id)


CurrentDesignation = Annotated[Designation, Depends(current_designation)]


def _shown(db: DbSession, user: ApiUser, designation: Designation) -> DesignationPublic:
    return present.designation(session=db, user=user, designation=designation)


@router.get("", response_model=DesignationsPublic)
def list_designations(
    db: DbSession,
    user: ApiUser,
    status: DesignationStatus | None = None,
    schema: Annotated[str | None, Query(max_length=40)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DesignationsPublic:
    """The state's designations, newest first; `q` searches names in any script."""
    rows, total = service.search(
        session=db, user=user, status=status, schema=schema, q=q, limit=limit, offset=offset
    )
    service.record_list(session=db, user=user, count=len(rows))
    return DesignationsPublic(items=[present.summary(d, e) for d, e in rows], total=total)


@router.get("/due-for-review", response_model=DesignationsPublic)
def due_for_review(
    db: DbSession,
    user: ApiUser,
    on: date | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DesignationsPublic:
    """Designations in force whose periodic review is due by `on` (default today)."""
    due_by = on or utcnow().date()
    rows, total = service.search(session=db, user=user, due_by=due_by, limit=limit, offset=offset)
    service.record_list(session=db, user=user, count=len(rows))
    return DesignationsPublic(items=[present.summary(d, e) for d, e in rows], total=total)


@router.get("/entities", response_model=list[EntityRef])
def find_entities(
    db: DbSession, user: ApiUser, q: Annotated[str, Query(min_length=1, max_length=200)]
) -> list[EntityRef]:
    """People and organisations of the register whose names contain `q` (to link to)."""
    found = service.find_entities(session=db, user=user, q=q)
    statuses = service.latest_designations(db, [e.id for e in found])
    return [present.ref(entity, statuses) for entity in found]


@router.get("/export", responses={200: {"content": {NDJSON: {}}}})
def export(db: DbSession, user: ApiUser) -> Response:
    """The state's register as FollowTheMoney JSON lines (analysts and supervisors)."""
    lines: list[str] = []
    exchange.export_lines(session=db, user=user, write=lines.append)
    return Response(
        "".join(lines),
        media_type=NDJSON,
        headers={"Content-Disposition": disposition(f"designations-{user.state_code}.jsonl")},
    )


@router.post("/import", response_model=ImportPublic)
def import_file(
    db: DbSession,
    user: ApiUser,
    file: UploadFile,
    propose: Annotated[bool, Form()] = True,
) -> ImportPublic:
    """Import FollowTheMoney JSON lines (supervisors; larger lists with `readmit
    designations import`); a bad line is 422 naming it, and nothing is imported."""
    exchange.require_importer(user, roles=exchange.API_IMPORTERS)
    try:
        counts = exchange.import_lines(
            session=db,
            user=user,
            lines=exchange.lines_of(file.file.read()),
            source=clean_filename(file.filename or "") or "upload",
            propose=propose,
            roles=exchange.API_IMPORTERS,
        )
    except exchange.LineError as exc:
        raise Invalid([FieldProblem(("file", exc.number), exc.message)]) from None
    return ImportPublic(
        lines=counts.lines,
        created=counts.created,
        changed=counts.changed,
        unchanged=counts.unchanged,
        skipped=dict(counts.skipped),
        proposals=counts.proposals,
    )


@router.post("", status_code=201, response_model=DesignationPublic)
def propose(payload: DesignationCreate, db: DbSession, user: ApiUser) -> DesignationPublic:
    """Propose a designation of a new person or company (FtM schema and properties) or of
    an entity already held, with links to entities already held."""
    designation = service.propose(session=db, user=user, payload=payload)
    return _shown(db, user, designation)


@router.get(ONE, response_model=DesignationPublic)
def get_designation(
    designation: CurrentDesignation, db: DbSession, user: ApiUser
) -> DesignationPublic:
    """The designation with its entity, links both ways, evidence and history; audited."""
    service.record_read(session=db, user=user, designation=designation)
    return _shown(db, user, designation)


@router.patch(ONE, response_model=DesignationPublic)
def edit(
    payload: DesignationUpdate, designation: CurrentDesignation, db: DbSession, user: ApiUser
) -> DesignationPublic:
    """Change a proposal (409 once decided)."""
    changed = service.edit(session=db, user=user, designation=designation, payload=payload)
    return _shown(db, user, changed)


@router.post(f"{ONE}/approve", response_model=DesignationPublic)
def approve(
    payload: DecisionIn, designation: CurrentDesignation, db: DbSession, user: ApiUser
) -> DesignationPublic:
    """Approve a proposal (a supervisor other than the proposer)."""
    decided = service.decide(
        session=db, user=user, designation=designation, approve=True, note=payload.note
    )
    return _shown(db, user, decided)


@router.post(f"{ONE}/reject", response_model=DesignationPublic)
def reject(
    payload: DecisionIn, designation: CurrentDesignation, db: DbSession, user: ApiUser
) -> DesignationPublic:
    """Reject a proposal (a supervisor other than the proposer)."""
    decided = service.decide(
        session=db, user=user, designation=designation, approve=False, note=payload.note
    )
    return _shown(db, user, decided)


@router.post(f"{ONE}/review", response_model=DesignationPublic)
def review(
    payload: ReviewIn, designation: CurrentDesignation, db: DbSession, user: ApiUser
) -> DesignationPublic:
    """Record the periodic review of a designation in force (supervisors)."""
    reviewed = service.review(
        session=db,
        user=user,
        designation=designation,
        note=payload.note,
        next_due=payload.next_review,
    )
    return _shown(db, user, reviewed)


@router.post(f"{ONE}/delist", response_model=DesignationPublic)
def delist(
    payload: DelistIn, designation: CurrentDesignation, db: DbSession, user: ApiUser
) -> DesignationPublic:
    """End a designation in force (supervisors)."""
    ended = service.delist(session=db, user=user, designation=designation, reason=payload.reason)
    return _shown(db, user, ended)


@router.post(f"{ONE}/evidence", status_code=201, response_model=EvidencePublic)
def add_evidence(
    designation: CurrentDesignation,
    db: DbSession,
    user: ApiUser,
    file: UploadFile,
    description: Annotated[str, Form(max_length=evidence.MAX_DESCRIPTION)] = "",
) -> EvidencePublic:
    """Attach a PDF, JPEG or PNG (multipart `file`, checked by its content) while the
    designation is proposed or in force (analysts and supervisors)."""
    added = evidence.add(
        session=db,
        user=user,
        designation=designation,
        filename=file.filename or "",
        data=file.file.read(evidence.max_bytes() + 1),
        description=description,
    )
    return EvidencePublic(
        id=added.id,
        filename=added.filename,
        media_type=added.media_type,
        size=added.size,
        sha256=added.sha256,
        description=added.description,
        uploaded_by=user.full_name,
        uploaded_at=added.uploaded_at,
    )


@router.get(f"{ONE}/evidence/{{evidence_id}}", responses={200: MEDIA})
def download_evidence(
    evidence_id: RowId, designation: CurrentDesignation, db: DbSession, user: ApiUser
) -> Response:
    """The document as stored; the download is audited."""
    found = evidence.download(
        session=db, user=user, designation=designation, evidence_id=evidence_id
    )
    return Response(
        found.content,
        media_type=found.media_type,
        headers={"Content-Disposition": disposition(found.filename)},
    )
