"""Messages between the two authorities on one application."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.errors import Conflict, Forbidden
from readmit.i18n import _
from readmit.messaging.models import Message
from readmit.messaging.schemas import MessagePublic

SENDERS = (Role.case_officer, Role.verifier, Role.supervisor)


def send(*, session: Session, user: User, application: Application, body: str) -> Message:
    """Send a message to the other side; not before submission."""
    if not user.has_role(*SENDERS):
        raise Forbidden(_("your role may not send messages"))
    if application.status == Status.draft:
        raise Conflict(_("messages start once the application is submitted"))
    message = Message(application_id=application.id, sender_id=user.id, body=body)
    session.add(message)
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="message.send",
        entity="message",
        entity_id=message.id,
        application_id=application.id,
    )
    return message


def list_messages(*, session: Session, application: Application) -> list[MessagePublic]:
    """The thread, oldest first."""
    rows = session.scalars(
        select(Message).where(Message.application_id == application.id).order_by(Message.id)
    )
    return [to_public(m) for m in rows]


def to_public(message: Message) -> MessagePublic:
    """A message with its sender's name and authority."""
    sender = message.sender
    return MessagePublic(
        id=message.id,
        sender_name=f"{sender.full_name} ({sender.authority.name})",
        sender_state=sender.state_code,
        body=message.body,
        sent_at=message.sent_at,
    )
