"""The one transition table of an application's lifecycle; unlisted transitions raise."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.agreements.models import Agreement
from readmit.applications.enums import ACTIVE, DEEMABLE, SUSPENDABLE, Status
from readmit.applications.models import Application, TimelineEvent
from readmit.auth.models import Role, User
from readmit.database.core import utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, Forbidden
from readmit.i18n import _
from readmit.labels import in_sentence, label
from readmit.protection.conditions import awaiting_statelessness_decision
from readmit.protection.models import ProtectionFlag, TraffickingScreening


class Side(StrEnum):
    """Which party acts."""

    requesting = "requesting"
    requested = "requested"
    system = "system"


Guard = Callable[[Session, Application], str | None]


def no_open_protection(session: Session, application: Application) -> str | None:
    """A return may not be prepared while a protection flag is open."""
    open_flags = session.scalar(
        select(func.count())
        .select_from(ProtectionFlag)
        .where(ProtectionFlag.application_id == application.id, ProtectionFlag.cleared_at.is_(None))
    )
    return _("an open protection hold blocks this step") if open_flags else None


def no_open_screening(session: Session, application: Application) -> str | None:
    """A case screened for trafficking is not sent until a protection officer decides."""
    undecided = session.scalar(
        select(func.count())
        .select_from(TraffickingScreening)
        .where(
            TraffickingScreening.application_id == application.id,
            TraffickingScreening.decided_at.is_(None),
        )
    )
    if undecided:
        return _("a trafficking screening awaits a protection officer's decision")
    return None


def no_pending_statelessness(session: Session, application: Application) -> str | None:
    """A person rejected as "not a national" is not closed away: a protection officer first
    refers them to statelessness determination or records the state that claims them."""
    waiting = session.scalar(
        select(Application.id).where(
            Application.id == application.id, awaiting_statelessness_decision()
        )
    )
    if waiting:
        return _(
            "a protection officer must first refer the person to statelessness determination "
            "or record the state that claims them"
        )
    return None


def has_identity(session: Session, application: Application) -> str | None:
    """An application needs at least one name to be examined."""
    return None if application.names else _("the person has no name recorded")


OFFICERS = frozenset({Role.case_officer, Role.supervisor})
VERIFIERS = frozenset({Role.verifier, Role.supervisor})

REQUEST_INFO_REASONS = frozenset(
    {"missing_documents", "unclear_identity", "interview_needed", "other"}
)
REJECT_REASONS = frozenset(
    {"not_a_national", "identity_not_found", "insufficient_evidence", "documents_false", "other"}
)
WITHDRAW_REASONS = frozenset({"left_voluntarily", "regularised", "deceased", "duplicate", "other"})
# Notes on these steps are the requesting state's own: the requested state sees the step only.
PRIVATE_NOTES = frozenset({"withdraw", "suspend", "resume"})
SUSPEND_REASONS = frozenset({"suspended_by_requesting_state"})


@dataclass(frozen=True)
class Transition:
    """One permitted step: who may take it, from where, to where, on what conditions."""

    action: str
    sources: frozenset[Status]
    target: Status | None  # None: back to the status held before suspension
    side: Side
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()
    reasons: frozenset[str] | None = None  # when set, a reason code from it is required


def _t(
    action: str,
    sources: set[Status],
    target: Status | None,
    side: Side,
    roles: frozenset[Role],
    guards: tuple[Guard, ...] = (),
    reasons: frozenset[str] | None = None,
) -> Transition:
    return Transition(action, frozenset(sources), target, side, roles, guards, reasons)


S = Status
TRANSITIONS: tuple[Transition, ...] = (
    _t(
        "submit",
        {S.draft},
        S.submitted,
        Side.requesting,
        OFFICERS,
        (has_identity, no_open_protection, no_open_screening),
    ),
    _t("receive", {S.submitted}, S.received, Side.requested, VERIFIERS),
    _t("start_verification", {S.received}, S.under_verification, Side.requested, VERIFIERS),
    _t(
        "request_info",
        {S.under_verification},
        S.more_info_requested,
        Side.requested,
        VERIFIERS,
        reasons=REQUEST_INFO_REASONS,
    ),
    _t("provide_info", {S.more_info_requested}, S.under_verification, Side.requesting, OFFICERS),
    _t("confirm", {S.under_verification}, S.confirmed, Side.requested, VERIFIERS),
    _t(
        "reject",
        {S.under_verification},
        S.rejected,
        Side.requested,
        VERIFIERS,
        reasons=REJECT_REASONS,
    ),
    _t(
        "deem_accepted",
        set(DEEMABLE),
        S.confirmed,
        Side.system,
        frozenset(),
        reasons=frozenset({"deemed_acceptance"}),
    ),
    _t(
        "issue_travel_document",
        {S.confirmed},
        S.travel_document_issued,
        Side.requested,
        VERIFIERS,
        (no_open_protection,),
    ),
    _t(
        "schedule_transfer",
        {S.travel_document_issued},
        S.transfer_scheduled,
        Side.requesting,
        OFFICERS,
        (no_open_protection,),
    ),
    _t(
        "remove_from_transfer",
        {S.transfer_scheduled},
        S.travel_document_issued,
        Side.requesting,
        OFFICERS,
    ),
    _t(
        "depart",
        {S.transfer_scheduled},
        S.departed,
        Side.requesting,
        OFFICERS,
        (no_open_protection,),
    ),
    _t("confirm_arrival", {S.departed}, S.arrived, Side.requested, VERIFIERS),
    # Taken in the same transaction as the confirmed arrival: the return is complete.
    _t(
        "close_on_arrival",
        {S.arrived},
        S.closed,
        Side.system,
        frozenset(),
        reasons=frozenset({"arrival_confirmed"}),
    ),
    # A no-show uses up the single-journey document: back to confirmed, for a new one.
    _t("report_no_show", {S.departed}, S.confirmed, Side.requested, VERIFIERS),
    _t(
        "close",
        {S.rejected, S.withdrawn},
        S.closed,
        Side.requesting,
        OFFICERS,
        (no_pending_statelessness,),
    ),
    _t(
        "withdraw",
        {S.draft, S.suspended, S.rejected} | set(ACTIVE),
        S.withdrawn,
        Side.requesting,
        OFFICERS,
        reasons=WITHDRAW_REASONS,
    ),
    _t(
        "suspend",
        set(SUSPENDABLE),
        S.suspended,
        Side.requesting,
        OFFICERS | {Role.protection_officer},
        reasons=SUSPEND_REASONS,
    ),
    _t("resume", {S.suspended}, None, Side.requesting, OFFICERS, (no_open_protection,)),
)
# Steps that carry more than a status change have their own command: a decision names the
# register person or the reason; an answer to a request for information carries the answer;
# issuing creates the signed travel document.
OWN_COMMAND = {
    "confirm": "POST /api/v1/applications/{id}/decision",
    "reject": "POST /api/v1/applications/{id}/decision",
    "request_info": "POST /api/v1/applications/{id}/decision",
    "provide_info": "POST /api/v1/applications/{id}/provide-info",
    "issue_travel_document": "POST /api/v1/applications/{id}/travel-document",
    "schedule_transfer": "POST /api/v1/transfers",
    "remove_from_transfer": "DELETE /api/v1/transfers/{id}/cases/{application_id}",
    "depart": "POST /api/v1/transfers/{id}/depart",
    "confirm_arrival": "POST /api/v1/transfers/{id}/cases/{application_id}/arrival",
    "report_no_show": "POST /api/v1/transfers/{id}/cases/{application_id}/arrival",
}
BY_ACTION = {t.action: t for t in TRANSITIONS}


def listed_from(status: str) -> list[Transition]:
    """Transitions the table lists from a status."""
    return [t for t in TRANSITIONS if status in t.sources]


def _side_of(user: User, application: Application) -> Side | None:
    if user.state_code == application.requesting_state:
        return Side.requesting
    if user.state_code == application.requested_state:
        return Side.requested
    return None


def may_take(user: User, application: Application, transition: Transition) -> bool:
    """Whether the user's side and roles allow the step (ignoring guards)."""
    return _side_of(user, application) == transition.side and user.has_role(*transition.roles)


