"""Protection flag inputs."""

from typing import Annotated

from pydantic import StringConstraints

from readmit.protection.models import ProtectionKind
from readmit.schemas import InputModel


class ProtectionFlagCreate(InputModel):
    """A claim or hold to record."""

    kind: ProtectionKind
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] = ""


class ProtectionFlagClear(InputModel):
    """Clearing a flag needs a reason."""

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=4000)]
