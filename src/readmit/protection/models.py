"""Protection flags: while one is open, the person may not be returned."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime


class ProtectionKind(StrEnum):
    """Grounds that block a return (Return Directive arts. 5, 9, 10, 14; INA 241(b)(3); CAT;
    the Trafficking Protocol's presumed victims; statelessness)."""

    asylum_pending = "asylum_pending"
    withholding_cat = "withholding_cat"
    suspensive_appeal = "suspensive_appeal"
    unaccompanied_minor = "unaccompanied_minor"
    trafficking_victim = "trafficking_victim"
    stateless = "stateless"
    medical = "medical"
    family_unity = "family_unity"


class ProtectionFlag(Base):
    """A claim or hold recorded by a protection officer; clearing needs a reason."""

    __tablename__ = "protection_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cleared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    clear_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_open(self) -> bool:
        """True until cleared."""
        return self.cleared_at is None