def available_actions(user: User, application: Application) -> list[str]:
    """Actions from the current status that this user's side and roles allow."""
    return [t.action for t in listed_from(application.status) if may_take(user, application, t)]


def lock(*, session: Session, application: Application) -> None:
    """Serialise on the case: a concurrent step waits here until the first one commits, then
    sees what it did. Lock order everywhere: a transfer, then its cases by id, then the audit
    head (taken at commit)."""
    session.execute(
        lock_for_update(select(Application.id).where(Application.id == application.id), session)
    )
    session.refresh(application)


def apply(
    *,
    session: Session,
    application: Application,
    action: str,
    actor: User | None,
    reason_code: str | None = None,
    note: str | None = None,
) -> TimelineEvent:
    """Take one step of the lifecycle, or raise naming what is allowed instead."""
    lock(session=session, application=application)
    transition = BY_ACTION.get(action)
    listed = listed_from(application.status)
    step = label(action, "action")
    if transition is None or transition not in listed:
        allowed = [t.action for t in listed if actor is None or may_take(actor, application, t)]
        raise Conflict(
            _(
                "{step} is not possible while the case is {status}",
                step=step,
                status=in_sentence(label(application.status, "status")),
            ),
            allowed=allowed,
        )
    if actor is None:
        if transition.side is not Side.system:
            raise Forbidden(_("{step} needs an officer", step=step))
    elif not may_take(actor, application, transition):
        raise Forbidden(_("your role or state may not take this step: {step}", step=step))
    if transition.reasons is not None and reason_code not in transition.reasons:
        reasons = ", ".join(in_sentence(label(r, "reason")) for r in sorted(transition.reasons))
        raise Conflict(
            _("{step} needs a reason: one of {reasons}", step=step, reasons=reasons),
            allowed=sorted(transition.reasons),
        )
    for guard in transition.guards:
        if (problem := guard(session, application)) is not None:
            if transition.side is not Side.requesting:
                # A guard may name a protection hold, which the requested state must not learn.
                problem = _("the case is not ready for this step")
            raise Conflict(_("{step} refused: {problem}", step=step, problem=problem), allowed=[])
    previous = application.status
    target = transition.target or Status(application.status_before_suspension or Status.submitted)
    application.status_before_suspension = previous if target is Status.suspended else None
    application.status = target
    now = utcnow()
    if target is Status.submitted:
        application.submitted_at = now
        # The reply clock starts now, under the terms in force now.
        application.agreement_version = session.scalars(
            select(Agreement.version).where(Agreement.id == application.agreement_id)
        ).one()
    if target is Status.confirmed:
        application.confirmed_at = now
    event = TimelineEvent(
        application_id=application.id,
        at=now,
        actor_id=actor.id if actor else None,
        action=action,
        from_status=previous,
        to_status=target,
        reason_code=reason_code,
        note=note,
    )
    session.add(event)
    session.flush()
    return event
