"""Reintegration test data: two providers of GTM (each with a reintegration officer and a
token), an application of USA to GTM with consent, assessment and a referral."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth import service as auth
from readmit.auth.models import Role, User
from readmit.reintegration import assessment, consent, providers, referral
from readmit.reintegration.models import ReintegrationCase
from readmit.reintegration.schemas import AssessmentIn, ConsentIn, ProviderIn, ReferralIn
from readmit.tenancy import service as tenancy
from readmit.transfers import service as transfers
from tests.factories import PASSWORD, World, make_case

ASSESSMENT = {
    "contact": {"phone": "+502 5555 0101", "address": "Zona 1, Quetzaltenango"},
    "skills": {"skills": ["carpentry", "driving"], "education": "secondary"},
    "health": {"needs": "insulin for diabetes"},
    "family": {"dependants": 2, "children": 2, "situation": "joins mother in Xela"},
    "vulnerability": {"categories": ["single_parent"], "note": "two small children"},
}
# Values that must never reach the provider while their field is not consented.
SECRETS = {
    "contact": "+502 5555 0101",
    "skills": "carpentry",
    "health": "insulin",
    "family": "joins mother",
    "vulnerability": "single_parent",
}


@dataclass
class ProviderSide:
    """A provider authority and its reintegration officer's token."""

    authority_id: int
    officer_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        """Bearer headers of its reintegration officer."""
        return {"Authorization": f"Bearer {self.token}"}


def provider(
    session: Session, short: str, *, regions: tuple[str, ...] = ("Quetzaltenango",)
) -> ProviderSide:
    """A GTM authority registered as a provider, with one reintegration officer."""
    authority = tenancy.get_or_create_authority(
        session=session, state_code="GTM", name=f"Provider {short}", short_name=short
    )
    providers.add(
        session=session,
        payload=ProviderIn(authority=short, programme="iom-rss", regions=list(regions)),
    )
    officer = auth.create_user(
        session=session,
        authority_id=authority.id,
        email=f"officer@{short}.test",
        full_name=f"Officer {short}",
        password=PASSWORD,
        roles=[Role.reintegration_officer],
    )
    token, _ = auth.issue_token(session=session, user=officer, name="tests")
    return ProviderSide(authority.id, officer.id, token)


def officer(session: Session, world: World) -> User:
    """USA's case officer, who records consent, assessment and referral."""
    return world.user(session, "USA", Role.case_officer)


def consented(
    session: Session,
    world: World,
    *,
    index: int = 0,
    fields: dict[str, bool] | None = None,
    status: Status = Status.transfer_scheduled,
) -> Application:
    """A USA→GTM application with the assessment and the given consent decisions (recorded
    before departure or withdrawal, when `status` is one of those)."""
    later = {Status.departed: Status.transfer_scheduled, Status.withdrawn: Status.confirmed}
    app = make_case(session, world, country="GTM", index=index, status=later.get(status, status))
    user = officer(session, world)
    assessment.put(
        session=session, user=user, application=app, payload=AssessmentIn.model_validate(ASSESSMENT)
    )
    decisions = fields if fields is not None else dict.fromkeys(SECRETS, True)
    consent.record(
        session=session,
        user=user,
        application=app,
        payload=ConsentIn.model_validate({"language": "es-GT", "decisions": decisions}),
    )
    if status is Status.departed:
        transfer = transfers.for_application(session=session, application=app)
        assert transfer is not None
        transfers.depart(
            session=session, user=user, transfer=transfer, departed_at=transfer.departure_at
        )
    if status is Status.withdrawn:
        applications.transition(
            session=session, user=user, application=app, action="withdraw", reason_code="duplicate"
        )
    assert app.status == status
    return app


def referred(
    session: Session, world: World, app: Application, side: ProviderSide
) -> ReintegrationCase:
    """The application referred to the provider before departure."""
    return referral.refer(
        session=session,
        user=officer(session, world),
        application=app,
        payload=ReferralIn(provider_id=side.authority_id),
    )
