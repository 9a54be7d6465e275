"""User and token shapes."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from readmit.auth.models import Role, UserStatus
from readmit.schemas import InputModel


class UserPublic(BaseModel):
    """A user as shown to themselves and their admins."""

    id: int
    email: str
    full_name: str
    roles: list[str]
    authority: str
    state: str
    status: UserStatus
    locked_until: datetime | None


class UserCreate(InputModel):
    """A new user of the admin's own authority."""

    email: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$"
        ),
    ]
    full_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    password: Annotated[str, StringConstraints(min_length=12, max_length=200)]
    roles: Annotated[list[Role], Field(min_length=1)]


class UserRolesUpdate(InputModel):
    """The whole set of roles a user is to hold."""

    roles: Annotated[list[Role], Field(min_length=1)]


class TokenCreate(InputModel):
    """A named API token for the caller."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class TokenIssued(BaseModel):
    """The token value, shown this once."""

    id: int
    name: str
    token: str


class TokenPublic(BaseModel):
    """A token without its value."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
