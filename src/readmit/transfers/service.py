"""Transfers: schedule a flight with its arrival notice, keep a charter's manifest, check
every person again at lock and at departure, and record arrival or no-show."""

from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.applications import lifecycle
from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.transfers.models import Transfer, TransferCase, TransferKind, TransferStatus
from readmit.transfers.schemas import ArrivalIn, TransferCreate
from readmit.traveldocs import issuing

OFFICERS = (Role.case_officer, Role.supervisor)
RECEIVERS = (Role.verifier, Role.supervisor)


def _problem(session: Session, application: Application, departure: Transfer) -> str | None:
    """Why this person may not travel on this flight, or None."""
    if (hold := lifecycle.no_open_protection(session, application)) is not None:
        return hold
    document = issuing.current(session=session, application=application)
    if document is None:
        return "no valid travel document"
    if document.valid_until < departure.departure_at.date():
        return f"the travel document expires on {document.valid_until:%Y-%m-%d}, before the flight"
    return None


def checks(*, session: Session, transfer: Transfer) -> list[tuple[Application, str | None]]:
    """Each application on the transfer with why the person may not travel now (None: ready)."""
    found = []
    for case in transfer.cases:
        application = session.get(Application, case.application_id)
        assert application is not None  # a foreign key holds it
        problem = _problem(session, application, transfer)
        if problem is None and application.status != Status.transfer_scheduled:
            problem = f"the case is {application.status}"
        found.append((application, problem))
    return found


def _check_all(session: Session, transfer: Transfer, step: str) -> None:
    problems = [
        f"{application.reference}: {problem}"
        for application, problem in checks(session=session, transfer=transfer)
        if problem is not None
    ]
    if problems:
        raise Conflict(f"cannot {step}: " + "; ".join(problems))


def _lock(session: Session, transfer: Transfer, *cases: Application) -> None:
    """Serialise on the transfer, then on the cases by id (the one lock order); with no case
    named, on every case of its manifest."""
    session.execute(lock_for_update(select(Transfer.id).where(Transfer.id == transfer.id), session))
    session.refresh(transfer)
    if not cases:
        found = (session.get(Application, c.application_id) for c in transfer.cases)
        cases = tuple(a for a in found if a is not None)
    for application in sorted(cases, key=lambda a: a.id):
        lifecycle.lock(session=session, application=application)


def _require_officer(user: User, transfer: Transfer) -> None:
    if user.state_code != transfer.requesting_state or not user.has_role(*OFFICERS):
        raise Forbidden("only the requesting state's officers organise transfers")


def get(*, session: Session, user: User, transfer_id: int) -> Transfer:
    """A transfer the user's state is party to (404 otherwise)."""
    transfer = session.get(Transfer, transfer_id)
    if transfer is None or user.state_code not in (
        transfer.requesting_state,
        transfer.requested_state,
    ):
        raise NotFound("no such transfer")
    return transfer


def list_visible(*, session: Session, user: User) -> list[Transfer]:
    """Transfers from or to the user's state, soonest departure first."""
    return list(
        session.scalars(
            select(Transfer)
            .where(
                or_(
                    Transfer.requesting_state == user.state_code,
                    Transfer.requested_state == user.state_code,
                )
            )
            .order_by(Transfer.departure_at)
        )
    )


def for_application(*, session: Session, application: Application) -> Transfer | None:
    """The latest transfer carrying the application."""
    return session.scalars(
        select(Transfer)
        .join(TransferCase)
        .where(TransferCase.application_id == application.id)
        .order_by(Transfer.id.desc())
    ).first()


def _add(session: Session, user: User, transfer: Transfer, application: Application) -> None:
    if application.requested_state != transfer.requested_state:
        raise Conflict(f"{application.reference} is not for {transfer.requested_state}")
    if (problem := _problem(session, application, transfer)) is not None:
        raise Conflict(f"{application.reference}: {problem}")
    applications.transition(
        session=session, user=user, application=application, action="schedule_transfer"
    )
    application.departure_at = transfer.departure_at  # starts the arrival-notice deadline
    transfer.cases.append(TransferCase(application_id=application.id))


def create(*, session: Session, user: User, payload: TransferCreate) -> Transfer:
    """Schedule a flight; the requested state is notified now, which must be at least the
    agreement's lead time before departure."""
    cases = [
        applications.get(session=session, user=user, application_id=i)
        for i in sorted(set(payload.application_ids))
    ]
    for application in cases:
        lifecycle.lock(session=session, application=application)
    if payload.kind == TransferKind.commercial and len(cases) != 1:
        raise Conflict("a commercial flight carries exactly one application; use a charter")
    requested = cases[0].requested_state
    departure = payload.departure_at
    if departure.tzinfo is None:
        raise Conflict("departure_at needs a time zone (e.g. 2026-12-01T08:30:00Z)")
    # Each case keeps its own agreement version: the longest notice among them applies.
    found = (agreements.terms_for(session=session, application=a) for a in cases)
    lead = timedelta(hours=max((t.arrival_notice_hours for t in found if t), default=0))
    if departure - utcnow() < lead:
        raise Conflict(
            f"the arrival notice must reach {requested} at least {lead.total_seconds() / 3600:g}"
            " hours before departure"
        )
    transfer = Transfer(
        requesting_state=user.state_code,
        requested_state=requested,
        kind=payload.kind,
        carrier=payload.carrier,
        flight_number=payload.flight_number,
        route=payload.route,
        departure_at=departure,
        escorts=payload.escorts,
        created_by_id=user.id,
    )
    _require_officer(user, transfer)
    session.add(transfer)
    for application in cases:
        _add(session, user, transfer, application)
    session.flush()
    _audit(session, user, transfer, "transfer.schedule")
    return transfer


