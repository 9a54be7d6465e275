"""ICAO Doc 9303 Part 13 Visible Digital Seal (version 4 header): C40 text, dates, the
header, the message zone of TLV features and the ECDSA signature zone.

Layout: 0xDC | version 0x03 | issuing state (C40) | signer identifier + certificate reference
(C40: 4 characters, 2 hex digits giving the reference's length, the reference) | issue date
(3 bytes) | signature date (3 bytes) | feature definition reference | document type category
| features (tag, DER length, value)… | 0xFF, DER length, r‖s.

The emergency-travel-document feature set: tag 0x02 carries the TD3 MRZ (88 characters,
'<' written as space in C40) as the ETD profile does; tags 0x40-0x47 are Readmit's own
(validity, route, native-script name, case reference, document number, and in UTF-8 the
holder's place of birth, the issuing authority and the place of issue), which a verifier
that does not know them still covers by the signature. Seals made before the last three
existed simply lack them.
"""

from dataclasses import dataclass, field
from datetime import date

MAGIC = 0xDC
VERSION_4 = 0x03
SIGNATURE_TAG = 0xFF
ETD_FEATURE_REFERENCE = 0x5E
ETD_TYPE_CATEGORY = 0x03

TAG_MRZ = 0x02
TAG_VALID_UNTIL = 0x40
TAG_ROUTE = 0x41
TAG_NATIVE_NAME = 0x42
TAG_CASE = 0x43
TAG_DOCUMENT_ID = 0x44
TAG_BIRTH_PLACE = 0x45
TAG_AUTHORITY = 0x46
TAG_PLACE_OF_ISSUE = 0x47

_C40 = {" ": 3, **{str(d): 4 + d for d in range(10)}}
_C40.update({chr(ord("A") + i): 14 + i for i in range(26)})
_FROM_C40 = {v: k for k, v in _C40.items()}


class SealError(ValueError):
    """The bytes are not a well-formed seal."""


def c40_encode(text: str) -> bytes:
    """C40 as 9303-13 uses it: triples in two bytes, a lone last character as 0xFE, byte+1."""
    text = text.replace("<", " ")
    unknown = sorted({c for c in text if c not in _C40})
    if unknown:
        raise SealError(f"not encodable in C40: {''.join(unknown)!r}")
    out = bytearray()
    for i in range(0, len(text) - len(text) % 3, 3):
        c1, c2, c3 = (_C40[c] for c in text[i : i + 3])
        out += (1600 * c1 + 40 * c2 + c3 + 1).to_bytes(2, "big")
    rest = text[len(text) - len(text) % 3 :]
    if len(rest) == 2:
        out += (1600 * _C40[rest[0]] + 40 * _C40[rest[1]] + 1).to_bytes(2, "big")
    elif len(rest) == 1:
        out += bytes((0xFE, ord(rest) + 1))
    return bytes(out)


