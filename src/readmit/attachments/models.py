"""A document attached to an application, with its bytes and who may see it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class AttachmentKind(StrEnum):
    """What the document is."""

    passport_scan = "passport_scan"
    national_id_card = "national_id_card"
    birth_certificate = "birth_certificate"
    hukou_page = "hukou_page"
    court_order = "court_order"
    removal_order = "removal_order"
    protection_evidence = "protection_evidence"
    other = "other"


# Evidence of a protection claim: never shared, seen only by those who see protection data.
PROTECTION_KINDS = frozenset({AttachmentKind.protection_evidence})
# Identity documents are what the requested state verifies against: shared unless kept.
SHARED_BY_DEFAULT = frozenset(
    {
        AttachmentKind.passport_scan,
        AttachmentKind.national_id_card,
        AttachmentKind.birth_certificate,
        AttachmentKind.hukou_page,
    }
)


class Attachment(Base):
    """An uploaded PDF, JPEG or PNG; the requested state sees it only when it is shared."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    shared: Mapped[bool] = mapped_column(default=False)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Loaded only for a download: lists and the case page never read the bytes.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # The answer to a request for information it was sent with, if any.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
