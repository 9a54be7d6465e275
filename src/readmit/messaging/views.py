"""JSON API for messages between the two authorities."""

from fastapi import APIRouter

from readmit.audit import service as audit
from readmit.messaging import service
from readmit.messaging.schemas import MessageCreate, MessagePublic
from readmit.web.deps import ApiApplication, ApiUser, DbSession

router = APIRouter(prefix="/applications/{application_id}/messages", tags=["messages"])


@router.get("", response_model=list[MessagePublic])
def list_messages(application: ApiApplication, db: DbSession, user: ApiUser) -> list[MessagePublic]:
    """The message thread."""
    messages = service.list_messages(session=db, application=application)
    audit.record(
        session=db,
        actor=user,
        action="message.read",
        entity="message",
        application_id=application.id,
        detail={"count": len(messages)},
    )
    return messages


@router.post("", status_code=201, response_model=MessagePublic)
def send_message(
    payload: MessageCreate, application: ApiApplication, db: DbSession, user: ApiUser
) -> MessagePublic:
    """Send a message to the other authority."""
    message = service.send(session=db, user=user, application=application, body=payload.body)
    return service.to_public(message)
