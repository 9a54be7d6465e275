"""An application, the person's particulars, documents and the status timeline."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.applications.enums import Procedure, Status
from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime
from readmit.i18n import _
from readmit.i18n.formats import person_name


class Application(Base):
    """A readmission application from a requesting to a requested state."""

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_scope", "requesting_state", "requested_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    requesting_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    requested_state: Mapped[str] = mapped_column(ForeignKey("states.code"))
    requesting_authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"))
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"))
    # The version of the terms the case runs under: the one in force when it was submitted.
    agreement_version: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(32), default=Status.draft, index=True)
    status_before_suspension: Mapped[str | None] = mapped_column(String(32))
    procedure: Mapped[str] = mapped_column(String(16), default=Procedure.normal)
    reply_extended: Mapped[bool] = mapped_column(default=False)
    evidence_tier: Mapped[str] = mapped_column(String(16))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    register_person_id: Mapped[str | None] = mapped_column(String(64))
    # Bumped by every edit of the particulars: an edit names the version it was made on, so
    # two officers editing at once cannot overwrite each other unseen.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[str | None] = mapped_column(String(10))
    birth_place: Mapped[str | None] = mapped_column(String(200))
    nationality_claimed: Mapped[str | None] = mapped_column(String(3))
    mother_name: Mapped[str | None] = mapped_column(String(200))
    father_name: Mapped[str | None] = mapped_column(String(200))
    past_addresses: Mapped[list[str]] = mapped_column(JSON, default=list)

    names: Mapped[list["PersonName"]] = relationship(
        cascade="all, delete-orphan", order_by="PersonName.position", lazy="selectin"
    )
    documents: Mapped[list["Document"]] = relationship(
        cascade="all, delete-orphan", order_by="Document.id", lazy="selectin"
    )

    @property
    def display_name(self) -> str:
        """The first recorded name, family name first, as the reader writes names."""
        if not self.names:
            return _("(no name)")
        return person_name(self.names[0].family, self.names[0].given)


class PersonName(Base):
    """One name of the person, with where it comes from."""

    __tablename__ = "person_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    family: Mapped[str] = mapped_column(String(200))
    given: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16))


class Document(Base):
    """An identity document or piece of evidence, checked on entry."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(60))
    issuing_state: Mapped[str | None] = mapped_column(String(3))
    mrz: Mapped[list[str] | None] = mapped_column(JSON)
    # What the national ID checks found at intake (a NumberCheck; None: not checked) and why
    # it fails: a failing number is kept as printed, never corrected.
    number_check: Mapped[str | None] = mapped_column(String(20))
    number_check_note: Mapped[str | None] = mapped_column(String(200))


class Photo(Base):
    """A photo of the person supplied by the requesting state; the latest is current, and a
    travel document keeps the one it was issued with."""

    __tablename__ = "application_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    media_type: Mapped[str] = mapped_column(String(16))  # image/jpeg or image/png
    content: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TimelineEvent(Base):
    """A lifecycle step, shown on the case; protection steps stay with the requester."""

    __tablename__ = "timeline_events"
    # The steps of a kind in a period (the cases behind a scorecard factor), without reading
    # every case's timeline.
    __table_args__ = (Index("ix_timeline_events_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    requesting_side_only: Mapped[bool] = mapped_column(default=False)


class IdempotencyKey(Base):
    """Remembers a create request so a retried POST returns the same application."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
