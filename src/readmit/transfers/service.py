"""Transfers: schedule a flight with its arrival notice, keep a charter's manifest, check
every person again at lock and at departure, and record arrival or no-show, each at a time
that can have happened: departure from shortly before the booked time, arrival after it."""

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.applications import lifecycle
from readmit.applications import service as applications
from readmit.applications.enums import TERMINAL, Status
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.config import get_settings
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.i18n import _, ngettext
from readmit.reintegration import referral
from readmit.reintegration.schemas import ReferralIn
from readmit.transfers import operators
from readmit.transfers.models import Transfer, TransferCase, TransferKind, TransferStatus
from readmit.transfers.schemas import ArrivalIn, TransferCreate, TransferPublic
from readmit.traveldocs import issuing

OFFICERS = (Role.case_officer, Role.supervisor)
RECEIVERS = (Role.verifier, Role.supervisor)


class Refused(Conflict):
    """A refusal caused by one input (a time), so that a form shows it next to that field."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class NotReady(Conflict):
    """A manifest step refused because people on board fail their checks, or the charter's
    operator is held by a screening hit; `problems` keeps each apart, so that a page lists
    them one a line. With `keeps_changes` the operator's screening is kept for review."""

    def __init__(self, *, step: str, problems: list[str], keeps_changes: bool = False) -> None:
        super().__init__(_("cannot {step}: {problems}", step=step, problems="; ".join(problems)))
        self.step, self.problems, self.keeps_changes = step, problems, keeps_changes


