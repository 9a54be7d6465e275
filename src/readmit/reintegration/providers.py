"""Reintegration providers: authorities of a requested state (a reception centre, an IOM
mission, an NGO) registered with the programme they run and the regions they serve. Their
users hold `Role.reintegration_officer` and see only the cases referred to them."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.errors import FieldProblem, Forbidden, Invalid
from readmit.i18n import _
from readmit.reintegration import programme
from readmit.reintegration.models import Provider
from readmit.reintegration.schemas import ProviderIn, ProviderPublic
from readmit.tenancy.models import Authority


def require_admin(user: User) -> None:
    """403 unless the user is an administrator."""
    if not user.has_role(Role.admin):
        raise Forbidden(_("Only administrators register reintegration providers."))


def add(*, session: Session, payload: ProviderIn, user: User | None = None) -> Provider:
    """Register (or update) an authority as a provider; an administrator registers only
    authorities of their own state (`user` None: the CLI's operator, any state). Audited."""
    authority = session.scalar(select(Authority).where(Authority.short_name == payload.authority))
    if authority is None or (user is not None and authority.state_code != user.state_code):
        problem = _("no authority {name} in your state", name=payload.authority)
        raise Invalid([FieldProblem(("body", "authority"), problem)])
    if payload.programme not in programme.programmes():
        known = ", ".join(sorted(programme.programmes()))
        problem = _("not a programme of Readmit; choose one of: {known}", known=known)
        raise Invalid([FieldProblem(("body", "programme"), problem)])
    regions = list(dict.fromkeys(r for r in payload.regions if r))
    provider = session.get(Provider, authority.id)
    if provider is None:
        provider = Provider(authority_id=authority.id)
        session.add(provider)
    provider.programme_code, provider.regions = payload.programme, regions
    session.flush()
    audit.record(
        session=session,
        actor=user,
        action="reintegration.provider_add",
        entity="reintegration_provider",
        entity_id=authority.id,
        detail={"authority": authority.short_name, "programme": payload.programme},
        authority_id=authority.id,
    )
    return provider


def of_state(*, session: Session, state: str | None = None) -> list[tuple[Provider, Authority]]:
    """The providers (of one state, when given), by state and name."""
    statement = select(Provider, Authority).join(Authority, Authority.id == Provider.authority_id)
    if state is not None:
        statement = statement.where(Authority.state_code == state)
    rows = session.execute(statement.order_by(Authority.state_code, Authority.name))
    return [(provider, authority) for provider, authority in rows]


def public(provider: Provider, authority: Authority) -> ProviderPublic:
    """A provider as the API gives it."""
    return ProviderPublic(
        authority_id=authority.id,
        authority=authority.short_name,
        name=authority.name,
        state=authority.state_code,
        programme=provider.programme_code,
        regions=list(provider.regions or []),
    )
