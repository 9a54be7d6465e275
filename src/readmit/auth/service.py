"""Passwords, lock-out, browser sessions, API tokens and the administration of users."""

import hashlib
import secrets
import threading
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from readmit.audit import service as audit
from readmit.auth.models import ApiToken, LoginSession, Role, User
from readmit.config import get_settings
from readmit.database.core import reading, utcnow
from readmit.database.dialect import lock_for_update
from readmit.errors import Conflict, FieldProblem, Invalid, NotFound
from readmit.i18n import LOCALES, _
from readmit.tenancy.models import Authority

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
        problems.append(FieldProblem(("password",), _("must have at least 12 characters")))
    if not roles:
        problems.append(FieldProblem(("roles",), _("a user needs at least one role")))
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
    if user is None:
        raise LoginRefused(_("E-mail or password is wrong."))
    if user.locked_until and user.locked_until > now:
        audit.record(
            session=session, actor=user, action="login.locked", entity="user", entity_id=user.id
        )
        raise LoginRefused(_("This account is locked after repeated failures. Try again later."))
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
        raise LoginRefused(_("E-mail or password is wrong."))
    if not user.is_active:
        # Said only to someone who knows the password: to anyone else a deactivated account
        # answers as a wrong password does, and its failures count towards the lock-out.
        audit.record(
            session=session,
            actor=user,
            action="login.deactivated",
            entity="user",
            entity_id=user.id,
        )
        raise LoginRefused(
            _("This account has been deactivated. Ask an administrator of your authority.")
        )
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


def set_language(*, session: Session, user: User, locale: str) -> User:
    """Keep the interface language the user chose."""
    if locale not in LOCALES:
        raise Invalid([FieldProblem(("locale",), _("Choose one of the languages offered"))])
    before, user.locale = user.locale, locale
    audit.record(
        session=session,
        actor=user,
        action="user.set_language",
        entity="user",
        entity_id=user.id,
        detail={"before": before, "after": locale},
    )
    session.flush()
    return user


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


def list_users(*, session: Session, authority_id: int) -> list[User]:
    """The users of one authority, by e-mail address."""
    return list(
        session.scalars(select(User).where(User.authority_id == authority_id).order_by(User.email))
    )


def get_user(*, session: Session, actor: User, user_id: int) -> User:
    """A user of the actor's own authority; any other user is not found."""
    user = session.get(User, user_id)
    if user is None or user.authority_id != actor.authority_id:
        raise NotFound(_("no such user"))
    return user


def _lock_authority(session: Session, user: User) -> None:
    """Serialise the changes to an authority's users on its row and read the user again, so
    two admins acting at once cannot both take away the last active admin."""
    session.execute(
        lock_for_update(select(Authority.id).where(Authority.id == user.authority_id), session)
    )
    session.refresh(user)


def _keep_an_admin(session: Session, user: User) -> None:
    """Refuse a change that would leave the user's authority without an active admin."""
    others = session.scalars(
        select(User.roles).where(
            User.authority_id == user.authority_id,
            User.is_active.is_(True),
            User.id != user.id,
        )
    )
    if not any(Role.admin in roles for roles in others):
        raise Conflict(
            _(
                "{name} is the last active administrator of {authority}, and an authority must "
                "keep one: give another user the administrator role first.",
                name=user.full_name,
                authority=user.authority.name,
            )
        )


def _snapshot(user: User, now: datetime) -> dict[str, Any]:
    return {
        "roles": list(user.roles),
        "status": user.status_at(now).value,
        "failed_logins": user.failed_logins,
        "locked_until": user.locked_until.isoformat() if user.locked_until else None,
    }


def _record_change(
    session: Session, actor: User, user: User, action: str, before: dict[str, Any], **extra: Any
) -> None:
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action=action,
        entity="user",
        entity_id=user.id,
        detail={"email": user.email, "before": before, "after": _snapshot(user, utcnow())} | extra,
    )


def change_roles(*, session: Session, actor: User, user: User, roles: list[Role]) -> User:
    """Give a user exactly these roles; admins keep their own admin role, and an authority
    keeps an active admin."""
    chosen = set(roles)
    new = [role.value for role in Role if role in chosen]
    if not new:
        raise Invalid([FieldProblem(("roles",), _("a user needs at least one role"))])
    _lock_authority(session, user)
    if set(new) == set(user.roles):
        return user
    removes_admin = Role.admin in user.roles and Role.admin not in new
    if removes_admin and user.id == actor.id:
        raise Conflict(
            _("You cannot remove your own administrator role: another administrator must do it.")
        )
    if removes_admin and user.is_active:
        _keep_an_admin(session, user)
    before = _snapshot(user, utcnow())
    user.roles = new
    _record_change(session, actor, user, "user.change_roles", before)
    return user


def deactivate(*, session: Session, actor: User, user: User) -> User:
    """Stop a user from working: their browser sessions end and their API tokens are revoked
    in the same transaction, and they cannot log in until reactivated."""
    _lock_authority(session, user)
    if user.id == actor.id:
        raise Conflict(
            _("You cannot deactivate your own account: another administrator must do it.")
        )
    if not user.is_active:
        return user
    if Role.admin in user.roles:
        _keep_an_admin(session, user)
    now = utcnow()
    before = _snapshot(user, now)
    user.is_active = False
    logins = list(session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)))
    for login in logins:
        session.delete(login)
    tokens = list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        )
    )
    for token in tokens:
        token.revoked_at = now
    _record_change(
        session,
        actor,
        user,
        "user.deactivate",
        before,
        sessions_ended=len(logins),
        tokens_revoked=[token.id for token in tokens],
    )
    return user


def reactivate(*, session: Session, actor: User, user: User) -> User:
    """Let a deactivated user log in again; the tokens revoked on deactivation stay revoked."""
    _lock_authority(session, user)
    if user.is_active:
        return user
    before = _snapshot(user, utcnow())
    user.is_active = True
    _record_change(session, actor, user, "user.reactivate", before)
    return user


def unlock(*, session: Session, actor: User, user: User) -> User:
    """End a lock-out and forget the wrong passwords counted so far."""
    _lock_authority(session, user)
    if not user.failed_logins and user.locked_until is None:
        return user
    before = _snapshot(user, utcnow())
    user.failed_logins, user.locked_until = 0, None
    _record_change(session, actor, user, "user.unlock", before)
    return user
