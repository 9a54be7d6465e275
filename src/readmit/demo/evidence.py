"""The demo's documents and its screening, added through the same services officers use: a
passport scan shared with the requested state, a removal order and a piece of protection
evidence kept by the requesting state, and a draft whose intake noted signs of trafficking,
waiting for a protection officer. The files are generated, small and the same on every run."""

import random
from datetime import UTC, date, datetime

from fpdf import FPDF
from sqlalchemy.orm import Session

from readmit.applications import service as applications
from readmit.applications.models import Application
from readmit.applications.schemas import ApplicationCreate
from readmit.attachments import service as attachments
from readmit.attachments.models import AttachmentKind
from readmit.auth.models import User
from readmit.countries import iso
from readmit.documents.mrz import build_td3
from readmit.protection import trafficking
from readmit.protection.models import TraffickingIndicator
from readmit.synth import passport_scans
from readmit.synth.project.generator import SynthPerson, make_application

# Fixed, so that a file's digest is the same on every run of the demo.
PRINTED = datetime(2026, 1, 5, tzinfo=UTC)
PASSPORT_EXPIRY = date(2033, 6, 30)
SPECIMEN = "Specimen generated for the Readmit demo: synthetic data, not a real document."


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF: a title, then one paragraph per line, then the specimen notice."""
    document = FPDF(format="A4")
    document.set_creation_date(PRINTED)
    document.add_page()
    document.set_font("Helvetica", style="B", size=15)
    document.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    document.set_font("Helvetica", size=11)
    for line in lines:
        document.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        document.ln(2)
    document.ln(6)
    document.set_font("Helvetica", style="I", size=9)
    document.multi_cell(0, 5, SPECIMEN, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def passport_scan(person: SynthPerson, number: str) -> tuple[str, bytes]:
    """(file name, bytes) of the person's passport data page. Its MRZ is printed in OCR-B, so
    the scan can be read by OCR; where Debian's fonts-ocr-b is missing, the page is a PDF
    with the same two lines."""
    lines = build_td3(
        issuing_state=person.person_id[:3],
        surname=person.family_name_latin,
        given_names=person.given_names_latin,
        document_number=number,
        nationality=person.person_id[:3],
        birth_date=person.birth_date,
        sex=person.sex,
        expiry_date=PASSPORT_EXPIRY,
    )
    if passport_scans.OCR_B.exists():
        return "passport-data-page.png", passport_scans.page(lines)
    facts = [
        f"Surname: {person.family_name_latin.upper()}",
        f"Given names: {person.given_names_latin.upper()}",
        f"Date of birth: {person.birth_date.isoformat()}",
        f"Passport number: {number}",
        *lines,
    ]
    return "passport-data-page.pdf", pdf("Passport data page", facts)


def _attach(
    session: Session,
    user: User,
    application: Application,
    kind: AttachmentKind,
    file: tuple[str, bytes],
) -> None:
    name, data = file
    upload = attachments.prepare(
        user=user, application=application, kind=kind, filename=name, data=data
    )
    attachments.add(session=session, user=user, application=application, upload=upload)


def attach_documents(
    *,
    session: Session,
    officer: User,
    guard: User,
    scanned: tuple[Application, SynthPerson],
    ordered: tuple[Application, SynthPerson],
    claimed: tuple[Application, SynthPerson],
) -> None:
    """A passport scan (shared, as identity documents are), a removal order (kept) and the
    receipt of an asylum claim (protection evidence, never shared), one case each."""
    case, person = scanned
    _attach(
        session,
        officer,
        case,
        AttachmentKind.passport_scan,
        passport_scan(person, person.passport_numbers[-1]),
    )
    case, person = ordered
    name = f"{person.family_name_latin.upper()} {person.given_names_latin}"
    country = iso.name(person.person_id[:3])
    order = pdf(
        "Order of removal",
        [
            f"In the matter of {name}, born {person.birth_date.isoformat()}, "
            f"a national of {country}.",
            "The immigration judge orders the respondent removed from the United States "
            f"to {country}. No appeal was filed; the order is final.",
            f"Case reference: {case.reference}.",
        ],
    )
    _attach(session, officer, case, AttachmentKind.removal_order, ("removal-order.pdf", order))
    case, person = claimed
    name = f"{person.family_name_latin.upper()} {person.given_names_latin}"
    receipt = pdf(
        "Receipt of an application for asylum",
        [
            f"Applicant: {name}, born {person.birth_date.isoformat()}.",
            "The application for asylum and for withholding of removal was received and is "
            "pending; the applicant may not be removed while it is decided.",
        ],
    )
    _attach(
        session, guard, case, AttachmentKind.protection_evidence, ("asylum-receipt.pdf", receipt)
    )


def screened_draft(
    *, session: Session, officer: User, person: SynthPerson, country: str
) -> Application:
    """A new draft whose intake noted signs of trafficking: held until a protection officer
    decides, and on their list of decisions due."""
    payload = ApplicationCreate.model_validate(
        {
            "requested_state": country,
            "person": make_application(
                person, requested_state=country, rng=random.Random(17), corruption="clean"
            ),
        }
    )
    application, _ = applications.create(session=session, actor=officer, payload=payload)
    trafficking.screen(
        session=session,
        user=officer,
        application=application,
        indicators=[
            TraffickingIndicator.debt_bondage,
            TraffickingIndicator.documents_withheld,
            TraffickingIndicator.restricted_movement,
        ],
        note="Says the recruiter kept the passport until a travel debt was worked off.",
    )
    return application
