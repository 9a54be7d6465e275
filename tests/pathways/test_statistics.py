"""Pathway statistics: admissions (arrival, or a first permit) and pending cases per
programme, nationality and month, counts under 5 withheld and no total giving one away;
analysts and supervisors of the holding state only; JSON and CSV."""

import csv
import io
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.pathways import statistics
from readmit.pathways.models import CaseEvent, PathwayCase, Programme
from readmit.progress import service as progress
from readmit.statistics.disclosure import Mark
from tests.factories import World
from tests.pages.browsing import login

API = "/api/v1/pathways/statistics"
READERS = (Role.analyst, Role.supervisor)
OTHERS = tuple(role for role in Role if role not in READERS)
NOW = datetime(2026, 4, 15, tzinfo=UTC)
PERIOD = {"from": "2026-01", "to": "2026-03"}


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def programme(db: Session, world: World, state: str, code: str, kind: str) -> None:
    db.add(
        Programme(
            state_code=state,
            code=code,
            version=1,
            kind=kind,
            title=code.upper(),
            definition={},
            sha256="0" * 64,
        )
    )


def case(
    db: Session,
    world: World,
    code: str,
    nationality: str,
    created: str,
    *steps: tuple[str, str],
    state: str = "USA",
) -> None:
    """A case taken in on `created`, then each (status, day) step as an event."""
    officer = world.user(db, state, Role.safe_mobility_officer)
    found = PathwayCase(
        reference=f"T-{code}-{nationality}-{db.query(PathwayCase).count()}",
        state_code=state,
        programme_code=code,
        programme_version=1,
        intake_place="SMO-TEST",
        intake_state="GTM",
        nationality=nationality,
        created_by_id=officer.id,
        created_at=at(created),
        applied_at=at(created),
    )
    db.add(found)
    db.flush()
    status = "registered"
    for to_status, day in steps:
        db.add(
            CaseEvent(
                case_id=found.id,
                step=to_status,
                from_status=status,
                to_status=to_status,
                actor_id=officer.id,
                at=at(day),
            )
        )
        status = to_status
    found.status = status
    db.flush()


def build(db: Session, world: World) -> None:
    """USA: FRP with 6 Colombians and 2 Hondurans arrived in January, 1 Guatemalan in
    February; H-2B with 7 Guatemalans arrived in March; pending: 5 Colombians taken in in
    February (one refused in March) and 3 Hondurans taken in in March. COL runs a
    regularisation programme (3 permits in January, one renewed in February)."""
    programme(db, world, "USA", "usa-frp", "family_reunification_parole")
    programme(db, world, "USA", "usa-h2b", "temporary_work")
    programme(db, world, "GTM", "gtm-reg", "regularisation")
    arrived = (("approved", "2025-12-01"), ("travel_booked", "2025-12-20"))
    for nationality, n, day in (("COL", 6, "2026-01-10"), ("HND", 2, "2026-01-20")):
        for _ in range(n):
            case(db, world, "usa-frp", nationality, "2025-11-01", *arrived, ("arrived", day))
    case(db, world, "usa-frp", "GTM", "2025-11-01", *arrived, ("arrived", "2026-02-03"))
    for _ in range(7):
        case(
            db,
            world,
            "usa-h2b",
            "GTM",
            "2026-01-05",
            ("approved", "2026-02-01"),
            ("arrived", "2026-03-02"),
        )
    for i in range(5):
        refused = (("refused", "2026-03-09"),) if i == 0 else ()
        case(db, world, "usa-frp", "COL", "2026-02-04", ("screened", "2026-02-05"), *refused)
    for _ in range(3):
        case(db, world, "usa-frp", "HND", "2026-03-04")
    for i in range(3):
        renewed = (("permit_issued", "2026-02-10"),) if i == 0 else ()
        case(
            db,
            world,
            "gtm-reg",
            "VEN",
            "2026-01-02",
            ("permit_issued", "2026-01-03"),
            *renewed,
            state="GTM",
        )


def report(db: Session, world: World, state: str = "USA") -> statistics.PathwayStatisticsPublic:
    return statistics.table(
        session=db,
        user=world.user(db, state, Role.analyst),
        first=(2026, 1),
        last=(2026, 3),
        now=NOW,
    )


