"""JSON API for protection flags (requesting state only)."""

from fastapi import APIRouter

from readmit.applications.schemas import ProtectionFlagPublic
from readmit.protection import service
from readmit.protection.schemas import ProtectionFlagClear, ProtectionFlagCreate
from readmit.web.deps import ApiApplication, ApiUser, DbSession, RowId

router = APIRouter(prefix="/applications/{application_id}/protection-flags", tags=["protection"])


@router.get("", response_model=list[ProtectionFlagPublic])
def list_flags(
    application: ApiApplication, db: DbSession, user: ApiUser
) -> list[ProtectionFlagPublic]:
    """Protection flags of an application."""
    return [
        ProtectionFlagPublic.model_validate(f, from_attributes=True)
        for f in service.list_flags(session=db, user=user, application=application)
    ]


@router.post("", status_code=201, response_model=ProtectionFlagPublic)
def open_flag(
    payload: ProtectionFlagCreate, application: ApiApplication, db: DbSession, user: ApiUser
) -> ProtectionFlagPublic:
    """Record a protection claim or hold; blocks submission and transfer."""
    flag = service.open_flag(
        session=db, user=user, application=application, kind=payload.kind, note=payload.note
    )
    return ProtectionFlagPublic.model_validate(flag, from_attributes=True)


@router.post("/{flag_id}/clear", response_model=ProtectionFlagPublic)
def clear_flag(
    flag_id: RowId,
    payload: ProtectionFlagClear,
    application: ApiApplication,
    db: DbSession,
    user: ApiUser,
) -> ProtectionFlagPublic:
    """Clear a flag, with a reason."""
    flag = service.clear_flag(
        session=db, user=user, application=application, flag_id=flag_id, reason=payload.reason
    )
    return ProtectionFlagPublic.model_validate(flag, from_attributes=True)
