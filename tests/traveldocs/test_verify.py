"""Seals from issue to verdict: render → decode from the PNG → verify; one failure per
reason (tampered, unknown signer, forged certificate, expired, revoked, malformed); hostile
scans refused within the limits of `readmit.uploads`."""

import base64
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from fpdf import FPDF
from sqlalchemy.orm import Session

from readmit import uploads
from readmit.applications.enums import Status
from readmit.database.core import utcnow
from readmit.documents.mrz import build_td3
from readmit.traveldocs import barcode, pki
from readmit.traveldocs import service as traveldocs
from readmit.traveldocs.models import SigningCertificate, TravelDocument
from tests.factories import World, make_case
from tests.hostile_files import blank_pdf, bomb_png


@pytest.fixture
def case_id(db: Session, world: World) -> int:
    return make_case(db, world, status=Status.confirmed).id


def _issue(
    db: Session, case_id: int, state: str = "CHN", valid_days: int = 30
) -> tuple[bytes, str]:
    today = utcnow().date()
    number = traveldocs.next_number(session=db)
    mrz = build_td3(
        document_code="PE",
        issuing_state=state,
        surname="ZHANG",
        given_names="XIAOMING",
        document_number=number,
        nationality=state,
        birth_date=date(1990, 1, 1),
        sex="M",
        expiry_date=today + timedelta(days=valid_days),
    )
    seal, reference = traveldocs.seal_for(
        session=db,
        state=state,
        mrz=mrz,
        valid_until=today + timedelta(days=valid_days),
        route="USA CHN",
        printed={"native_name": "张小明"},
        number=number,
        today=today,
    )
    db.add(
        TravelDocument(
            application_id=case_id,
            number=number,
            issuing_state=state,
            mrz_line1=mrz[0],
            mrz_line2=mrz[1],
            seal=seal,
            signer_reference=reference,
            holder_native_name="张小明",
            route="USA CHN",
            issued_on=today,
            valid_until=today + timedelta(days=valid_days),
        )
    )
    return seal, number


def test_round_trip_through_the_png(db: Session, case_id: int, tmp_path: Path) -> None:
    seal, number = _issue(db, case_id)
    (tmp_path / "seal.png").write_bytes(barcode.png(seal))
    decoded = barcode.read_file(tmp_path / "seal.png")
    assert decoded == seal
    verdict = traveldocs.verify(session=db, data=decoded)
    assert verdict.valid, verdict.reason
    assert verdict.data["document_number"] == number
    assert verdict.data["mrz_line1"].startswith("PECHNZHANG<<XIAOMING")
    assert verdict.data["native_name"] == "张小明"
    (tmp_path / "seal.b64").write_text(base64.b64encode(seal).decode())
    assert barcode.read_file(tmp_path / "seal.b64") == seal


def test_a_flipped_byte_is_tampered(db: Session, case_id: int) -> None:
    seal, _ = _issue(db, case_id)
    tampered = bytearray(seal)
    tampered[30] ^= 0x04
    verdict = traveldocs.verify(session=db, data=bytes(tampered))
    assert not verdict.valid and verdict.reason.startswith(("tampered", "malformed"))


def test_a_signer_this_store_does_not_know_is_refused(db: Session, case_id: int) -> None:
    seal, _ = _issue(db, case_id)
    for row in db.query(SigningCertificate).filter_by(state_code="CHN", kind="ds"):
        row.reference = "FFFF"
    verdict = traveldocs.verify(session=db, data=seal)
    assert not verdict.valid and verdict.reason.startswith("unknown signer")


def test_a_signer_certificate_not_issued_by_the_states_csca_is_forged(
    db: Session, case_id: int
) -> None:
    seal, _ = _issue(db, case_id)
    now = utcnow()
    rogue_key, rogue_csca = pki.make_csca(state="CHN", alpha2="CN", now=now)
    current = (
        db.query(SigningCertificate).filter_by(state_code="CHN", kind="ds", signing=True).one()
    )
    _, forged = pki.make_document_signer(
        csca_key=rogue_key, csca=rogue_csca, state="CHN", reference=current.reference, now=now
    )
    current.certificate_pem = pki.pem(forged)
    verdict = traveldocs.verify(session=db, data=seal)
    assert not verdict.valid and verdict.reason.startswith("forged certificate")