def cells(found: statistics.PathwayStatisticsPublic) -> dict[tuple[str, str, str, str], object]:
    """Every shown cell by (measure, programme, nationality, month)."""
    shown: dict[tuple[str, str, str, str], object] = {}
    for item in [*found.programmes, found.total]:
        for row in item.rows:
            for month in row.months:
                shown[("admissions", item.programme, row.nationality, month.month)] = (
                    month.admissions
                )
                if month.month != "total":
                    shown[("pending", item.programme, row.nationality, month.month)] = month.pending
    return shown


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        # January's FRP arrivals: 6 Colombians, 2 Hondurans ("<5"); the Colombians are
        # withheld ("x"), or 8 - 6 would give the Hondurans away; January's 8 too, or the
        # period's 9 would give February's lone Guatemalan away.
        (("admissions", "usa-frp", "COL", "2026-01"), Mark.withheld),
        (("admissions", "usa-frp", "HND", "2026-01"), Mark.small),
        (("admissions", "usa-frp", "all", "2026-01"), Mark.withheld),
        (("admissions", "usa-frp", "GTM", "2026-02"), Mark.small),
        (("admissions", "usa-frp", "all", "2026-02"), Mark.small),
        (("admissions", "usa-frp", "all", "2026-03"), 0),
        # March's 7 H-2B workers are all of the state's March: withheld with the total.
        (("admissions", "usa-h2b", "GTM", "2026-03"), Mark.withheld),
        (("admissions", "all", "all", "2026-03"), Mark.withheld),
        # Pending at the end of February: 5 Colombians; of March: 4 of them and 3 Hondurans.
        (("pending", "usa-frp", "COL", "2026-01"), 0),
        (("pending", "usa-frp", "COL", "2026-02"), 5),
        (("pending", "usa-frp", "COL", "2026-03"), Mark.small),
        (("pending", "usa-frp", "HND", "2026-03"), Mark.small),
        (("pending", "usa-frp", "all", "2026-03"), 7),
        # The approved H-2B workers are pending until they arrive; in January beside the
        # FRP's lone Guatemalan, so withheld.
        (("pending", "usa-h2b", "GTM", "2026-01"), Mark.withheld),
        (("pending", "usa-h2b", "GTM", "2026-02"), 7),
        (("pending", "usa-h2b", "GTM", "2026-03"), 0),
        (("pending", "all", "all", "2026-02"), 12),
        (("admissions", "all", "all", "total"), 16),
    ],
)
def test_cells_as_shown(
    db: Session, world: World, cell: tuple[str, str, str, str], shown: object
) -> None:
    build(db, world)
    found = cells(report(db, world))
    expected = shown.value if isinstance(shown, Mark) else shown
    assert found[cell] == expected


def test_no_relation_gives_a_withheld_cell_away(db: Session, world: World) -> None:
    build(db, world)
    found = report(db, world)
    shown = cells(found)
    months = ["2026-01", "2026-02", "2026-03"]
    groups = []
    for item in found.programmes:
        nationalities = [row.nationality for row in item.rows if row.nationality != "all"]
        for measure in ("admissions", "pending"):
            for month in months:
                parts = [(measure, item.programme, n, month) for n in nationalities]
                groups.append([(measure, item.programme, "all", month), *parts])
        for nationality in [*nationalities, "all"]:
            parts = [("admissions", item.programme, nationality, m) for m in months]
            groups.append([("admissions", item.programme, nationality, "total"), *parts])
    for month in months:
        parts = [("admissions", item.programme, "all", month) for item in found.programmes]
        groups.append([("admissions", "all", "all", month), *parts])
    marks = {Mark.small.value, Mark.withheld.value}
    for group in groups:
        withheld = [key for key in group if shown[key] in marks]
        assert len(withheld) != 1, group
    assert any(value == Mark.small.value for value in shown.values())


