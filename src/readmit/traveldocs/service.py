"""Issue emergency travel documents with a signed seal, keep the key chain, and verify seals
offline against the trust store (this deployment's CSCAs and document signers, and any
imported from another deployment's master list)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.config import get_settings
from readmit.countries import country
from readmit.database.core import utcnow
from readmit.i18n import _
from readmit.traveldocs import pki, trust, vds
from readmit.traveldocs.models import DocumentNumber, SigningCertificate


def alpha2(state: str) -> str:
    """The ISO 3166 alpha-2 code used in certificates and seal signer identifiers."""
    return country(state).alpha2


def _certificates(session: Session, state: str, kind: str) -> list[SigningCertificate]:
    return list(
        session.scalars(
            select(SigningCertificate)
            .where(SigningCertificate.state_code == state, SigningCertificate.kind == kind)
            .order_by(SigningCertificate.id)
        )
    )


def _own_csca(
    session: Session, state: str
) -> tuple[ec.EllipticCurvePrivateKey, SigningCertificate]:
    secret = pki.passphrase(get_settings().home)
    for row in _certificates(session, state, "csca"):
        if row.encrypted_key_pem:
            return pki.decrypt_key(row.encrypted_key_pem.encode(), secret), row
    now = utcnow()
    key, certificate = pki.make_csca(state=state, alpha2=alpha2(state), now=now)
    row = _store(session, state, "csca", f"{certificate.serial_number:X}"[:16], certificate, key)
    return key, row


def _store(
    session: Session,
    state: str,
    kind: str,
    reference: str,
    certificate: pki.x509.Certificate,
    key: ec.EllipticCurvePrivateKey | None,
) -> SigningCertificate:
    secret = pki.passphrase(get_settings().home)
    row = SigningCertificate(
        state_code=state,
        kind=kind,
        reference=reference,
        certificate_pem=pki.pem(certificate),
        encrypted_key_pem=pki.encrypt_key(key, secret).decode() if key else None,
        signing=kind == "ds",
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )
    session.add(row)
    session.flush()
    return row


def rotate(*, session: Session, state: str) -> SigningCertificate:
    """A new document signer for the state; earlier ones stop signing but keep verifying."""
    csca_key, csca_row = _own_csca(session, state)
    earlier = _certificates(session, state, "ds")
    for row in earlier:
        row.signing = False
    reference = f"{len(earlier) + 1:04X}"
    key, certificate = pki.make_document_signer(
        csca_key=csca_key,
        csca=pki.load_certificate(csca_row.certificate_pem),
        state=state,
        reference=reference,
        now=utcnow(),
    )
    return _store(session, state, "ds", reference, certificate, key)


def signer(
    *, session: Session, state: str
) -> tuple[ec.EllipticCurvePrivateKey, SigningCertificate]:
    """The state's current document signer (created with its CSCA on first use)."""
    current = [r for r in _certificates(session, state, "ds") if r.signing and r.encrypted_key_pem]
    row = current[-1] if current else rotate(session=session, state=state)
    secret = pki.passphrase(get_settings().home)
    return pki.decrypt_key((row.encrypted_key_pem or "").encode(), secret), row


def next_number(*, session: Session) -> str:
    """The next travel document number: R and eight digits, from the database's sequence."""
    taken = DocumentNumber()
    session.add(taken)
    session.flush()
    return f"R{taken.id:08d}"


# Sealed as UTF-8 text, each only when known; the data page prints the same.
PRINTED_TEXT = {
    "native_name": vds.TAG_NATIVE_NAME,
    "place_of_birth": vds.TAG_BIRTH_PLACE,
    "issuing_authority": vds.TAG_AUTHORITY,
    "place_of_issue": vds.TAG_PLACE_OF_ISSUE,
}


