"""Issuing an emergency travel document for a confirmed application: the holder's
particulars as verified in the register, a TD3 MRZ, the signed seal; reissue revokes.
Every copy taken of a document (its record, a PDF, the seal image) is audited."""

from datetime import timedelta
from typing import Literal

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
from readmit.errors import Conflict, Forbidden, NotFound
from readmit.i18n import _
from readmit.identity.gazetteer import gazetteer
from readmit.registry import service as registry
from readmit.registry.schemas import RegisterPersonPublic
from readmit.traveldocs import service as seals
from readmit.traveldocs.models import TravelDocument

ISSUERS = (Role.verifier, Role.supervisor)
REISSUABLE = {Status.travel_document_issued, Status.transfer_scheduled}
# What may be taken of a document: its record (JSON), a PDF page size, the seal image.
Copy = Literal["record", "A4", "ID3", "seal"]


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


def _place_name(country: str, code: str) -> str | None:
    """A register's division code in Latin letters, the division and its province or
    department ('Pingtan, Fujian'); None when the gazetteer does not know it."""
    try:
        places = gazetteer(country)
    except LookupError:
        return None
    division = places.get(code)
    if division is None:
        return None
    top = places.get(next(iter(places.ancestors(code)), code)) or division
    names = (d.names_latin[0] if d.names_latin else d.name_native for d in (division, top))
    return ", ".join(dict.fromkeys(names))


def _birth_place(person: RegisterPersonPublic, application: Application) -> str:
    """The holder's place of birth as printed: the register's, named; else the place the
    application declares; else the register's value as it is (or nothing)."""
    code = person.birth_place or ""
    named = _place_name(application.requested_state, code) if code else None
    return named or application.birth_place or code


def _place_of_issue(
    session: Session, user: User, earlier: TravelDocument | None, given: str | None
) -> str:
    """Where the document is issued: as the consul says; else where the earlier document
    of the case was; else where the consul's authority last issued one; else the state."""
    if given:
        return given
    if earlier is not None and earlier.place_of_issue:
        return earlier.place_of_issue
    last = session.scalar(
        select(TravelDocument.place_of_issue)
        .join(User, TravelDocument.issued_by_id == User.id)
        .where(User.authority_id == user.authority_id, TravelDocument.place_of_issue != "")
        .order_by(TravelDocument.id.desc())
        .limit(1)
    )
    return last or user.authority.state.name


def current(*, session: Session, application: Application) -> TravelDocument | None:
    """The application's valid (unrevoked) travel document, if any."""
    return session.scalars(
        select(TravelDocument)
        .where(TravelDocument.application_id == application.id, TravelDocument.revoked_at.is_(None))
        .order_by(TravelDocument.id.desc())
    ).first()


def issue(
    *,
    session: Session,
    user: User,
    application: Application,
    place_of_issue: str | None = None,
) -> TravelDocument:
    """Issue (or reissue, revoking the earlier one) the ETD for a confirmed application."""
    if user.state_code != application.requested_state or not user.has_role(*ISSUERS):
        raise Forbidden(
            _("only the requested state's verifiers and consuls issue travel documents")
        )
    lifecycle.lock(session=session, application=application)
    status = Status(application.status)
    if status not in REISSUABLE and status != Status.confirmed:
        raise Conflict(
            _(
                "a travel document needs a confirmed application, not {status}",
                status=status.value,
            )
        )
    person = registry.get_person(
        country=application.requested_state, person_id=application.register_person_id or ""
    )
    if person is None or person.birth_date is None:
        raise Conflict(_("the confirmed register person (with a birth date) is needed"))
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
    earlier = current(session=session, application=application)
    printed = {
        "native_name": f"{person.family_name} {person.given_names}".strip(),
        "place_of_birth": _birth_place(person, application),
        "issuing_authority": user.authority.name,
        "place_of_issue": _place_of_issue(session, user, earlier, place_of_issue),
    }
    seal, reference = seals.seal_for(
        session=session,
        state=application.requested_state,
        mrz=mrz,
        valid_until=valid_until,
        route=route,
        number=number,
        today=today,
        printed=printed,
    )
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
        holder_native_name=printed["native_name"],
        holder_birth_place=printed["place_of_birth"],
        issuing_authority=printed["issuing_authority"],
        place_of_issue=printed["place_of_issue"],
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
    native-script name and place of birth."""
    mrz = parse_td3([document.mrz_line1, document.mrz_line2])
    return {
        "surname": mrz.surname,
        "given_names": mrz.given_names,
        "native_name": document.holder_native_name,
        "birth_date": mrz.birth_date_iso(reference_year=document.issued_on.year),
        "birth_place": document.holder_birth_place,
        "sex": mrz.sex,
    }


def take(*, session: Session, user: User, application: Application, copy: Copy) -> TravelDocument:
    """The application's current document for a copy (its record, a PDF or the seal image),
    audited like any read of the holder's particulars; NotFound when none is issued."""
    document = current(session=session, application=application)
    if document is None:
        raise NotFound(_("no travel document has been issued for this application"))
    audit.record(
        session=session,
        actor=user,
        action="traveldoc.read" if copy == "record" else "traveldoc.download",
        entity="travel_document",
        entity_id=document.id,
        application_id=application.id,
        detail={"number": document.number, "copy": copy},
    )
    return document


def file_name(document: TravelDocument, copy: Copy) -> str:
    """What a downloaded copy is called: ETD-R00000042-A4.pdf, …-ID3.pdf, …-seal.png."""
    return f"ETD-{document.number}-{copy}.{'png' if copy == 'seal' else 'pdf'}"
