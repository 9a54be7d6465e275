"""The page: first the period's totals per corridor (with their marks), each corridor linking
to its detail, where each chart has its data table; the CSV and Parquet downloads with the
filters in force, the Parquet cells those of the CSV (withheld ones as their marks), for each
reader the corridors and counts they are given."""

import csv
import io
import re
from html import unescape

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from readmit.auth.models import Role
from readmit.statistics.charts import cell_text
from readmit.web.pages.statistics import heading
from tests.factories import World
from tests.pages.browsing import login
from tests.statistics.cases import build
from tests.statistics.test_access import OTHERS

PERIOD = {"from": "2026-01", "to": "2026-03"}


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("state", "params", "corridors"),
    [
        ("USA", PERIOD, ["USA-CHN", "USA-GTM"]),
        ("USA", PERIOD | {"corridor": "USA-CHN"}, ["USA-CHN"]),
        ("CHN", PERIOD, ["USA-CHN"]),
    ],
)
def test_parquet_holds_the_csv_cells(
    client: TestClient, db: Session, world: World, state: str, params: dict, corridors: list
) -> None:
    build(db, world)
    login(client, state, Role.analyst)
    text = client.get("/statistics/indicators.csv", params=params)
    parquet = client.get("/statistics/indicators.parquet", params=params)
    assert parquet.status_code == 200
    assert parquet.headers["content-type"] == "application/vnd.apache.parquet"
    chosen = f"-{params['corridor']}" if "corridor" in params else ""
    assert (
        f'filename="indicators{chosen}-2026-01-2026-03.parquet"'
        in (parquet.headers["content-disposition"])
    )
    table = pq.read_table(io.BytesIO(parquet.content))
    header, *rows = csv_rows(text.text)
    assert table.column_names == header
    assert all(field.type == pa.string() for field in table.schema)
    read_back = [[cell or "" for cell in row.values()] for row in table.to_pylist()]
    assert read_back == rows
    # Every corridor: three months and the total, and nothing outside the filters.
    assert sorted({f"{r[0]}-{r[1]}" for r in rows}) == corridors
    assert {r[2] for r in rows} == {"2026-01", "2026-02", "2026-03", "total"}
    assert table.schema.metadata[b"readmit.period"] == b"2026-01/2026-03"


def test_withheld_cells_stay_withheld(client: TestClient, db: Session, world: World) -> None:
    build(db, world)
    login(client, "CHN", Role.analyst)
    content = client.get("/statistics/indicators.parquet", params=PERIOD).content
    rows = {row["month"]: row for row in pq.read_table(io.BytesIO(content)).to_pylist()}
    # January's 12 would give February's 1 away from the total: both withheld.
    assert (rows["2026-01"]["submitted"], rows["2026-02"]["submitted"]) == ("x", "<5")
    assert rows["total"]["submitted"] == "13"  # the protection case is not counted
    assert rows["2026-02"]["pending"] == "<5" and rows["total"]["pending"] is None
    assert rows["2026-01"]["decided_within_deadline"] == "0.583"
    assert rows["total"]["releases"] is None  # custody is not the requested state's


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_get_no_download(client: TestClient, world: World, role: Role) -> None:
    login(client, "USA", role)
    assert client.get("/statistics/indicators.parquet").status_code == 403


