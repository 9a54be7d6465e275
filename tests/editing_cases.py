"""Who may change a case while it waits on the requesting state (edit its particulars, answer
a request for information): one table for the API and page tests of both steps, so that the
two surfaces and the two steps answer every user alike."""

from dataclasses import dataclass

import pytest

from readmit.applications.enums import Status
from readmit.auth.models import Role
from tests.factories import World


@dataclass(frozen=True)
class Access:
    """A user (`role` in `state`) before a case in `status`, and the HTTP status they get."""

    state: str
    role: Role
    status: Status
    expected: int

    def headers(self, world: World) -> dict[str, str]:
        """The user's bearer headers."""
        return world.headers(self.state, self.role)

    def __str__(self) -> str:
        return f"{self.state}-{self.role.value}-{self.status.value}-{self.expected}"


def who_may(status: Status) -> pytest.MarkDecorator:
    """Parametrize `access` for a step open, in `status`, only to the requesting state's (USA)
    case officers and supervisors: refused to them once the case is under verification, to the
    requesting state's other roles and to the requested state (CHN), which sees no draft; another
    state sees no case at all."""
    submitted = Status.more_info_requested  # the requested state sees the case from submission
    table = [
        Access("USA", Role.case_officer, Status.under_verification, 409),
        Access("USA", Role.analyst, status, 403),
        Access("USA", Role.protection_officer, status, 403),
        Access("CHN", Role.verifier, submitted, 403),
        Access("CHN", Role.supervisor, submitted, 403),
        Access("CHN", Role.verifier, Status.draft, 404),
        Access("GTM", Role.verifier, submitted, 404),
        Access("MEX", Role.case_officer, status, 404),
    ]
    return pytest.mark.parametrize("access", table, ids=str)
