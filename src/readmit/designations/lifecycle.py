"""The one table of a designation's steps; an unlisted step raises.

A proposal is edited by analysts and supervisors and decided by a supervisor who did not
propose it (four eyes); a designation is reviewed periodically and may be delisted by a
supervisor. Evidence is added while the designation is proposed or in force."""

from dataclasses import dataclass
from enum import StrEnum

from readmit.auth.models import Role, User
from readmit.designations.models import Designation, DesignationStatus
from readmit.errors import Conflict, Forbidden
from readmit.i18n import N_, _


class Step(StrEnum):
    """What may be done to a designation."""

    edit = "edit"
    add_evidence = "add_evidence"
    approve = "approve"
    reject = "reject"
    review = "review"
    delist = "delist"


@dataclass(frozen=True)
class Transition:
    """One permitted step: from which statuses, to which (None: the status stays), by which
    roles; `four_eyes`: never by the user who proposed the designation."""

    step: Step
    sources: frozenset[DesignationStatus]
    target: DesignationStatus | None
    roles: frozenset[Role]
    four_eyes: bool = False


S = DesignationStatus
PROPOSERS = frozenset({Role.analyst, Role.supervisor})
SUPERVISORS = frozenset({Role.supervisor})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Step.edit, frozenset({S.proposed}), None, PROPOSERS),
    Transition(Step.add_evidence, frozenset({S.proposed, S.designated}), None, PROPOSERS),
    Transition(Step.approve, frozenset({S.proposed}), S.designated, SUPERVISORS, four_eyes=True),
    Transition(Step.reject, frozenset({S.proposed}), S.rejected, SUPERVISORS, four_eyes=True),
    Transition(Step.review, frozenset({S.designated}), None, SUPERVISORS),
    Transition(Step.delist, frozenset({S.designated}), S.delisted, SUPERVISORS),
)
BY_STEP = {transition.step: transition for transition in TRANSITIONS}

STATUS_LABELS = {
    S.proposed: N_("Proposed"),
    S.designated: N_("Designated"),
    S.rejected: N_("Rejected"),
    S.delisted: N_("Delisted"),
}
STEP_LABELS = {
    Step.edit: N_("Edit the proposal"),
    Step.add_evidence: N_("Add evidence"),
    Step.approve: N_("Approve"),
    Step.reject: N_("Reject"),
    Step.review: N_("Record the periodic review"),
    Step.delist: N_("Delist"),
}
ROLE_REFUSALS = {
    Step.edit: N_("Only analysts and supervisors edit a proposal."),
    Step.add_evidence: N_("Only analysts and supervisors add evidence."),
    Step.approve: N_("Only a supervisor approves a designation."),
    Step.reject: N_("Only a supervisor rejects a proposal."),
    Step.review: N_("Only a supervisor records the periodic review."),
    Step.delist: N_("Only a supervisor delists."),
}


def allowed(status: DesignationStatus) -> list[str]:
    """The steps the table lists from this status."""
    return [t.step.value for t in TRANSITIONS if status in t.sources]


def open_to(designation: Designation, user: User) -> list[Step]:
    """The steps this user may take on this designation now (the page's buttons)."""
    status = DesignationStatus(designation.status)
    return [
        t.step
        for t in TRANSITIONS
        if status in t.sources
        and user.has_role(*t.roles)
        and not (t.four_eyes and designation.proposed_by_id == user.id)
    ]


def check(*, designation: Designation, step: Step, user: User) -> Transition:
    """The table's row for this step: Forbidden for a role that may not take it or for the
    proposer where four eyes are needed, Conflict when the status does not allow it."""
    transition = BY_STEP[step]
    if not user.has_role(*transition.roles):
        raise Forbidden(_(ROLE_REFUSALS[step]))
    status = DesignationStatus(designation.status)
    if status not in transition.sources:
        raise Conflict(
            _(
                "{step}: not possible while the designation's status is “{status}”.",
                status=_(STATUS_LABELS[status]),
                step=_(STEP_LABELS[step]),
            ),
            allowed=allowed(status),
        )
    if transition.four_eyes and designation.proposed_by_id == user.id:
        raise Forbidden(_("Four eyes: a supervisor other than the proposer decides a proposal."))
    return transition


def move(*, designation: Designation, step: Step, user: User) -> None:
    """Take the step as the table allows; Conflict or Forbidden otherwise."""
    transition = check(designation=designation, step=step, user=user)
    if transition.target is not None:
        designation.status = transition.target.value