def test_each_chart_has_its_table(client: TestClient, db: Session, world: World) -> None:
    build(db, world)
    login(client, "CHN", Role.supervisor)
    page = client.get("/statistics", params=PERIOD)
    assert page.status_code == 200
    html = page.text
    charts = html.count('role="img"')
    assert charts >= 6 and html.count("<figure") == charts
    chart = "chart-USA-CHN-flows-cases"
    assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert f'<title id="{chart}-title">Case events per month</title>' in html
    assert f'<table id="{chart}-table">' in html
    assert 'aria-label="Case events per month: the values (USA-CHN)"' in html  # its region
    # The withheld cells are in the chart's table, said not to be plotted.
    table = html.split(f'<table id="{chart}-table">')[1].split("</table>")[0]
    cells = unescape(re.sub(r"<[^>]+>", "|", table))
    assert cells.count("|x| (not plotted)|") == 1 and cells.count("|<5| (not plotted)|") == 3
    assert '<td class="num">&lt;5<span class="visually-hidden"> (not plotted)</span></td>' in table
    # Custody counts are not the requested state's: no chart, no column.
    assert "Releases from custody" not in html and "chart-USA-CHN-stocks" in html
    links = 'indicators.{}?corridor=USA-CHN&amp;from=2026-01&amp;to=2026-03" download'
    page = client.get("/statistics", params=PERIOD | {"corridor": "USA-CHN"})
    assert links.format("csv") in page.text and links.format("parquet") in page.text
    assert '<option value="2026-Q1">2026-Q1</option>' in page.text


def rows_of(html: str) -> dict[str, dict[str, str]]:
    """The totals table: per corridor (its link's words), each column's cell."""
    table = html.split('id="corridor-totals"')[1].split("</table>")[0]
    found = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table):
        name = unescape(re.sub(r"<[^>]+>", "", row.split("</th>")[0]))
        cells = re.findall(r'<td class="num" data-column="(\w+)">([^<]*)</td>', row)
        found[name] = {column: unescape(text) for column, text in cells}
    return found


def test_summary_first_then_a_corridor(client: TestClient, db: Session, world: World) -> None:
    build(db, world)
    login(client, "USA", Role.analyst)
    page = client.get("/statistics", params=PERIOD)
    assert page.status_code == 200
    html = page.text
    # No charts and no months: a row per corridor with the period's totals, marks and all.
    assert "<svg" not in html and "<figure" not in html and "2026-02" not in html
    assert "Totals per corridor, 2026-01 to 2026-03" in html
    given = client.get(
        "/api/v1/statistics/indicators", params=PERIOD, headers=world.headers("USA", Role.analyst)
    ).json()
    rows = rows_of(html)
    assert list(rows) == ["USA → CHN", "USA → GTM"]
    for corridor in given["corridors"]:
        row = rows[f"{corridor['requesting_state']} → {corridor['requested_state']}"]
        total = corridor["total"]
        share = {"decided_within_deadline"}
        assert row == {name: cell_text(total[name], share=name in share) for name in row}
    chn = rows["USA → CHN"]
    assert (chn["submitted"], chn["arrived"], chn["decided_within_deadline"]) == (
        "14",
        "<5",
        "58.3 %",
    )
    assert rows["USA → GTM"]["decision_days_median"] == "–"
    # Month-end stocks have no total: no column; the requesting state's custody counts do.
    assert "pending" not in chn and "releases" in chn
    assert heading("pending") not in html and heading("releases") in html
    # Downloads cover every corridor; the quarterly report is a corridor's.
    assert 'href="/statistics/indicators.csv?from=2026-01&amp;to=2026-03"' in html
    assert "report.pdf" not in html
    link = "/statistics?corridor=USA-CHN&amp;from=2026-01&amp;to=2026-03"
    assert f'<a href="{link}">USA → CHN</a>' in html
    detail = client.get(unescape(link)).text
    assert 'id="chart-USA-CHN-flows-cases"' in detail and "USA → GTM" not in detail
    assert 'class="indicators"' in detail and "Whole period" in detail
    assert 'action="/statistics/report.pdf"' in detail
    assert (
        '<a href="/statistics?from=2026-01&amp;to=2026-03">All corridors of your state</a>'
        in detail
    )


def test_downloads_carry_the_filters_in_force(client: TestClient, world: World) -> None:
    login(client, "USA", Role.analyst)
    page = client.get("/statistics", params={"from": "January"})
    assert page.status_code == 422
    assert "January" not in page.text.split('class="downloads"')[1].split("</ul>")[0]
    assert "Releases from custody" in page.text  # the requesting state's own custody counts
