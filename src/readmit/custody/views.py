"""JSON API for custody and removal clocks (requesting state only)."""

from fastapi import APIRouter

from readmit.custody import service
from readmit.custody.schemas import ClockPublic, CustodyChange, CustodyPublic, CustodyRecordPublic
from readmit.database.core import utcnow
from readmit.web.deps import ApiApplication, ApiUser, DbSession

router = APIRouter(tags=["custody"])
PATH = "/applications/{application_id}/custody"


def _public(custody: service.Custody) -> CustodyPublic:
    current = custody.current
    return CustodyPublic(
        current=CustodyRecordPublic.model_validate(current) if current else None,
        history=[CustodyRecordPublic.model_validate(r) for r in custody.history],
        final_order_on=custody.final_order_on,
        clock=ClockPublic.model_validate(custody.clock, from_attributes=True)
        if custody.clock
        else None,
    )


@router.get(PATH, response_model=CustodyPublic)
def get_custody(application: ApiApplication, db: DbSession, user: ApiUser) -> CustodyPublic:
    """The custody history, the final order date and the clocks that run from it."""
    today = utcnow().date()
    return _public(service.view(session=db, user=user, application=application, today=today))


@router.post(PATH, status_code=201, response_model=CustodyPublic)
def record_custody(
    payload: CustodyChange, application: ApiApplication, db: DbSession, user: ApiUser
) -> CustodyPublic:
    """Record a custody status (a release with its reason) and/or the final order date."""
    today = utcnow().date()
    custody = service.record(
        session=db, user=user, application=application, change=payload, today=today
    )
    return _public(custody)
