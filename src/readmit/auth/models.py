"""Users of one authority, their browser sessions and API tokens."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from readmit.database.core import Base, utcnow
from readmit.database.dialect import UTCDateTime
from readmit.tenancy.models import Authority


class Role(StrEnum):
    """What a user may do; a user can hold several."""

    case_officer = "case_officer"
    protection_officer = "protection_officer"
    verifier = "verifier"
    supervisor = "supervisor"
    analyst = "analyst"
    auditor = "auditor"
    admin = "admin"
    # Intake officers of a Safe Mobility Office or a host state's regularisation centre.
    safe_mobility_officer = "safe_mobility_officer"
    # Officers of a reintegration provider (a requested state's authority): referred cases only.
    reintegration_officer = "reintegration_officer"


class UserStatus(StrEnum):
    """Whether a user can log in now: deactivated by an admin, or locked after failures."""

    active = "active"
    locked = "locked"
    deactivated = "deactivated"


class User(Base):
    """A named officer; every action is attributed to one."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON)
    is_active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The interface language the user chose (readmit.i18n.LOCALES); None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    authority: Mapped[Authority] = relationship(lazy="joined")

    @property
    def state_code(self) -> str:
        """The state this user acts for."""
        return self.authority.state_code

    def has_role(self, *roles: Role) -> bool:
        """True if the user holds any of the roles."""
        return any(role in self.roles for role in roles)

    def status_at(self, now: datetime) -> UserStatus:
        """Deactivated, locked (until the lock-out ends) or active."""
        if not self.is_active:
            return UserStatus.deactivated
        if self.locked_until is not None and self.locked_until > now:
            return UserStatus.locked
        return UserStatus.active


class LoginSession(Base):
    """A browser session; only a hash of the cookie value is stored."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(lazy="joined")


class ApiToken(Base):
    """A revocable bearer token for system-to-system use; stored hashed."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(lazy="joined")