def c40_decode(data: bytes) -> str:
    """The text of C40 bytes (padding dropped)."""
    if len(data) % 2:
        raise SealError("C40 data has an odd number of bytes")
    chars: list[str] = []
    for i in range(0, len(data), 2):
        if data[i] == 0xFE:
            if data[i + 1] == 0:
                raise SealError("C40 shift to a byte value of 0")
            chars.append(chr(data[i + 1] - 1))
            continue
        value = int.from_bytes(data[i : i + 2], "big") - 1
        for code in (value // 1600, value % 1600 // 40, value % 40):
            if code == 0:
                continue
            if code not in _FROM_C40:
                raise SealError(f"C40 value {code} is outside the basic set")
            chars.append(_FROM_C40[code])
    return "".join(chars)


def encode_date(day: date) -> bytes:
    """A date as 9303-13 writes it: MMDDYYYY read as a decimal number, in three bytes."""
    return int(day.strftime("%m%d%Y")).to_bytes(3, "big")


def decode_date(data: bytes) -> date:
    """A 9303-13 date from its three bytes."""
    if len(data) != 3:
        raise SealError(f"a seal date has 3 bytes, not {len(data)}")
    text = f"{int.from_bytes(data, 'big'):08d}"
    try:
        return date(int(text[4:]), int(text[:2]), int(text[2:4]))
    except (ValueError, OverflowError) as exc:
        raise SealError(f"not a seal date: {text}") from exc


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    size = (n.bit_length() + 7) // 8
    return bytes((0x80 | size,)) + n.to_bytes(size, "big")


def _read_length(data: bytes, at: int) -> tuple[int, int]:
    if at >= len(data):
        raise SealError("truncated length")
    first = data[at]
    if first < 0x80:
        return first, at + 1
    size = first & 0x7F
    if size == 0 or size > 3 or at + 1 + size > len(data):
        raise SealError("bad length")
    return int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


@dataclass(frozen=True)
class Header:
    """Who signed, when, and what kind of document."""

    issuing_state: str
    signer: str  # 4 characters: the state's 2-letter code and 2 more
    certificate_reference: str  # hex digits naming the document signer certificate
    issued: date
    signed: date
    feature_reference: int = ETD_FEATURE_REFERENCE
    type_category: int = ETD_TYPE_CATEGORY

    def encode(self) -> bytes:
        reference = self.certificate_reference.upper()
        signer = f"{self.signer}{len(reference):02X}{reference}"
        return (
            bytes((MAGIC, VERSION_4))
            + c40_encode(self.issuing_state)
            + c40_encode(signer)
            + encode_date(self.issued)
            + encode_date(self.signed)
            + bytes((self.feature_reference, self.type_category))
        )


@dataclass(frozen=True)
class Seal:
    """A decoded seal: header, features by tag, the signed bytes and the raw signature."""

    header: Header
    features: dict[int, bytes] = field(default_factory=dict)
    signed_bytes: bytes = b""
    signature: bytes = b""

    def text(self, tag: int) -> str | None:
        """A C40 feature as text."""
        return c40_decode(self.features[tag]) if tag in self.features else None


def message(features: dict[int, bytes]) -> bytes:
    """The message zone: features in tag order."""
    return b"".join(
        bytes((tag,)) + _der_length(len(value)) + value for tag, value in sorted(features.items())
    )


def assemble(header: Header, features: dict[int, bytes], signature: bytes) -> bytes:
    """Header, message and signature zone."""
    body = header.encode() + message(features)
    return body + bytes((SIGNATURE_TAG,)) + _der_length(len(signature)) + signature


def parse(data: bytes) -> Seal:
    """Decode a seal; any deviation from the layout is a SealError."""
    if len(data) < 20 or data[0] != MAGIC:
        raise SealError("not a visible digital seal (no 0xDC magic byte)")
    if data[1] != VERSION_4:
        raise SealError(f"unsupported seal version byte 0x{data[1]:02X}")
    state = c40_decode(data[2:4])
    signer_head = c40_decode(data[4:8])
    try:
        ref_length = int(signer_head[4:6], 16)
    except ValueError as exc:
        raise SealError("bad certificate reference length") from exc
    # The 6 characters read so far plus the reference, C40-packed in pairs of bytes.
    total = 6 + ref_length
    size = (total // 3) * 2 + (2 if total % 3 else 0)
    signer_text = c40_decode(data[4 : 4 + size])
    at = 4 + size
    if at + 8 > len(data):
        raise SealError("truncated header")
    header = Header(
        issuing_state=state,
        signer=signer_text[:4],
        certificate_reference=signer_text[6 : 6 + ref_length],
        issued=decode_date(data[at : at + 3]),
        signed=decode_date(data[at + 3 : at + 6]),
        feature_reference=data[at + 6],
        type_category=data[at + 7],
    )
    at += 8
    features: dict[int, bytes] = {}
    while at < len(data) and data[at] != SIGNATURE_TAG:
        tag = data[at]
        length, at = _read_length(data, at + 1)
        if at + length > len(data):
            raise SealError(f"feature 0x{tag:02X} runs past the end")
        features[tag] = data[at : at + length]
        at += length
    if at >= len(data):
        raise SealError("no signature zone")
    signed_end = at
    length, at = _read_length(data, at + 1)
    if at + length != len(data):
        raise SealError("signature length does not match the data")
    return Seal(header, features, data[:signed_end], data[at:])
