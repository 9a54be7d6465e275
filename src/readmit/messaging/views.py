"""JSON API for messages between the two authorities."""

from fastapi import APIRouter

from readmit.messaging import service
from readmit.messaging.schemas import MessageCreate, MessagePublic
from readmit.web.deps import ApiApplication, ApiUser, DbSession

router = APIRouter(prefix="/applications/{application_id}/messages", tags=["messages"])


@router.get("", response_model=list[MessagePublic])
def list_messages(application: ApiApplication, db: DbSession, user: ApiUser) -> list[MessagePublic]:
    """The message thread."""
    return service.list_messages(session=db, application=application)


@router.post("", status_code=201, response_model=MessagePublic)
def send_message(
    payload: MessageCreate, application: ApiApplication, db: DbSession, user: ApiUser
) -> MessagePublic:
    """Send a message to the other authority."""
    service.send(session=db, user=user, application=application, body=payload.body)
    return service.list_messages(session=db, application=application)[-1]
