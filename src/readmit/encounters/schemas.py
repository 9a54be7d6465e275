"""Reading CBP's published CSV: its columns, fiscal-year months and citizenship names."""

import re
from dataclasses import dataclass
from datetime import date

import pycountry

# The columns CBP publishes, in its own words.
COLUMNS = (
    "Fiscal Year",
    "Month (abbv)",
    "Component",
    "Land Border Region",
    "Area of Responsibility",
    "AOR (Abbv)",
    "Demographic",
    "Citizenship",
    "Title of Authority",
    "Encounter Type",
    "Encounter Count",
)
MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP")
# CBP's names that ISO 3166 writes otherwise; OTHER is the rest of the world.
CITIZENSHIPS = {
    "CHINA, PEOPLES REPUBLIC OF": "CHN",
    "MYANMAR (BURMA)": "MMR",
    "RUSSIA": "RUS",
    "TURKEY": "TUR",
    "VENEZUELA": "VEN",
    "OTHER": None,
}
FISCAL_YEAR = re.compile(r"^(?:FY\s*)?(\d{2}|\d{4})(?:\s*\(FYTD\))?$", re.IGNORECASE)


class RowError(ValueError):
    """A row that cannot be read; the message names the column and the value."""


@dataclass(frozen=True)
class EncounterRow:
    """One row, read."""

    fiscal_year: int
    month: date
    component: str
    land_border_region: str
    area_of_responsibility: str
    demographic: str
    citizenship_text: str
    citizenship: str | None
    title_of_authority: str
    encounter_type: str
    count: int


def fiscal_month(fiscal_year: str, month: str) -> tuple[int, date]:
    """The US fiscal year and the calendar month it means: FY2024 OCT is October 2023."""
    found = FISCAL_YEAR.match(fiscal_year.strip())
    if not found:
        raise RowError(f"Fiscal Year {fiscal_year!r} is not a year such as 2024 or FY24")
    year = int(found.group(1))
    year += 2000 if year < 100 else 0
    name = month.strip().upper()
    if name not in MONTHS:
        raise RowError(f"Month (abbv) {month!r} is not a month such as OCT")
    index = MONTHS.index(name)
    return year, date(year - 1 if index < 3 else year, (index + 9) % 12 + 1, 1)


def citizenship_code(text: str) -> str | None:
    """The ISO alpha-3 code of CBP's citizenship name; None for OTHER."""
    name = " ".join(text.split()).upper()
    if name in CITIZENSHIPS:
        return CITIZENSHIPS[name]
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        raise RowError(f"Citizenship {text!r} is not a country ISO 3166 knows") from None


def read_row(values: dict[str, str]) -> EncounterRow:
    """A row of the CSV by column name, checked."""
    fiscal_year, month = fiscal_month(values["Fiscal Year"], values["Month (abbv)"])
    raw = values["Encounter Count"].strip().replace(",", "")
    if not raw.isdigit():
        raise RowError(f"Encounter Count {values['Encounter Count']!r} is not a whole number")
    return EncounterRow(
        fiscal_year=fiscal_year,
        month=month,
        component=values["Component"].strip(),
        land_border_region=values["Land Border Region"].strip(),
        area_of_responsibility=values["Area of Responsibility"].strip(),
        demographic=values["Demographic"].strip(),
        citizenship_text=values["Citizenship"].strip(),
        citizenship=citizenship_code(values["Citizenship"]),
        title_of_authority=values["Title of Authority"].strip(),
        encounter_type=values["Encounter Type"].strip(),
        count=int(raw),
    )
