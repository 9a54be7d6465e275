"""CBP's encounters table read as CBP publishes it: fiscal-year months turned into calendar
months, citizenship names into ISO codes, a re-import replacing the months it covers, and a
file that is not that table refused with the line and the column."""

import csv
import io
import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from readmit.encounters.schemas import COLUMNS, RowError, citizenship_code, fiscal_month
from readmit.encounters.service import FileError, import_rows, monthly, read_csv
from tests.conftest import database_url
from tests.identity.cli_runner import run_cli


@pytest.mark.parametrize(
    ("year", "month", "fiscal", "first_day"),
    [
        ("2024", "OCT", 2024, date(2023, 10, 1)),
        ("FY24", "DEC", 2024, date(2023, 12, 1)),
        ("2024 (FYTD)", "JAN", 2024, date(2024, 1, 1)),
        ("FY2023", "SEP", 2023, date(2023, 9, 1)),
        ("2023", "Mar", 2023, date(2023, 3, 1)),
    ],
)
def test_a_fiscal_month_is_a_calendar_month(
    year: str, month: str, fiscal: int, first_day: date
) -> None:
    assert fiscal_month(year, month) == (fiscal, first_day)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("CHINA, PEOPLES REPUBLIC OF", "CHN"),
        ("GUATEMALA", "GTM"),
        ("El Salvador", "SLV"),
        ("MEXICO", "MEX"),
        ("MYANMAR (BURMA)", "MMR"),
        ("OTHER", None),
    ],
)
def test_citizenship_names_become_iso_codes(name: str, code: str | None) -> None:
    assert citizenship_code(name) == code


@pytest.mark.parametrize(("year", "month"), [("20X4", "OCT"), ("2024", "OCTOBRE"), ("24", "")])
def test_a_month_that_is_not_cbps_is_refused(year: str, month: str) -> None:
    with pytest.raises(RowError):
        fiscal_month(year, month)


@pytest.mark.parametrize("name", ["NARNIA", "", "CHINA, REPUBLIC OF THE PEOPLE"])
def test_a_citizenship_iso_does_not_know_is_refused(name: str) -> None:
    with pytest.raises(RowError):
        citizenship_code(name)


def table(rows: list[dict[str, object]]) -> str:
    """A CSV as CBP publishes it, with these rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def row(month: str, citizenship: str, count: int, **other: str) -> dict[str, object]:
    """One cell of the table, the other dimensions filled in."""
    return {
        "Fiscal Year": "2024",
        "Month (abbv)": month,
        "Component": other.get("component", "U.S. Border Patrol"),
        "Land Border Region": "Southwest Land Border",
        "Area of Responsibility": other.get("aor", "San Diego Sector"),
        "AOR (Abbv)": "SDC",
        "Demographic": other.get("demographic", "Single Adults"),
        "Citizenship": citizenship,
        "Title of Authority": "Title 8",
        "Encounter Type": "Apprehensions",
        "Encounter Count": f"{count:,}",
    }


def test_import_counts_per_nationality_and_month_and_a_reimport_replaces(
    db: Session,
) -> None:
    rng = random.Random(5)
    cells = [
        row(month, name, rng.randint(1, 3000), aor=aor, demographic=who)
        for month in ("OCT", "NOV")
        for name in ("CHINA, PEOPLES REPUBLIC OF", "GUATEMALA")
        for aor in ("San Diego Sector", "Tucson Sector")
        for who in ("Single Adults", "Family Units")
    ]
    expected = {
        (date(2023, 10 if m == "OCT" else 11, 1)): sum(
            int(str(c["Encounter Count"]).replace(",", ""))
            for c in cells
            if c["Month (abbv)"] == m and c["Citizenship"].startswith("CHINA")  # type: ignore[union-attr]
        )
        for m in ("OCT", "NOV")
    }
    done = import_rows(session=db, rows=read_csv(io.StringIO(table(cells))), source="t.csv")
    assert (done.rows, done.months) == (16, 2)
    since, until = date(2023, 10, 1), date(2023, 12, 1)
    assert monthly(session=db, citizenship="CHN", since=since, until=until) == sorted(
        expected.items()
    )
    # CBP revises a month: the new file's November replaces the old one, October stays.
    revised = [row("NOV", "CHINA, PEOPLES REPUBLIC OF", 7)]
    import_rows(session=db, rows=read_csv(io.StringIO(table(revised))), source="t2.csv")
    assert monthly(session=db, citizenship="CHN", since=since, until=until) == [
        (date(2023, 10, 1), expected[date(2023, 10, 1)]),
        (date(2023, 11, 1), 7),
    ]
    assert monthly(session=db, citizenship="GTM", since=since, until=until)[1:] == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "Fiscal Year,Month (abbv)\n2024,OCT\n",
            "line 1: the header lacks the column(s) Component",
        ),
        (table([row("OCT", "MEXICO", 5)]).replace("5\r\n", "five\r\n"), "line 2: Encounter Count"),
        (table([row("OCT", "MEXICO", 5), row("OCTO", "MEXICO", 5)]), "line 3: Month (abbv)"),
        (table([row("OCT", "MEXICO", 5)]) + "2024,OCT\r\n", "line 3: 2 values for 11 columns"),
    ],
)
def test_a_file_that_is_not_the_table_is_refused_at_its_line(text: str, problem: str) -> None:
    with pytest.raises(FileError) as refused:
        list(read_csv(io.StringIO(text)))
    assert str(refused.value).startswith(problem)


def test_the_command_imports_and_refuses_in_one_line(tmp_path: Path) -> None:
    good = tmp_path / "encounters.csv"
    good.write_text(table([row("OCT", "GUATEMALA", 1200), row("NOV", "OTHER", 3)]))
    url = database_url("encounters-cli")
    ran = run_cli(tmp_path, "encounters", "import", str(good), database_url=url)
    assert ran.code == 0, ran.output
    assert ran.lines[-1] == "2 rows, 1,203 encounters over 2 months imported from encounters.csv"
    bad = tmp_path / "bad.csv"
    bad.write_text("Fiscal Year\n2024\n")
    ran = run_cli(tmp_path, "encounters", "import", str(bad), database_url=url)
    assert ran.code == 1
    assert len(ran.lines) == 1 and ran.lines[0].startswith("error: bad.csv: line 1: the header")
