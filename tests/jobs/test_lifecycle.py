"""The lifecycle table of a job, cell by cell: each step from each status is either the
table's move or a 409 naming the steps the status allows."""

import pytest

from readmit.errors import Conflict
from readmit.jobs import lifecycle
from readmit.jobs.lifecycle import Step
from readmit.jobs.models import Job, JobStatus

S = JobStatus
# (from, step) -> to; every other pair is refused.
MOVES = {
    (S.queued, Step.claim): S.running,
    (S.running, Step.finish): S.done,
    (S.running, Step.fail): S.failed,
    (S.queued, Step.cancel): S.cancelled,
    (S.running, Step.cancel): S.cancelled,
    (S.running, Step.requeue): S.queued,
}


@pytest.mark.parametrize("status", list(JobStatus))
@pytest.mark.parametrize("step", list(Step))
def test_every_status_and_step(status: JobStatus, step: Step) -> None:
    job = Job(status=status.value)
    if (status, step) in MOVES:
        lifecycle.move(job=job, step=step)
        assert job.status == MOVES[(status, step)]
        return
    with pytest.raises(Conflict) as refused:
        lifecycle.move(job=job, step=step)
    assert job.status == status
    assert refused.value.allowed == [s for (f, s) in MOVES if f == status]


def test_an_ended_job_allows_nothing() -> None:
    assert [lifecycle.allowed(s) for s in lifecycle.FINISHED] == [[], [], []]
