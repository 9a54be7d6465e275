"""Message shapes."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from readmit.schemas import InputModel


class MessageCreate(InputModel):
    """A message to the other authority."""

    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=8000)]


class MessagePublic(BaseModel):
    """A message as both sides see it."""

    id: int
    sender_name: str
    sender_state: str
    body: str
    sent_at: datetime
