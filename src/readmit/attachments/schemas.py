"""Attachment shapes: the bytes are at `…/attachments/{id}`, never inside JSON."""

from datetime import datetime

from pydantic import BaseModel, Field


class AttachmentPublic(BaseModel):
    """An attachment as the caller may see it; the uploader is named only to their own
    authority (the other state sees the state code)."""

    id: int
    kind: str
    kind_label: str
    shared: bool
    filename: str
    media_type: str
    size: int
    sha256: str
    message_id: int | None = Field(description="The answer it was sent with, if any")
    uploaded_by_state: str
    uploaded_by_name: str | None
    uploaded_at: datetime
