"""Emergency travel documents and the certificates that sign and verify their seals."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.applications.models import Photo
from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime, partial_unique


class SigningCertificate(Base):
    """A CSCA or document signer certificate. The private key (encrypted) is held only for
    this deployment's own states; imported trust anchors have none."""

    __tablename__ = "signing_certificates"
    __table_args__ = (UniqueConstraint("state_code", "kind", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3), index=True)
    kind: Mapped[str] = mapped_column(String(4))  # "csca" or "ds"
    reference: Mapped[str] = mapped_column(String(16))  # hex: the seal's certificate reference
    certificate_pem: Mapped[str] = mapped_column(Text)
    encrypted_key_pem: Mapped[str | None] = mapped_column(Text)
    signing: Mapped[bool] = mapped_column(Boolean, default=False)  # the DS in use for new seals
    not_before: Mapped[datetime] = mapped_column(UTCDateTime())
    not_after: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DocumentNumber(Base):
    """Each travel document number is taken by adding a row here: the key's own sequence
    hands every number out once, however many consuls issue at the same moment."""

    __tablename__ = "document_numbers"
    __table_args__ = ({"sqlite_autoincrement": True},)  # a number is never handed out twice

    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TravelDocument(Base):
    """An emergency travel document: single journey, its MRZ and its signed seal."""

    __tablename__ = "travel_documents"
    # One valid document per case: a reissue revokes the earlier one first.
    __table_args__ = (
        partial_unique("uq_travel_documents_valid", "application_id", where="revoked_at IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(9), unique=True)
    issuing_state: Mapped[str] = mapped_column(String(3))
    mrz_line1: Mapped[str] = mapped_column(String(44))
    mrz_line2: Mapped[str] = mapped_column(String(44))
    seal: Mapped[bytes] = mapped_column(LargeBinary)
    signer_reference: Mapped[str] = mapped_column(String(16))
    holder_native_name: Mapped[str] = mapped_column(String(200), default="")
    # Printed as they were at issue, whatever the register or the authority says later.
    holder_birth_place: Mapped[str] = mapped_column(String(200), default="")
    issuing_authority: Mapped[str] = mapped_column(String(200), default="")
    place_of_issue: Mapped[str] = mapped_column(String(80), default="")
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("application_photos.id", ondelete="SET NULL")
    )
    route: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revocation_reason: Mapped[str | None] = mapped_column(String(40))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    photo: Mapped[Photo | None] = relationship()


class ReceivedRevocation(Base):
    """Another deployment's revoked document, from an imported master list."""

    __tablename__ = "received_revocations"
    __table_args__ = (UniqueConstraint("state_code", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(String(3))
    number: Mapped[str] = mapped_column(String(9))
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(40))
