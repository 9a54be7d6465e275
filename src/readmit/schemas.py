"""The base of every input shape."""

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from readmit.i18n import _


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
