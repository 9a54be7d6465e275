"""Record custody and the final order, and run the clocks that start at the final order.

Custody stays with the requesting state, like protection: the requested state's users get
404 (the record's existence is not theirs to learn); within the requesting state every role
reads it, and case officers and supervisors write it."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.applications import lifecycle
from readmit.applications.enums import TERMINAL
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.custody.models import CustodyRecord, CustodyStatus, FinalOrder
from readmit.custody.schemas import CustodyChange
from readmit.errors import Forbidden, NotFound
from readmit.i18n import _
from readmit.tenancy.service import is_requesting_side

WRITER_ROLES = (Role.case_officer, Role.supervisor)
# INA 241(a)(1)(A): removal within 90 days of the final order; Zadvydas v. Davis: detention
# beyond six months needs removal to be reasonably foreseeable, so custody is reviewed then.
REMOVAL_PERIOD_DAYS = 90
REVIEW_AFTER_DAYS = 180
# The queue shows a custody review this many days before it falls due.
QUEUE_WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class Clock:
    """The removal period's end and, while the person is detained, the custody review; days
    left are negative once overdue."""

    removal_period_ends: date
    removal_period_days_left: int
    review_due: date | None
    review_days_left: int | None


@dataclass(frozen=True, slots=True)
class Custody:
    """An application's custody history in the order recorded, its final order and clocks."""

    history: list[CustodyRecord]
    final_order_on: date | None
    clock: Clock | None

    @property
    def current(self) -> CustodyRecord | None:
        """The status recorded last (a correction is a new record), if any."""
        return self.history[-1] if self.history else None


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """A detained person's custody review due soon or overdue, for the queue."""

    application: Application
    review_due: date
    days_left: int


def can_view(user: User, application: Application) -> bool:
    """Custody is the requesting state's alone; all its roles may read it."""
    return is_requesting_side(user, application)


def require_viewer(user: User, application: Application) -> None:
    """Refuse the requested state (404: it may not learn custody data exist)."""
    if not can_view(user, application):
        raise NotFound(_("no such application"))


def require_writer(user: User, application: Application) -> None:
    """Refuse the requested state (404) and the requesting state's roles that do not write."""
    require_viewer(user, application)
    if not user.has_role(*WRITER_ROLES):
        raise Forbidden(_("only case officers and supervisors record custody"))


def clock(*, final_order_on: date, detained: bool, today: date) -> Clock:
    """The clocks that run from the final order, seen on `today`."""
    ends = final_order_on + timedelta(days=REMOVAL_PERIOD_DAYS)
    review = final_order_on + timedelta(days=REVIEW_AFTER_DAYS) if detained else None
    return Clock(
        removal_period_ends=ends,
        removal_period_days_left=(ends - today).days,
        review_due=review,
        review_days_left=(review - today).days if review else None,
    )


def _load(session: Session, application: Application, today: date) -> Custody:
    history = list(
        session.scalars(
            select(CustodyRecord)
            .where(CustodyRecord.application_id == application.id)
            .order_by(CustodyRecord.id)
        )
    )
    order = session.get(FinalOrder, application.id)
    detained = bool(history) and history[-1].status == CustodyStatus.detained
    return Custody(
        history=history,
        final_order_on=order.final_order_on if order else None,
        clock=clock(final_order_on=order.final_order_on, detained=detained, today=today)
        if order
        else None,
    )


def view(*, session: Session, user: User, application: Application, today: date) -> Custody:
    """The custody of an application, for the requesting state; audited as a read."""
    require_viewer(user, application)
    custody = _load(session, application, today)
    audit.record(
        session=session,
        actor=user,
        action="custody.read",
        entity="application",
        entity_id=application.id,
        application_id=application.id,
    )
    return custody


def record(
    *, session: Session, user: User, application: Application, change: CustodyChange, today: date
) -> Custody:
    """Add a custody status and/or set the final order date, each audited."""
    require_writer(user, application)
    # Serialise on the case: the history's order is the order of recording, and a correction
    # of the final order names the date it really replaces.
    lifecycle.lock(session=session, application=application)
    if change.status is not None and change.since is not None:
        entry = CustodyRecord(
            application_id=application.id,
            status=change.status,
            since=change.since,
            release_reason=change.release_reason,
            note=change.note,
            recorded_by_id=user.id,
        )
        session.add(entry)
        session.flush()
        audit.record(
            session=session,
            actor=user,
            action="custody.record",
            entity="custody_record",
            entity_id=entry.id,
            application_id=application.id,
            detail={"status": change.status, "since": str(change.since)}
            | ({"release_reason": change.release_reason} if change.release_reason else {}),
        )
    if change.final_order_on is not None:
        order = session.get(FinalOrder, application.id)
        before = order.final_order_on if order else None
        if order is None:
            order = FinalOrder(application_id=application.id, recorded_by_id=user.id)
            session.add(order)
        order.final_order_on, order.recorded_by_id = change.final_order_on, user.id
        session.flush()
        audit.record(
            session=session,
            actor=user,
            action="custody.final_order",
            entity="application",
            entity_id=application.id,
            application_id=application.id,
            detail={"final_order_on": str(change.final_order_on)}
            | ({"before": str(before)} if before else {}),
        )
    return _load(session, application, today)


def reviews_due(*, session: Session, user: User, today: date) -> list[ReviewDue]:
    """The user's state's open cases whose detained person's custody review falls due within
    QUEUE_WINDOW_DAYS or is overdue, soonest first (only the requesting state's own cases)."""
    latest = (
        select(CustodyRecord.application_id, func.max(CustodyRecord.id).label("last_id"))
        .group_by(CustodyRecord.application_id)
        .subquery()
    )
    horizon = today + timedelta(days=QUEUE_WINDOW_DAYS - REVIEW_AFTER_DAYS)
    rows = session.execute(
        select(Application, FinalOrder.final_order_on)
        .join(FinalOrder, FinalOrder.application_id == Application.id)
        .join(latest, latest.c.application_id == Application.id)
        .join(CustodyRecord, CustodyRecord.id == latest.c.last_id)
        .where(
            Application.requesting_state == user.state_code,
            Application.status.not_in(list(TERMINAL)),
            CustodyRecord.status == CustodyStatus.detained,
            FinalOrder.final_order_on <= horizon,
        )
        .order_by(FinalOrder.final_order_on, Application.id)
    ).all()
    reviews = ((app, order_on + timedelta(days=REVIEW_AFTER_DAYS)) for app, order_on in rows)
    return [ReviewDue(app, due, (due - today).days) for app, due in reviews]
