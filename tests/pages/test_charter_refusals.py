"""A refused manifest step on the charter page, in each language: every person who fails a
check gets a line of their own naming the step, and any other refusal is shown whole."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit import i18n
from readmit.applications.enums import Status
from readmit.auth.models import Role
from readmit.protection import service as protection
from readmit.protection.models import ProtectionKind
from readmit.transfers import service as transfers
from tests.factories import World, flight, make_case
from tests.i18n.reading import log_in

# What the reader sees: the step refused, and why one person may not travel.
WORDS = {
    "en": ("Cannot lock the manifest: {reference}: ", "an open protection hold blocks this step"),
    "zh_Hans": ("无法锁定乘客名单：{reference}：", "存在未解除的保护标记，不能执行此步骤"),
    "es": (
        "No se puede cerrar el manifiesto: {reference}: ",
        "una alerta de protección abierta impide este paso",
    ),
}


def _summary(html: str) -> list[str]:
    """The lines of the page's error summary, as the reader sees them."""
    box = re.search(r'<div class="error-summary".*?<ul>(.*?)</ul>', html, re.S)
    assert box, "the page names the problems"
    return [unescape(line).strip() for line in re.findall(r"<li>(.*?)</li>", box.group(1), re.S)]


@pytest.mark.parametrize("locale", WORDS)
def test_each_refusal_is_shown_in_full(
    client: TestClient, db: Session, world: World, locale: str
) -> None:
    cases = [make_case(db, world, status=Status.travel_document_issued, index=i) for i in (45, 46)]
    officer = world.user(db, "USA", Role.case_officer)
    guard = world.user(db, "USA", Role.protection_officer)
    charter = transfers.create(session=db, user=officer, payload=flight(*cases, kind="charter")).id
    asylum = ProtectionKind.asylum_pending
    for case in cases:
        protection.open_flag(session=db, user=guard, application=case, kind=asylum, note="claim")
    db.commit()
    token = log_in(client, "USA", Role.case_officer, locale)
    step, hold = WORDS[locale]
    refused = client.post(f"/transfers/{charter}/lock", data={"csrf_token": token})
    assert refused.status_code == 409
    assert _summary(refused.text) == [step.format(reference=c.reference) + hold for c in cases]
    # A refusal that is not about the people on board: the service's sentence, whole.
    added = client.post(
        f"/transfers/{charter}/cases", data={"csrf_token": token, "application_id": cases[0].id}
    )
    assert added.status_code == 409
    with i18n.using(locale):
        whole = i18n._("{reference}: {problem}", reference=cases[0].reference, problem=hold)
    assert _summary(added.text) == [whole]
