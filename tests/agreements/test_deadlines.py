"""Deadline arithmetic against the real 2026 calendars of the `holidays` package (0.108).

Holiday dates used below, as returned by ``holidays.country_holidays(..., years=2026)``:
US: 02-16 Washington's Birthday, 09-07 Labor Day, 10-12 Columbus Day, 11-26
Thanksgiving, 12-25 Christmas (2027-01-01 New Year). CN: 02-16..02-20 and 02-23
Spring Festival with days off, 09-25 Mid-Autumn, 10-01, 10-02, 10-03, 10-05,
10-06, 10-07 National Day week. GT: 04-02 Maundy Thursday, 04-03 Good Friday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import holidays
import pytest

import readmit.agreements
from readmit.agreements.deadlines import (
    Deadline,
    add_days,
    arrival_notice_deadline,
    holiday_country,
    reply_deadline,
    transfer_deadline,
    travel_document_deadline,
)
from readmit.agreements.schemas import AgreementTerms, DayCount, load_agreement_file

DATA = Path(readmit.agreements.__file__).parent / "data"


def terms_for(name: str) -> AgreementTerms:
    return load_agreement_file(DATA / f"{name}.yaml").agreements[0].terms


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


def end_of(day: date) -> datetime:
    """Day-count deadlines fall due at the end of the due day, UTC."""
    return utc(day.year, day.month, day.day, 23, 59, 59)


def test_holidays_package_still_has_the_dates_these_tests_rely_on() -> None:
    # Guards the tables below: if a holidays upgrade moves a date, fail here first.
    cn = holidays.country_holidays("CN", years=2026)
    us = holidays.country_holidays("US", years=2026)
    gt = holidays.country_holidays("GT", years=2026)
    national_day = {date(2026, 10, d) for d in (1, 2, 3, 5, 6, 7)}
    assert national_day <= set(cn)
    assert date(2026, 10, 4) not in cn  # a Sunday, so no holiday entry
    assert {date(2026, 2, d) for d in (16, 17, 18, 19, 20, 23)} <= set(cn)
    assert date(2026, 9, 25) in cn
    assert {date(2026, 2, 16), date(2026, 10, 12), date(2026, 11, 26), date(2026, 12, 25)} <= set(
        us
    )
    assert date(2026, 10, 12) not in cn
    assert {date(2026, 4, 2), date(2026, 4, 3)} <= set(gt)


WORKING = "working"
CALENDAR = "calendar"


@pytest.mark.parametrize(
    ("start", "days", "unit", "states", "expected"),
    [
        pytest.param(date(2026, 3, 6), 1, WORKING, ["USA"], date(2026, 3, 9), id="fri+1-weekend"),
        pytest.param(date(2026, 3, 6), 5, WORKING, ["USA"], date(2026, 3, 13), id="fri+5-week"),
        pytest.param(date(2026, 3, 7), 1, WORKING, ["USA"], date(2026, 3, 9), id="sat+1"),
        pytest.param(date(2026, 3, 6), 1, WORKING, [], date(2026, 3, 9), id="no-states-weekend"),
        pytest.param(
            date(2026, 11, 25), 1, WORKING, ["USA"], date(2026, 11, 27), id="us-thanksgiving"
        ),
        pytest.param(date(2026, 12, 24), 1, WORKING, ["USA"], date(2026, 12, 28), id="us-xmas"),
        pytest.param(
            date(2026, 12, 31), 1, WORKING, ["USA"], date(2027, 1, 4), id="us-new-year-2027"
        ),
        pytest.param(
            date(2026, 2, 13), 1, WORKING, ["USA"], date(2026, 2, 17), id="us-washington-bday"
        ),
        pytest.param(
            date(2026, 9, 30), 1, WORKING, ["CHN"], date(2026, 10, 8), id="cn-national-day-week"
        ),
        pytest.param(
            date(2026, 9, 30), 5, WORKING, ["CHN"], date(2026, 10, 14), id="cn-national-day+5"
        ),
        pytest.param(
            date(2026, 2, 13), 1, WORKING, ["CHN"], date(2026, 2, 24), id="cn-spring-festival"
        ),
        pytest.param(date(2026, 9, 24), 1, WORKING, ["CHN"], date(2026, 9, 28), id="cn-mid-autumn"),
        pytest.param(date(2026, 9, 24), 1, WORKING, ["USA"], date(2026, 9, 25), id="us-not-cn"),
        pytest.param(date(2026, 9, 30), 5, WORKING, ["USA"], date(2026, 10, 7), id="us-oct"),
        # Union: China's National Day week plus Columbus Day (US only) on 10-12.
        pytest.param(
            date(2026, 9, 30), 5, WORKING, ["USA", "CHN"], date(2026, 10, 15), id="union-oct"
        ),
        pytest.param(
            date(2026, 10, 9), 1, WORKING, ["USA", "CHN"], date(2026, 10, 13), id="union-columbus"
        ),
        pytest.param(date(2026, 10, 9), 1, WORKING, ["CHN"], date(2026, 10, 12), id="cn-columbus"),
        pytest.param(
            date(2026, 4, 1), 1, WORKING, ["USA", "GTM"], date(2026, 4, 6), id="gt-holy-week"
        ),
        pytest.param(
            date(2026, 9, 30), 7, CALENDAR, ["CHN"], date(2026, 10, 7), id="calendar-ignores-cn"
        ),
        pytest.param(
            date(2026, 12, 24), 1, CALENDAR, ["USA"], date(2026, 12, 25), id="calendar-xmas"
        ),
        pytest.param(
            date(2026, 10, 1), 90, CALENDAR, ["USA"], date(2026, 12, 30), id="calendar-90"
        ),
        pytest.param(date(2026, 10, 3), 0, WORKING, ["CHN"], date(2026, 10, 3), id="zero-working"),
        pytest.param(date(2026, 10, 3), 0, CALENDAR, ["CHN"], date(2026, 10, 3), id="zero-cal"),
    ],
)
def test_add_days(start: date, days: int, unit: str, states: list[str], expected: date) -> None:
    count = DayCount.model_validate({"days": days, "unit": unit})
    assert add_days(start, count, holiday_states=states) == expected


def test_add_days_rejects_unknown_state() -> None:
    with pytest.raises(ValueError, match="XYZ"):
        add_days(date(2026, 1, 5), DayCount(days=1, unit="working"), holiday_states=["XYZ"])


@pytest.mark.parametrize(
    ("alpha3", "alpha2"),
    [("USA", "US"), ("CHN", "CN"), ("GTM", "GT"), ("SLV", "SV"), ("CRI", "CR"), ("DEU", "DE")],
    ids=["usa", "chn", "gtm", "slv", "cri", "deu-via-holidays-alias"],
)
def test_holiday_country(alpha3: str, alpha2: str) -> None:
    assert holiday_country(alpha3) == alpha2


# Reply deadlines: USA-GTM (10 working, +10, accelerated 2) in March 2026, which
# has no US or Guatemalan holidays; USA-CHN (30/+30/5) around National Day.
@pytest.mark.parametrize(
    ("agreement", "submitted", "extended", "accelerated", "due"),
    [
        pytest.param("usa-gtm", utc(2026, 3, 2, 10), False, False, date(2026, 3, 16), id="base"),
        pytest.param("usa-gtm", utc(2026, 3, 2, 10), True, False, date(2026, 3, 30), id="ext"),
        pytest.param("usa-gtm", utc(2026, 3, 2, 10), False, True, date(2026, 3, 4), id="acc"),
        pytest.param("usa-gtm", utc(2026, 3, 2, 10), True, True, date(2026, 3, 18), id="acc+ext"),
        pytest.param(
            "usa-gtm",
            datetime(2026, 3, 2, 20, tzinfo=timezone(timedelta(hours=-8))),  # 03-03 04:00 UTC
            False,
            False,
            date(2026, 3, 17),
            id="counted-from-utc-date",
        ),
        pytest.param(
            "usa-chn", utc(2026, 9, 30, 9), False, True, date(2026, 10, 15), id="chn-acc-oct"
        ),
    ],
)
def test_reply_deadline(
    agreement: str, submitted: datetime, extended: bool, accelerated: bool, due: date
) -> None:
    deadline = reply_deadline(
        terms=terms_for(agreement),
        submitted_at=submitted,
        extended=extended,
        accelerated=accelerated,
    )
    assert deadline == Deadline(kind="reply", due=end_of(due))


def test_accelerated_without_accelerated_terms_uses_ordinary_reply() -> None:
    terms = terms_for("usa-gtm").model_copy(update={"accelerated_reply": None})
    deadline = reply_deadline(
        terms=terms, submitted_at=utc(2026, 3, 2, 10), extended=False, accelerated=True
    )
    assert deadline.due == utc(2026, 3, 16, 23, 59, 59)


def test_extension_not_in_agreement_is_an_error() -> None:
    terms = terms_for("usa-gtm").model_copy(update={"reply_extension": None})
    with pytest.raises(ValueError, match="no extension"):
        reply_deadline(terms=terms, submitted_at=utc(2026, 3, 2), extended=True, accelerated=False)


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        reply_deadline(
            terms=terms_for("usa-gtm"),
            submitted_at=datetime(2026, 3, 2, 10),
            extended=False,
            accelerated=False,
        )


@pytest.mark.parametrize(
    ("agreement", "kind", "start", "due"),
    [
        # USA-CHN: 14 calendar days, straight through National Day.
        pytest.param(
            "usa-chn",
            "travel_document",
            utc(2026, 9, 30, 8),
            date(2026, 10, 14),
            id="chn-etd-14-calendar",
        ),
        pytest.param(
            "usa-chn",
            "transfer",
            utc(2026, 10, 1, 8),
            date(2026, 12, 30),
            id="chn-transfer-90-calendar",
        ),
        # USA-GTM: 3 working days, skipping Maundy Thursday and Good Friday.
        pytest.param(
            "usa-gtm",
            "travel_document",
            utc(2026, 4, 1, 8),
            date(2026, 4, 8),
            id="gtm-etd-3-working",
        ),
        pytest.param(
            "usa-gtm",
            "transfer",
            utc(2026, 4, 1, 8),
            date(2026, 5, 1),
            id="gtm-transfer-30-calendar",
        ),
    ],
)
def test_post_confirmation_deadlines(agreement: str, kind: str, start: datetime, due: date) -> None:
    terms = terms_for(agreement)
    fn = travel_document_deadline if kind == "travel_document" else transfer_deadline
    deadline = fn(terms=terms, confirmed_at=start)
    assert deadline.kind == kind
    assert deadline.due == end_of(due)


@pytest.mark.parametrize(
    ("agreement", "departure", "due"),
    [
        pytest.param("usa-chn", utc(2026, 10, 20, 8), utc(2026, 10, 18, 8), id="chn-48h"),
        pytest.param(
            "usa-gtm",
            datetime(2026, 10, 20, 8, tzinfo=timezone(timedelta(hours=-6))),
            utc(2026, 10, 19, 14),
            id="gtm-24h-local-departure",
        ),
    ],
)
def test_arrival_notice_deadline(agreement: str, departure: datetime, due: datetime) -> None:
    deadline = arrival_notice_deadline(terms=terms_for(agreement), departure_at=departure)
    assert deadline.kind == "arrival_notice"
    assert deadline.due == due
    assert deadline.due.tzinfo == UTC


DUE = Deadline(kind="reply", due=utc(2026, 3, 16, 23, 59, 59))


@pytest.mark.parametrize(
    ("now", "overdue", "days_left"),
    [
        pytest.param(utc(2026, 3, 10, 9), False, 6, id="six-days-before"),
        pytest.param(utc(2026, 3, 16, 12), False, 0, id="due-day"),
        pytest.param(utc(2026, 3, 16, 23, 59, 59), False, 0, id="last-second"),
        pytest.param(utc(2026, 3, 17), True, -1, id="next-midnight"),
        pytest.param(
            datetime(2026, 3, 16, 20, tzinfo=timezone(timedelta(hours=-5))),
            True,
            -1,
            id="local-evening-is-utc-next-day",
        ),
        pytest.param(utc(2026, 4, 1), True, -16, id="long-overdue"),
    ],
)
def test_overdue_and_days_left(now: datetime, overdue: bool, days_left: int) -> None:
    assert DUE.overdue(now) is overdue
    assert DUE.days_left(now) == days_left
