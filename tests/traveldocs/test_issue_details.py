"""What an issued travel document says beyond the MRZ: the issuing authority, the place of
issue and the holder's place of birth, on both PDF layouts and in the seal (which still
verifies); the A4 page's note for border officers; the API's file names."""

import base64

import pypdfium2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.identity.gazetteer import gazetteer
from readmit.traveldocs import issuing, pdf
from tests.factories import AUTHORITIES, World, make_case

API = "/api/v1/applications"
AUTHORITY = f"Authority {AUTHORITIES['CHN']}"  # the test world's name of China's authority


def _text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def _birth_place(world: World, index: int) -> str:
    """The register's division, named as the document prints it: the place and its province."""
    code = world.registers["CHN"][index].birth_place
    places = gazetteer("CHN")
    division, province = places.get(code), places.get(code[:2] + "0000")
    assert division is not None and province is not None, code
    return f"{division.names_latin[0]}, {province.names_latin[0]}"


def test_both_layouts_and_the_seal_carry_authority_place_of_issue_and_birth(
    client: TestClient, db: Session, world: World
) -> None:
    case = make_case(db, world, status=Status.confirmed, index=8)
    db.commit()
    verifier = world.headers("CHN", Role.verifier)
    issued = client.post(
        f"{API}/{case.id}/travel-document",
        headers=verifier,
        json={"place_of_issue": "  Consulate General, Los Angeles "},
    )
    assert issued.status_code == 200, issued.text
    body = issued.json()
    born = _birth_place(world, 8)
    assert body["issuing_authority"] == AUTHORITY
    assert body["place_of_issue"] == "Consulate General, Los Angeles"
    assert body["place_of_birth"] == born
    officer = world.headers("USA", Role.case_officer)
    for page in ("A4", "ID3"):
        answer = client.get(f"{API}/{case.id}/travel-document.pdf?page={page}", headers=officer)
        assert answer.status_code == 200
        assert answer.headers["content-disposition"] == (
            f'attachment; filename="ETD-{body["number"]}-{page}.pdf"'
        )
        text = _text(answer.content)
        for label, value in (
            ("Authority", AUTHORITY),
            ("Place of issue", "Consulate General, Los Angeles"),
            ("Place of birth", born),
        ):
            assert label in text and value in text, (page, label)
    seal = client.get(f"{API}/{case.id}/travel-document.png", headers=officer)
    assert seal.headers["content-disposition"] == (
        f'attachment; filename="ETD-{body["number"]}-seal.png"'
    )
    verdict = client.post(
        "/api/v1/travel-documents/verify",
        headers=officer,
        json={"seal_base64": body["seal_base64"]},
    ).json()
    assert verdict["valid"], verdict["reason"]
    assert verdict["data"]["issuing_authority"] == AUTHORITY
    assert verdict["data"]["place_of_issue"] == "Consulate General, Los Angeles"
    assert verdict["data"]["place_of_birth"] == born
    tampered = bytearray(base64.b64decode(body["seal_base64"]))
    at = bytes(tampered).index(b"Los Angeles")
    tampered[at : at + 11] = b"San Diego  "
    forged = client.post(
        "/api/v1/travel-documents/verify",
        headers=officer,
        json={"seal_base64": base64.b64encode(bytes(tampered)).decode()},
    ).json()
    assert not forged["valid"] and forged["reason"].startswith("tampered")


def test_the_place_of_issue_defaults_to_the_last_one_then_the_state(
    client: TestClient, db: Session, world: World
) -> None:
    first, second, third = (
        make_case(db, world, status=Status.confirmed, index=i) for i in (9, 10, 17)
    )
    db.commit()
    verifier = world.headers("CHN", Role.verifier)

    def issue(case_id: int, **body: str) -> dict[str, str]:
        answer = client.post(
            f"{API}/{case_id}/travel-document", headers=verifier, json=body or None
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    assert issue(first.id)["place_of_issue"] == "CHN"  # the test world names states by code
    assert issue(second.id, place_of_issue="Houston")["place_of_issue"] == "Houston"
    assert issue(third.id)["place_of_issue"] == "Houston"  # where this authority issues
    assert issue(first.id)["place_of_issue"] == "CHN"  # a reissue keeps its own place
    refused = client.post(
        f"{API}/{first.id}/travel-document",
        headers=verifier,
        json={"place_of_issue": "Los\nAngeles"},
    )
    assert refused.status_code == 422 and "one line" in refused.text
    assert "place_of_issue" in refused.text


def test_an_unknown_place_of_birth_prints_a_dash(db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=18)
    document = issuing.current(session=db, application=case)
    assert document is not None
    document.holder_birth_place = ""
    for page in ("A4", "ID3"):
        text = _text(pdf.render(document, issuing.holder(document), page=page))
        assert "Place of birth" in text and "—" in text


def test_the_a4_note_is_a_sentence_for_a_border_officer(db: Session, world: World) -> None:
    case = make_case(db, world, status=Status.travel_document_issued, index=19)
    document = issuing.current(session=db, application=case)
    assert document is not None
    text = _text(pdf.render(document, issuing.holder(document), page="A4")).replace("\r\n", " ")
    assert "`" not in text and "readmit traveldoc" not in text and "<scan>" not in text
    assert "Border and airline officers" in text and "Check a document" in text
    assert "refuse the document" in text


@pytest.mark.parametrize("country", ["CHN", "GTM"])
def test_the_register_division_is_named_with_its_province_or_department(
    db: Session, world: World, country: str
) -> None:
    case = make_case(db, world, country=country, status=Status.travel_document_issued, index=3)
    document = issuing.current(session=db, application=case)
    assert document is not None
    code = world.registers[country][3].birth_place
    places = gazetteer(country)
    top = places.get(places.ancestors(code)[0]) if places.ancestors(code) else places.get(code)
    own = places.get(code)
    assert own is not None and top is not None
    assert document.holder_birth_place.startswith(own.names_latin[0])
    assert document.holder_birth_place.endswith(top.names_latin[0])
    assert not any(c.isdigit() for c in document.holder_birth_place)
