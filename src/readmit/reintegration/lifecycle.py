"""The one table of a reintegration case's steps; an unlisted step raises.

The provider's reintegration officers accept a referred case (it becomes active) and close
it when the plan ends; the requesting state's case officers and supervisors may withdraw a
case that has not ended (the returnee no longer wishes support, or was not returned)."""

from dataclasses import dataclass
from enum import StrEnum

from readmit.auth.models import Role, User
from readmit.errors import Conflict, Forbidden
from readmit.i18n import N_, _
from readmit.reintegration.models import CaseStatus, ReintegrationCase


class Step(StrEnum):
    """What may be done to a reintegration case."""

    accept = "accept"
    close = "close"
    withdraw = "withdraw"


@dataclass(frozen=True)
class Transition:
    """One permitted step: from which statuses, to which, by which roles; `provider`: taken
    by the provider's side (else by the requesting state's)."""

    step: Step
    sources: frozenset[CaseStatus]
    target: CaseStatus
    roles: frozenset[Role]
    provider: bool


S = CaseStatus
PROVIDER = frozenset({Role.reintegration_officer})
REQUESTING = frozenset({Role.case_officer, Role.supervisor})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Step.accept, frozenset({S.referred}), S.active, PROVIDER, provider=True),
    Transition(Step.close, frozenset({S.active}), S.closed, PROVIDER, provider=True),
    Transition(
        Step.withdraw, frozenset({S.referred, S.active}), S.withdrawn, REQUESTING, provider=False
    ),
)
BY_STEP = {transition.step: transition for transition in TRANSITIONS}

STATUS_LABELS = {
    S.referred: N_("Referred"),
    S.active: N_("Active"),
    S.closed: N_("Closed"),
    S.withdrawn: N_("Withdrawn"),
}
STEP_LABELS = {
    Step.accept: N_("Accept the referral"),
    Step.close: N_("Close the case"),
    Step.withdraw: N_("Withdraw the referral"),
}
ROLE_REFUSALS = {
    Step.accept: N_("Only the provider's reintegration officers accept a referral."),
    Step.close: N_("Only the provider's reintegration officers close a case."),
    Step.withdraw: N_("Only the requesting state's case officers and supervisors withdraw."),
}


def allowed(status: CaseStatus) -> list[str]:
    """The steps the table lists from this status."""
    return [t.step.value for t in TRANSITIONS if status in t.sources]


def _on_its_side(transition: Transition, case: ReintegrationCase, user: User) -> bool:
    if transition.provider:
        return user.authority_id == case.provider_authority_id
    return user.state_code == case.requesting_state


def open_to(case: ReintegrationCase, user: User) -> list[Step]:
    """The steps this user may take on this case now (the page's buttons)."""
    status = CaseStatus(case.status)
    return [
        t.step
        for t in TRANSITIONS
        if status in t.sources and user.has_role(*t.roles) and _on_its_side(t, case, user)
    ]


def check(*, case: ReintegrationCase, step: Step, user: User) -> Transition:
    """The table's row for this step: Forbidden for a role or side that may not take it,
    Conflict when the status does not allow it."""
    transition = BY_STEP[step]
    if not user.has_role(*transition.roles) or not _on_its_side(transition, case, user):
        raise Forbidden(_(ROLE_REFUSALS[step]))
    status = CaseStatus(case.status)
    if status not in transition.sources:
        raise Conflict(
            _(
                "{step}: not possible while the case's status is “{status}”.",
                status=_(STATUS_LABELS[status]),
                step=_(STEP_LABELS[step]),
            ),
            allowed=allowed(status),
        )
    return transition


def move(*, case: ReintegrationCase, step: Step, user: User) -> None:
    """Take the step as the table allows; Conflict or Forbidden otherwise."""
    case.status = check(case=case, step=step, user=user).target.value
