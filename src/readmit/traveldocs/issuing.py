"""Issuing an emergency travel document for a confirmed application: the holder's
particulars as verified in the register, a TD3 MRZ, the signed seal; reissue revokes."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.agreements import service as agreements
from readmit.applications import lifecycle, photos
from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.audit import service as audit
from readmit.auth.models import Role, User
from readmit.countries import country as profile_of
from readmit.database.core import utcnow
from readmit.documents.mrz import build_td3, parse_td3
from readmit.errors import Conflict, Forbidden
from readmit.registry import service as registry
from readmit.registry.schemas import RegisterPersonPublic
from readmit.traveldocs import service as seals
from readmit.traveldocs.models import TravelDocument

ISSUERS = (Role.verifier, Role.supervisor)
REISSUABLE = {Status.travel_document_issued, Status.transfer_scheduled}


def _mrz_name(person: RegisterPersonPublic, country: str) -> tuple[str, str]:
    """Surname and given names in Latin letters: the register's Latin columns, else its
    Latin-script name, else the country's usual romanisation (Hanyu Pinyin for 王小明:
    WANG, XIAOMING)."""
    if person.family_name_latin:
        return person.family_name_latin, person.given_names_latin or ""
    native = profile_of(country).mrz_name
    if (person.family_name + person.given_names).isascii() or native is None:
        return person.family_name, person.given_names
    return native(person.family_name, person.given_names)


def current(*, session: Session, application: Application) -> TravelDocument | None:
    """The application's valid (unrevoked) travel document, if any."""
    return session.scalars(
        select(TravelDocument)
        .where(TravelDocument.application_id == application.id, TravelDocument.revoked_at.is_(None))
        .order_by(TravelDocument.id.desc())
    ).first()


def issue(*, session: Session, user: User, application: Application) -> TravelDocument:
    """Issue (or reissue, revoking the earlier one) the ETD for a confirmed application."""
    if user.state_code != application.requested_state or not user.has_role(*ISSUERS):
        raise Forbidden("only the requested state's verifiers and consuls issue travel documents")
    lifecycle.lock(session=session, application=application)
    status = Status(application.status)
    if status not in REISSUABLE and status != Status.confirmed:
        raise Conflict(f"a travel document needs a confirmed application, not {status.value}")
    person = registry.get_person(
        country=application.requested_state, person_id=application.register_person_id or ""
    )
    if person is None or person.birth_date is None:
        raise Conflict("the confirmed register person (with a birth date) is needed")
    terms = agreements.terms_for(session=session, application=application)
    days = terms.travel_document_validity_days if terms else 30
    today = utcnow().date()
    valid_until = today + timedelta(days=days)
    number = seals.next_number(session=session)
    surname, given = _mrz_name(person, application.requested_state)
    mrz = build_td3(
        document_code="PE",
        issuing_state=application.requested_state,
        surname=surname,
        given_names=given,
        document_number=number,
        nationality=application.requested_state,
        birth_date=person.birth_date,
        sex=person.sex or "X",
        expiry_date=valid_until,
    )
    route = f"{application.requesting_state} {application.requested_state}"
    native = f"{person.family_name} {person.given_names}".strip()
    seal, reference = seals.seal_for(
        session=session,
        state=application.requested_state,
        mrz=mrz,
        valid_until=valid_until,
        route=route,
        native_name=native,
        number=number,
        today=today,
    )
    earlier = current(session=session, application=application)
    if earlier is not None:
        earlier.revoked_at, earlier.revocation_reason = utcnow(), "reissued"
        session.flush()  # the earlier one is revoked before the new one exists
    document = TravelDocument(
        application_id=application.id,
        number=number,
        issuing_state=application.requested_state,
        mrz_line1=mrz[0],
        mrz_line2=mrz[1],
        seal=seal,
        signer_reference=reference,
        holder_native_name=native,
        photo=photos.current(session=session, application=application),
        route=route,
        issued_on=today,
        valid_until=valid_until,
        issued_by_id=user.id,
    )
    session.add(document)
    session.flush()
    if status == Status.confirmed:
        applications.transition(
            session=session, user=user, application=application, action="issue_travel_document"
        )
    audit.record(
        session=session,
        actor=user,
        action="traveldoc.reissue" if earlier else "traveldoc.issue",
        entity="travel_document",
        entity_id=document.id,
        application_id=application.id,
        detail={"number": number, "revoked": earlier.number if earlier else None},
    )
    return document


def holder(document: TravelDocument) -> dict[str, str]:
    """The holder's particulars as printed: from the document's own MRZ, and the register's
    native-script name."""
    mrz = parse_td3([document.mrz_line1, document.mrz_line2])
    return {
        "surname": mrz.surname,
        "given_names": mrz.given_names,
        "native_name": document.holder_native_name,
        "birth_date": mrz.birth_date_iso(reference_year=document.issued_on.year),
        "sex": mrz.sex,
    }
