"""The one transition table of a lead; unlisted transitions raise."""

from readmit.auth.models import Role, User
from readmit.errors import Conflict, Forbidden
from readmit.i18n import N_, _
from readmit.leads.models import Lead, LeadStatus

ANALYSTS = (Role.analyst, Role.supervisor)

# (from, to): the roles that may take the step.
TRANSITIONS: dict[tuple[LeadStatus, LeadStatus], tuple[Role, ...]] = {
    # No lead: the reason is kept, and the same flights never raise it again.
    (LeadStatus.open, LeadStatus.dismissed): ANALYSTS,
    # Worth a designation: the analyst goes on to draft the proposal.
    (LeadStatus.open, LeadStatus.referred): ANALYSTS,
}

STATUS_LABELS = {
    LeadStatus.open: N_("Open"),
    LeadStatus.dismissed: N_("Dismissed"),
    LeadStatus.referred: N_("Referred for designation"),
}


def allowed(status: LeadStatus) -> list[str]:
    """The statuses a lead may move to from this one."""
    return [new.value for prev, new in TRANSITIONS if prev == status]


def move(*, lead: Lead, to: LeadStatus, user: User) -> None:
    """Change the lead's status as the table allows; Conflict or Forbidden otherwise."""
    prev = LeadStatus(lead.status)
    roles = TRANSITIONS.get((prev, to))
    if roles is None:
        raise Conflict(
            _("This lead was decided already: {status}.", status=_(STATUS_LABELS[prev])),
            allowed=allowed(prev),
        )
    if not user.has_role(*roles):
        raise Forbidden(_("Only analysts and supervisors decide on leads."))
    lead.status = to.value
