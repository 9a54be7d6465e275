"""JSON API for applications."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, UploadFile
from sqlalchemy.orm import Session

from readmit.agreements.deadlines import Deadline
from readmit.applications import editing, information, photos, service
from readmit.applications.lifecycle import OWN_COMMAND, available_actions
from readmit.applications.models import Application
from readmit.applications.schemas import (
    ApplicationCreate,
    ApplicationPublic,
    ApplicationsPublic,
    ApplicationSummary,
    ApplicationUpdate,
    DeadlinePublic,
    InfoAnswerIn,
    PathwayFlagPublic,
    PhotoPublic,
    ProtectionFlagPublic,
    TransitionIn,
)
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.errors import Conflict, NotFound
from readmit.pathways import crosscheck
from readmit.protection import service as protection
from readmit.protection import trafficking
from readmit.tenancy.service import is_requesting_side
from readmit.web.deps import ApiApplication, ApiUser, DbSession, RowId

router = APIRouter(prefix="/applications", tags=["applications"])
queue_router = APIRouter(tags=["applications"])


def deadline_public(deadline: Deadline) -> DeadlinePublic:
    """A deadline with its state now."""
    now = utcnow()
    return DeadlinePublic(
        kind=deadline.kind,
        due=deadline.due,
        overdue=deadline.overdue(now),
        days_left=deadline.days_left(now),
    )


def present(*, session: Session, user: User, application: Application) -> ApplicationPublic:
    """The application as this user may see it."""
    flags = None
    if protection.can_view(user, application):
        flags = [
            ProtectionFlagPublic.model_validate(f, from_attributes=True)
            for f in protection.list_flags(session=session, user=user, application=application)
        ]
    return ApplicationPublic(
        id=application.id,
        reference=application.reference,
        requesting_state=application.requesting_state,
        requested_state=application.requested_state,
        status=application.status,
        status_label=service.status_label(application=application, user=user),
        procedure=application.procedure,
        evidence_tier=application.evidence_tier,
        created_at=application.created_at,
        submitted_at=application.submitted_at,
        register_person_id=application.register_person_id,
        version=application.version,
        person=service.person_of(application),
        deadlines=[
            deadline_public(d) for d in service.deadlines(session=session, application=application)
        ],
        timeline=service.visible_timeline(session=session, user=user, application=application),
        available_actions=available_actions(user, application),
        protection_flags=flags,
        pathway_flags=_pathway_flags(session, user, application),
    )


def _pathway_flags(
    session: Session, user: User, application: Application
) -> list[PathwayFlagPublic] | None:
    """The person's pending pathway cases, for the requesting side only (absent otherwise)."""
    if not is_requesting_side(user, application):
        return None
    found = crosscheck.pathway_flags(session=session, user=user, application=application)
    return [
        PathwayFlagPublic(
            reference=f.reference, programme=f.programme, state=f.state, label=f.label
        )
        for f in found
    ]


def summary(
    *, session: Session, user: User, application: Application, nearest: Deadline | None = None
) -> ApplicationSummary:
    """A queue or list row with the nearest running deadline."""
    if nearest is None:
        running = service.deadlines(session=session, application=application)
        nearest = min(running, key=lambda d: d.due) if running else None
    return ApplicationSummary(
        id=application.id,
        reference=application.reference,
        requesting_state=application.requesting_state,
        requested_state=application.requested_state,
        status=application.status,
        status_label=service.status_label(application=application, user=user),
        name=application.display_name,
        next_deadline=deadline_public(nearest) if nearest else None,
    )


