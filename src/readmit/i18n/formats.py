"""Dates, times, numbers, countries and names the way each audience writes them.

English keeps ISO 8601 dates (2026-12-05), which officers of every state read without doubt;
Chinese writes 2026年12月5日 and Spanish 5 dic 2026. A Chinese name in Han script reads
family name first with no space (王伟) for everyone; the Chinese audience sees Latin names
as WANG Wei, the others as the register's FAMILY, Given."""

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time

from readmit.countries import iso
from readmit.i18n import DEFAULT, current

_DATE_FORMATS = {"zh_Hans": "long", "es": "medium"}


def format_date(value: date | datetime | None) -> str:
    """A date in the reader's way, or a dash."""
    if value is None:
        return "—"
    day = value.date() if isinstance(value, datetime) else value
    locale = current()
    if locale == DEFAULT:
        return day.isoformat()
    return babel_date(day, _DATE_FORMATS[locale], locale=locale)


def format_datetime(value: datetime | None) -> str:
    """A moment in UTC in the reader's way, or a dash."""
    if value is None:
        return "—"
    if current() == DEFAULT:
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return f"{format_date(value)} {babel_time(value, 'HH:mm', tzinfo=None, locale=current())} UTC"


def state_name(code: str) -> str:
    """A state's short name in the reader's language ("China", "中国", "China"), or its code."""
    english = iso.name(code)
    if english is None:
        return code
    if current() == DEFAULT:
        return english
    alpha2 = iso.alpha2(code) or ""
    return str(Locale.parse(current()).territories.get(alpha2) or english)


def _is_han(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


def person_name(family: str, given: str) -> str:
    """One name as the reader writes it."""
    if _is_han(family + given):
        return f"{family}{given}"
    if current() == "zh_Hans":
        return f"{family.upper()} {given}".strip()
    return f"{family.upper()}, {given}".strip(", ")
