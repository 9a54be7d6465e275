"""Register persons as the requested state holds them (native script, exact data)."""

from datetime import date

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.database.core import Base


class RegisterPerson(Base):
    """One person in a state's population register."""

    __tablename__ = "register_persons"
    __table_args__ = (
        UniqueConstraint("country", "person_id"),
        Index("ix_register_persons_national_id", "country", "national_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(3))
    person_id: Mapped[str] = mapped_column(String(64))
    national_id: Mapped[str | None] = mapped_column(String(40))
    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200))
    family_name_latin: Mapped[str | None] = mapped_column(String(200))
    given_names_latin: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None]
    birth_place: Mapped[str | None] = mapped_column(String(20))
    mother_name: Mapped[str | None] = mapped_column(String(200))
    father_name: Mapped[str | None] = mapped_column(String(200))

    passports: Mapped[list["RegisterPassport"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class RegisterPassport(Base):
    """A passport number issued to a register person (a person may hold several)."""

    __tablename__ = "register_passports"
    __table_args__ = (Index("ix_register_passports_number", "country", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_row_id: Mapped[int] = mapped_column(
        ForeignKey("register_persons.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str] = mapped_column(String(3))
    number: Mapped[str] = mapped_column(String(40))
