"""The keys a case is found by, kept with it so that a search is an index lookup."""

from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from readmit.database.core import Base


class KeyKind(StrEnum):
    """What a search key stands for."""

    name = "name"  # a reading of a whole name, "family|given"
    part = "part"  # one part of a reading: a surname or given names alone
    document = "document"  # a document number as the identity engine normalises it


class SearchKey(Base):
    """One key of one application; rewritten whenever its names or documents change."""

    __tablename__ = "application_search_keys"
    __table_args__ = (Index("ix_application_search_keys_lookup", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(Text)
