"""JSON API for protection: flags, trafficking screenings, statelessness (requesting state only)."""

from fastapi import APIRouter

from readmit.applications.schemas import ProtectionFlagPublic
from readmit.protection import queue, service, statelessness, trafficking
from readmit.protection.models import DUE_LABELS
from readmit.protection.schemas import (
    DueItemPublic,
    FollowUpPublic,
    ProtectionFlagClear,
    ProtectionFlagCreate,
    ScreeningDecisionIn,
    ScreeningPublic,
    StatelessnessDecisionIn,
    StatelessnessDecisionPublic,
    StatelessnessPublic,
)
from readmit.web.deps import ApiApplication, ApiUser, DbSession, RowId

router = APIRouter(tags=["protection"])
CASE = "/applications/{application_id}"


@router.get(CASE + "/protection-flags", response_model=list[ProtectionFlagPublic])
def list_flags(
    application: ApiApplication, db: DbSession, user: ApiUser
) -> list[ProtectionFlagPublic]:
    """Protection flags of an application."""
    return [
        ProtectionFlagPublic.model_validate(f, from_attributes=True)
        for f in service.list_flags(session=db, user=user, application=application)
    ]


@router.post(CASE + "/protection-flags", status_code=201, response_model=ProtectionFlagPublic)
def open_flag(
    payload: ProtectionFlagCreate, application: ApiApplication, db: DbSession, user: ApiUser
) -> ProtectionFlagPublic:
    """Record a protection claim or hold; blocks submission and transfer."""
    flag = service.open_flag(
        session=db, user=user, application=application, kind=payload.kind, note=payload.note
    )
    return ProtectionFlagPublic.model_validate(flag, from_attributes=True)


@router.post(CASE + "/protection-flags/{flag_id}/clear", response_model=ProtectionFlagPublic)
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


@router.get(CASE + "/trafficking-screenings", response_model=list[ScreeningPublic])
def list_screenings(
    application: ApiApplication, db: DbSession, user: ApiUser
) -> list[ScreeningPublic]:
    """The trafficking indicators screened at intake, and the decisions on them."""
    found = trafficking.list_screenings(session=db, user=user, application=application)
    return [ScreeningPublic.model_validate(s) for s in found]


@router.post(
    CASE + "/trafficking-screenings/{screening_id}/decision", response_model=ScreeningPublic
)
def decide_screening(
    screening_id: RowId,
    payload: ScreeningDecisionIn,
    application: ApiApplication,
    db: DbSession,
    user: ApiUser,
) -> ScreeningPublic:
    """Decide a screening: a presumed victim (a trafficking flag with its reflection period)
    or no indicators confirmed (the case may then be submitted)."""
    screening = trafficking.decide(
        session=db,
        user=user,
        application=application,
        screening_id=screening_id,
        outcome=payload.outcome,
        reason=payload.reason,
    )
    return ScreeningPublic.model_validate(screening)


@router.get(CASE + "/statelessness", response_model=StatelessnessPublic)
def get_statelessness(
    application: ApiApplication, db: DbSession, user: ApiUser
) -> StatelessnessPublic:
    """Whether the requested state rejected the person as not its national, and what the
    protection officers recorded since."""
    found = statelessness.standing(session=db, user=user, application=application)
    return StatelessnessPublic(
        rejected_as_not_national=found.rejected_as_not_national,
        awaiting_decision=found.awaiting_decision,
        decisions=[StatelessnessDecisionPublic.model_validate(d) for d in found.decisions],
        follow_up_of=found.follow_up_of.id if found.follow_up_of else None,
    )


@router.post(CASE + "/statelessness", status_code=201, response_model=StatelessnessDecisionPublic)
def decide_statelessness(
    payload: StatelessnessDecisionIn, application: ApiApplication, db: DbSession, user: ApiUser
) -> StatelessnessDecisionPublic:
    """Refer the person to statelessness determination (a hold) or name the claiming state."""
    row = statelessness.decide(
        session=db,
        user=user,
        application=application,
        outcome=payload.outcome,
        referred_on=payload.referred_on,
        claiming_state=payload.claiming_state,
        note=payload.note,
    )
    return StatelessnessDecisionPublic.model_validate(row)


@router.post(CASE + "/statelessness/follow-up", status_code=201, response_model=FollowUpPublic)
def start_follow_up(application: ApiApplication, db: DbSession, user: ApiUser) -> FollowUpPublic:
    """Start the new draft application to the state that claims the person."""
    follow_up = statelessness.start_follow_up(session=db, user=user, application=application)
    return FollowUpPublic(
        id=follow_up.id,
        reference=follow_up.reference,
        requested_state=follow_up.requested_state,
        follow_up_of=application.id,
    )


@router.get("/protection/decisions-due", response_model=list[DueItemPublic])
def decisions_due(db: DbSession, user: ApiUser) -> list[DueItemPublic]:
    """The caller's state's cases waiting for a protection officer, longest waiting first."""
    return [
        DueItemPublic(
            application_id=item.application.id,
            reference=item.application.reference,
            name=item.application.display_name,
            status=item.application.status,
            due=item.due,
            due_label=DUE_LABELS[item.due],
            since=item.since,
        )
        for item in queue.decisions_due(session=db, user=user)
    ]