def test_renewals_and_other_states_are_not_counted(db: Session, world: World) -> None:
    build(db, world)
    usa = report(db, world)
    assert [item.programme for item in usa.programmes] == ["usa-frp", "usa-h2b"]
    assert "VEN" not in {row.nationality for item in usa.programmes for row in item.rows}
    gtm = report(db, world, "GTM")
    assert [item.programme for item in gtm.programmes] == ["gtm-reg"]
    months = {m.month: m.admissions for m in gtm.programmes[0].rows[-1].months}
    # Three first permits in January ("<5"); the renewal in February admits no one again.
    assert months == {"2026-01": "<5", "2026-02": 0, "2026-03": 0, "total": "<5"}
    assert statistics.runs_programmes(session=db, user=world.user(db, "GTM", Role.analyst))
    assert not statistics.runs_programmes(session=db, user=world.user(db, "MEX", Role.analyst))


@pytest.mark.parametrize("role", READERS)
def test_readers_get_json_and_csv(
    client: TestClient, db: Session, world: World, role: Role
) -> None:
    build(db, world)
    db.commit()
    headers = world.headers("USA", role)
    found = client.get(API, params=PERIOD, headers=headers)
    assert found.status_code == 200, found.text
    body = found.json()
    assert (body["state"], body["period_from"], body["period_to"]) == ("USA", "2026-01", "2026-03")
    assert [p["programme"] for p in body["programmes"]] == ["usa-frp", "usa-h2b"]
    one = client.get(
        API, params=PERIOD | {"programme": "usa-h2b", "format": "csv"}, headers=headers
    )
    assert one.status_code == 200 and one.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(one.text)))
    assert {row["programme"] for row in rows} == {"usa-h2b", "all"}
    march = next(r for r in rows if (r["nationality"], r["month"]) == ("GTM", "2026-03"))
    assert (march["admissions"], march["pending"]) == ("7", "0")
    assert client.get(API, params={"from": "2026-13"}, headers=headers).status_code == 422


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(client: TestClient, world: World, role: Role) -> None:
    assert client.get(API, headers=world.headers("USA", role)).status_code == 403
    login(client, "USA", role)
    assert client.get("/pathways/statistics").status_code == 403


def test_another_states_programme_is_not_found(
    client: TestClient, db: Session, world: World
) -> None:
    build(db, world)
    db.commit()
    headers = world.headers("MEX", Role.analyst)
    assert client.get(API, params={"programme": "usa-frp"}, headers=headers).status_code == 404
    found = client.get(API, params=PERIOD, headers=headers).json()
    assert found["programmes"] == [] and found["total"]["rows"][0]["months"][-1]["admissions"] == 0


def test_the_page_shows_the_tables_and_the_csv(
    client: TestClient, db: Session, world: World
) -> None:
    build(db, world)
    db.commit()
    login(client, "USA", Role.supervisor)
    page = client.get("/pathways/statistics", params=PERIOD)
    assert page.status_code == 200, page.text
    assert "Admissions: USA-FRP" in page.text and "Pending at month end: USA-H2B" in page.text
    assert "&lt;5" in page.text and "All programmes" in page.text
    assert "<script" not in page.text
    one = client.get("/pathways/statistics", params=PERIOD | {"programme": "usa-h2b"})
    assert "USA-FRP</option>" in one.text and "Admissions: USA-FRP" not in one.text
    bad = client.get("/pathways/statistics", params={"from": "2026-13"})
    assert bad.status_code == 422 and "not a month" in bad.text
    download = client.get("/pathways/statistics.csv", params=PERIOD)
    assert download.status_code == 200
    assert download.text.splitlines()[0] == "programme,nationality,month,admissions,pending"
    assert "usa-frp,HND,2026-01,<5," in download.text


@pytest.mark.parametrize(
    ("state", "available", "value"), [("USA", True, 16), ("GTM", True, "<5"), ("MEX", False, None)]
)
def test_progress_reports_count_admissions_of_states_that_run_programmes(
    db: Session, world: World, state: str, available: bool, value: object
) -> None:
    build(db, world)
    found = progress.live(
        session=db,
        user=world.user(db, state, Role.analyst),
        declaration=progress.get_declaration(key="los-angeles-declaration"),
        first=(2026, 1),
        last=(2026, 3),
        now=NOW,
    )
    pathways = next(item for item in found if item.key == "legal_pathway_admissions")
    # A state without programmes has no figure ("not yet available"), never 0.
    assert (pathways.available, pathways.value) == (available, value)
