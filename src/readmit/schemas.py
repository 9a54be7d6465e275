"""The base of every input shape."""

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from readmit.i18n import _


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
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