def seal_for(
    *,
    session: Session,
    state: str,
    mrz: tuple[str, str],
    valid_until: date,
    route: str,
    number: str,
    today: date,
    printed: dict[str, str],
) -> tuple[bytes, str]:
    """Sign a seal for a travel document, with the `PRINTED_TEXT` fields given in
    `printed`; returns the seal and the signer's reference."""
    key, row = signer(session=session, state=state)
    header = vds.Header(state, f"{alpha2(state)}RD", row.reference, today, today)
    features = {
        vds.TAG_MRZ: vds.c40_encode(mrz[0] + mrz[1]),
        vds.TAG_VALID_UNTIL: vds.encode_date(valid_until),
        vds.TAG_ROUTE: vds.c40_encode(route),
        vds.TAG_DOCUMENT_ID: vds.c40_encode(number),
    }
    for name, tag in PRINTED_TEXT.items():
        if printed.get(name):
            features[tag] = printed[name].encode()
    body = header.encode() + vds.message(features)
    return vds.assemble(header, features, pki.sign(key, body)), row.reference


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a seal, with the sealed data when it could be read."""

    valid: bool
    reason: str
    data: dict[str, str] = field(default_factory=dict)


def _sealed_data(seal: vds.Seal) -> dict[str, str]:
    mrz = (seal.text(vds.TAG_MRZ) or "").replace(" ", "<")
    data = {
        "issuing_state": seal.header.issuing_state,
        "signer": f"{seal.header.signer}/{seal.header.certificate_reference}",
        "issued": seal.header.issued.isoformat(),
        "mrz_line1": mrz[:44],
        "mrz_line2": mrz[44:],
        "route": seal.text(vds.TAG_ROUTE) or "",
        "document_number": seal.text(vds.TAG_DOCUMENT_ID) or "",
    }
    if vds.TAG_VALID_UNTIL in seal.features:
        data["valid_until"] = vds.decode_date(seal.features[vds.TAG_VALID_UNTIL]).isoformat()
    for name, tag in PRINTED_TEXT.items():
        if tag in seal.features:
            data[name] = seal.features[tag].decode("utf-8", "replace")
    return data


def verify(*, session: Session, data: bytes, now: datetime | None = None) -> Verdict:
    """Check layout, signer, chain, signature, validity and revocation, in that order."""
    now = pki.utc(now or utcnow())
    try:
        seal = vds.parse(data)
        sealed = _sealed_data(seal)
    except vds.SealError as exc:
        return Verdict(False, _("malformed: {problem}", problem=exc))
    state = seal.header.issuing_state
    ds_row = next(
        (
            r
            for r in _certificates(session, state, "ds")
            if r.reference == seal.header.certificate_reference
        ),
        None,
    )
    if ds_row is None:
        return Verdict(
            False,
            _(
                "unknown signer: no certificate {signer} for {state}",
                signer=sealed["signer"],
                state=state,
            ),
            sealed,
        )
    ds = pki.load_certificate(ds_row.certificate_pem)
    anchors = [
        pki.load_certificate(r.certificate_pem) for r in _certificates(session, state, "csca")
    ]
    if not any(pki.issued_by(ds, csca) for csca in anchors):
        return Verdict(
            False,
            _(
                "forged certificate: {signer} does not chain to a {state} CSCA",
                signer=sealed["signer"],
                state=state,
            ),
            sealed,
        )
    if not pki.signature_valid(ds, seal.signed_bytes, seal.signature):
        return Verdict(False, _("tampered: the signature does not match the sealed data"), sealed)
    if not ds.not_valid_before_utc <= now <= ds.not_valid_after_utc:
        return Verdict(
            False,
            _(
                "expired: signer certificate valid until {date}",
                date=f"{ds.not_valid_after_utc:%Y-%m-%d}",
            ),
            sealed,
        )
    if sealed.get("valid_until", "9999-12-31") < now.date().isoformat():
        return Verdict(
            False,
            _("expired: the document was valid until {date}", date=sealed["valid_until"]),
            sealed,
        )
    revocation = trust.revoked(session=session, state=state, number=sealed["document_number"])
    if revocation is not None:
        return Verdict(
            False,
            _(
                "revoked on {date}: {reason}",
                date=revocation["revoked_at"][:10],
                reason=revocation["reason"],
            ),
            sealed,
        )
    return Verdict(True, "valid", sealed)
