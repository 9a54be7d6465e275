"""Flight records as CSV: one row per passenger, the flight's columns repeated on each row.

    operator,operator_code,flight_number,date,origin,destination,service,nationality,journey
    Aerolíneas Ejemplo,XE,4501,2026-03-02,HAV,MGA,charter,CUB,one_way

`operator_code` is the operator's IATA (2 characters) or ICAO (3 letters) designator;
`flight_number` is 1 to 4 digits and an optional letter (a leading designator, "XE4501", is
dropped); `date` is YYYY-MM-DD; `origin` and `destination` are IATA airports; `service`
(optional column) is `scheduled` (or blank) or `charter`; `nationality` is ISO 3166-1 alpha-3,
or ICAO's XXA, XXB, XXC or XXX (stateless, refugee, other, unspecified); `journey` is
`one_way` or `return`. A flight is its operator code, number, date, origin and destination.
No other column is accepted: a name or passport number has no place in the file.

Reading is all or nothing: every bad row is reported with its line and reason (the first
MAX_REPORTED of them), and a file with any is refused whole."""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from readmit.countries import iso
from readmit.i18n import _

COLUMNS = (
    "operator",
    "operator_code",
    "flight_number",
    "date",
    "origin",
    "destination",
    "service",
    "nationality",
    "journey",
)
OPTIONAL_COLUMNS = frozenset({"service"})
MAX_UPLOAD_BYTES = 10 * 2**20  # the page and the API; about 150,000 passengers
MAX_FILE_BYTES = 200 * 2**20  # the CLI
MAX_ROWS = 2_000_000
MAX_PASSENGERS = 1000  # on one flight: more than the largest airliner seats
MAX_REPORTED = 100
MAX_OPERATOR = 200
# ICAO Doc 9303 codes for travellers without an ISO nationality.
ICAO_NATIONALITIES = frozenset({"XXA", "XXB", "XXC", "XXX"})
OPERATOR_CODE = re.compile(r"^(?:[A-Z0-9]{2}|[A-Z]{3})$")
FLIGHT_NUMBER = re.compile(r"^[0-9]{1,4}[A-Z]?$")
AIRPORT = re.compile(r"^[A-Z]{3}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
JOURNEYS = {"one_way": True, "one-way": True, "return": False}
SERVICES = {"": False, "scheduled": False, "charter": True}
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True, order=True)
class FlightKey:
    """What makes a flight one flight."""

    operator_code: str
    flight_number: str
    flight_date: date
    origin: str
    destination: str

    def label(self) -> str:
        """E.g. "XE4501 2026-03-02 HAV-MGA"."""
        return (
            f"{self.operator_code}{self.flight_number} {self.flight_date.isoformat()} "
            f"{self.origin}-{self.destination}"
        )