@queue_router.get("/queue", response_model=ApplicationsPublic)
def my_queue(
    db: DbSession,
    user: ApiUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> ApplicationsPublic:
    """Open cases visible to the caller, overdue first, then by nearest deadline; `count` is
    the whole queue, `data` one page of it."""
    page = service.queue(session=db, user=user, limit=limit, offset=offset)
    data = [summary(session=db, user=user, application=a, nearest=d) for a, d in page.items]
    return ApplicationsPublic(data=data, count=page.total)


@router.post(
    "",
    status_code=201,
    response_model=ApplicationPublic,
    responses={200: {"description": "Replayed create (same Idempotency-Key)"}},
)
def create_application(
    payload: ApplicationCreate,
    db: DbSession,
    user: ApiUser,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> ApplicationPublic:
    """Open a draft application (repeat-safe with an Idempotency-Key header)."""
    application, created = service.create(
        session=db, actor=user, payload=payload, idempotency_key=idempotency_key
    )
    if created:
        trafficking.screen(
            session=db,
            user=user,
            application=application,
            indicators=payload.trafficking_indicators,
        )
    else:
        response.status_code = 200
    return present(session=db, user=user, application=application)


@router.get("/{application_id}", response_model=ApplicationPublic)
def get_application(application_id: RowId, db: DbSession, user: ApiUser) -> ApplicationPublic:
    """One application; the read is audited."""
    application = service.read(session=db, user=user, application_id=application_id)
    return present(session=db, user=user, application=application)


@router.patch("/{application_id}", response_model=ApplicationPublic)
def edit_application(
    payload: ApplicationUpdate, application: ApiApplication, db: DbSession, user: ApiUser
) -> ApplicationPublic:
    """Edit the particulars of a draft (or the person's while more information is requested),
    naming the `version` last read: 409 if someone else saved an edit since."""
    editing.update(session=db, user=user, application=application, payload=payload)
    return present(session=db, user=user, application=application)


@router.post("/{application_id}/provide-info", response_model=ApplicationPublic)
def provide_info(
    payload: InfoAnswerIn, application: ApiApplication, db: DbSession, user: ApiUser
) -> ApplicationPublic:
    """Answer a request for information: the answer is sent as a message, the attachments
    named are shared with it, and the case returns to verification."""
    information.provide(
        session=db,
        user=user,
        application=application,
        answer=payload.answer,
        attachment_ids=payload.attachment_ids,
    )
    return present(session=db, user=user, application=application)


@router.post("/{application_id}/submit", response_model=ApplicationPublic)
def submit_application(
    application: ApiApplication, db: DbSession, user: ApiUser
) -> ApplicationPublic:
    """Send the application to the requested state (blocked by open protection flags)."""
    service.transition(session=db, user=user, application=application, action="submit")
    return present(session=db, user=user, application=application)


@router.post("/{application_id}/transitions", response_model=ApplicationPublic)
def transition_application(
    payload: TransitionIn, application: ApiApplication, db: DbSession, user: ApiUser
) -> ApplicationPublic:
    """Take any lifecycle step the table allows; 409 names the allowed ones otherwise."""
    if payload.action in OWN_COMMAND:
        raise Conflict(
            f"{payload.action} has its own command: {OWN_COMMAND[payload.action]}",
            allowed=[a for a in available_actions(user, application) if a not in OWN_COMMAND],
        )
    service.transition(
        session=db,
        user=user,
        application=application,
        action=payload.action,
        reason_code=payload.reason_code,
        note=payload.note,
    )
    return present(session=db, user=user, application=application)


@router.post("/{application_id}/extend-reply", response_model=ApplicationPublic)
def extend_reply(application: ApiApplication, db: DbSession, user: ApiUser) -> ApplicationPublic:
    """The requested state takes the agreement's extension of the reply deadline."""
    service.extend_reply(session=db, user=user, application=application)
    return present(session=db, user=user, application=application)


@router.put("/{application_id}/photo", response_model=PhotoPublic)
def put_photo(
    application: ApiApplication, db: DbSession, user: ApiUser, file: UploadFile
) -> PhotoPublic:
    """Supply the person's photo (multipart field `file`: a JPEG or PNG up to 2 MB); it
    replaces any earlier one and is printed on travel documents issued from now on."""
    data = file.file.read(photos.MAX_BYTES + 1)
    photo = photos.put(session=db, user=user, application=application, data=data)
    return PhotoPublic.model_validate(photo, from_attributes=True)


@router.get(
    "/{application_id}/photo",
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}}}},
)
def get_photo(application: ApiApplication, db: DbSession) -> Response:
    """The person's current photo, as stored (re-encoded, without metadata)."""
    photo = photos.current(session=db, application=application)
    if photo is None:
        raise NotFound("no photo has been supplied for this application")
    return Response(photo.content, media_type=photo.media_type)
