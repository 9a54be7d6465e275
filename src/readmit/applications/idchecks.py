"""National IDs at intake: checked as printed, recorded with what the checks found, and
kept out of the identity engine's comparison when they fail.

A number that is no such number at all (wrong length or characters) is refused by
`validation.check_person`; one that fails its check digit or another check is recorded as
printed, marked as failing, so that a damaged or forged card can be put on file as it is."""

from readmit.applications.models import Document
from readmit.applications.schemas import DocumentIn, PersonIn, PersonPublic
from readmit.documents.national_ids import IdCheck, NumberCheck, check_national_id, has_validator
from readmit.i18n import DEFAULT, using

FAILING = frozenset({NumberCheck.check_digit_fails, NumberCheck.contents_fail})


def id_check(document: DocumentIn, person: PersonIn) -> IdCheck | None:
    """What the checks of the document's country find in its national ID number; None when
    nothing is checked (another kind of document, no number, or a country without a
    check). Raises MalformedId for text that is no such number."""
    country = document.issuing_state or person.nationality_claimed
    if document.type != "national_id" or not document.number or not country:
        return None
    return check_national_id(country, document.number) if has_validator(country) else None


def document_row(document: DocumentIn, person: PersonIn) -> Document:
    """A document as recorded, with its check (the person has passed `check_person`)."""
    # The reason a number fails is kept, so it is kept in one language for every reader,
    # whichever language the officer who recorded it works in.
    with using(DEFAULT):
        checked = id_check(document, person)
    return Document(
        type=document.type,
        number=document.number,
        issuing_state=document.issuing_state,
        mrz=document.mrz,
        number_check=checked.status if checked else None,
        number_check_note=checked.reason if checked else None,
    )


def for_engine(person: PersonPublic) -> PersonIn:
    """The particulars the identity engine compares: without a national ID recorded as
    failing its checks. As typed it can equal no register number (those pass their
    checks), and from a card that may be damaged or forged its near misses say nothing of
    who the person is, so it must not weigh as an identifier. The verifier can still look
    it up as typed."""
    kept = [d for d in person.documents if d.number_check not in FAILING]
    return person.model_copy(update={"documents": kept})
