"""Due dates computed from an agreement's terms.

Counting rule (the same for every deadline):

* Calendar days simply add: ``start + n`` days; holidays are ignored.
* Working days skip Saturdays, Sundays and the public holidays of *any* of the
  listed states (the union), because a day on which either administration is
  closed cannot fairly be charged to the party that has to act.
* Day 1 is the first qualifying day *after* the start date, so a submission
  received on a Friday with a 1-working-day deadline is due on Monday; a
  deadline of 0 days is due on the start date itself.
* Make-up working weekends (e.g. China's substituted Saturdays) are *not*
  counted as working days: with the union rule the other state's office is
  closed on that weekend anyway, and it keeps the rule simple to explain.

A day-count deadline falls due at the end of the due day, 23:59:59 UTC. All
datetimes must be timezone-aware; naive ones are rejected because an hour's
ambiguity can move a deadline across midnight.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import holidays

from readmit.countries import ALPHA2
from readmit.i18n import _

if TYPE_CHECKING:  # only for annotations: schemas imports this module at runtime
    from readmit.agreements.schemas import AgreementTerms, DayCount

DeadlineKind = Literal["reply", "travel_document", "transfer", "arrival_notice"]

# The holidays package registers only some alpha-3 aliases (e.g. CHN but not GTM in 0.108),
# so the states the product knows are mapped by their country codes (readmit.countries).
_END_OF_DAY = dt.time(23, 59, 59, tzinfo=dt.UTC)


def holiday_country(alpha3: str) -> str:
    """Return the alpha-2 code the ``holidays`` package uses for an alpha-3 state code.

    Raises ValueError if neither our table nor the package knows the state.
    """
    if alpha3 in ALPHA2:
        return ALPHA2[alpha3]
    return _holidays_alias(alpha3)


@functools.lru_cache(maxsize=64)
def _holidays_alias(alpha3: str) -> str:
    # Fall back on the package's own alpha-3 aliases, where it has them.
    try:
        calendar = holidays.country_holidays(alpha3)
    except NotImplementedError:
        raise ValueError(
            _("no public-holiday calendar known for state {state!r}", state=alpha3)
        ) from None
    country = calendar.country
    if not isinstance(country, str):
        raise ValueError(_("no public-holiday calendar known for state {state!r}", state=alpha3))
    return country


@functools.lru_cache(maxsize=512)
def _holiday_dates(alpha2: str, year: int) -> frozenset[dt.date]:
    # Building a calendar is slow compared with a set lookup, and deadlines are
    # computed for every case on every page view, so cache per (country, year).
    return frozenset(holidays.country_holidays(alpha2, years=year).keys())


def is_working_day(day: dt.date, *, holiday_states: Sequence[str]) -> bool:
    """True unless ``day`` is a weekend or a public holiday in any listed state."""
    if day.weekday() >= 5:
        return False
    return not any(
        day in _holiday_dates(holiday_country(state), day.year) for state in holiday_states
    )


def add_days(start: dt.date, count: DayCount, *, holiday_states: Sequence[str]) -> dt.date:
    """Return the due date ``count`` days after ``start`` (see the module docstring)."""
    return _add_days(start, count.days, count.unit, tuple(holiday_states))


@functools.lru_cache(maxsize=4096)
def _add_days(start: dt.date, days: int, unit: str, holiday_states: tuple[str, ...]) -> dt.date:
    # Cached: a queue computes the same few periods from the same dates for many cases.
    # Resolve codes up front so an unknown state fails even for short counts.
    for state in holiday_states:
        holiday_country(state)
    if unit == "calendar":
        return start + dt.timedelta(days=days)
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, holiday_states=holiday_states):
            remaining -= 1
    return day


def _as_utc(moment: dt.datetime, name: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment.astimezone(dt.UTC)


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: what must happen (``kind``) and by when (``due``, aware UTC)."""

    kind: DeadlineKind
    due: dt.datetime

    def overdue(self, now: dt.datetime) -> bool:
        """True once ``now`` is past the due moment."""
        return _as_utc(now, "now") > self.due

    def days_left(self, now: dt.datetime) -> int:
        """Calendar days from ``now``'s UTC date to the due date; 0 on the due day, <0 after."""
        return (self.due.date() - _as_utc(now, "now").date()).days


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, _END_OF_DAY)


def reply_deadline(
    *,
    terms: AgreementTerms,
    submitted_at: dt.datetime,
    extended: bool,
    accelerated: bool,
) -> Deadline:
    """When the requested state must reply to a submission.

    ``accelerated`` uses the accelerated (border) procedure when the agreement has
    one and the ordinary reply period otherwise. ``extended`` adds the agreement's
    one extension on top, counted from the base due date; it is a ValueError if the
    agreement allows no extension.
    """
    start = _as_utc(submitted_at, "submitted_at").date()
    base = terms.reply
    if accelerated and terms.accelerated_reply is not None:
        base = terms.accelerated_reply
    due = add_days(start, base, holiday_states=terms.holiday_states)
    if extended:
        if terms.reply_extension is None:
            raise ValueError("this agreement allows no extension of the reply deadline")
        due = add_days(due, terms.reply_extension, holiday_states=terms.holiday_states)
    return Deadline(kind="reply", due=_end_of_day(due))


def travel_document_deadline(*, terms: AgreementTerms, confirmed_at: dt.datetime) -> Deadline:
    """When the requested state must issue the travel document after confirming nationality."""
    start = _as_utc(confirmed_at, "confirmed_at").date()
    due = add_days(start, terms.travel_document, holiday_states=terms.holiday_states)
    return Deadline(kind="travel_document", due=_end_of_day(due))


def transfer_deadline(*, terms: AgreementTerms, confirmed_at: dt.datetime) -> Deadline:
    """When the requesting state must have transferred the person after confirmation."""
    start = _as_utc(confirmed_at, "confirmed_at").date()
    due = add_days(start, terms.transfer, holiday_states=terms.holiday_states)
    return Deadline(kind="transfer", due=_end_of_day(due))


def arrival_notice_deadline(*, terms: AgreementTerms, departure_at: dt.datetime) -> Deadline:
    """Latest moment to notify the requested state of an arrival: departure minus lead time."""
    departure = _as_utc(departure_at, "departure_at")
    due = departure - dt.timedelta(hours=terms.arrival_notice_hours)
    return Deadline(kind="arrival_notice", due=due)
