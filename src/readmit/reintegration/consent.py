"""The returnee's informed consent, field by field: each decision is a row, the latest per
field is in force, a withdrawal is a new row with `granted` false and takes effect at the
next read. Recorded by the requesting state (case officers, supervisors); the history, with
the officers' names, is the requesting state's alone, and its audit events are filed with
the requesting authority only."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict
from readmit.i18n import _
from readmit.reintegration.models import Consent, ConsentField
from readmit.reintegration.schemas import ConsentIn, ConsentPublic, ConsentsPublic

# Once the person has left (or will not leave), consent can still be withdrawn but no
# longer given: it must be informed, before departure.
NO_NEW_CONSENT = frozenset(
    {Status.departed, Status.arrived, Status.closed, Status.withdrawn, Status.rejected}
)


def granted_fields(*, session: Session, application_id: int) -> set[ConsentField]:
    """The fields whose latest decision is a grant, read now (withdrawals count at once)."""
    latest = (
        select(Consent.field, func.max(Consent.id).label("last"))
        .where(Consent.application_id == application_id)
        .group_by(Consent.field)
        .subquery()
    )
    rows = session.scalars(
        select(Consent.field).join(latest, Consent.id == latest.c.last).where(Consent.granted)
    )
    return {ConsentField(field) for field in rows}


def history(*, session: Session, application_id: int) -> ConsentsPublic:
    """Every decision, newest first, and the one in force per field (the requesting state's
    view: it names the officers)."""
    rows = session.execute(
        select(Consent, User.full_name)
        .join(User, User.id == Consent.recorded_by_id)
        .where(Consent.application_id == application_id)
        .order_by(Consent.id.desc())
    ).all()
    current: dict[ConsentField, bool] = {}
    for consent, _name in rows:
        current.setdefault(ConsentField(consent.field), consent.granted)
    return ConsentsPublic(
        current=current,
        history=[
            ConsentPublic(
                field=ConsentField(c.field),
                granted=c.granted,
                language=c.language,
                recorded_by=name,
                recorded_at=c.recorded_at,
            )
            for c, name in rows
        ],
    )


def _lock(session: Session, application: Application) -> None:
    # Decisions on one application are serialised, so "latest" is well defined.
    session.scalars(
        lock_for_update(select(Application.id).where(Application.id == application.id), session)
    ).one()


def record(
    *,
    session: Session,
    user: User,
    application: Application,
    payload: ConsentIn,
    now: datetime | None = None,
) -> list[Consent]:
    """Record the returnee's decisions before departure, one row each; audited with the
    fields granted and refused (never an assessment's content)."""
    if Status(application.status) in NO_NEW_CONSENT and any(payload.decisions.values()):
        raise Conflict(_("Consent is given before departure; it can only be withdrawn now."))
    _lock(session, application)
    now = now or utcnow()
    rows = [
        Consent(
            application_id=application.id,
            field=field.value,
            granted=granted,
            language=payload.language,
            recorded_by_id=user.id,
            recorded_at=now,
        )
        for field, granted in sorted(payload.decisions.items())
    ]
    session.add_all(rows)
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="reintegration.consent",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
        detail={
            "granted": ", ".join(f for f, g in sorted(payload.decisions.items()) if g) or "-",
            "refused": ", ".join(f for f, g in sorted(payload.decisions.items()) if not g) or "-",
            "language": payload.language,
        },
    )
    return rows


def withdraw(
    *,
    session: Session,
    user: User,
    application: Application,
    field: ConsentField,
    language: str,
    now: datetime | None = None,
) -> Consent:
    """Withdraw consent to one field at any time: a new row with `granted` false, in force
    at the provider's next read; audited."""
    _lock(session, application)
    if field not in granted_fields(session=session, application_id=application.id):
        raise Conflict(_("There is no consent to “{field}” to withdraw.", field=field.value))
    row = Consent(
        application_id=application.id,
        field=field.value,
        granted=False,
        language=language,
        recorded_by_id=user.id,
        recorded_at=now or utcnow(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="reintegration.consent_withdraw",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
        detail={"field": field.value, "language": language},
    )
    return row
