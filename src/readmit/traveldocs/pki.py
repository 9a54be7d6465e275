"""The seal's key chain: a country signing CA (CSCA) per state, document signer (DS)
certificates under it, ECDSA P-256 signatures in the raw r‖s form 9303-13 puts in a seal,
and private keys encrypted at rest with a passphrase kept outside the database."""

import base64
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.x509.oid import NameOID

CURVE = ec.SECP256R1()
COORDINATE = 32  # bytes of r and of s on P-256


def passphrase(home: Path) -> bytes:
    """The key-encryption passphrase: READMIT_SIGNING_PASSPHRASE, else a random one created
    once in READMIT_HOME/secrets/signing.key (mode 0600), never in the database."""
    if env := os.environ.get("READMIT_SIGNING_PASSPHRASE"):
        return env.encode()
    path = home / "secrets" / "signing.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(base64.b64encode(secrets.token_bytes(32)).decode())
    return path.read_text().strip().encode()


def _name(state: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, state[:2]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"Readmit {state}"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_csca(
    *, state: str, alpha2: str, now: datetime, years: int = 10
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed country signing CA for a state."""
    key = ec.generate_private_key(CURVE)
    name = _name(alpha2, f"Readmit CSCA {state}")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def _usage(*, sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not sign,
        crl_sign=not sign,
        encipher_only=False,
        decipher_only=False,
    )


def make_document_signer(
    *,
    csca_key: ec.EllipticCurvePrivateKey,
    csca: x509.Certificate,
    state: str,
    reference: str,
    now: datetime,
    years: int = 3,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A document signer certificate under the state's CSCA. It stays valid for verifying
    for `years` after it is replaced for signing, so rotated keys keep old seals checkable."""
    key = ec.generate_private_key(CURVE)
    country = str(csca.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(country, f"Readmit DS {state} {reference}"))
        .issuer_name(csca.subject)
        .public_key(key.public_key())
        .serial_number(int(reference, 16))
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(csca.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(csca_key, hashes.SHA256())
    )
    return key, certificate


def encrypt_key(key: ec.EllipticCurvePrivateKey, secret: bytes) -> bytes:
    """PKCS#8 PEM, encrypted with the passphrase."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(secret),
    )


def decrypt_key(pem: bytes, secret: bytes) -> ec.EllipticCurvePrivateKey:
    """The private key from its encrypted PEM."""
    key = serialization.load_pem_private_key(pem, password=secret)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("not an EC private key")
    return key


def pem(certificate: x509.Certificate) -> str:
    """A certificate as PEM text."""
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def load_certificate(text: str | bytes) -> x509.Certificate:
    """A certificate from PEM text."""
    return x509.load_pem_x509_certificate(text.encode() if isinstance(text, str) else text)


def sign(key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    """ECDSA-SHA256 over the data, as r‖s."""
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(COORDINATE, "big") + s.to_bytes(COORDINATE, "big")


def signature_valid(certificate: x509.Certificate, data: bytes, raw: bytes) -> bool:
    """Whether r‖s is the certificate key's signature over the data."""
    if len(raw) != 2 * COORDINATE:
        return False
    public = certificate.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        return False
    der = encode_dss_signature(
        int.from_bytes(raw[:COORDINATE], "big"), int.from_bytes(raw[COORDINATE:], "big")
    )
    try:
        public.verify(der, data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether `issuer` (a CA certificate) signed `certificate`."""
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return is_ca(issuer)


def is_ca(certificate: x509.Certificate) -> bool:
    """Whether the certificate may issue others (basic constraints say CA)."""
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def is_seal_key(certificate: x509.Certificate) -> bool:
    """Whether the certificate's key is of the kind seals are signed with (ECDSA)."""
    return isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)


def utc(moment: datetime) -> datetime:
    """An aware UTC datetime."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
