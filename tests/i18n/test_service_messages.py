"""The services' refusals read in the officer's language: a lifecycle refusal, an MRZ
check-digit error, a national ID error and an upload refused in a worker process come out in
Chinese or Spanish within `readmit.i18n.using(...)` and on a page in that language, while the
API, which sets no language, keeps them word for word in English, whatever the caller asks."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit import i18n, uploads
from readmit.applications import service as applications
from readmit.applications.enums import Status
from readmit.applications.idchecks import document_row
from readmit.applications.schemas import DocumentIn, PersonIn
from readmit.auth.models import Role
from readmit.documents.mrz import MRZError, parse_td3
from readmit.documents.national_ids import MalformedId, validate_gtm
from readmit.errors import Conflict
from readmit.protection import trafficking
from readmit.protection.models import TraffickingIndicator
from readmit.web.middleware import LANGUAGE_COOKIE
from tests.factories import World, make_case
from tests.pages.browsing import login

# ICAO Doc 9303 Part 4 specimen, its birth-date check digit (2) changed to 3.
LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
BAD_BIRTH_CHECK = "L898902C36UTO7408123F1204159ZE184226B<<<<<10"

# Each language's words for the refusals below, written here rather than read from the
# catalogue, so that a message left untranslated (or shadowed by a throwaway `_`) fails.
WORDS = {
    "zh_Hans": {
        "not_possible": "状态时，不能执行",
        "check_digit": "出生日期校验位为 3，应为 2",
        "screening": "人口贩运筛查尚待保护官员作出决定",
        "malformed_id": "危地马拉 CUI 号码须为 13 位数字，实际为 4 位",
        "unreadable_pdf": "不是可读取的 PDF（",
    },
    "es": {
        "not_possible": "no es posible mientras el caso está en estado",
        "check_digit": "dígito de control (fecha de nacimiento): 3, se esperaba 2",
        "screening": "una evaluación de trata de personas está pendiente de la decisión",
        "malformed_id": "CUI guatemalteco debe tener 13 dígitos; tiene 4",
        "unreadable_pdf": "no es un PDF legible (",
    },
}
LOCALES = list(WORDS)


def _refusal(db: Session, world: World) -> Conflict:
    """`receive` refused on a draft: the step does not start from there."""
    case = make_case(db, world, status=Status.draft, index=41)
    officer = world.user(db, "USA", Role.case_officer)
    with pytest.raises(Conflict) as refused:
        applications.transition(session=db, user=officer, application=case, action="receive")
    return refused.value


@pytest.mark.parametrize("locale", LOCALES)
def test_a_lifecycle_refusal_reads_in_the_language(db: Session, world: World, locale: str) -> None:
    english = str(_refusal(db, world))
    assert english == "Receive is not possible while the case is draft"
    with i18n.using(locale):
        translated = str(_refusal(db, world))
    assert WORDS[locale]["not_possible"] in translated
    assert "Receive" not in translated and "draft" not in translated


@pytest.mark.parametrize("locale", LOCALES)
def test_an_mrz_check_digit_error_reads_in_the_language(locale: str) -> None:
    with i18n.using(locale), pytest.raises(MRZError) as refused:
        parse_td3([LINE1, BAD_BIRTH_CHECK])
    assert str(refused.value) == WORDS[locale]["check_digit"]
    assert refused.value.field == "line2.birth_date_check"  # a code, never translated
    with pytest.raises(MRZError, match=r"^birth date check digit is 3, expected 2$"):
        parse_td3([LINE1, BAD_BIRTH_CHECK])


@pytest.mark.parametrize("locale", LOCALES)
def test_a_national_id_refusal_reads_in_the_language_but_is_kept_in_english(
    locale: str,
) -> None:
    with i18n.using(locale), pytest.raises(MalformedId) as refused:
        validate_gtm("1234")
    assert str(refused.value) == WORDS[locale]["malformed_id"]
    # A failing check's reason is stored with the document: one language for every reader.
    person = PersonIn.model_validate({"names": [{"family": "López"}]})
    failing = DocumentIn(type="national_id", number="1234567090101", issuing_state="GTM")
    with i18n.using(locale):
        row = document_row(failing, person)
    assert row.number_check_note == "Guatemalan CUI: check digit is 9, expected 3"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_refusal_from_a_worker_process_reads_in_the_language(locale: str) -> None:
    with i18n.using(locale), pytest.raises(uploads.Refused) as refused:
        uploads.run(uploads.check_pdf, b"%PDF-1.7 cut short")
    assert str(refused.value).startswith(WORDS[locale]["unreadable_pdf"])
    with pytest.raises(uploads.Refused, match=r"^not a readable PDF \("):
        uploads.run(uploads.check_pdf, b"%PDF-1.7 cut short")


@pytest.mark.parametrize("locale", LOCALES)
def test_a_guard_refusal_reads_in_the_language_on_the_case_page(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    case = make_case(db, world, status=Status.draft, index=42)
    trafficking.screen(
        session=db,
        user=world.user(db, "USA", Role.case_officer),
        application=case,
        indicators=[TraffickingIndicator.documents_withheld],
    )
    db.commit()
    token = login(client, "USA", Role.case_officer)
    client.cookies.set(LANGUAGE_COOKIE, locale)
    refused = client.post(
        f"/applications/{case.id}/actions/submit", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert refused.status_code == 409
    assert WORDS[locale]["screening"] in refused.text
    assert "trafficking screening awaits" not in refused.text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_api_keeps_the_english_words_whatever_the_caller_asks(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    case = make_case(db, world, status=Status.draft, index=43)
    db.commit()
    client.cookies.set(LANGUAGE_COOKIE, locale)
    officer = {**world.headers("USA", Role.case_officer), "Accept-Language": i18n.TAGS[locale]}
    refused = client.post(
        f"/api/v1/applications/{case.id}/transitions", headers=officer, json={"action": "receive"}
    )
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Receive is not possible while the case is draft"
    person = PersonIn.model_validate(
        {
            "names": [{"family": "Eriksson", "given": "Anna Maria"}],
            "documents": [
                {"type": "passport", "number": "L898902C3", "mrz": [LINE1, BAD_BIRTH_CHECK]}
            ],
        }
    )
    created = client.post(
        "/api/v1/applications",
        headers=officer,
        json={"requested_state": "CHN", "person": person.model_dump(mode="json")},
    )
    assert created.status_code == 422
    assert [p["msg"] for p in created.json()["detail"]] == [
        "birth date check digit is 3, expected 2 (line2.birth_date_check)"
    ]