def add_case(*, session: Session, user: User, transfer: Transfer, application: Application) -> None:
    """Add an application to an open charter manifest."""
    _require_officer(user, transfer)
    _lock(session, transfer, application)
    if transfer.kind != TransferKind.charter or transfer.status != TransferStatus.open:
        raise Conflict("applications join only an open charter manifest")
    _add(session, user, transfer, application)
    session.flush()
    _audit(session, user, transfer, "transfer.add_case", application)


def remove_case(
    *, session: Session, user: User, transfer: Transfer, application: Application
) -> None:
    """Take an application off an open charter manifest; it keeps its travel document."""
    _require_officer(user, transfer)
    _lock(session, transfer, application)
    if transfer.kind != TransferKind.charter or transfer.status != TransferStatus.open:
        raise Conflict("applications leave only an open charter manifest")
    case = next((c for c in transfer.cases if c.application_id == application.id), None)
    if case is None:
        raise NotFound("the application is not on this manifest")
    if len(transfer.cases) == 1:
        raise Conflict("a manifest keeps at least one application")
    if application.status == Status.suspended:
        # The suspension stays; resuming returns the case to its document, without a flight.
        application.status_before_suspension = Status.travel_document_issued
    else:
        applications.transition(
            session=session, user=user, application=application, action="remove_from_transfer"
        )
    application.departure_at = None
    transfer.cases.remove(case)
    session.flush()
    _audit(session, user, transfer, "transfer.remove_case", application)


def eligible(
    *, session: Session, user: User, requested_state: str | None = None
) -> list[Application]:
    """The user's state's cases (for `requested_state`, if given) that have a travel document
    and no flight yet: those a charter may carry."""
    statement = select(Application).where(
        Application.requesting_state == user.state_code,
        Application.status == Status.travel_document_issued,
    )
    if requested_state is not None:
        statement = statement.where(Application.requested_state == requested_state)
    return list(session.scalars(statement.order_by(Application.reference)))


def lock(*, session: Session, user: User, transfer: Transfer) -> None:
    """Close the manifest after checking everyone again."""
    _require_officer(user, transfer)
    _lock(session, transfer)
    if transfer.status != TransferStatus.open:
        raise Conflict(f"the transfer is {transfer.status}, not open")
    _check_all(session, transfer, "lock the manifest")
    transfer.status = TransferStatus.locked
    _audit(session, user, transfer, "transfer.lock")


def depart(*, session: Session, user: User, transfer: Transfer) -> None:
    """Record departure after checking everyone once more."""
    _require_officer(user, transfer)
    _lock(session, transfer)
    if transfer.status == TransferStatus.departed:
        raise Conflict("the transfer has already departed")
    _check_all(session, transfer, "depart")
    for case in transfer.cases:
        application = session.get(Application, case.application_id)
        assert application is not None
        applications.transition(
            session=session, user=user, application=application, action="depart"
        )
    transfer.status = TransferStatus.departed
    _audit(session, user, transfer, "transfer.depart")


def record_arrival(
    *, session: Session, user: User, transfer: Transfer, application: Application, report: ArrivalIn
) -> TransferCase:
    """The requested state confirms arrival (with an optional reintegration referral) or
    reports a no-show, which uses up the single-journey document."""
    if user.state_code != transfer.requested_state or not user.has_role(*RECEIVERS):
        raise Forbidden("only the requested state's officers confirm arrivals")
    _lock(session, transfer, application)
    case = next((c for c in transfer.cases if c.application_id == application.id), None)
    if case is None:
        raise NotFound("the application is not on this transfer")
    if transfer.status != TransferStatus.departed or case.outcome is not None:
        raise Conflict("an arrival is reported once, after departure")
    action = "confirm_arrival" if report.outcome == "arrived" else "report_no_show"
    applications.transition(session=session, user=user, application=application, action=action)
    if report.outcome == "arrived":
        _close_on_arrival(session, application, transfer)
    if report.outcome == "no_show" and (
        document := issuing.current(session=session, application=application)
    ):
        document.revoked_at, document.revocation_reason = utcnow(), "no_show"
    case.outcome, case.outcome_at, case.outcome_by_id = report.outcome, utcnow(), user.id
    case.reintegration_referral = report.outcome == "arrived" and report.reintegration_referral
    _audit(session, user, transfer, f"transfer.{report.outcome}", application)
    return case


def _close_on_arrival(session: Session, application: Application, transfer: Transfer) -> None:
    """The confirmed arrival completes the return: the case closes, audited for both parties."""
    applications.transition(
        session=session,
        user=None,
        application=application,
        action="close_on_arrival",
        reason_code="arrival_confirmed",
        note=f"arrived on {transfer.carrier} {transfer.flight_number}",
    )


def _audit(
    session: Session,
    user: User,
    transfer: Transfer,
    action: str,
    application: Application | None = None,
) -> None:
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="transfer",
        entity_id=transfer.id,
        application_id=application.id if application else None,
        detail={
            "flight": f"{transfer.carrier} {transfer.flight_number}",
            "departure_at": transfer.departure_at.isoformat(),
            "applications": [c.application_id for c in transfer.cases],
        },
    )