@dataclass
class ParsedFlight:
    """One flight of the file and its passengers (nationality, flew one way)."""

    key: FlightKey
    operator_name: str
    charter: bool
    line: int  # its first row
    passengers: list[tuple[str, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class RowProblem:
    """One bad row: its line in the file, the column (None: the whole row) and why."""

    line: int
    column: str | None
    problem: str

    def text(self) -> str:
        """The problem in one line, in the current language."""
        if self.column is None:
            return _("line {line}: {problem}", line=self.line, problem=self.problem)
        return _(
            "line {line}, {column}: {problem}",
            line=self.line,
            column=self.column,
            problem=self.problem,
        )


class RecordsRefused(ValueError):
    """The file is refused; `problems` are its first bad rows, `more` how many were not
    listed."""

    def __init__(self, problems: list[RowProblem], more: int = 0) -> None:
        super().__init__("; ".join(p.text() for p in problems))
        self.problems, self.more = problems, more


@dataclass
class Records:
    """A file read whole: its flights (in file order) and its passenger rows."""

    flights: dict[FlightKey, ParsedFlight]
    rows: int


class _Problems:
    def __init__(self) -> None:
        self.found: list[RowProblem] = []
        self.more = 0

    def add(self, line: int, column: str | None, problem: str) -> None:
        if len(self.found) < MAX_REPORTED:
            self.found.append(RowProblem(line, column, problem))
        else:
            self.more += 1


def _shown(value: str) -> str:
    """A value as a message quotes it: printable, and short."""
    flat = "".join(c if c.isprintable() else "?" for c in value)
    return flat if len(flat) <= 40 else flat[:39] + "…"


def _header(names: list[str], problems: _Problems) -> list[str]:
    header = [name.strip().lstrip("\ufeff").lower() for name in names]
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL_COLUMNS]
    unknown = [name for name in header if name not in COLUMNS]
    twice = sorted({name for name in header if header.count(name) > 1})
    if not any(header):
        problems.add(1, None, _("the file is empty: it needs a header row"))
    if missing and any(header):
        problems.add(
            1, None, _("the header lacks the column(s) {columns}", columns=", ".join(missing))
        )
    if unknown and any(header):
        problems.add(
            1,
            None,
            _(
                "unknown column(s) {columns}: only {known} are accepted",
                columns=", ".join(unknown),
                known=", ".join(COLUMNS),
            ),
        )
    if twice:
        problems.add(1, None, _("column(s) named twice: {columns}", columns=", ".join(twice)))
    return header


def _flight_date(text: str, today: date) -> date | str:
    if not DAY.match(text):
        return _('"{value}" is not a date (YYYY-MM-DD)', value=_shown(text))
    try:
        found = date.fromisoformat(text)
    except ValueError:
        return _('"{value}" is not a date (YYYY-MM-DD)', value=_shown(text))
    if found > today + timedelta(days=1):
        return _("{value} is in the future", value=text)
    if found < EARLIEST:
        return _("{value} is before {earliest}", value=text, earliest=EARLIEST.isoformat())
    return found


def _read_row(
    values: dict[str, str], line: int, today: date, problems: _Problems
) -> tuple[FlightKey, str, bool, str, bool] | None:
    """The row's flight, operator name, charter flag, nationality and journey; None after
    reporting its problems."""
    before = len(problems.found) + problems.more
    name = " ".join(values["operator"].split())
    if not name:
        problems.add(line, "operator", _("enter the operator's name"))
    elif len(name) > MAX_OPERATOR or not name.isprintable():
        problems.add(line, "operator", _("at most {n} printable characters", n=MAX_OPERATOR))
    code = values["operator_code"].strip().upper()
    if not OPERATOR_CODE.match(code):
        problems.add(
            line,
            "operator_code",
            _('"{value}" is not an IATA (XE) or ICAO (XEJ) designator', value=_shown(code)),
        )
    number = values["flight_number"].replace(" ", "").upper()
    if code and number.startswith(code) and FLIGHT_NUMBER.match(number[len(code) :]):
        number = number[len(code) :]
    if not FLIGHT_NUMBER.match(number):
        problems.add(
            line,
            "flight_number",
            _('"{value}" is not a flight number such as 4501', value=_shown(number)),
        )
    day = _flight_date(values["date"].strip(), today)
    if isinstance(day, str):
        problems.add(line, "date", day)
    airports = {}
    for column in ("origin", "destination"):
        airports[column] = values[column].strip().upper()
        if not AIRPORT.match(airports[column]):
            problems.add(
                line,
                column,
                _(
                    '"{value}" is not an IATA airport code such as MGA',
                    value=_shown(airports[column]),
                ),
            )
    if airports["origin"] == airports["destination"] and AIRPORT.match(airports["origin"]):
        problems.add(line, "destination", _("the same airport as the origin"))
    service = values.get("service", "").strip().lower()
    if service not in SERVICES:
        problems.add(
            line, "service", _('"{value}": use scheduled or charter', value=_shown(service))
        )
    nationality = values["nationality"].strip().upper()
    if nationality not in ICAO_NATIONALITIES and iso.name(nationality) is None:
        problems.add(
            line,
            "nationality",
            _('"{value}" is not an ISO 3166-1 alpha-3 code such as CUB', value=_shown(nationality)),
        )
    journey = values["journey"].strip().lower()
    if journey not in JOURNEYS:
        problems.add(line, "journey", _('"{value}": use one_way or return', value=_shown(journey)))
    if len(problems.found) + problems.more > before or isinstance(day, str):
        return None
    key = FlightKey(code, number, day, airports["origin"], airports["destination"])
    return key, name, SERVICES[service], nationality, JOURNEYS[journey]


def read_records(lines: Iterable[str], *, today: date) -> Records:
    """Every flight and passenger of a flight-records CSV; RecordsRefused lists the bad rows."""
    problems = _Problems()
    reader = csv.reader(lines)
    try:
        header = _header(next(reader, []), problems)
        flights: dict[FlightKey, ParsedFlight] = {}
        rows = 0
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            rows += 1
            if rows > MAX_ROWS:
                problems.add(line, None, _("more than {n} rows: split the file", n=MAX_ROWS))
                break
            if problems.found and problems.found[0].line == 1:
                continue  # without a usable header, no row can be read
            if len(values) != len(header):
                problems.add(
                    line,
                    None,
                    _("{n} values for {columns} columns", n=len(values), columns=len(header)),
                )
                continue
            read = _read_row(dict(zip(header, values, strict=True)), line, today, problems)
            if read is not None:
                _add(flights, read, line, problems)
    except csv.Error as exc:
        problems.add(reader.line_num, None, _("not CSV: {reason}", reason=str(exc)))
    if not problems.found and rows == 0:
        problems.add(1, None, _("the file has no passenger rows"))
    if problems.found:
        raise RecordsRefused(problems.found, problems.more)
    return Records(flights=flights, rows=rows)


def _add(
    flights: dict[FlightKey, ParsedFlight],
    read: tuple[FlightKey, str, bool, str, bool],
    line: int,
    problems: _Problems,
) -> None:
    key, name, charter, nationality, one_way = read
    flight = flights.get(key)
    if flight is None:
        flight = flights[key] = ParsedFlight(key, name, charter, line)
    elif flight.operator_name != name:
        problems.add(
            line,
            "operator",
            _("the flight's first row (line {line}) names another operator", line=flight.line),
        )
        return
    elif flight.charter != charter:
        problems.add(
            line,
            "service",
            _("the flight's first row (line {line}) gives another service", line=flight.line),
        )
        return
    if len(flight.passengers) == MAX_PASSENGERS:
        problems.add(
            line,
            None,
            _("more than {n} passengers on flight {flight}", n=MAX_PASSENGERS, flight=key.label()),
        )
        return
    flight.passengers.append((nationality, one_way))


def decode(data: bytes) -> io.StringIO:
    """An uploaded file's text for `read_records`; RecordsRefused when it is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = _(
            "not UTF-8 text (byte 0x{byte:02x} at offset {offset})",
            byte=exc.object[exc.start],
            offset=exc.start,
        )
        raise RecordsRefused([RowProblem(1, None, problem)]) from None
    if "\x00" in text:
        raise RecordsRefused([RowProblem(1, None, _("not a text file"))])
    return io.StringIO(text, newline="")
