"""The one transition table of a progress report; unlisted transitions raise."""

from readmit.auth.models import Role, User
from readmit.errors import Conflict, Forbidden
from readmit.i18n import N_, _
from readmit.progress.models import ProgressReport, ReportStatus

# (from, to): the roles that may take the step.
TRANSITIONS: dict[tuple[ReportStatus, ReportStatus], tuple[Role, ...]] = {
    (ReportStatus.draft, ReportStatus.submitted): (Role.supervisor,),
    # Taken with the submission of a newer version of the same period, by its submitter.
    (ReportStatus.submitted, ReportStatus.superseded): (Role.supervisor,),
}

STATUS_LABELS = {
    ReportStatus.draft: N_("Draft"),
    ReportStatus.submitted: N_("Submitted"),
    ReportStatus.superseded: N_("Superseded by a newer version"),
}


def allowed(status: ReportStatus) -> list[str]:
    """The statuses a report may move to from this one."""
    return [new.value for prev, new in TRANSITIONS if prev == status]


def check(*, report: ProgressReport, to: ReportStatus, user: User) -> None:
    """Conflict unless the table lists the step, Forbidden unless the user's role takes it."""
    prev = ReportStatus(report.status)
    roles = TRANSITIONS.get((prev, to))
    if roles is None:
        raise Conflict(
            _("This report cannot change any more: {status}.", status=_(STATUS_LABELS[prev])),
            allowed=allowed(prev),
        )
    if not user.has_role(*roles):
        raise Forbidden(_("Only a supervisor may submit the state's report."))


def move(*, report: ProgressReport, to: ReportStatus, user: User) -> None:
    """Change the report's status as the table allows; Conflict or Forbidden otherwise."""
    check(report=report, to=to, user=user)
    report.status = to.value
