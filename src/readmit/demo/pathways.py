"""Legal pathways in the demo: Colombia's regularisation authority with an officer and a
supervisor, the example programmes, and a few cases taken in at Safe Mobility Offices and an
integration centre through the same services officers use."""

import secrets
from typing import Any

from sqlalchemy.orm import Session

from readmit.auth import service as auth
from readmit.auth.models import Role, User
from readmit.demo import evidence
from readmit.pathways import allocation, documents, programmes, service
from readmit.pathways.lifecycle import Step
from readmit.pathways.schemas import CaseCreate
from readmit.tenancy import service as tenancy

COLOMBIA = ("COL", "Colombia", "Unidad Administrativa Especial Migración Colombia", "co-migracion")
FRP = {
    "petitioner_status": "permanent_resident",
    "petition_approved": True,
    "outside_united_states": True,
    "visa_available": False,
}
# (family name, given names, birth date, nationality, steps to take)
FRP_CASES = (
    ("López Ajú", "María José", "1991-03-14", "GTM", ()),
    ("Castillo Rivas", "Jorge Luis", "1985-11-02", "HND", (Step.screen,)),
    ("Mejía Torres", "Ana Sofía", "1994-06-21", "SLV", (Step.screen, Step.refer)),
    (
        "Cárdenas Ruiz",
        "Luis Fernando",
        "1979-01-30",
        "COL",
        (Step.screen, Step.refer, Step.interview),
    ),
    (
        "Pierre",
        "Jean-Baptiste",
        "1988-08-08",
        "HTI",
        (Step.screen, Step.refer, Step.interview, Step.approve),
    ),
)
VEN_CASES = (
    ("Rodríguez Pérez", "Yusneidy Carolina", "1996-02-17"),
    ("González Márquez", "José Gregorio", "1982-09-05"),
)


def users(session: Session) -> list[tuple[str, str, str, str, str, str]]:
    """Colombia's officer and supervisor: (email, password, role, authority, state, token)."""
    code, name, authority_name, short = COLOMBIA
    tenancy.get_or_create_state(session=session, code=code, name=name)
    authority = tenancy.get_or_create_authority(
        session=session, state_code=code, name=authority_name, short_name=short
    )
    created = []
    for role in (Role.safe_mobility_officer, Role.supervisor):
        password = secrets.token_urlsafe(12)
        email = f"{role.value.replace('_', '.')}@{short}.example"
        user = auth.create_user(
            session=session,
            authority_id=authority.id,
            email=email,
            full_name=f"{role.value.replace('_', ' ').title()} ({short})",
            password=password,
            roles=[role],
        )
        token, _ = auth.issue_token(session=session, user=user, name="demo")
        created.append((email, password, role.value, authority_name, code, token))
    return created


def _user(session: Session, email: str) -> User:
    user = auth.get_by_email(session=session, email=email)
    assert user is not None, email
    return user


def _take_in(session: Session, officer: User, body: dict[str, Any], kinds: list[str]) -> Any:
    case = service.intake(session=session, user=officer, payload=CaseCreate.model_validate(body))
    for kind in kinds:
        data = evidence.pdf(kind.replace("_", " ").title(), [body["family_name"]])
        documents.add(
            session=session, user=officer, case=case, kind=kind, filename=f"{kind}.pdf", data=data
        )
    return case


def cases(session: Session) -> None:
    """The example programmes, FRP cases at each step to approval, and Venezuelans
    pre-registered for Colombia's regularisation."""
    programmes.load_examples(session=session)
    officer = _user(session, "safe.mobility.officer@us-ice-ero.example")
    supervisor = _user(session, "supervisor@us-ice-ero.example")
    for family, given, born, nationality, steps in FRP_CASES:
        body = {
            "programme": "usa-frp",
            "intake_place": "SMO-GTM-GUA",
            "family_name": family,
            "given_names": given,
            "birth_date": born,
            "nationality": nationality,
            "facts": FRP,
        }
        case = _take_in(session, officer, body, ["i130_approval_notice", "passport"])
        for step in steps:
            if step == Step.approve:
                case = allocation.approve(session=session, user=supervisor, case=case)
            else:
                case = service.step(session=session, user=officer, case=case, step=step)
    colombian = _user(session, f"safe.mobility.officer@{COLOMBIA[3]}.example")
    for family, given, born in VEN_CASES:
        body = {
            "programme": "col-regularisation",
            "intake_place": "ICC-COL-CUC",
            "family_name": family,
            "given_names": given,
            "birth_date": born,
            "nationality": "VEN",
            "facts": {"in_colombia_since": "2019-07-01", "rumv_preregistered": True},
        }
        _take_in(session, colombian, body, ["identity_document"])
