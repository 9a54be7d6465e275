"""Readmission and pathways meet on one person, both ways, without protection data: the
requesting state's officer sees the person's pending pathway case on the application (API and
page), the state's pathway officers see the application on the case with a coarse state only;
the requested state sees nothing; a namesake born years apart is not flagged."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.applications.enums import Status
from readmit.applications.models import Application
from readmit.auth.models import Role
from readmit.pathways import crosscheck, service
from readmit.pathways.lifecycle import Step
from tests.factories import World, make_case
from tests.pages.browsing import login
from tests.pathways.identity_cases import PROTECTION_WORDS, example, take_in

CASES = "/api/v1/pathways/cases"
APPS = "/api/v1/applications"


def _person(app: Application) -> tuple[str, str, str]:
    name = app.names[0]
    return name.family, name.given, app.birth_date or ""


def _no_protection_words(text: str) -> None:
    lowered = text.lower()
    assert not [word for word in PROTECTION_WORDS if word in lowered], text


def _page(client: TestClient, state: str, role: Role, url: str) -> str:
    login(client, state, role)
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.text


def _flags_section(html: str) -> str:
    start = html.find('id="pathway-flags"')
    assert start >= 0, "no pathway flags section"
    return html[start : html.find("</section>", start)]


def test_the_requesting_officer_sees_a_pending_pathway_case_by_api_and_page(
    client: TestClient, db: Session, world: World
) -> None:
    app = make_case(db, world, country="GTM", index=1, status=Status.under_verification)
    family, given, born = _person(app)
    paternal, maternal = family.split()[:2]
    # The surnames in the other order, accents dropped, the year of birth only.
    case = take_in(db, world, example(db, "usa-frp"), f"{maternal} {paternal}", given,
                   birth_date=born[:4], nationality="GTM")  # fmt: skip
    db.commit()
    officer = world.headers("USA", Role.case_officer)
    shown = client.get(f"{APPS}/{app.id}", headers=officer).json()
    assert shown["pathway_flags"] == [
        {
            "reference": case.reference,
            "programme": "Family Reunification Parole",
            "state": "pending",
            "label": "Pending",
        }
    ]
    section = _flags_section(_page(client, "USA", Role.case_officer, f"/applications/{app.id}"))
    assert case.reference in section and "Family Reunification Parole" in section
    requested = client.get(f"{APPS}/{app.id}", headers=world.headers("GTM", Role.verifier))
    assert requested.status_code == 200 and "pathway_flags" not in requested.json()
    assert case.reference not in requested.text
    requested_page = _page(client, "GTM", Role.verifier, f"/applications/{app.id}")
    assert 'id="pathway-flags"' not in requested_page
    assert case.reference not in requested_page


def test_a_cross_script_variant_is_found_both_ways(db: Session, world: World) -> None:
    app = make_case(db, world, country="CHN", index=2, status=Status.submitted)
    person = world.registers["CHN"][2]
    # The register's Han name against the application's pinyin.
    programme = example(db, "usa-resettlement")
    born = app.birth_date or ""
    case = take_in(db, world, programme, person.family_name, person.given_names,
                   birth_date=born, nationality="CHN")  # fmt: skip
    officer = world.user(db, "USA", Role.case_officer)
    smo = world.user(db, "USA", Role.safe_mobility_officer)
    flags = crosscheck.pathway_flags(session=db, user=officer, application=app)
    assert [f.reference for f in flags] == [case.reference]
    back = crosscheck.readmission_flags(session=db, user=smo, case=case)
    assert [(f.reference, f.state) for f in back] == [(app.reference, "pending_readmission")]


def test_a_namesake_born_years_apart_is_not_flagged(db: Session, world: World) -> None:
    app = make_case(db, world, country="GTM", index=3, status=Status.submitted)
    family, given, born = _person(app)
    other_year = str(int(born[:4]) - 9)
    case = take_in(db, world, example(db, "usa-frp"), family, given,
                   birth_date=f"{other_year}{born[4:]}", nationality="GTM")  # fmt: skip
    officer = world.user(db, "USA", Role.case_officer)
    smo = world.user(db, "USA", Role.safe_mobility_officer)
    assert crosscheck.pathway_flags(session=db, user=officer, application=app) == []
    assert crosscheck.readmission_flags(session=db, user=smo, case=case) == []


# (application status, what the pathway officer sees: None for nothing)
STATES: list[tuple[Status, Any]] = [
    (Status.draft, "pending_readmission"),
    (Status.under_verification, "pending_readmission"),
    (Status.suspended, "pending_readmission"),  # a protection claim must not show
    (Status.departed, "returned"),
    (Status.withdrawn, None),
    (Status.rejected, None),
]


@pytest.mark.parametrize(("status", "expected"), STATES)
def test_the_pathway_officer_sees_only_a_coarse_state(
    client: TestClient, db: Session, world: World, status: Status, expected: Any
) -> None:
    app = make_case(db, world, country="GTM", index=4, status=status)
    family, given, born = _person(app)
    case = take_in(db, world, example(db, "usa-frp"), family, given, birth_date=born,
                   nationality="GTM")  # fmt: skip
    db.commit()
    for role in (Role.safe_mobility_officer, Role.supervisor):
        response = client.get(
            f"{CASES}/{case.reference}/readmission", headers=world.headers("USA", role)
        )
        assert response.status_code == 200, response.text
        shown = response.json()
        assert shown == ([] if expected is None else [
            {"reference": app.reference, "state": expected, "label": shown[0]["label"]}
        ])  # fmt: skip
        _no_protection_words(response.text)
        assert set(shown[0]) == {"reference", "state", "label"} if shown else True
        detail = client.get(f"{CASES}/{case.reference}", headers=world.headers("USA", role))
        _no_protection_words(detail.text)
    for role in (Role.safe_mobility_officer, Role.supervisor):
        other = client.get(
            f"{CASES}/{case.reference}/readmission", headers=world.headers("GTM", role)
        )
        assert other.status_code == 404
    officer = world.headers("USA", Role.case_officer)
    flags = client.get(f"{APPS}/{app.id}", headers=officer).json()["pathway_flags"]
    assert [f["reference"] for f in flags] == [case.reference]
    _no_protection_words(str(flags))
    section = _flags_section(_page(client, "USA", Role.case_officer, f"/applications/{app.id}"))
    _no_protection_words(section)


def test_a_finished_pathway_case_is_not_flagged_and_approval_shows_coarsely(
    db: Session, world: World
) -> None:
    app = make_case(db, world, country="GTM", index=5, status=Status.submitted)
    family, given, born = _person(app)
    frp = example(db, "usa-frp")
    case = take_in(db, world, frp, family, given, birth_date=born, nationality="GTM")
    officer = world.user(db, "USA", Role.case_officer)
    flags = crosscheck.pathway_flags(session=db, user=officer, application=app)
    assert [(f.reference, f.state) for f in flags] == [(case.reference, "pending")]
    case.status = "approved"
    assert (
        crosscheck.pathway_flags(session=db, user=officer, application=app)[0].state == "approved"
    )
    supervisor = world.user(db, "USA", Role.supervisor)
    case.status = "interviewed"
    service.step(session=db, user=supervisor, case=case, step=Step.refuse, note="not eligible")
    assert crosscheck.pathway_flags(session=db, user=officer, application=app) == []


def test_the_readmission_route_per_role(client: TestClient, db: Session, world: World) -> None:
    case = take_in(db, world, example(db, "usa-frp"), "Pérez", "Ana", birth_date="1990")
    db.commit()
    readers = set(service.READERS)
    url = f"{CASES}/{case.reference}/readmission"
    for role in Role:
        response = client.get(url, headers=world.headers("USA", role))
        assert response.status_code == (200 if role in readers else 403), role
        assert client.get(url, headers=world.headers("MEX", role)).status_code == (
            404 if role in readers else 403
        )
