"""States (ISO 3166-1 alpha-3) and the competent authorities inside them."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.database.core import Base


class State(Base):
    """A state party to readmission agreements."""

    __tablename__ = "states"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))


class Authority(Base):
    """A competent authority of one state (e.g. US ICE ERO)."""

    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_code: Mapped[str] = mapped_column(ForeignKey("states.code"), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), unique=True)

    state: Mapped[State] = relationship(lazy="joined")
