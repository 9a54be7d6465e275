"""Conditions on cases that the lifecycle's guards and the protection services share: a
"not a national" rejection, and one still waiting for a protection officer's decision."""

from sqlalchemy import ColumnElement, exists, or_

from readmit.applications.models import Application, TimelineEvent
from readmit.protection.models import ProtectionFlag, ProtectionKind, StatelessnessDecision
from readmit.verification.models import Decision, DecisionKind, RejectReason


def rejected_as_not_national() -> ColumnElement[bool]:
    """Cases the requested state rejected because the person is not its national."""
    return (
        exists()
        .where(
            Decision.application_id == Application.id,
            Decision.kind == DecisionKind.reject,
            Decision.reason_code == RejectReason.not_a_national,
        )
        .correlate(Application)
    )


def awaiting_statelessness_decision() -> ColumnElement[bool]:
    """Rejected as not a national, not withdrawn, with neither a recorded referral or claim
    nor a stateless-person flag: the cases that would otherwise sit in limbo."""
    decided = exists().where(StatelessnessDecision.application_id == Application.id)
    referred = exists().where(
        ProtectionFlag.application_id == Application.id,
        ProtectionFlag.kind == ProtectionKind.stateless,
    )
    withdrawn = exists().where(
        TimelineEvent.application_id == Application.id, TimelineEvent.action == "withdraw"
    )
    return rejected_as_not_national() & ~or_(
        *(found.correlate(Application) for found in (decided, referred, withdrawn))
    )
