"""The one default-deny filter on reintegration cases, and who stands on which side.

A case is seen by the reintegration officers of ITS provider authority, and by the
requesting state's officers who see the application (`tenancy.visible_to`). Nobody else:
not another provider, not the requested state's other authorities or officers."""

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.auth.models import Role, User
from readmit.errors import Forbidden, NotFound
from readmit.i18n import _
from readmit.reintegration.models import ReintegrationCase
from readmit.tenancy.service import visible_to

# The requesting state's officers who read reintegration cases, and who record consent,
# the assessment and referrals (case officers and supervisors).
REQUESTING_READERS = (Role.case_officer, Role.supervisor, Role.auditor)
REQUESTING_WRITERS = (Role.case_officer, Role.supervisor)
CASE_READERS = (*REQUESTING_READERS, Role.reintegration_officer)


def visible_cases(user: User) -> ColumnElement[bool]:
    """The only way reintegration cases are scoped (every query uses it)."""
    provider_side: ColumnElement[bool] = false()
    if user.has_role(Role.reintegration_officer):
        provider_side = ReintegrationCase.provider_authority_id == user.authority_id
    requesting_side: ColumnElement[bool] = false()
    if user.has_role(*REQUESTING_READERS):
        requesting_side = and_(
            ReintegrationCase.requesting_state == user.state_code,
            ReintegrationCase.application_id.in_(select(Application.id).where(visible_to(user))),
        )
    return or_(provider_side, requesting_side)


def is_provider_side(user: User, case: ReintegrationCase) -> bool:
    """True for the provider's officers, who see only what the returnee consented to."""
    return user.authority_id == case.provider_authority_id


def require_case_reader(user: User) -> None:
    """403 unless the role reads reintegration cases at all."""
    if not user.has_role(*CASE_READERS):
        raise Forbidden(
            _("Only reintegration officers and the requesting state's officers see these cases.")
        )


def requesting_application(*, session: Session, user: User, application_id: int) -> Application:
    """An application of the user's own (requesting) state, for consent, assessment and
    referral: 403 for a role that may not record them, 404 for anyone else's."""
    if not user.has_role(*REQUESTING_WRITERS):
        raise Forbidden(
            _("Only case officers and supervisors record consent, assessment and referral.")
        )
    application = applications.get(session=session, user=user, application_id=application_id)
    if application.requesting_state != user.state_code:
        raise NotFound(_("no such application"))
    return application
