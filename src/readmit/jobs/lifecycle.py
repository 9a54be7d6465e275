"""The one table of a job's steps, and who may start each kind; an unlisted step raises.

A job is queued when started; a worker claims it (running) and finishes it (done) or fails
it. Its starter's colleagues may cancel it while queued or running. A running job whose
worker is found dead (no heartbeat within READMIT_JOB_TIMEOUT_SECONDS) or stopped goes back
to the queue while attempts remain, and fails otherwise."""

from dataclasses import dataclass
from enum import StrEnum

from readmit.auth.models import Role, User
from readmit.errors import Conflict
from readmit.i18n import N_, _
from readmit.jobs.models import Job, JobKind, JobStatus


class Step(StrEnum):
    """What may happen to a job."""

    claim = "claim"
    finish = "finish"
    fail = "fail"
    cancel = "cancel"
    requeue = "requeue"


@dataclass(frozen=True)
class Transition:
    """One permitted step: from which statuses, to which."""

    step: Step
    sources: frozenset[JobStatus]
    target: JobStatus


S = JobStatus
TRANSITIONS: tuple[Transition, ...] = (
    Transition(Step.claim, frozenset({S.queued}), S.running),
    Transition(Step.finish, frozenset({S.running}), S.done),
    Transition(Step.fail, frozenset({S.running}), S.failed),
    Transition(Step.cancel, frozenset({S.queued, S.running}), S.cancelled),
    Transition(Step.requeue, frozenset({S.running}), S.queued),
)
BY_STEP = {transition.step: transition for transition in TRANSITIONS}
FINISHED = frozenset({S.done, S.failed, S.cancelled})

# Who starts (and so sees and cancels) each kind: the register's administrators load it
# (no role keeps the register today; admins keep the state's set-up), verifiers verify,
# the statistics' readers export them.
STARTERS: dict[JobKind, frozenset[Role]] = {
    JobKind.register_load: frozenset({Role.admin}),
    JobKind.verify_batch: frozenset({Role.verifier, Role.supervisor}),
    JobKind.statistics: frozenset({Role.analyst, Role.supervisor}),
}

KIND_LABELS = {
    JobKind.register_load: N_("Register load"),
    JobKind.verify_batch: N_("Batch verification"),
    JobKind.statistics: N_("Statistics export"),
}
STATUS_LABELS = {
    S.queued: N_("Queued"),
    S.running: N_("Running"),
    S.done: N_("Done"),
    S.failed: N_("Failed"),
    S.cancelled: N_("Cancelled"),
}
STEP_LABELS = {
    Step.claim: N_("Start running"),
    Step.finish: N_("Finish"),
    Step.fail: N_("Fail"),
    Step.cancel: N_("Cancel the job"),
    Step.requeue: N_("Queue again"),
}


def kinds_for(user: User) -> list[JobKind]:
    """The kinds this user may start, and so see."""
    return [kind for kind, roles in STARTERS.items() if user.has_role(*roles)]


def allowed(status: JobStatus) -> list[str]:
    """The steps the table lists from this status."""
    return [t.step.value for t in TRANSITIONS if status in t.sources]


def move(*, job: Job, step: Step) -> None:
    """Take the step as the table allows; Conflict (naming the allowed steps) otherwise."""
    transition = BY_STEP[step]
    status = JobStatus(job.status)
    if status not in transition.sources:
        raise Conflict(
            _(
                "{step}: not possible while the job is “{status}”.",
                step=_(STEP_LABELS[step]),
                status=_(STATUS_LABELS[status]),
            ),
            allowed=allowed(status),
        )
    job.status = transition.target.value
