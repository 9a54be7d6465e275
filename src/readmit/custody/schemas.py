"""Custody inputs and answers; every answer goes to the requesting state only."""

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from readmit.custody.models import CustodyStatus, ReleaseReason
from readmit.database.core import utcnow
from readmit.i18n import _
from readmit.schemas import InputModel

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


class CustodyChange(InputModel):
    """A custody status from a date, the final order date, or both. A release names its
    reason; no other status has one."""

    status: CustodyStatus | None = None
    since: date | None = None
    release_reason: ReleaseReason | None = None
    note: Note = ""
    final_order_on: date | None = None

    @model_validator(mode="after")
    def _complete(self) -> "CustodyChange":
        today = utcnow().date()
        if self.status is None and self.final_order_on is None:
            raise ValueError(_("give a custody status or the final order date"))
        if self.status is None and (self.since or self.release_reason or self.note):
            raise ValueError(_("since, release_reason and note belong to a custody status"))
        if self.status is not None and self.since is None:
            raise ValueError(_("give the date the custody status applies from (since)"))
        if self.since is not None and self.since > today:
            raise ValueError(_("the custody date cannot be in the future"))
        if self.status == CustodyStatus.released and self.release_reason is None:
            raise ValueError(_("a release needs its reason (release_reason)"))
        if self.status != CustodyStatus.released and self.release_reason is not None:
            raise ValueError(_("release_reason belongs to a release"))
        if self.final_order_on is not None and self.final_order_on > today:
            raise ValueError(_("the final order date cannot be in the future"))
        return self


class CustodyRecordPublic(BaseModel):
    """One recorded custody status."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    status: CustodyStatus
    since: date
    release_reason: ReleaseReason | None
    note: str
    recorded_by_id: int
    recorded_at: datetime


class ClockPublic(BaseModel):
    """The clocks that run from the final order; negative days are days overdue."""

    removal_period_ends: date
    removal_period_days_left: int
    review_due: date | None
    review_days_left: int | None


class CustodyPublic(BaseModel):
    """The custody history in the order recorded (the last is current), the final order
    and its clocks."""

    current: CustodyRecordPublic | None
    history: list[CustodyRecordPublic]
    final_order_on: date | None
    clock: ClockPublic | None
