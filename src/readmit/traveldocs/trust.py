"""Trust between deployments: a master list (CSCA and document signer certificates, never
keys) and each state's revocation list, exported by one deployment and imported by another
so its border officers can verify that state's seals offline."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.database.core import utcnow
from readmit.traveldocs import pki
from readmit.traveldocs.models import ReceivedRevocation, SigningCertificate, TravelDocument

FORMAT = "readmit-master-list/1"


class MasterListError(ValueError):
    """The master list cannot be imported; nothing was."""


def _entry(state: str, number: str, when: datetime, reason: str) -> dict[str, str]:
    return {
        "state": state,
        "number": number,
        "revoked_at": f"{when:%Y-%m-%dT%H:%M:%SZ}",
        "reason": reason,
    }


def revocations(*, session: Session, state: str) -> list[dict[str, str]]:
    """The state's revoked documents: its own and those received in master lists."""
    own = session.scalars(
        select(TravelDocument).where(
            TravelDocument.issuing_state == state, TravelDocument.revoked_at.is_not(None)
        )
    )
    received = session.scalars(
        select(ReceivedRevocation).where(ReceivedRevocation.state_code == state)
    )
    listed = {
        d.number: _entry(state, d.number, d.revoked_at, d.revocation_reason or "")
        for d in own
        if d.revoked_at is not None
    }
    for r in received:
        listed.setdefault(r.number, _entry(state, r.number, r.revoked_at, r.reason))
    return sorted(listed.values(), key=lambda item: item["number"])


def revoked(*, session: Session, state: str, number: str) -> dict[str, str] | None:
    """The revocation of one document, if it is revoked (run on every seal check)."""
    own = session.scalars(
        select(TravelDocument).where(
            TravelDocument.issuing_state == state,
            TravelDocument.number == number,
            TravelDocument.revoked_at.is_not(None),
        )
    ).first()
    if own is not None and own.revoked_at is not None:
        return _entry(state, number, own.revoked_at, own.revocation_reason or "")
    received = session.scalars(
        select(ReceivedRevocation).where(
            ReceivedRevocation.state_code == state, ReceivedRevocation.number == number
        )
    ).first()
    return _entry(state, number, received.revoked_at, received.reason) if received else None


def export(*, session: Session, states: list[str] | None = None) -> dict[str, Any]:
    """Certificates and revocations of the given states (default: all known)."""
    query = select(SigningCertificate).order_by(
        SigningCertificate.state_code, SigningCertificate.id
    )
    rows = [r for r in session.scalars(query) if states is None or r.state_code in states]
    known = sorted({r.state_code for r in rows})
    return {
        "format": FORMAT,
        "exported_at": f"{utcnow():%Y-%m-%dT%H:%M:%SZ}",
        "certificates": [
            {
                "state": r.state_code,
                "kind": r.kind,
                "reference": r.reference,
                "pem": r.certificate_pem,
            }
            for r in rows
        ],
        "revoked": [item for state in known for item in revocations(session=session, state=state)],
    }


def _checked(entry: dict[str, Any]) -> tuple[str, str, str, pki.x509.Certificate]:
    try:
        state, kind, reference = str(entry["state"]), str(entry["kind"]), str(entry["reference"])
        certificate = pki.load_certificate(str(entry["pem"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise MasterListError(f"unreadable certificate entry: {exc}") from None
    if kind not in ("csca", "ds") or len(state) != 3 or not 1 <= len(reference) <= 16:
        raise MasterListError(f"bad certificate entry for {state!r}/{kind!r}/{reference!r}")
    if not pki.is_seal_key(certificate):
        raise MasterListError(f"{state} {kind} {reference} has no ECDSA key, as seals need")
    if kind == "ds" and pki.is_ca(certificate):
        raise MasterListError(f"{state} document signer {reference} is a CA certificate")
    return state, kind, reference, certificate


def import_list(*, session: Session, data: dict[str, Any]) -> dict[str, int]:
    """Add the certificates and revocations this store lacks. A CSCA must be a self-signed
    CA; a document signer must chain to one of its state's CSCAs (here or in the list)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MasterListError(f"not a {FORMAT} file")
    certificates, revoked_items = data.get("certificates") or [], data.get("revoked") or []
    if not isinstance(certificates, list) or not isinstance(revoked_items, list):
        raise MasterListError("certificates and revoked must be lists")
    entries = [_checked(e) for e in certificates]
    have = {
        (r.state_code, r.kind, r.reference): r for r in session.scalars(select(SigningCertificate))
    }
    anchors: dict[str, list[pki.x509.Certificate]] = {}
    for r in have.values():
        if r.kind == "csca":
            anchors.setdefault(r.state_code, []).append(pki.load_certificate(r.certificate_pem))
    added = 0
    for state, kind, reference, certificate in sorted(entries, key=lambda e: e[1]):  # csca first
        if kind == "csca":
            if not pki.issued_by(certificate, certificate):
                raise MasterListError(f"{state} CSCA {reference} is not a self-signed CA")
            anchors.setdefault(state, []).append(certificate)
        elif not any(pki.issued_by(certificate, csca) for csca in anchors.get(state, [])):
            raise MasterListError(
                f"{state} document signer {reference} does not chain to a {state} CSCA"
            )
        if (state, kind, reference) in have:
            continue
        session.add(
            SigningCertificate(
                state_code=state,
                kind=kind,
                reference=reference,
                certificate_pem=pki.pem(certificate),
                encrypted_key_pem=None,
                signing=False,
                not_before=certificate.not_valid_before_utc,
                not_after=certificate.not_valid_after_utc,
            )
        )
        added += 1
    received = 0
    for item in revoked_items:
        try:
            state, number, when = str(item["state"]), str(item["number"]), str(item["revoked_at"])
            moment = pki.utc(datetime.fromisoformat(when.replace("Z", "+00:00")))
            reason = str(item.get("reason") or "")[:40]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise MasterListError(f"unreadable revocation entry: {exc}") from None
        if len(state) != 3 or not 1 <= len(number) <= 9:
            raise MasterListError(f"bad revocation entry {state!r}/{number!r}")
        if revoked(session=session, state=state, number=number) is None:
            session.add(
                ReceivedRevocation(
                    state_code=state,
                    number=number,
                    revoked_at=moment,
                    reason=reason,
                )
            )
            session.flush()
            received += 1
    session.flush()
    return {"certificates": added, "revocations": received}
