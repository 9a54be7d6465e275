"""The base of every input shape, and the checks input shapes share."""

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from readmit.i18n import _

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_birth_date(value: str) -> str:
    """A birth date as known: YYYY, YYYY-MM or YYYY-MM-DD, a real date between 1900 and
    today; ValueError (the message a form shows) otherwise."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(_("use YYYY, YYYY-MM or YYYY-MM-DD"))
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        earliest = date(year, month, day)
    except ValueError as exc:
        raise ValueError(_("not a real date: {problem}", problem=exc)) from None
    if year < 1900 or earliest > date.today():
        raise ValueError(_("birth date must lie between 1900 and today"))
    return value


def _has_nul(value: Any) -> bool:
    # A loop, not recursion: a body nested a few hundred levels deep gets its 422 from the
    # field's type instead of overflowing the stack here (500).
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple):
            pending += item
    return False


class InputModel(BaseModel):
    """Unknown fields are refused, not dropped; NUL characters are refused on every backend
    (PostgreSQL cannot store them, and no legitimate record holds one)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError(_("text may not contain NUL characters"))
        return data