def test_another_states_key_cannot_sign_for_china(db: Session, case_id: int) -> None:
    seal, _ = _issue(db, case_id, state="GTM")
    forged = bytearray(seal)
    forged[2:4] = bytes.fromhex("6764")  # "CHN" in C40 where "GTM" stood
    verdict = traveldocs.verify(session=db, data=bytes(forged))
    assert not verdict.valid
    assert verdict.reason.startswith(("unknown signer", "forged certificate", "tampered"))


def test_an_expired_document(db: Session, case_id: int) -> None:
    seal, _ = _issue(db, case_id, valid_days=30)
    later = utcnow() + timedelta(days=31)
    verdict = traveldocs.verify(session=db, data=seal, now=later)
    assert not verdict.valid and verdict.reason.startswith("expired: the document")


def test_a_revoked_document(db: Session, case_id: int) -> None:
    seal, number = _issue(db, case_id)
    document = db.query(TravelDocument).filter_by(number=number).one()
    document.revoked_at, document.revocation_reason = utcnow(), "reissued"
    verdict = traveldocs.verify(session=db, data=seal)
    assert (
        not verdict.valid and verdict.reason.startswith("revoked") and "reissued" in verdict.reason
    )


def test_rotation_keeps_old_seals_verifiable(db: Session, world: World, case_id: int) -> None:
    old, _ = _issue(db, case_id)
    traveldocs.rotate(session=db, state="CHN")
    new, _ = _issue(db, make_case(db, world, index=1, status=Status.confirmed).id)
    assert old[4:12] != new[4:12]  # another certificate reference in the header
    assert traveldocs.verify(session=db, data=old).valid
    assert traveldocs.verify(session=db, data=new).valid


@pytest.mark.parametrize("data", [b"", b"not a seal at all", b"\xdc\x03" + b"\x01" * 30])
def test_malformed(db: Session, data: bytes) -> None:
    verdict = traveldocs.verify(session=db, data=data)
    assert not verdict.valid and verdict.reason.startswith("malformed")


def test_private_keys_are_stored_encrypted(db: Session, case_id: int) -> None:
    _issue(db, case_id)
    rows = db.query(SigningCertificate).filter_by(state_code="CHN").all()
    assert rows and all("ENCRYPTED PRIVATE KEY" in (r.encrypted_key_pem or "") for r in rows)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bomb.png", bomb_png(), "has more than 50 million pixels; it was not decoded"),
        ("blank.pdf", blank_pdf(4), "no DataMatrix seal found in the PDF (only its first 3 pages"),
        ("scan.pdf", b"%PDF-1.7 cut short", "not a readable PDF"),
    ],
)
def test_hostile_files_are_unreadable_seals_with_the_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(uploads.Refused, match=re.escape(reason)):  # from the worker process
        uploads.run(barcode.read_upload, data, name)
    (tmp_path / name).write_bytes(data)  # as `readmit traveldoc verify` reads it
    with pytest.raises(barcode.UnreadableSeal, match=f"^{re.escape(str(tmp_path / name))}: "):
        barcode.read_file(tmp_path / name)


def test_a_seal_on_the_third_page_is_found_and_not_on_the_fourth(tmp_path: Path) -> None:
    seal = b"\xdc\x03" + bytes(range(40))
    (tmp_path / "seal.png").write_bytes(barcode.png(seal))
    for pages, found in ((3, True), (4, False)):
        pdf = FPDF()
        for _ in range(pages):
            pdf.add_page()
        pdf.image(str(tmp_path / "seal.png"), x=20, y=20, w=40)
        data = bytes(pdf.output())
        if found:
            assert uploads.run(barcode.read_upload, data, "d.pdf") == seal
        else:
            with pytest.raises(uploads.Refused, match="first 3 pages"):
                uploads.run(barcode.read_upload, data, "d.pdf")
