"""Master lists between deployments: another deployment verifies our seals after importing
our certificates, learns revocations from a newer list, and refuses a forged list."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.database.core import make_engine, utcnow
from readmit.database.migrate import upgrade
from readmit.traveldocs import barcode, issuing, pki, trust
from readmit.traveldocs.models import SigningCertificate
from tests.conftest import database_url
from tests.factories import make_case, seed_world

READMIT = [sys.executable, "-m", "readmit", "traveldoc"]


def _run(url: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READMIT_HOME": str(home), "READMIT_DATABASE_URL": url}
    return subprocess.run([*READMIT, *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def _certificates(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(SigningCertificate)) or 0
    engine.dispose()
    return count


def test_another_deployment_verifies_after_import_and_learns_revocations(tmp_path: Path) -> None:
    china, border = database_url("china"), database_url("border")
    engine = make_engine(china)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = seed_world(session)
        case = make_case(session, world, status=Status.confirmed, index=9)
        verifier = world.user(session, "CHN", Role.verifier)
        first = issuing.issue(session=session, user=verifier, application=case)
        session.commit()
    (tmp_path / "seal.png").write_bytes(barcode.png(first.seal))
    assert _run(china, tmp_path, "trust-export", str(tmp_path / "list.json")).returncode == 0
    listed = json.loads((tmp_path / "list.json").read_text())
    assert "PRIVATE KEY" not in json.dumps(listed)
    unknown = _run(border, tmp_path, "verify", str(tmp_path / "seal.png"))
    assert unknown.returncode == 1 and "unknown signer" in unknown.stderr
    imported = _run(border, tmp_path, "trust-import", str(tmp_path / "list.json"))
    assert imported.returncode == 0 and "imported 2 certificates" in imported.stderr
    assert _run(border, tmp_path, "verify", str(tmp_path / "seal.png")).returncode == 0
    with Session(engine, expire_on_commit=False) as session:
        verifier = world.user(session, "CHN", Role.verifier)
        issuing.issue(session=session, user=verifier, application=session.merge(case))
        session.commit()
    engine.dispose()
    _run(china, tmp_path, "trust-export", str(tmp_path / "newer.json"))
    assert _run(border, tmp_path, "trust-import", str(tmp_path / "newer.json")).returncode == 0
    revoked = _run(border, tmp_path, "verify", str(tmp_path / "seal.png"))
    assert revoked.returncode == 1 and "revoked" in revoked.stderr and "reissued" in revoked.stderr


def test_a_forged_master_list_is_refused_whole(tmp_path: Path) -> None:
    source, target = database_url("source"), database_url("target")
    for url in (source, target):
        upgrade(make_engine(url))
    now = utcnow()
    csca_key, csca = pki.make_csca(state="CHN", alpha2="CN", now=now)
    rogue_key, rogue = pki.make_csca(state="CHN", alpha2="CN", now=now)
    _, honest = pki.make_document_signer(csca_key=csca_key, csca=csca, state="CHN",
                                         reference="0001", now=now)  # fmt: skip
    _, forged = pki.make_document_signer(csca_key=rogue_key, csca=rogue, state="CHN",
                                         reference="0002", now=now)  # fmt: skip
    entries = [("csca", "1", csca), ("ds", "0001", honest), ("ds", "0002", forged)]
    data = {
        "format": "readmit-master-list/1",
        "certificates": [
            {"state": "CHN", "kind": kind, "reference": ref, "pem": pki.pem(cert)}
            for kind, ref, cert in entries
        ],
        "revoked": [],
    }
    (tmp_path / "forged.json").write_text(json.dumps(data))
    refused = _run(target, tmp_path, "trust-import", str(tmp_path / "forged.json"))
    assert refused.returncode == 1
    assert (
        "does not chain to a CHN CSCA" in refused.stderr
        and "nothing was imported" in refused.stderr
    )
    assert _certificates(target) == 0
    (tmp_path / "junk.json").write_text('{"format": "something else"}')
    junk = _run(target, tmp_path, "trust-import", str(tmp_path / "junk.json"))
    assert junk.returncode == 1 and "not a readmit-master-list/1 file" in junk.stderr


def _listing(*entries: tuple[str, str, pki.x509.Certificate], revoked: list | None = None) -> dict:
    return {
        "format": "readmit-master-list/1",
        "certificates": [
            {"state": "CHN", "kind": kind, "reference": ref, "pem": pki.pem(cert)}
            for kind, ref, cert in entries
        ],
        "revoked": revoked or [],
    }


def test_a_ca_posing_as_a_document_signer_is_refused(db: Session) -> None:
    _, csca = pki.make_csca(state="CHN", alpha2="CN", now=utcnow())
    with pytest.raises(trust.MasterListError, match="is a CA certificate"):
        trust.import_list(session=db, data=_listing(("csca", "1", csca), ("ds", "0009", csca)))


def test_a_csca_without_an_ecdsa_key_is_refused(db: Session) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "RSA CSCA")])
    now = utcnow()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    with pytest.raises(trust.MasterListError, match="no ECDSA key"):
        trust.import_list(session=db, data=_listing(("csca", "7", certificate)))


def test_a_revocation_without_a_time_zone_is_read_as_utc(db: Session) -> None:
    entry = {"state": "GTM", "number": "R00000042", "revoked_at": "2026-11-30T10:00:00"}
    assert trust.import_list(session=db, data=_listing(revoked=[entry]))["revocations"] == 1
    found = trust.revoked(session=db, state="GTM", number="R00000042")
    assert found is not None and found["revoked_at"] == "2026-11-30T10:00:00Z"
