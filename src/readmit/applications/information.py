"""Answering a request for information: the answer goes to the requested state as a message,
the documents sent with it are shared, and the case returns to verification through the
lifecycle's `provide_info` step, all in the request's one transaction."""

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.applications import lifecycle
from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.attachments import service as attachments
from readmit.attachments.models import PROTECTION_KINDS, Attachment
from readmit.auth.models import User
from readmit.errors import Conflict, FieldProblem, Forbidden, Invalid, NotFound
from readmit.i18n import _
from readmit.messaging import service as messaging
from readmit.messaging.models import Message
from readmit.verification.models import Decision, DecisionKind

STEP = lifecycle.BY_ACTION["provide_info"]


def question(*, session: Session, application: Application) -> Decision | None:
    """The latest request for information on the case (what the answer must address)."""
    return session.scalars(
        select(Decision)
        .where(
            Decision.application_id == application.id,
            Decision.kind == DecisionKind.request_info,
        )
        .order_by(Decision.id.desc())
    ).first()


def require_answerer(user: User, application: Application) -> None:
    """403 for anyone but the requesting state's officers; 409 with no request open."""
    if not lifecycle.may_take(user, application, STEP):
        raise Forbidden(
            _(
                "only the requesting state's case officers and supervisors answer a request "
                "for information"
            )
        )
    if application.status != Status.more_info_requested:
        raise Conflict(_("there is no open request for information on this case"))


def _existing(
    *, session: Session, user: User, application: Application, ids: Sequence[int]
) -> list[Attachment]:
    """Attachments of this case to send with the answer; any that cannot be is a problem."""
    found, problems = [], []
    for index, attachment_id in enumerate(ids):
        at = ("attachment_ids", index)
        try:
            attachment = attachments.get(
                session=session, user=user, application=application, attachment_id=attachment_id
            )
        except NotFound:
            problems.append(FieldProblem(at, _("no such attachment on this application")))
            continue
        if attachment.kind in PROTECTION_KINDS:
            problems.append(FieldProblem(at, _(attachments.NEVER_SHARED)))
        found.append(attachment)
    if problems:
        raise Invalid(problems)
    return found


def provide(
    *,
    session: Session,
    user: User,
    application: Application,
    answer: str,
    uploads: Sequence[attachments.Upload] = (),
    attachment_ids: Sequence[int] = (),
) -> Message:
    """Send the answer with its documents and return the case to verification. Everything
    is checked before anything is written, so a refusal leaves the case as it was."""
    require_answerer(user, application)
    existing = _existing(session=session, user=user, application=application, ids=attachment_ids)
    if any(upload.kind in PROTECTION_KINDS for upload in uploads):
        raise Invalid([FieldProblem(("kind",), _(attachments.NEVER_SHARED))])
    applications.transition(session=session, user=user, application=application, action=STEP.action)
    message = messaging.send(session=session, user=user, application=application, body=answer)
    for upload in uploads:
        attachments.add(
            session=session,
            user=user,
            application=application,
            upload=replace(upload, shared=True),
            message_id=message.id,
        )
    for attachment in existing:
        attachments.share(
            session=session,
            user=user,
            application=application,
            attachment=attachment,
            message_id=message.id,
        )
    return message