def _moment(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC"


def _leaves(delta: timedelta) -> str:
    """How soon a flight leaves, in words, rounded down (never more than the truth)."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return _("this flight's departure time has passed")
    if minutes < 120:
        words = ngettext(
            "this flight leaves in {n} minute", "this flight leaves in {n} minutes", minutes
        )
        return words.format(n=minutes)
    return _("this flight leaves in {n} hours", n=minutes // 60)


def _problem(session: Session, application: Application, departure: Transfer) -> str | None:
    """Why this person may not travel on this flight, or None."""
    if (hold := lifecycle.no_open_protection(session, application)) is not None:
        return hold
    document = issuing.current(session=session, application=application)
    if document is None:
        return _("no valid travel document")
    if document.valid_until < departure.departure_at.date():
        return _(
            "the travel document expires on {date}, before the flight",
            date=f"{document.valid_until:%Y-%m-%d}",
        )
    return None


def checks(*, session: Session, transfer: Transfer) -> list[tuple[Application, str | None]]:
    """Each application on the transfer with why the person may not travel now (None: ready)."""
    found = []
    for case in transfer.cases:
        application = session.get(Application, case.application_id)
        assert application is not None  # a foreign key holds it
        problem = _problem(session, application, transfer)
        if problem is None and application.status != Status.transfer_scheduled:
            problem = _("the case is {status}", status=application.status)
        found.append((application, problem))
    return found


def _check_all(
    session: Session, transfer: Transfer, step: str, *also: str, keeps_changes: bool = False
) -> None:
    problems = [
        _("{reference}: {problem}", reference=application.reference, problem=problem)
        for application, problem in checks(session=session, transfer=transfer)
        if problem is not None
    ]
    if problems or also:
        raise NotReady(step=step, problems=[*problems, *also], keeps_changes=keeps_changes)


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


def require_organiser(*, user: User, transfer: Transfer) -> None:
    """403 unless the user is one of the requesting state's officers, who organise it."""
    if user.state_code != transfer.requesting_state or not user.has_role(*OFFICERS):
        raise Forbidden(_("only the requesting state's officers organise transfers"))


def require_receiver(*, user: User, transfer: Transfer) -> None:
    """403 unless the user is one of the requested state's officers, who report arrivals."""
    if user.state_code != transfer.requested_state or not user.has_role(*RECEIVERS):
        raise Forbidden(_("only the requested state's officers confirm arrivals"))


def get(*, session: Session, user: User, transfer_id: int) -> Transfer:
    """A transfer the user's state is party to (404 otherwise)."""
    transfer = session.get(Transfer, transfer_id)
    if transfer is None or user.state_code not in (
        transfer.requesting_state,
        transfer.requested_state,
    ):
        raise NotFound(_("no such transfer"))
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
        raise Conflict(
            _(
                "{reference} is not for {state}",
                reference=application.reference,
                state=transfer.requested_state,
            )
        )
    if (problem := _problem(session, application, transfer)) is not None:
        raise Conflict(
            _("{reference}: {problem}", reference=application.reference, problem=problem)
        )
    applications.transition(
        session=session, user=user, application=application, action="schedule_transfer"
    )
    application.departure_at = transfer.departure_at  # starts the arrival-notice deadline
    transfer.cases.append(TransferCase(application_id=application.id))


def create(
    *, session: Session, user: User, payload: TransferCreate, now: datetime | None = None
) -> Transfer:
    """Schedule a flight; the requested state is notified now (the server clock, or `now`),
    which must be at least the agreement's lead time before departure."""
    cases = [
        applications.get(session=session, user=user, application_id=i)
        for i in sorted(set(payload.application_ids))
    ]
    for application in cases:
        lifecycle.lock(session=session, application=application)
    if payload.kind == TransferKind.commercial and len(cases) != 1:
        raise Conflict(_("a commercial flight carries exactly one application; use a charter"))
    requested = cases[0].requested_state
    departure = payload.departure_at
    if departure.tzinfo is None:
        raise Refused(
            _("departure_at needs a time zone (e.g. 2026-12-01T08:30:00Z)"), field="departure_at"
        )
    transfer = Transfer(
        requesting_state=cases[0].requesting_state,
        requested_state=requested,
        kind=payload.kind,
        carrier=payload.carrier,
        flight_number=payload.flight_number,
        route=payload.route,
        departure_at=departure,
        escorts=payload.escorts,
        created_by_id=user.id,
    )
    require_organiser(user=user, transfer=transfer)
    # Each case keeps its own agreement version: the longest notice among them applies.
    found = (agreements.terms_for(session=session, application=a) for a in cases)
    hours = max((t.arrival_notice_hours for t in found if t), default=0)
    left = departure - (now or utcnow())
    if left < timedelta(hours=hours):
        raise Refused(
            _(
                "The agreement {requesting}–{requested} requires {hours} hours' notice before "
                "departure; {leaves}.",
                requesting=transfer.requesting_state,
                requested=requested,
                hours=hours,
                leaves=_leaves(left),
            ),
            field="departure_at",
        )
    session.add(transfer)
    for application in cases:
        _add(session, user, transfer, application)
    session.flush()
    _audit(session, user, transfer, "transfer.schedule")
    if transfer.kind == TransferKind.charter:
        # Booking is not held up: the hits go to review, and the lock waits for them.
        operators.screen(session=session, user=user, transfer=transfer)
    return transfer


def add_case(*, session: Session, user: User, transfer: Transfer, application: Application) -> None:
    """Add an application to an open charter manifest."""
    require_organiser(user=user, transfer=transfer)
    _lock(session, transfer, application)
    if transfer.kind != TransferKind.charter or transfer.status != TransferStatus.open:
        raise Conflict(_("applications join only an open charter manifest"))
    _add(session, user, transfer, application)
    session.flush()
    _audit(session, user, transfer, "transfer.add_case", application)


def remove_case(
    *, session: Session, user: User, transfer: Transfer, application: Application
) -> None:
    """Take an application off an open charter manifest; it keeps its travel document."""
    require_organiser(user=user, transfer=transfer)
    _lock(session, transfer, application)
    if transfer.kind != TransferKind.charter or transfer.status != TransferStatus.open:
        raise Conflict(_("applications leave only an open charter manifest"))
    case = next((c for c in transfer.cases if c.application_id == application.id), None)
    if case is None:
        raise NotFound(_("the application is not on this manifest"))
    if len(transfer.cases) == 1:
        raise Conflict(_("a manifest keeps at least one application"))
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
    require_organiser(user=user, transfer=transfer)
    _lock(session, transfer)
    if transfer.status != TransferStatus.open:
        raise Conflict(_("the transfer is {status}, not open", status=transfer.status))
    operator = (
        operators.screen(session=session, user=user, transfer=transfer)
        if transfer.kind == TransferKind.charter
        else []
    )
    # The operator's screening is kept even when the lock is refused: its hits go to review.
    keeps = transfer.kind == TransferKind.charter
    _check_all(session, transfer, _("lock the manifest"), *operator, keeps_changes=keeps)
    transfer.status = TransferStatus.locked
    _audit(session, user, transfer, "transfer.lock")


def _flight(transfer: Transfer) -> str:
    return f"{transfer.carrier} {transfer.flight_number}"


def earliest_departure(transfer: Transfer) -> datetime:
    """The earliest departure time that can be recorded: the booked time less the tolerance."""
    return transfer.departure_at - timedelta(minutes=get_settings().departure_tolerance_minutes)


def earliest_arrival(transfer: Transfer) -> datetime:
    """The earliest arrival time that can be recorded: the shortest plausible flight after the
    recorded departure (the booked one for flights recorded before it was kept)."""
    departed = transfer.departed_at or transfer.departure_at
    return departed + timedelta(minutes=get_settings().minimum_flight_minutes)


def _check_departure(transfer: Transfer, at: datetime, now: datetime) -> None:
    if at > now:
        raise Refused(
            _(
                "A departure cannot be recorded before it happens: {at} is later than now ({now}).",
                at=_moment(at),
                now=_moment(now),
            ),
            field="departed_at",
        )
    tolerance = get_settings().departure_tolerance_minutes
    if at < earliest_departure(transfer):
        raise Refused(
            _(
                "{flight} is booked to leave at {booked}; its departure can be recorded from "
                "{minutes} minutes before that, not at {at}.",
                flight=_flight(transfer),
                booked=_moment(transfer.departure_at),
                minutes=tolerance,
                at=_moment(at),
            ),
            field="departed_at",
        )


def depart(
    *,
    session: Session,
    user: User,
    transfer: Transfer,
    departed_at: datetime | None = None,
    now: datetime | None = None,
) -> None:
    """Record departure at `departed_at` (by default now: the server clock, or `now`) after
    checking everyone once more."""
    require_organiser(user=user, transfer=transfer)
    _lock(session, transfer)
    if transfer.status == TransferStatus.departed:
        raise Conflict(_("the transfer has already departed"))
    now = now or utcnow()
    departed_at = departed_at or now
    _check_departure(transfer, departed_at, now)
    _check_all(session, transfer, _("depart"))
    for case in transfer.cases:
        application = session.get(Application, case.application_id)
        assert application is not None
        applications.transition(
            session=session, user=user, application=application, action="depart"
        )
    transfer.status, transfer.departed_at = TransferStatus.departed, departed_at
    _audit(session, user, transfer, "transfer.depart")


def _check_arrival(transfer: Transfer, at: datetime, now: datetime) -> None:
    if at > now:
        raise Refused(
            _(
                "An arrival cannot be recorded before it happens: {at} is later than now ({now}).",
                at=_moment(at),
                now=_moment(now),
            ),
            field="arrived_at",
        )
    departed = transfer.departed_at or transfer.departure_at
    flight = get_settings().minimum_flight_minutes
    if at < earliest_arrival(transfer):
        raise Refused(
            _(
                "{flight} departed at {departed}; an arrival can be recorded from {minutes} "
                "minutes after that, not at {at}.",
                flight=_flight(transfer),
                departed=_moment(departed),
                minutes=flight,
                at=_moment(at),
            ),
            field="arrived_at",
        )


def record_arrival(
    *,
    session: Session,
    user: User,
    transfer: Transfer,
    application: Application,
    report: ArrivalIn,
    now: datetime | None = None,
) -> TransferCase:
    """The requested state confirms arrival (at `report.arrived_at`, by default now: the
    server clock, or `now`), with an optional reintegration referral, or reports a no-show,
    which uses up the single-journey document."""
    require_receiver(user=user, transfer=transfer)
    _lock(session, transfer, application)
    case = next((c for c in transfer.cases if c.application_id == application.id), None)
    if case is None:
        raise NotFound(_("the application is not on this transfer"))
    if transfer.status != TransferStatus.departed or case.outcome is not None:
        raise Conflict(_("an arrival is reported once, after departure"))
    now = now or utcnow()
    at = report.arrived_at or now
    if report.outcome == "arrived":
        _check_arrival(transfer, at, now)
    action = "confirm_arrival" if report.outcome == "arrived" else "report_no_show"
    applications.transition(session=session, user=user, application=application, action=action)
    if report.outcome == "arrived":
        _close_on_arrival(session, application, transfer)
    if report.outcome == "no_show" and (
        document := issuing.current(session=session, application=application)
    ):
        document.revoked_at, document.revocation_reason = now, "no_show"
    case.outcome, case.outcome_at, case.outcome_by_id = report.outcome, at, user.id
    case.reintegration_referral = report.outcome == "arrived" and report.reintegration_referral
    _audit(session, user, transfer, f"transfer.{report.outcome}", application, at=at)
    if case.reintegration_referral and report.reintegration_provider_id is not None:
        referral.refer(
            session=session,
            user=user,
            application=application,
            payload=ReferralIn(provider_id=report.reintegration_provider_id),
            at_arrival=True,
            now=now,
        )
    return case


def flight_status(*, session: Session, transfer: Transfer) -> TransferStatus:
    """The one place a flight's status is derived: its manifest's until departure; after it,
    "arrived" once every person on board has an outcome (arrival or no-show) or a finished
    case (withdrawn or closed after a suspension), else still "departed"."""
    if transfer.status != TransferStatus.departed:
        return TransferStatus(transfer.status)
    waiting = session.scalar(
        select(func.count())
        .select_from(TransferCase)
        .join(Application, Application.id == TransferCase.application_id)
        .where(
            TransferCase.transfer_id == transfer.id,
            TransferCase.outcome.is_(None),
            Application.status.not_in([s.value for s in TERMINAL]),
        )
    )
    return TransferStatus.departed if waiting else TransferStatus.arrived


def to_public(*, session: Session, transfer: Transfer) -> TransferPublic:
    """The transfer as both states see it, its status following its cases."""
    public = TransferPublic.model_validate(transfer)
    public.status = flight_status(session=session, transfer=transfer)
    return public


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
    at: datetime | None = None,
) -> None:
    audit.record(
        session=session,
        actor=user,
        action=action,
        entity="transfer",
        entity_id=transfer.id,
        application_id=application.id if application else None,
        detail={
            "flight": _flight(transfer),
            "departure_at": transfer.departure_at.isoformat(),
            "departed_at": transfer.departed_at.isoformat() if transfer.departed_at else None,
            "applications": [c.application_id for c in transfer.cases],
            **({"at": at.isoformat()} if at else {}),
        },
    )
