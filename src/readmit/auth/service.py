"""Passwords, lock-out, browser sessions and API tokens."""

import hashlib
import secrets
import threading
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import ApiToken, LoginSession, Role, User
from readmit.config import get_settings
from readmit.database.core import reading, utcnow
from readmit.errors import FieldProblem, Invalid

# RFC 9106's second recommended argon2id (t=3, 64 MiB), in one lane: a hash takes one core,
# and at most HASHING of them run at once in a process, so a burst of logins (a shift
# starting) leaves the other cores to everyone else's requests.
_hasher = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=1)
HASHING = threading.BoundedSemaphore(1)
TOKEN_USE_RESOLUTION = timedelta(minutes=1)
# Verified against when the e-mail is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("readmit-no-such-user")


class LoginRefused(Exception):
    """Wrong credentials or a locked account; the message is safe to show."""


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_password(password: str) -> str:
    """An argon2id hash."""
    with HASHING:
        return _hasher.hash(password)


def get_by_email(*, session: Session, email: str) -> User | None:
    """A user by e-mail, case-insensitively."""
    return session.scalars(select(User).where(User.email == _normal(email))).first()


def create_user(
    *,
    session: Session,
    authority_id: int,
    email: str,
    full_name: str,
    password: str,
    roles: list[Role],
    actor: User | None = None,
) -> User:
    """Add a user to an authority."""
    problems = []
    if len(password) < 12:
        problems.append(FieldProblem(("password",), "must have at least 12 characters"))
    if not roles:
        problems.append(FieldProblem(("roles",), "a user needs at least one role"))
    if problems:
        raise Invalid(problems)
    user = User(
        authority_id=authority_id,
        email=email.strip().lower(),
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        roles=[Role(r).value for r in roles],
    )
    session.add(user)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="user.create",
        entity="user",
        entity_id=user.id,
        detail={"email": user.email, "roles": user.roles},
    )
    return user


def _password_matches(*, session: Session, email: str, password: str) -> bool:
    """Check the password against the stored argon2id hash. Hashing is slow on purpose, so
    it runs outside the caller's transaction, holding no lock that other requests wait for;
    an unknown e-mail is checked against a dummy hash, so timing does not tell."""
    with reading(session) as reader:
        stored = reader.scalar(select(User.password_hash).where(User.email == _normal(email)))
    try:
        with HASHING:
            return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _normal(email: str) -> str:
    return email.strip().lower()


def authenticate(*, session: Session, email: str, password: str) -> User:
    """Check a password, counting failures and locking the account after too many."""
    settings = get_settings()
    password_ok = _password_matches(session=session, email=email, password=password)
    user = get_by_email(session=session, email=email)
    now = utcnow()
    if user is None or not user.is_active:
        raise LoginRefused("E-mail or password is wrong.")
    if user.locked_until and user.locked_until > now:
        audit.record(
            session=session, actor=user, action="login.locked", entity="user", entity_id=user.id
        )
        raise LoginRefused("This account is locked after repeated failures. Try again later.")
    if not password_ok:
        user.failed_logins += 1
        detail: dict[str, int | str] = {"failures": user.failed_logins}
        if user.failed_logins >= settings.login_max_failures:
            user.locked_until = now + timedelta(minutes=settings.login_lockout_minutes)
            user.failed_logins = 0
            detail["locked_until"] = user.locked_until.isoformat()
        audit.record(
            session=session,
            actor=user,
            action="login.failed",
            entity="user",
            entity_id=user.id,
            detail=detail,
        )
        raise LoginRefused("E-mail or password is wrong.")
    user.failed_logins, user.locked_until = 0, None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(*, session: Session, user: User) -> tuple[str, LoginSession]:
    """Open a browser session; returns the cookie value (shown once) and the row."""
    token = secrets.token_urlsafe(32)
    row = LoginSession(
        user_id=user.id,
        token_hash=_sha256(token),
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(hours=get_settings().session_hours),
    )
    session.add(row)
    audit.record(
        session=session, actor=user, action="login.success", entity="user", entity_id=user.id
    )
    session.flush()
    return token, row


def resolve_session(*, session: Session, token: str) -> LoginSession | None:
    """The live session for a cookie value, or None."""
    row = session.scalars(
        select(LoginSession).where(LoginSession.token_hash == _sha256(token))
    ).first()
    if row is None or row.expires_at <= utcnow() or not row.user.is_active:
        return None
    return row


def end_session(*, session: Session, login: LoginSession) -> None:
    """Log out."""
    audit.record(
        session=session, actor=login.user, action="logout", entity="user", entity_id=login.user_id
    )
    session.delete(login)


def issue_token(
    *, session: Session, user: User, name: str, actor: User | None = None
) -> tuple[str, ApiToken]:
    """Create an API token; the plain value is returned once and never stored."""
    token = f"rdm_{secrets.token_urlsafe(32)}"
    row = ApiToken(user_id=user.id, name=name, prefix=token[:10], token_hash=_sha256(token))
    session.add(row)
    session.flush()
    audit.record(
        session=session,
        actor=actor or user,
        action="token.issue",
        entity="api_token",
        entity_id=row.id,
        detail={"user": user.email, "name": name},
    )
    return token, row


def resolve_token(*, session: Session, token: str) -> User | None:
    """The user behind a live API token, or None."""
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _sha256(token))).first()
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    now = utcnow()
    # To the minute is enough to see which tokens are in use; a write on every call is not.
    if row.last_used_at is None or now - row.last_used_at > TOKEN_USE_RESOLUTION:
        row.last_used_at = now
    return row.user


def revoke_token(*, session: Session, token_id: int, actor: User) -> ApiToken | None:
    """Revoke a token of the actor's own authority."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user.authority_id != actor.authority_id:
        return None
    row.revoked_at = utcnow()
    audit.record(
        session=session, actor=actor, action="token.revoke", entity="api_token", entity_id=row.id
    )
    return row
