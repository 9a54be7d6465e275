"""Audit event shapes."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEventPublic(BaseModel):
    """An audit event as auditors see it."""

    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: datetime
    actor_email: str | None
    action: str
    entity: str
    entity_id: str | None
    application_id: int | None
    detail: dict[str, Any]
    hash: str


class ChainReportPublic(BaseModel):
    """Result of verifying the hash chain."""

    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str | None
