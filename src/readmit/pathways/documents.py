"""A pathway case's documents: the ones its programme lists, checked by the attachments'
rules; the rules are evaluated again after each; stored with their digest, downloads audited."""

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from readmit.attachments import service as attachments
from readmit.auth.models import User
from readmit.errors import FieldProblem, Invalid, NotFound
from readmit.i18n import _
from readmit.pathways import lifecycle, service
from readmit.pathways.lifecycle import Step
from readmit.pathways.models import CaseDocument, PathwayCase


def max_bytes() -> int:
    """The largest document accepted (the attachments' limit)."""
    return attachments.max_bytes()


def add(
    *, session: Session, user: User, case: PathwayCase, kind: str, filename: str, data: bytes
) -> CaseDocument:
    """A document the programme lists, checked by the attachments' rules; the rules are
    evaluated again; audited with its digest, never its bytes."""
    file = service.file_of(session, case)
    lifecycle.check(case=case, kind=file.kind, step=Step.add_document, user=user)
    kinds = [d.kind for d in file.documents]
    if kind not in kinds:
        problem = _("not a document of this programme: {kinds}", kinds=", ".join(kinds) or "—")
        raise Invalid([FieldProblem(("kind",), problem)])
    name, media_type, content = attachments.checked(filename, data, ("file",))
    case = service.lock(session, case)
    lifecycle.check(case=case, kind=file.kind, step=Step.add_document, user=user)
    document = store(session, user, case, kind, name, media_type, content)
    service.evaluate(session=session, case=case, file=file)
    service.record_event(
        session=session,
        user=user,
        case=case,
        step=Step.add_document,
        from_status=case.status,
        note=kind,
        document=document.id,
        kind=kind,
        sha256=document.sha256,
    )
    return document


def store(
    session: Session,
    user: User,
    case: PathwayCase,
    kind: str,
    name: str,
    media_type: str,
    content: bytes,
) -> CaseDocument:
    """Keep a checked document's bytes with its digest."""
    document = CaseDocument(
        case_id=case.id,
        kind=kind,
        filename=name,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_id=user.id,
    )
    session.add(document)
    session.flush()
    return document


def of_case(*, session: Session, case: PathwayCase) -> list[CaseDocument]:
    """The case's documents, oldest first (without their bytes)."""
    return list(
        session.scalars(
            select(CaseDocument).where(CaseDocument.case_id == case.id).order_by(CaseDocument.id)
        )
    )


def download(*, session: Session, user: User, case: PathwayCase, document_id: int) -> CaseDocument:
    """A document of this case with its bytes; the download is audited."""
    service.require_reader(user)
    document = session.scalar(
        select(CaseDocument)
        .options(undefer(CaseDocument.content))
        .where(CaseDocument.id == document_id, CaseDocument.case_id == case.id)
    )
    if document is None:
        raise NotFound(_("No such document."))
    service.audit_case(
        session,
        user,
        "pathway.document_download",
        case,
        document=document.id,
        sha256=document.sha256,
    )
    return document
