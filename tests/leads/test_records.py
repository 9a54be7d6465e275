"""Reading flight records: each bad row is named by its line and column, and a file with any
is refused whole; what a good file holds comes back flight by flight."""

import io
from collections import Counter
from datetime import timedelta

import pytest

from readmit.leads import records
from readmit.leads.records import FlightKey, RecordsRefused, decode, read_records
from readmit.synth.flights import rows, to_csv
from tests.leads.cases import TODAY, days_apart, flights

HEADER = "operator,operator_code,flight_number,date,origin,destination,service,nationality,journey"
DAY = (TODAY - timedelta(days=10)).isoformat()
GOOD = f"Horizonte Charter,XHC,4100,{DAY},IST,MGA,charter,SEN,one_way"


def read(text: str) -> records.Records:
    return read_records(io.StringIO(text, newline=""), today=TODAY)


def refused(text: str) -> list[tuple[int, str | None]]:
    """(line, column) of each problem of a refused file."""
    with pytest.raises(RecordsRefused) as caught:
        read(text)
    return [(p.line, p.column) for p in caught.value.problems]


def row(**changed: str) -> str:
    """GOOD with some of its values changed."""
    values = dict(zip(HEADER.split(","), GOOD.split(","), strict=True)) | changed
    return ",".join(values.values())


# (name, file, the (line, column) of every problem)
BAD = [
    ("empty file", "", [(1, None)]),
    ("header only", HEADER + "\n", [(1, None)]),
    ("a column missing", HEADER.replace(",journey", "") + "\n" + GOOD, [(1, None)]),
    ("an unknown column", HEADER + ",passenger_name\n" + GOOD + ",DOE", [(1, None)]),
    ("a column twice", HEADER + ",journey\n" + GOOD + ",return", [(1, None)]),
    ("too few values", f"{HEADER}\n{GOOD}\nXHC,4100", [(3, None)]),
    ("no operator name", f"{HEADER}\n{row(operator=' ')}", [(2, "operator")]),
    ("operator code of one letter", f"{HEADER}\n{row(operator_code='X')}", [(2, "operator_code")]),
    ("operator code of four", f"{HEADER}\n{row(operator_code='XHCC')}", [(2, "operator_code")]),
    ("flight number of letters", f"{HEADER}\n{row(flight_number='ABCDE')}", [(2, "flight_number")]),
    ("flight number too long", f"{HEADER}\n{row(flight_number='41000')}", [(2, "flight_number")]),
    ("no such day", f"{HEADER}\n{row(date='2026-02-30')}", [(2, "date")]),
    ("a date in another form", f"{HEADER}\n{row(date='02/03/2026')}", [(2, "date")]),
    (
        "a flight in the future",
        f"{HEADER}\n{row(date=(TODAY + timedelta(days=2)).isoformat())}",
        [(2, "date")],
    ),
    ("an origin of two letters", f"{HEADER}\n{row(origin='IS')}", [(2, "origin")]),
    ("to where it left from", f"{HEADER}\n{row(destination='IST')}", [(2, "destination")]),
    ("an unknown service", f"{HEADER}\n{row(service='cargo')}", [(2, "service")]),
    ("a nationality that is none", f"{HEADER}\n{row(nationality='ZZZ')}", [(2, "nationality")]),
    ("a two-letter nationality", f"{HEADER}\n{row(nationality='SN')}", [(2, "nationality")]),
    ("an unknown journey", f"{HEADER}\n{row(journey='oneway')}", [(2, "journey")]),
    (
        "two problems on one row",
        f"{HEADER}\n{row(origin='1', nationality='')}",
        [(2, "origin"), (2, "nationality")],
    ),
    (
        "every bad row, by its line (a blank line counted)",
        f"{HEADER}\n{GOOD}\n\n{row(journey='x')}\n{GOOD}\n{row(date='x')}",
        [(4, "journey"), (6, "date")],
    ),
    (
        "another operator name for the same flight",
        f"{HEADER}\n{GOOD}\n{row(operator='Someone Else')}",
        [(3, "operator")],
    ),
    (
        "another service for the same flight",
        f"{HEADER}\n{GOOD}\n{row(service='scheduled')}",
        [(3, "service")],
    ),
    ("not CSV", f'{HEADER}\n"Horizonte,XHC', [(2, None)]),
]


@pytest.mark.parametrize(("name", "text", "where"), BAD, ids=[case[0] for case in BAD])
def test_bad_rows_are_named(name: str, text: str, where: list[tuple[int, str | None]]) -> None:
    assert refused(text) == where


