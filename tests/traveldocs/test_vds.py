"""The seal codec and its signature: C40, dates, header layout, round trip, tampering."""

from datetime import UTC, date, datetime

import pytest

from readmit.traveldocs import pki
from readmit.traveldocs.vds import (
    TAG_MRZ,
    TAG_ROUTE,
    TAG_VALID_UNTIL,
    Header,
    SealError,
    assemble,
    c40_decode,
    c40_encode,
    decode_date,
    encode_date,
    message,
    parse,
)

# Values worked by hand from 9303-13's C40 rule: U = 1600·c1 + 40·c2 + c3 + 1 per triple,
# a pair padded with shift 0, a lone last character as 0xFE and its ASCII code + 1.
C40_CASES = [
    ("XKCD", "eb11fe45"),
    ("XK CD", "eb0466a9"),
    ("XK<CD", "eb0466a9"),
    ("UTO", "d9c5"),
    ("D", "fe45"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "hexed"), C40_CASES)
def test_c40(text: str, hexed: str) -> None:
    assert c40_encode(text).hex() == hexed
    assert c40_decode(bytes.fromhex(hexed)) == text.replace("<", " ")


def test_c40_refuses_what_it_cannot_carry() -> None:
    with pytest.raises(SealError, match="not encodable"):
        c40_encode("zhang")


@pytest.mark.parametrize(
    ("day", "hexed"),
    [(date(2026, 3, 25), "319f3a"), (date(1999, 12, 31), "bbddbf"), (date(2030, 1, 1), "0f713e")],
)
def test_dates_are_mmddyyyy_in_three_bytes(day: date, hexed: str) -> None:
    assert encode_date(day).hex() == hexed
    assert decode_date(bytes.fromhex(hexed)) == day


MRZ = "P<CHNZHANG<<XIAOMING<<<<<<<<<<<<<<<<<<<<<<<<<E123456786CHN9001011M3001017<<<<<<<<<<<<<<06"


def _signed(key_state: str = "CHN") -> tuple[bytes, object]:
    now = datetime(2026, 11, 29, tzinfo=UTC)
    csca_key, csca = pki.make_csca(state=key_state, alpha2=key_state[:2], now=now)
    ds_key, ds = pki.make_document_signer(
        csca_key=csca_key, csca=csca, state=key_state, reference="0A1B", now=now
    )
    header = Header("CHN", "CNDS", "0A1B", date(2026, 11, 29), date(2026, 11, 29))
    features = {
        TAG_MRZ: c40_encode(MRZ),
        TAG_VALID_UNTIL: encode_date(date(2026, 12, 29)),
        TAG_ROUTE: c40_encode("USA CHN"),
    }
    body = header.encode() + message(features)
    return assemble(header, features, pki.sign(ds_key, body)), ds


def test_round_trip_and_signature() -> None:
    data, ds = _signed()
    seal = parse(data)
    assert seal.header.issuing_state == "CHN"
    assert (seal.header.signer, seal.header.certificate_reference) == ("CNDS", "0A1B")
    assert seal.header.issued == date(2026, 11, 29)
    assert seal.text(TAG_MRZ) == MRZ.replace("<", " ")
    assert decode_date(seal.features[TAG_VALID_UNTIL]) == date(2026, 12, 29)
    assert pki.signature_valid(ds, seal.signed_bytes, seal.signature)  # type: ignore[arg-type]


def test_a_flipped_byte_breaks_the_signature_or_the_layout() -> None:
    data, ds = _signed()
    for position in (2, 20, 40, len(data) - 70, len(data) - 1):
        tampered = bytearray(data)
        tampered[position] ^= 0x01
        try:
            seal = parse(bytes(tampered))
        except SealError:
            continue
        assert not pki.signature_valid(ds, seal.signed_bytes, seal.signature)  # type: ignore[arg-type]


def test_another_states_key_does_not_verify() -> None:
    data, _ = _signed()
    _, other = _signed("GTM")
    seal = parse(data)
    assert not pki.signature_valid(other, seal.signed_bytes, seal.signature)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [b"", b"\xdc", b"\x00" * 40, b"\xdc\x02" + b"\x00" * 40])
def test_malformed_bytes_are_a_seal_error(data: bytes) -> None:
    with pytest.raises(SealError):
        parse(data)


@pytest.mark.parametrize("data", [b"\x00\x01", b"\x00\x01\x02\x03", b"\xff\xff\xff"])
def test_a_date_of_the_wrong_length_or_value_is_a_seal_error(data: bytes) -> None:
    with pytest.raises(SealError):
        decode_date(data)


def test_a_c40_shift_to_zero_is_a_seal_error() -> None:
    with pytest.raises(SealError):
        c40_decode(b"\xfe\x00")