GOOD_VARIANTS = [
    ("as written", GOOD, ("XHC", "4100", "IST", "MGA", True, "SEN", True)),
    (
        "lower case, spaces and a designator before the number",
        row(
            operator_code="xhc",
            flight_number="XHC 4100",
            origin=" ist",
            nationality="sen ",
            journey="ONE-WAY",
        ),
        ("XHC", "4100", "IST", "MGA", True, "SEN", True),
    ),
    (
        "a scheduled return",
        row(service="", journey="return"),
        ("XHC", "4100", "IST", "MGA", False, "SEN", False),
    ),
    (
        "a stateless traveller (ICAO)",
        row(nationality="XXA"),
        ("XHC", "4100", "IST", "MGA", True, "XXA", True),
    ),
    (
        "an IATA code with a digit",
        row(operator_code="X9"),
        ("X9", "4100", "IST", "MGA", True, "SEN", True),
    ),
    (
        "a suffix letter",
        row(flight_number="4100A"),
        ("XHC", "4100A", "IST", "MGA", True, "SEN", True),
    ),
]


@pytest.mark.parametrize(
    ("name", "line", "read_as"), GOOD_VARIANTS, ids=[c[0] for c in GOOD_VARIANTS]
)
def test_good_rows_are_read(name: str, line: str, read_as: tuple[object, ...]) -> None:
    found = read(f"{HEADER}\n{line}\n")
    ((key, flight),) = found.flights.items()
    ((nationality, one_way),) = flight.passengers
    assert (
        key.operator_code,
        key.flight_number,
        key.origin,
        key.destination,
        flight.charter,
        nationality,
        one_way,
    ) == read_as


def test_the_service_column_may_be_left_out() -> None:
    header = HEADER.replace(",service", "")
    found = read(f"{header}\nHorizonte Charter,XHC,4100,{DAY},IST,MGA,SEN,return\n")
    assert [f.charter for f in found.flights.values()] == [False]


def test_a_generated_file_reads_back_flight_by_flight() -> None:
    plans = flights(days_apart(3, 5), passengers=40, one_way_outside=25, one_way_inside=5)
    text = to_csv(plans, seed=4)
    found = read(text)
    assert found.rows == sum(p.passengers for p in plans)
    assert sorted((k.flight_date, len(f.passengers)) for k, f in found.flights.items()) == sorted(
        (p.day, p.passengers) for p in plans
    )
    expected = Counter(
        (r["date"], r["nationality"], r["journey"] == "one_way") for r in rows(plans, seed=4)
    )
    read_back = Counter(
        (k.flight_date.isoformat(), n, one_way)
        for k, f in found.flights.items()
        for n, one_way in f.passengers
    )
    assert read_back == expected


def test_only_the_first_problems_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_REPORTED", 3)
    bad = "\n".join(row(journey="x") for _ in range(5))
    with pytest.raises(RecordsRefused) as caught:
        read(f"{HEADER}\n{bad}")
    assert [p.line for p in caught.value.problems] == [2, 3, 4]
    assert caught.value.more == 2


def test_a_flight_with_more_passengers_than_seats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_PASSENGERS", 2)
    text = "\n".join([HEADER, GOOD, GOOD, GOOD])
    assert refused(text) == [(4, None)]


def test_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_ROWS", 2)
    assert refused("\n".join([HEADER, GOOD, GOOD, GOOD])) == [(4, None)]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfeo\x00p", "not UTF-8 text (byte 0xff at offset 0)"),
        (HEADER.encode() + b"\n\x00", "not a text file"),
    ],
)
def test_what_is_not_text_is_refused(data: bytes, problem: str) -> None:
    with pytest.raises(RecordsRefused) as caught:
        read_records(decode(data), today=TODAY)
    assert [p.text() for p in caught.value.problems] == [f"line 1: {problem}"]


def test_a_byte_order_mark_is_no_problem() -> None:
    found = read_records(decode(f"\ufeff{HEADER}\n{GOOD}\n".encode()), today=TODAY)
    assert list(found.flights) == [
        FlightKey("XHC", "4100", TODAY - timedelta(days=10), "IST", "MGA")
    ]


def test_problems_say_where_and_why() -> None:
    with pytest.raises(RecordsRefused) as caught:
        read(f"{HEADER}\n{row(nationality='ZZZ')}")
    assert [p.text() for p in caught.value.problems] == [
        'line 2, nationality: "ZZZ" is not an ISO 3166-1 alpha-3 code such as CUB'
    ]
